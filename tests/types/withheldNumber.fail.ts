/**
 * Type test (checked by `npm run typecheck`, never run): a withheld number is its own value,
 * `WITHHELD_NUMBER`, never a word that would be registered as if it were a number. On main
 * `'anonymous'` compiled and reached the portal ("Unsupported phone number format").
 */
import { WITHHELD_NUMBER, type CallRecords, type CallStart, type WithheldNumber } from '../../adapters/records';
import type { CallData } from '../../index';

declare const records: CallRecords;
declare const fromSip: string;
declare const start: CallStart;
declare const call: CallData;

// Correct code compiles: a number, the withheld value, any string the softphone read, a whole CallStart.
records.callStarted({ direction: 'incoming', phoneNumber: '+4930123456' });
records.callStarted({ direction: 'incoming', phoneNumber: WITHHELD_NUMBER });
records.callStarted({ direction: 'incoming', phoneNumber: fromSip });
records.callStarted(start);
const withheld: WithheldNumber = 'hidden';
// The card's side: a withheld number is phoneNumberState 'hidden' with no number at all.
const number: string | null = call.phoneNumberState === 'known' ? call.phoneNumber : null;

// @ts-expect-error 'anonymous' is not a number: pass WITHHELD_NUMBER
records.callStarted({ direction: 'incoming', phoneNumber: 'anonymous' });
// @ts-expect-error in any case
records.callStarted({ direction: 'incoming', phoneNumber: 'Anonymous' });
// @ts-expect-error nor 'private', 'restricted', 'unavailable', 'unknown', 'withheld', 'blocked'
records.callStarted({ direction: 'outgoing', phoneNumber: 'unavailable' });
// @ts-expect-error the withheld value is 'hidden' (as the host says it), no other word
const other: WithheldNumber = 'anonymous';

export { withheld, number, other };
