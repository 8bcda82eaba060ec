/**
 * `b24-call-card/records`: the REST call record of every call (`telephony.externalcall.*`),
 * never lost and never written twice — registered when the softphone sees the call,
 * finished once from its summary, through a durable outbox shared by every worker
 * instance. See docs/records.md.
 *
 * @packageDocumentation
 */
export * from './adapters/records';
export { REST_METHODS, CALL_TYPES, STATUS_CODES, CALL_NOT_FOUND_TEXT, REST_LIMITS } from './protocol/rest';
export type { StatusCode, CallTypeName, RestRateLimit } from './protocol/rest';
