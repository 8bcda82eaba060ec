import { describeError } from '../../../diagnostics';
import type { RecordsDiagnostic } from '../diagnostics';
import type { RecordsStorage } from '../storage/port';
import type { LockManagerLike } from '../storage/writerLock';
import type { RecordsClock } from '../types';
import { applyRetention } from './retention';
import { Store, type StartFact } from './store';

/**
 * The fixed prefix of versions before the keys carried the portal and the user. Every portal
 * and user of the origin shared that one outbox; its writer held the lock (or lease) below.
 */
export const LEGACY_PREFIX = 'b24cc.records.';
const LEGACY_WRITER_LOCK = `${LEGACY_PREFIX}writer`;
/** At most this many old calls moved or dropped per pass (one pass a minute): bounded work on a full storage. */
export const LEGACY_BATCH = 50;

export interface LegacyOptions {
  /** This layer's outbox (never the old prefix: an integrator who gave `storagePrefix: 'b24cc.records.'` owns those entries). */
  readonly store: Store;
  readonly storage: RecordsStorage;
  readonly userId: number;
  readonly clock: RecordsClock;
  readonly locks: LockManagerLike | null;
  readonly instanceId: string;
  readonly report: (diagnostic: RecordsDiagnostic) => void;
  readonly abandonAfterMs: number;
  readonly deadLetterRetentionMs: number;
  readonly tombstoneMs: number;
}

/**
 * Calls an earlier version left under {@link LEGACY_PREFIX}: nothing read them any more, and
 * nothing deleted them (personal data kept for ever, against the documented retention). The
 * writer runs this with its retention, once a minute, only while no writer of the old version
 * runs (it takes the old writer lock, or lease), so a call is never moved while an old tab sends it:
 * - a call (its start, progress, outcomes) older than `abandonAfterMs` — the longest a call
 *   waits in the outbox — is deleted and reported (`legacyCallDropped`);
 * - a younger one whose `USER_ID` is this layer's and that has its `CALL_ID` is moved into this
 *   outbox (`legacyCallMoved`), which finishes it as any other; old entries carry no `member_id`,
 *   so only the finish (`CALL_ID`, duration, no number) can reach another portal, which does not
 *   know that `CALL_ID` and refuses it (a dead letter). A call never registered is not moved: its
 *   register would send its number to a portal that may not be its own; it waits for an old tab
 *   still open, or for its age;
 * - another user's young call is left for that user's layer (or for its age);
 * - dead letters, tombstones, cards shown and the Call-ID index go by the layer's own retention
 *   (a dead letter older than `deadLetterRetentionMs` is reported `deadLetterExpired`); a young
 *   dead letter of this user is moved too.
 * At most {@link LEGACY_BATCH} calls per pass.
 */
export function createLegacyMover(o: LegacyOptions): { run(): void } {
  const old = new Store(o.storage, LEGACY_PREFIX, o.report);
  let running = false;

  const pass = (now: number): void => {
    applyRetention({ store: old, report: o.report, tombstoneMs: o.tombstoneMs, deadLetterRetentionMs: o.deadLetterRetentionMs, abandonAfterMs: o.abandonAfterMs }, now);
    let budget = LEGACY_BATCH;
    for (const id of old.startKeys()) {
      if (budget <= 0) return;
      const start = old.start(id);
      // A key of a newer layout whose portal is literally `s` is not an old call: its fact names another key.
      if (start === null || start.key !== id) continue;
      const progress = old.progress(id);
      const callId = progress?.callId ?? start.callId;
      const ageMs = now - start.createdAt;
      if (!(ageMs < o.abandonAfterMs)) {
        forget(start, callId);
        o.report({ kind: 'legacyCallDropped', key: id, callId, ageMs, message: `a call an earlier version left under ${LEGACY_PREFIX} (${id}) is ${Math.round(ageMs / 60_000)} min old, past the ${Math.round(o.abandonAfterMs / 60_000)} min a call is kept: deleted with its phone number` });
        budget -= 1;
        continue;
      }
      if (callId === null || userOf(start, progress?.finishParams?.USER_ID) !== o.userId) continue;
      if (o.store.start(id) === null && o.store.tombstone(id) === null) {
        o.store.setStart({ ...start, userId: o.userId });
        if (progress !== null) o.store.setProgress(id, progress);
        for (const source of ['card', 'softphone'] as const) {
          const outcome = old.outcome(id, source) ?? old.outcomeByCallId(callId, source);
          if (outcome !== null) o.store.setOutcome(id, outcome);
        }
        const shownAt = old.cardShown(callId);
        if (shownAt !== null) o.store.setCardShown(callId, shownAt);
      }
      forget(start, callId);
      o.report({ kind: 'legacyCallMoved', key: id, callId, message: `a call an earlier version left under ${LEGACY_PREFIX} (${id}, CALL_ID ${callId}) is moved into this outbox, to be finished` });
      budget -= 1;
    }
    // An old outcome known only by CALL_ID that no old call claimed: it cannot be told whose it is (no USER_ID), so it goes with its age.
    for (const callId of old.outcomeCallIds()) {
      const outcome = old.outcomeByCallId(callId, 'card') ?? old.outcomeByCallId(callId, 'softphone');
      const ageMs = now - (outcome?.at ?? -Infinity);
      if (budget <= 0 || ageMs < o.abandonAfterMs) continue;
      old.removeStrayOutcome(callId);
      o.report({ kind: 'legacyCallDropped', key: `cid:${callId}`, callId, ageMs, message: `the end of call ${callId} an earlier version left under ${LEGACY_PREFIX} is past the ${Math.round(o.abandonAfterMs / 60_000)} min a call is kept: deleted` });
      budget -= 1;
    }
    for (const id of old.deadLetterKeys()) {
      const letter = old.deadLetter(id);
      if (budget <= 0 || letter === null || letter.key !== id) continue;
      if ((letter.register?.USER_ID ?? letter.finish?.USER_ID) !== o.userId) continue;
      if (o.store.deadLetter(id) === null) o.store.setDeadLetter(letter);
      old.removeDeadLetter(id);
      budget -= 1;
    }
  };

  /** Every fact of one old call, and nothing else (no tombstone: the old outbox is being emptied). */
  const forget = (start: StartFact, callId: string | null): void => {
    const keys = [`s.${start.key}`, `p.${start.key}`, `o.card.${start.key}`, `o.softphone.${start.key}`];
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
      if (running || o.store.prefix === LEGACY_PREFIX || !holdsOldKeys(o.storage)) return;
      asOldWriter(() => {
        try {
          pass(o.clock.now());
          // The old writer's pacing bucket: of no use once no old writer runs, and not kept for ever.
          if (old.startKeys().length === 0) o.storage.removeItem(`${LEGACY_PREFIX}pace`);
        } catch (error) {
          o.report({ kind: 'storageFailed', key: LEGACY_PREFIX, error, message: `moving the calls of an earlier version failed (${describeError(error)}); tried again at the next pass` });
        }
      });
    },
  };
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

/** The call's `USER_ID`: old starts carry it in their register, a start known by `CALL_ID` in its frozen finish. */
function userOf(start: StartFact, finishUser: number | undefined): number | null {
  return start.userId ?? start.register?.USER_ID ?? finishUser ?? null;
}
