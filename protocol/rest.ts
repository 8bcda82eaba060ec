/**
 * The REST call record's facts (host-behaviour v2 §8): methods, call types, status codes,
 * the error texts a client must recognise and the portal's rate limits. Shared by the
 * records layer (adapters/records) and the REST double (testing/rest) so that neither
 * spells them on its own.
 */

/** The REST methods of the call record. */
export const REST_METHODS = {
  register: 'telephony.externalcall.register',
  finish: 'telephony.externalcall.finish',
  hide: 'telephony.externalcall.hide',
  show: 'telephony.externalcall.show',
  attachRecord: 'telephony.externalCall.attachRecord',
  searchCrmEntities: 'telephony.externalCall.searchCrmEntities',
  statisticGet: 'voximplant.statistic.get',
} as const;

export type RestMethod = (typeof REST_METHODS)[keyof typeof REST_METHODS];

/** `TYPE` of `telephony.externalcall.register`. */
export const CALL_TYPES = {
  outgoing: 1,
  incoming: 2,
  incomingRedirect: 3,
  callback: 4,
  informational: 5,
} as const;

export type CallTypeName = keyof typeof CALL_TYPES;
export type CallType = (typeof CALL_TYPES)[CallTypeName];

/** `STATUS_CODE` of `telephony.externalcall.finish` (a string). */
export const STATUS_CODES = ['200', '304', '603', '603-S', '403', '404', '486', '484', '503', '480', '402', '423', 'OTHER'] as const;

export type StatusCode = (typeof STATUS_CODES)[number];

/**
 * The start of the 400 answer to a finish for a call that is not there: never registered,
 * already finished (finish deletes the call) or expired. The portal's text really lacks
 * the closing parenthesis; match it as a prefix.
 */
export const CALL_NOT_FOUND_TEXT = 'Call is not found (call should be registered prior to finishing';

/** The `error` codes of the transport-level answers. */
export const REST_ERROR_CODES = {
  /** HTTP 503: the leaky bucket is full; nothing was done. */
  queryLimit: 'QUERY_LIMIT_EXCEEDED',
  /** HTTP 429: the method's operating-time budget is spent until `operating_reset_at`. */
  operationLimit: 'OPERATION_TIME_LIMIT',
  /** HTTP 401: the access token expired (they live 1 hour). */
  expiredToken: 'expired_token',
} as const;

/** The portal's leaky bucket: requests allowed at once, and drained per second. */
export interface RestRateLimit {
  readonly burst: number;
  readonly drainPerSecond: number;
}

export const REST_LIMITS = {
  standard: { burst: 50, drainPerSecond: 2 },
  enterprise: { burst: 250, drainPerSecond: 5 },
} as const satisfies Record<string, RestRateLimit>;

/** A repeat register within this time with the same data returns the same `CALL_ID`. */
export const REGISTER_DEDUP_MS = 30 * 60_000;
/** Unfinished calls are cleaned up after about this long. */
export const CALL_EXPIRY_MS = 30 * 24 * 3_600_000;
