import type { PhoneClock } from './ownership';

/** The browser's own clock, storage and tab identity, which `createPhone`'s `platform` option replaces in tests. */
export const SYSTEM_CLOCK: PhoneClock = { now: () => Date.now(), setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };

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

