import type { PhoneHealth } from './state';

/** What the SIP adapters' softphone says of its health (`SipPhoneHealth`), read without trusting it. */
interface SaidHealth {
  readonly online?: unknown;
  readonly transport?: unknown;
  readonly registration?: unknown;
}

/**
 * The phone's {@link PhoneHealth} from what a softphone says (SC-F7): `offline` when it says it
 * is not online; `online` once it has seen its transport connected or its registration
 * accepted; `unknown` before it has seen either (the SIP adapters count that as fine, the phone
 * does not claim it) and for anything that is not a health.
 */
export function phoneHealthOf(said: unknown): PhoneHealth {
  if (typeof said !== 'object' || said === null) return 'unknown';
  const { online, transport, registration } = said as SaidHealth;
  if (online === false) return 'offline';
  if (online === true && (transport === 'connected' || registration === 'registered')) return 'online';
  return 'unknown';
}

/**
 * Follows the owner's softphone's health (its `health` now and each `onHealth` change): `read()`
 * is the current {@link PhoneHealth}, `changed` is called on each change of it, `stop()` unsubscribes.
 * A softphone without `onHealth`, or whose `onHealth` throws, stays `unknown` unless its `health` says.
 */
export function watchSoftphoneHealth(softphone: object, changed: () => void): { read(): PhoneHealth; stop(): void } {
  const source = softphone as { readonly health?: unknown; onHealth?: (listener: (health: unknown) => void) => unknown };
  let current: PhoneHealth = 'unknown';
  let unsubscribe: unknown;
  try {
    current = phoneHealthOf(source.health);
    unsubscribe =
      typeof source.onHealth === 'function'
        ? source.onHealth((health) => {
            const next = phoneHealthOf(health);
            if (next === current) return;
            current = next;
            changed();
          })
        : undefined;
  } catch {
    // A softphone whose health cannot be read leaves the phone's `unknown`: calls work either way.
  }
  return {
    read: () => current,
    stop() {
      try {
        if (typeof unsubscribe === 'function') (unsubscribe as () => void)();
      } catch {
        // Best effort: the session is stopping.
      }
    },
  };
}
