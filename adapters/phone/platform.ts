import type { PhoneClock } from './ownership';

// What the phone takes from the browser when the integrator's options give nothing else.

/** The browser's clock and timers. */
export const SYSTEM_CLOCK: PhoneClock = { now: () => Date.now(), setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };

/** The frame's `localStorage`, or null where it is missing or refused (a partitioned or sandboxed frame). */
export function systemStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * The tab this frame lives in: kept in `sessionStorage`, which a reload of the frame keeps and
 * another tab does not share, so a reloaded frame can say "my window showed that call's card".
 */
export function tabIdOf(key: string, fallback: string): string {
  try {
    const storage = (globalThis as { sessionStorage?: Storage }).sessionStorage;
    if (!storage) return fallback;
    const known = storage.getItem(key);
    if (known !== null && known.length <= 64) return known;
    storage.setItem(key, fallback);
    return fallback;
  } catch {
    return fallback;
  }
}
