/**
 * Bitrix24's REST wire format: the bodies it answers with and the texts it uses, as the
 * portal sends them (host-behaviour.md §8; b24restdocs `api-reference/telephony/`).
 */
import { CALL_NOT_FOUND_TEXT } from '../../protocol';
import type { EpochSeconds } from '../../protocol/units';

/** The `time` block of every successful answer. Seconds since the epoch, as the portal counts them. */
export interface RestTime {
  readonly start: EpochSeconds;
  readonly finish: EpochSeconds;
  readonly duration: number;
  readonly processing: number;
  /** ISO-8601 with zone, e.g. `2026-01-05T09:00:00+00:00`. */
  readonly date_start: string;
  readonly date_finish: string;
  /** When part of this method's operating limit is freed (unix seconds). */
  readonly operating_reset_at: EpochSeconds;
  /** Seconds this method has run within the operating window, this request included. */
  readonly operating: number;
}

/** A successful answer: `{result, time}`, and `total` / `next` for a list method. */
export interface RestSuccessBody {
  readonly result: unknown;
  readonly time: RestTime;
  readonly total?: number;
  readonly next?: number;
}

/** An error answer. `error` may be `""` (the portal's `ERROR_CORE` is not always filled in). */
export interface RestErrorBody {
  readonly error: string;
  readonly error_description: string;
  /** Only on a 429: when the method's operating limit frees up (unix seconds). */
  readonly operating_reset_at?: EpochSeconds;
}

export type RestBody = RestSuccessBody | RestErrorBody;

/** Whether an answer body is an error (`{error, error_description}`). */
export function isRestError(body: unknown): body is RestErrorBody {
  return body !== null && typeof body === 'object' && 'error' in body && typeof (body as { error: unknown }).error === 'string';
}

/** The portal's own texts; the missing parenthesis of `callNotFound` is the portal's. */
export const REST_MESSAGES = {
  callNotFound: CALL_NOT_FOUND_TEXT,
  unsupportedPhoneNumber: 'Unsupported phone number format',
  userRequired: 'USER_ID or USER_PHONE_INNER should be set',
  userNotFound: 'User is not found or is not active',
  unknownType: 'Unknown TYPE',
  badStartDate: 'CALL_START_DATE should be in the ISO-8601 format',
  callIdNotString: 'CALL_ID must be a string',
  // The code's text (the docs print "It looks like"; the code is what runs).
  notInStatistics: 'Call is not found in the statistic table. Looks like it is not finished yet.',
  // The code's wording ("contain or URL"); the docs print "contain either URL".
  recordParamsMissing: 'Required parameters are not set. Request should contain or URL or FILENAME parameter',
  fileNameEmpty: 'File name is empty',
  wrongExtension: 'Wrong file extension. Only wav and mp3 are allowed',
  phoneNumberEmpty: 'PHONE_NUMBER is empty',
  queryLimit: 'Too many requests',
  operationTimeLimit: 'Method is blocked due to operation time limit.',
  expiredToken: 'The access token provided has expired.',
  invalidToken: 'The access token provided is invalid.',
  noAuth: 'Wrong authorization data',
  accessDenied: 'Access denied!',
  wrongAuthType: 'Current authorization type is denied for this method',
  methodNotFound: 'Method not found!',
  internal: 'Internal server error',
  invalidGrant: 'Invalid refresh token',
} as const;

/** What a nginx gateway in front of the portal answers on 502 / 504: HTML, not JSON. */
export function gatewayPage(status: 502 | 504): string {
  const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** `2026-01-05T09:00:00+00:00`: the portal's ISO-8601 with zone (UTC here). */
export function isoWithZone(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Whether `text` is ISO-8601 date-time with a zone (`Z` or `±hh:mm`), as `CALL_START_DATE` must be. */
export function isIsoWithZone(text: unknown): text is string {
  return typeof text === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text) && !Number.isNaN(Date.parse(text));
}
