import { describeError } from '../../../diagnostics';
import { RECORD_BOUNDS, clip } from '../bounds';
import type { LegacyDrop, RecordsDiagnostic } from '../diagnostics';
import type { RecordsStorage } from '../storage/port';
import type { LockManagerLike } from '../storage/writerLock';
import type { RecordsClock } from '../types';
import { pruneBookkeeping } from './retention';
import { Store, type OutcomeFact } from './store';

/**
 * The fixed prefix of versions before the keys carried the portal and the user. Every portal
 * and user of the origin shared that one outbox; its writer held the lock (or lease) below.
 */
export const LEGACY_PREFIX = 'b24cc.records.';
const LEGACY_WRITER_LOCK = `${LEGACY_PREFIX}writer`;
/** At most this many old entries deleted per pass (one pass a minute): bounded work on a full storage. */
export const LEGACY_BATCH = 50;

export interface LegacyOptions {
  /** This layer's own prefix: when it is {@link LEGACY_PREFIX} the integrator owns those entries and nothing is done. */
  readonly ownPrefix: string;
  readonly storage: RecordsStorage;
  readonly clock: RecordsClock;
  readonly locks: LockManagerLike | null;
  readonly instanceId: string;
  readonly report: (diagnostic: RecordsDiagnostic) => void;
  readonly abandonAfterMs: number;
  readonly deadLetterRetentionMs: number;
  readonly tombstoneMs: number;
}

/**
 * Entries an earlier version left under {@link LEGACY_PREFIX}. Their keys carry no `member_id`,
 * so nothing proves which portal a call belongs to (`USER_ID`s repeat across portals): nothing
 * is moved, sent nor given to this layer's outbox. The writer runs this with its retention, once
 * a minute, only while no writer of the old version runs (it takes the old writer lock, or lease):
 * - a call (its start, progress, ends, card shown) stays while younger than `abandonAfterMs`
 *   (a tab of the old version still open may finish it); older, it is deleted and reported once
 *   (`legacyCallDropped`); so is a call's end known only by `CALL_ID` (key `cid:<CALL_ID>`);
 * - a dead letter stays while younger than `deadLetterRetentionMs`; older, it is deleted and
 *   reported once (`legacyDeadLetterDropped`);
 * - tombstones, cards shown and the Call-ID index go by the outbox's own rules, unreported.
 * A report carries the old key, the `CALL_ID`, the `USER_ID` and the times, never a phone number
 * nor another personal field, whoever's the entry was. At most {@link LEGACY_BATCH} deletions a pass.
 */
export function createLegacyCleaner(o: LegacyOptions): { run(): void } {
  // An unreadable old entry (a report with no `recovered`: not a refused write) is reported without its text, which may hold a number.
  const old = new Store(o.storage, LEGACY_PREFIX, (d) => o.report(d.kind === 'storageFailed' && d.recovered === undefined ? { kind: 'storageFailed', key: d.key, error: null, message: `an entry an earlier version left under ${clip(d.key, RECORD_BOUNDS.key)} is unreadable; left in place` } : d));
  let running = false;

  const pass = (now: number): void => {
    pruneBookkeeping({ store: old, tombstoneMs: o.tombstoneMs, abandonAfterMs: o.abandonAfterMs }, now);
    let budget = LEGACY_BATCH;
    for (const id of old.startKeys()) {
      if (budget <= 0) return;
      const start = old.start(id);
      // A key of a newer layout whose portal is literally `s` is not an old call: its fact names another key.
      if (start === null || start.key !== id) continue;
      const startedAt = time(start.createdAt);
      if (startedAt !== null && now - startedAt < o.abandonAfterMs) continue;
      const progress = old.progress(id);
      const stored = progress?.callId ?? start.callId;
      const callId = typeof stored === 'string' ? stored : null;
      const end = old.outcome(id, 'softphone') ?? old.outcome(id, 'card') ?? (callId === null ? null : (old.outcomeByCallId(callId, 'softphone') ?? old.outcomeByCallId(callId, 'card')));
      const userId = user(start.userId) ?? user(start.register?.USER_ID) ?? user(progress?.finishParams?.USER_ID);
      forget(id, callId);
      o.report({ kind: 'legacyCallDropped', ...drop({ key: id, callId, userId, startedAt, end, since: startedAt }, now, 'a call', o.abandonAfterMs) });
      budget -= 1;
    }
    for (const callId of old.outcomeCallIds()) {
      if (budget <= 0) return;
      const end = old.outcomeByCallId(callId, 'softphone') ?? old.outcomeByCallId(callId, 'card');
      const at = time(end?.at);
      if (at !== null && now - at < o.abandonAfterMs) continue;
      old.removeStrayOutcome(callId);
      o.report({ kind: 'legacyCallDropped', ...drop({ key: `cid:${callId}`, callId, userId: user(end?.userId), startedAt: null, end, since: at }, now, 'a call’s end', o.abandonAfterMs) });
      budget -= 1;
    }
    for (const id of old.deadLetterKeys()) {
      if (budget <= 0) return;
      const letter = old.deadLetter(id);
      if (letter === null || letter.key !== id) continue;
      const deadLetterAt = time(letter.at);
      if (deadLetterAt !== null && now - deadLetterAt < o.deadLetterRetentionMs) continue;
      old.removeDeadLetter(id);
      const startedAt = typeof letter.register?.CALL_START_DATE === 'string' ? time(Date.parse(letter.register.CALL_START_DATE)) : null;
      const userId = user(letter.register?.USER_ID) ?? user(letter.finish?.USER_ID);
      const callId = typeof letter.callId === 'string' ? letter.callId : null;
      o.report({ kind: 'legacyDeadLetterDropped', ...drop({ key: id, callId, userId, startedAt, end: null, since: deadLetterAt }, now, 'a dead letter', o.deadLetterRetentionMs), deadLetterAt });
      budget -= 1;
    }
  };

  /** Every fact of one old call, and nothing else (no tombstone: the old outbox is being emptied). */
  const forget = (id: string, callId: string | null): void => {
    const keys = [`s.${id}`, `p.${id}`, `o.card.${id}`, `o.softphone.${id}`];
    if (callId !== null) keys.push(`oc.card.${callId}`, `oc.softphone.${callId}`, `c.${callId}`);
    for (const key of keys) {
      try {
        o.storage.removeItem(LEGACY_PREFIX + key);
      } catch {
        // A storage that refuses a removal now is tried again at the next pass.
      }
    }
  };

  /** Runs `work` only while no writer of the old version can be sending (their lock, or their lease). */
  const asOldWriter = (work: () => void): void => {
    if (o.locks) {
      running = true;
      const locks = o.locks as unknown as { request(name: string, options: { mode: 'exclusive'; ifAvailable: true }, callback: (lock: unknown) => void): Promise<unknown> };
      void locks
        .request(LEGACY_WRITER_LOCK, { mode: 'exclusive', ifAvailable: true }, (lock) => (lock === null ? undefined : work()))
        .catch(() => undefined)
        .finally(() => (running = false));
      return;
    }
    const now = o.clock.now();
    const lease = old.lease();
    if (lease !== null && lease.owner !== o.instanceId && lease.expiresAt > now) return;
    // The old lease's own protocol: written, read back a moment later, held only if the write survived.
    old.setLease({ owner: o.instanceId, expiresAt: now + 10_000 });
    running = true;
    o.clock.setTimeout(() => {
      running = false;
      if (old.lease()?.owner !== o.instanceId) return;
      work();
      old.removeLease();
    }, 50);
  };

  return {
    run() {
      if (running || o.ownPrefix === LEGACY_PREFIX || !holdsOldKeys(o.storage)) return;
      asOldWriter(() => {
        try {
          pass(o.clock.now());
          // The old writer's pacing bucket: of no use once no old writer runs, and not kept for ever.
          if (old.startKeys().length === 0) o.storage.removeItem(`${LEGACY_PREFIX}pace`);
        } catch (error) {
          o.report({ kind: 'storageFailed', key: LEGACY_PREFIX, error, message: `deleting the expired entries of an earlier version failed (${describeError(error)}); tried again at the next pass` });
        }
      });
    },
  };
}

/** What names a deleted old entry; `since` is the time its age counts from (a dead letter's: when it became one). */
interface Dropped {
  readonly key: string;
  readonly callId: string | null;
  readonly userId: number | null;
  readonly startedAt: number | null;
  readonly end: OutcomeFact | null;
  readonly since: number | null;
}

/** A report's fields: only what names the call and its times, each bounded or null (never the register, the finish or the end's other fields). */
function drop(d: Dropped, now: number, what: string, keptMs: number): LegacyDrop {
  const key = clip(d.key, RECORD_BOUNDS.key);
  const callId = d.callId === null ? null : clip(d.callId, RECORD_BOUNDS.callId);
  const ageMs = d.since === null ? null : now - d.since;
  const age = ageMs === null ? 'of no readable age' : `${Math.round(ageMs / 60_000)} min old`;
  const message = `${what} an earlier version left under ${LEGACY_PREFIX} (${key}${callId === null ? '' : `, CALL_ID ${callId}`}) is ${age}, past the ${Math.round(keptMs / 60_000)} min it is kept: deleted unsent (no portal can be proved its own)`;
  return { key, callId, userId: d.userId, startedAt: d.startedAt, connectedAt: time(d.end?.connectedAt), closedAt: time(d.end?.closedAt), ageMs, message };
}

/** A time read from an old entry: a finite number, else null. */
function time(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A `USER_ID` read from an old entry: a positive integer, else null. */
function user(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;
}

/** A key of the old layout: `<fact>.<id>` or the old pacing bucket right under the old prefix (a newer key has `<member_id>.<USER_ID>.` there). */
const OLD_FACT = /^(?:(?:s|p|o|oc|c|d|t|tc|x)\.|pace$)/;

/** Whether the storage holds anything of the old layout: a pass (and the old writer lock) only then. */
function holdsOldKeys(storage: RecordsStorage): boolean {
  try {
    for (const key of storage.keys()) if (key.startsWith(LEGACY_PREFIX) && OLD_FACT.test(key.slice(LEGACY_PREFIX.length))) return true;
  } catch {
    // A storage that cannot list its keys holds nothing this can find.
  }
  return false;
}
