/**
 * Type test (checked by `npm run typecheck`, never run): seconds and milliseconds cannot be
 * swapped silently. Plain numbers (`Date.now()`) are still taken where epoch milliseconds
 * are meant, so correct code compiles as before; a value the library or you typed in
 * seconds is refused there, and the other way round. On main each line below compiled.
 */
import type { CallRecordHandle, CallRecords, FinishParams } from '../../adapters/records';
import type { CallSummary, EpochMs, EpochSeconds } from '../../index';
import { epochMs, epochSeconds } from '../../index';
import type { RestTime } from '../../testing/rest';

declare const records: CallRecords;
declare const handle: CallRecordHandle;
declare const summary: CallSummary;
declare const time: RestTime;
declare const finish: FinishParams;

// Correct code compiles.
records.callStarted({ direction: 'incoming', phoneNumber: '+4930123456', startedAt: Date.now() });
records.callStarted({ direction: 'incoming', phoneNumber: '+4930123456', startedAt: epochMs(new Date()) });
handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: summary.connectedAt, closedAt: summary.closedAt, rating: null });
const openedMs: number = summary.openedAt;
const startSeconds: EpochSeconds = time.start;

// @ts-expect-error the REST API's time.start is epoch seconds, startedAt is epoch ms
records.callStarted({ direction: 'incoming', phoneNumber: '+4930123456', startedAt: time.start });

const nowSeconds = epochSeconds(Math.floor(Date.now() / 1000));
// @ts-expect-error seconds where the end's epoch ms are meant
handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: null, closedAt: nowSeconds, rating: null });

// @ts-expect-error DURATION is a length in seconds, not a moment in ms
const closedAt: EpochMs = finish.DURATION;

// @ts-expect-error a summary's time is epoch ms, never seconds
const asSeconds: EpochSeconds = summary.closedAt;

export { openedMs, startSeconds, closedAt, asSeconds };
