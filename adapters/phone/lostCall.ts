import type { CallSummary } from '../../machines/callCard.types';
import { CALL_DIRECTIONS, type CallDirection } from '../../protocol/values';
import type { JournalEntry } from './journal';

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
