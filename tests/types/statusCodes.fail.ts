/**
 * Type test (checked by `npm run typecheck`, never run): status codes are unions. A SIP
 * status is 100–699 (`SipStatusCode`, new), the record's `STATUS_CODE` is one of the
 * portal's (`StatusCode`), and the two never stand for each other.
 */
import { finishParamsOf, statusCodeOf, type FinishParams, type StatusCode } from '../../adapters/records';
import type { SipStatusCode } from '../../index';
import { isSipStatusCode } from '../../index';

declare const params: FinishParams;
declare const code: number;

// Correct code compiles.
const busy: SipStatusCode = 486;
const declined: StatusCode = '603';
const cancelled: StatusCode = '603-S';
const fromRecord: StatusCode = params.STATUS_CODE;
const checked: SipStatusCode | null = isSipStatusCode(code) ? code : null;

// @ts-expect-error four digits are no SIP status
const typo: SipStatusCode = 4860;
// @ts-expect-error nor is a number under 100
const low: SipStatusCode = 99;
// @ts-expect-error a number is not known to be one until checked
const unchecked: SipStatusCode = code;
// @ts-expect-error the portal's STATUS_CODE for a cancelled call is '603-S'
const wrongStatus: StatusCode = '603S';
// @ts-expect-error STATUS_CODE is the portal's string, not the SIP number
const swapped: StatusCode = 486;

export { busy, declined, cancelled, fromRecord, checked, typo, low, unchecked, wrongStatus, swapped, finishParamsOf, statusCodeOf };
