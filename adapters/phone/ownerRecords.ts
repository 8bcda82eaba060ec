import type { CallRecords } from '../records/createCallRecords';
import { fromCallSummary } from '../records/outcome';
import type { RecordsStorage } from '../records/storage/port';
import type { RecordDirection } from '../records/types';
import type { CallCardOptions } from '../session/options';
import type { JournalEntry } from './journal';
import type { PhoneLockManager } from './locks';
import type { PhoneClock } from './ownership';
import type { PhoneScope } from './scope';
import type { PhoneRecordsOptions } from './phone.types';

/**
 * The call records in the phone (statechart SC-F8): the records layer runs in the owner only,
 * over one outbox and one journal in the storage every frame of the portal's user shares, so
 * they survive every frame; its writer lock is of the phone's family (the scope's names), so
 * one frame writes at a time, and an owner handing over never sends beside its successor.
 * A frame that does not own never loads this file (it is part of the owner's chunk).
 */
export function createOwnerRecords(options: {
  readonly scope: PhoneScope;
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  readonly locks: PhoneLockManager | null;
  readonly clock: PhoneClock;
  readonly records: PhoneRecordsOptions;
}): CallRecords {
  const { scope } = options;
  return options.records({
    userId: scope.identity.userId,
    memberId: scope.identity.memberId,
    storagePrefix: scope.key('records.'),
    ...(recordsStorageOf(options.storage) ?? {}),
    locks: options.locks,
    clock: options.clock,
  });
}

/** The phone's storage as the outbox's: a Web Storage lists its keys; anything else leaves the layer its own default. */
function recordsStorageOf(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null): { storage: RecordsStorage } | null {
  const web = storage as Partial<Storage> | null;
  try {
    if (web === null || typeof web.key !== 'function' || typeof web.length !== 'number') return null;
  } catch {
    // A blocked storage throws on every touch: the layer's own default (this frame's memory, reported) stands in.
    return null;
  }
  const store = web as Storage;
  return {
    storage: {
      getItem: (key) => store.getItem(key),
      setItem: (key, value) => store.setItem(key, value),
      removeItem: (key) => store.removeItem(key),
      keys: () => Array.from({ length: store.length }, (_, index) => store.key(index)).filter((key): key is string => key !== null),
    },
  };
}

const RECORD_DIRECTIONS: Readonly<Record<string, RecordDirection>> = { incoming: 'incoming', incomingTransfer: 'incomingRedirect', outgoing: 'outgoing', callback: 'callback' };

/**
 * The owner died mid-call (SC-F4): its record is ended once, by its own key where the journal
 * has it, with the times the owner journalled — answered when it was, up to the owner's last
 * sign of life. The finish carries the call's own `USER_ID` (the outbox keeps it with the call).
 */
export function endLostRecord(records: CallRecords, entry: JournalEntry): void {
  const closedAt = Math.max(entry.lastSignOfLife, entry.answeredAt ?? entry.startedAt);
  records.callEnded({
    source: 'softphone',
    ...(entry.recordKey ? { key: entry.recordKey } : {}),
    callId: entry.callId,
    direction: RECORD_DIRECTIONS[entry.direction ?? ''] ?? null,
    endedBy: 'ownerLost',
    failureCode: null,
    connectedAt: entry.answeredAt,
    closedAt,
    rating: null,
  });
}

/**
 * The session's hooks with the records wired in: the card's summary ends the record (it has
 * the rating), a card shown tells the layer to wait for that summary; the integrator's own
 * hooks run after, unchanged.
 */
export function withRecords(records: CallRecords, hooks: Omit<CallCardOptions, 'placement' | 'softphone'>): Omit<CallCardOptions, 'placement' | 'softphone'> {
  return {
    ...hooks,
    onSummary: (summary) => {
      records.callEnded(fromCallSummary(summary));
      hooks.onSummary?.(summary);
    },
    onCard: (change) => {
      if ((change.type === 'opened' || change.type === 'reattached') && change.state.status === 'call') records.cardShown(change.state.call.callId);
      hooks.onCard?.(change);
    },
  };
}

/**
 * What the owner journals into the outbox as the call goes (SC-F8): the answer and the last
 * sign of life, so that even a call nobody ends (no successor came for 12 hours) is finished
 * with the talk time it had; and the record's key and `EXTERNAL_CALL_ID` for the call journal.
 */
export function recordOfCall(records: CallRecords, callId: string): { readonly recordKey: string; readonly externalCallId: string | null } | null {
  const pending = records.pending().find((call) => call.callId === callId);
  return pending ? { recordKey: pending.key, externalCallId: pending.externalCallId === '' ? null : pending.externalCallId } : null;
}

/**
 * The owner's last sign of life on every call its records still wait for (SC-F8), a call whose
 * card the host never showed included: whoever ends it after this frame dies claims no more.
 */
export function keepCallsAlive(records: CallRecords, now: number): void {
  for (const call of records.pending()) if (call.stage === 'awaitingOutcome') records.callAlive(call.key, now);
}

/**
 * A new owner after a lost one (SC-F4, SC-F8): every call of the outbox still waiting for its
 * end was the dead owner's (only an owner starts calls, and this one has none yet) — one whose
 * card the host never showed, which the journal does not name, included. Each is ended once,
 * `ownerLost`, answered when the dead owner said so, up to its last sign of life.
 */
export function endOrphanedRecords(records: CallRecords): number {
  let ended = 0;
  for (const call of records.pending()) {
    if (call.stage !== 'awaitingOutcome') continue;
    const closedAt = Math.max(call.startedAt, call.aliveAt ?? call.startedAt, call.answeredAt ?? call.startedAt);
    records.callEnded({ source: 'softphone', key: call.key, callId: call.callId, endedBy: 'ownerLost', failureCode: null, connectedAt: call.answeredAt, closedAt, rating: null });
    ended += 1;
  }
  return ended;
}
