/**
 * `b24-call-card/records`: the REST call record of every call (`telephony.externalcall.*`),
 * never lost and never written twice — registered when the softphone sees the call,
 * finished once from its summary, through a durable outbox shared by every worker
 * instance. See docs/records.md.
 *
 * @packageDocumentation
 */
export { createCallRecords } from './createCallRecords';
export type { CallRecords, CallRecordsOptions, CallRecordHandle, PendingCall } from './createCallRecords';
export { RECORDS_DEFAULTS } from './options';
export { RECORD_BOUNDS } from './bounds';
export { fromCallSummary, finishParamsOf, durationOf, NO_OUTCOME } from './outcome';
export type { SummaryForRecords } from './outcome';
export { statusCodeOf, failedReasonOf, SIP_STATUS_CODES } from './statusCode';
export { registerParamsOf, isoWithZone, WITHHELD_NUMBER } from './register';
export { fromBx24 } from './rest/fromBx24';
export type { Bx24Rest, Bx24CallResult, Bx24RestOptions } from './rest/fromBx24';
export { fromB24jssdk, replyOfSdkError } from './rest/fromB24jssdk';
export type { B24jssdkRestClient, B24jssdkRestOptions } from './rest/fromB24jssdk';
export { classifyResponse, isUnprocessed, describeFailure } from './rest/port';
export type { RestPort, RestReply, RestFailure } from './rest/port';
export { createMemoryStorage, fromWebStorage, defaultStorage } from './storage/port';
export type { RecordsStorage } from './storage/port';
export type { LockManagerLike } from './storage/writerLock';
export type { Recording, RecordedCall } from './outbox/writer';
export type { LegacyDrop, RecordsDiagnostic } from './diagnostics';
export { REGISTER_ANSWER_WAIT_MS } from './attach';
export type { AttachableSoftphone, AttachedCall } from './attach';
export { SYSTEM_CLOCK } from './types';
export type { CallStart, CallOutcome, RecordEnd, WithheldNumber, WithheldNumberWord, NotAWithheldWord, RecordDirection, RegisterParams, FinishParams, DeadLetter, DeadLetterReason, RecordsClock } from './types';

// The REST facts a records user needs (host-behaviour §8).
export { REST_METHODS, CALL_TYPES, STATUS_CODES, CALL_NOT_FOUND_TEXT, REST_LIMITS } from '../../protocol/rest';
export type { StatusCode, CallTypeName, RestRateLimit } from '../../protocol/rest';
