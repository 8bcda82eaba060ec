/**
 * Type test (checked by `npm run typecheck`, never run): `endedBy` is a union wherever it
 * is typed. Each `@ts-expect-error` line must fail to compile; if it ever compiles again,
 * the directive is unused and the typecheck fails. On main every one of them compiled:
 * `'hangup'` turned a declined incoming call (603) into a missed one (304).
 */
import { fromCallSummary, type CallOutcome, type CallRecordHandle, type RecordEnd } from '../../adapters/records';
import type { CallEnd, CallSummary } from '../../index';

declare const handle: CallRecordHandle;
declare const summary: CallSummary;

// Correct code compiles.
const ends: RecordEnd[] = ['hungUp', 'skipped', 'remoteHungUp', 'closedByOperator', 'cardLost', 'replaced', 'orphaned', 'rejected', 'cancelled'];
handle.ended({ endedBy: 'skipped', failureCode: null, connectedAt: null, closedAt: Date.now(), rating: null });
fromCallSummary(summary);
fromCallSummary({ ...summary, endedBy: 'hungUp' });
const fromCard: CallEnd = summary.endedBy;

// @ts-expect-error 'hangup' is no way a call ends (the card says 'hungUp')
handle.ended({ endedBy: 'hangup', failureCode: null, connectedAt: null, closedAt: Date.now(), rating: null });

const outcome: CallOutcome = {
  source: 'softphone',
  // @ts-expect-error an outcome's endedBy is a RecordEnd, not any string
  endedBy: 'declined',
  failureCode: null,
  connectedAt: null,
  closedAt: Date.now(),
  rating: null,
};

// @ts-expect-error a summary for the records layer carries the card's CallEnd
fromCallSummary({ ...summary, endedBy: 'hangup' });

declare const someString: string;
// @ts-expect-error a plain string is not a RecordEnd
const unchecked: RecordEnd = someString;

export { ends, fromCard, outcome, unchecked };
