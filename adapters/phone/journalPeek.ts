import { JOURNAL_MAX_AGE_MS } from './limits';
import type { PhoneScope } from './scope';

/** The journal's storage key, of this portal and user: the one name journal.ts writes and a waiting frame peeks at. */
export const journalKeyOf = (scope: Pick<PhoneScope, 'key'>): string => scope.key('journal');

/**
 * Whether the call journal (journal.ts, the owner's) holds a call that is not stale: read by a
 * frame that does not own, which must not load the journal's module (a light frame, issue 18 §4).
 * Ownership asks it before taking over from an owner it never heard (SC-F6: a frozen owner
 * loses ownership only while no call is live). A storage that throws counts as no call.
 */
export function journalHoldsCall(storage: Pick<Storage, 'getItem'> | null, key: string, now: number): boolean {
  try {
    const raw = storage?.getItem(key);
    if (raw === null || raw === undefined) return false;
    const lastSignOfLife = (JSON.parse(raw) as { lastSignOfLife?: unknown } | null)?.lastSignOfLife;
    return typeof lastSignOfLife === 'number' && now - lastSignOfLife <= JOURNAL_MAX_AGE_MS;
  } catch {
    return false;
  }
}
