import type { StatusCode } from '../../protocol/rest';
import type { CallOutcome } from './types';

/**
 * SIP failure codes → `STATUS_CODE`. Codes not listed map to `OTHER`. The portal keeps the
 * code as the call's failure code and shows its own text for it, so the nearest of its
 * codes is chosen (docs/records.md has the whole table with the reasons).
 */
export const SIP_STATUS_CODES: Readonly<Record<number, StatusCode>> = {
  401: '403',
  402: '402',
  403: '403',
  404: '404',
  407: '403',
  408: '480',
  410: '404',
  423: '423',
  480: '480',
  484: '484',
  486: '486',
  487: '603-S',
  503: '503',
  600: '486',
  603: '603',
  604: '404',
};

/** Ends that the operator (our side) chose, as opposed to the network or the other party. */
const OPERATOR_ENDS = new Set(['hungUp', 'skipped', 'closedByOperator', 'rejected', 'cancelled']);

/**
 * The `STATUS_CODE` of a finished call:
 * - connected → `200`, however it ended;
 * - a SIP failure code → its row in {@link SIP_STATUS_CODES};
 * - otherwise by who gave up: an incoming call the operator skipped or hung up while
 *   ringing → `603` (declined); an incoming call the caller abandoned or whose card went
 *   away → `304` (missed); any other call (outgoing, callback, informational or of
 *   unknown direction) that the other side ended before connecting, with no code →
 *   `OTHER`, and that ended any other way before connecting → `603-S` (cancelled);
 * - a call whose end was never reported (`endedBy: 'noOutcome'`, abandoned) → `OTHER`.
 */
export function statusCodeOf(outcome: Pick<CallOutcome, 'connectedAt' | 'failureCode' | 'endedBy' | 'direction'>): StatusCode {
  if (outcome.connectedAt !== null) return '200';
  // Its end never came (abandoned): not known to be missed, declined or cancelled.
  if (outcome.endedBy === 'noOutcome' && outcome.failureCode === null) return 'OTHER';
  if (outcome.failureCode !== null) return SIP_STATUS_CODES[outcome.failureCode] ?? 'OTHER';
  const byOperator = OPERATOR_ENDS.has(outcome.endedBy);
  const incoming = outcome.direction === 'incoming' || outcome.direction === 'incomingRedirect';
  if (incoming) return byOperator ? '603' : '304';
  if (outcome.endedBy === 'remoteHungUp') return 'OTHER';
  return '603-S';
}

const REASONS: Readonly<Record<StatusCode, string>> = {
  '200': '',
  '304': 'missed',
  '603': 'declined',
  '603-S': 'cancelled',
  '403': 'forbidden',
  '404': 'invalid number',
  '486': 'busy',
  '484': 'direction unavailable',
  '503': 'direction unavailable',
  '480': 'temporarily unavailable',
  '402': 'insufficient funds',
  '423': 'blocked',
  OTHER: 'failed',
};

/** `FAILED_REASON`: empty for a successful call, else the status in words, with the SIP code and how it ended. */
export function failedReasonOf(outcome: Pick<CallOutcome, 'failureCode' | 'endedBy'>, status: StatusCode): string {
  if (status === '200') return '';
  const sip = outcome.failureCode === null ? '' : `SIP ${outcome.failureCode}, `;
  return `${REASONS[status]} (${sip}${outcome.endedBy})`;
}
