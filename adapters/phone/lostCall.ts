import type { CallSummary } from '../../machines/callCard.types';
import { CALL_DIRECTIONS, type CallDirection } from '../../protocol/values';
import type { CallRecords } from '../records/createCallRecords';
import type { JournalEntry } from './journal';
import { endLostRecord } from './ownerRecords';

/** Ends a call whose owner died (SC-F4): one summary, `endedBy: 'ownerLost'`, timed up to the owner's last sign of life. */
export function lostCallSummary(entry: JournalEntry): CallSummary | null {
  if (entry.callId === null) return null;
  const direction = (CALL_DIRECTIONS as readonly string[]).includes(entry.direction ?? '') ? (entry.direction as CallDirection) : null;
  return {
    cycle: 0,
    callId: entry.callId,
    phoneNumber: entry.phoneNumber,
    crmEntity: null,
    direction,
    comment: null,
    rating: null,
    dtmf: '',
    transferTarget: null,
    endedBy: 'ownerLost',
    lastUiState: null,
    cardLost: true,
    cardLostAt: entry.lastSignOfLife,
    failureCode: null,
    connected: entry.answeredAt !== null,
    openedAt: entry.startedAt,
    connectedAt: entry.answeredAt,
    closedAt: Math.max(entry.lastSignOfLife, entry.answeredAt ?? entry.startedAt),
  };
}

/**
 * The next owner ends a dead owner's call once (SC-F4, SC-F8): its record through the shared
 * outbox (by the record's own key, the call's own user, the journalled times), its summary to
 * the integrator's `onSummary` (not to the records again). Returns the summary, or null when
 * the journal named no call.
 */
export function endLostCall(entry: JournalEntry, records: CallRecords | null, onSummary: ((summary: CallSummary) => void) | undefined): CallSummary | null {
  const summary = lostCallSummary(entry);
  if (records) endLostRecord(records, entry);
  if (summary) {
    try {
      onSummary?.(summary);
    } catch {
      // The integrator's hook failed; the call is over and its record ended either way.
    }
  }
  return summary;
}
