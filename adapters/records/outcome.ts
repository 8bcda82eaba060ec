import type { CallSummary } from '../../machines/callCard.types';
import type { CallDirection } from '../../protocol/values';
import { failedReasonOf, statusCodeOf } from './statusCode';
import type { CallOutcome, FinishParams, RecordDirection } from './types';

const DIRECTIONS: Readonly<Record<CallDirection, RecordDirection>> = {
  incoming: 'incoming',
  incomingTransfer: 'incomingRedirect',
  outgoing: 'outgoing',
  callback: 'callback',
};

/**
 * The `endedBy` of a call whose end was never reported (`abandonAfterMs`): STATUS_CODE
 * `OTHER`, since nothing says whether it was answered, missed or refused.
 */
export const NO_OUTCOME = 'noOutcome';

/** The summary fields the layer relies on; the rest of `CallSummary` may change freely. */
export type SummaryForRecords = Pick<CallSummary, 'callId' | 'failureCode' | 'rating' | 'connectedAt' | 'closedAt' | 'direction' | 'endedBy'>;

/**
 * The card's summary as the layer's {@link CallOutcome}: the one place that knows the
 * statechart's `CallSummary`, so a change of that type is a change of this function.
 */
export function fromCallSummary(summary: SummaryForRecords): CallOutcome {
  const direction = summary.direction === null ? null : (DIRECTIONS[summary.direction as CallDirection] ?? null);
  return {
    source: 'card',
    callId: summary.callId,
    direction,
    endedBy: summary.endedBy,
    failureCode: summary.failureCode,
    connectedAt: summary.connectedAt,
    closedAt: summary.closedAt,
    rating: summary.rating,
  };
}

/** Whole seconds from connected to ended, rounded up: at least 1 for an answered call (the portal derives the call's status from it), 0 if never connected. */
export function durationOf(outcome: Pick<CallOutcome, 'connectedAt' | 'closedAt'>): number {
  if (outcome.connectedAt === null) return 0;
  return Math.max(1, Math.ceil((outcome.closedAt - outcome.connectedAt) / 1000));
}

/** The `telephony.externalcall.finish` parameters for a call. */
export function finishParamsOf(callId: string, userId: number, outcome: CallOutcome, addToChat: boolean): FinishParams {
  const status = statusCodeOf(outcome);
  const reason = failedReasonOf(outcome, status);
  return {
    CALL_ID: callId,
    USER_ID: userId,
    DURATION: durationOf(outcome),
    STATUS_CODE: status,
    ...(reason === '' ? {} : { FAILED_REASON: reason }),
    ...(outcome.rating === null ? {} : { VOTE: outcome.rating }),
    ADD_TO_CHAT: addToChat ? 1 : 0,
  };
}
