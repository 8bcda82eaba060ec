import type { RecordsDiagnostic } from '../diagnostics';
import { CALL_NOT_FOUND_TEXT, REST_ERROR_CODES } from '../../../protocol/rest';

/**
 * Why a REST call did not succeed, sorted by what the outbox may do about it:
 * - `queryLimit`, `operationLimit`, `expiredToken`, `unsent`: nothing was done; send again later;
 * - `notFound`, `refused`: the portal read the request and said no;
 * - `ambiguous`: the request may have been carried out (the answer was lost, timed out, or
 *   a gateway failed after forwarding it): a non-idempotent call must not be sent blindly again.
 */
export type RestFailure =
  | { readonly kind: 'queryLimit'; readonly status: number; readonly description: string }
  | { readonly kind: 'operationLimit'; readonly status: number; readonly description: string; /** Epoch ms, when the portal said. */ readonly resetAt: number | null }
  | { readonly kind: 'expiredToken'; readonly status: number; readonly description: string }
  | { readonly kind: 'unsent'; readonly description: string }
  | { readonly kind: 'notFound'; readonly status: number; readonly error: string; readonly description: string }
  | { readonly kind: 'refused'; readonly status: number; readonly error: string; readonly description: string }
  | { readonly kind: 'ambiguous'; readonly cause: 'network' | 'timeout' | 'server'; readonly status: number | null; readonly description: string };

/** A REST call's answer: the portal's `result`, or why there is none ({@link RestFailure}). */
export type RestReply = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly failure: RestFailure };

/**
 * What the records layer needs of a Bitrix24 REST client: one call, one answer, never a
 * throw, and **at most one request on the wire per call** — the outbox does the retrying,
 * because only it knows whether a request is safe to repeat. `fromBx24` and
 * `fromB24jssdk` build one from the clients integrators use.
 */
export interface RestPort {
  call(method: string, params: Readonly<Record<string, unknown>>): Promise<RestReply>;
  /**
   * Where the port reports what went wrong outside any one call (its setup); the layer
   * passes its own `onDiagnostic`. What was reported before is handed over at once.
   */
  reportTo?(report: (diagnostic: RecordsDiagnostic) => void): void;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Seconds or milliseconds since the epoch, or a date string, as epoch ms. */
function epochMs(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number === 'number' && Number.isFinite(number)) return number < 1e11 ? number * 1000 : number;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

/**
 * The portal's answer as a {@link RestReply}: the one reading of status codes and error
 * bodies that both ports share. `status` is the HTTP status (0 when unknown); `body` the
 * parsed JSON (`{result}` or `{error, error_description}`).
 */
export function classifyResponse(status: number, body: unknown): RestReply {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const error = text(record['error']);
  const description = text(record['error_description']);
  const hasError = 'error' in record || 'error_description' in record;
  if (!hasError && status >= 200 && status < 300) return { ok: true, result: record['result'] };
  if (error === REST_ERROR_CODES.queryLimit) return { ok: false, failure: { kind: 'queryLimit', status, description } };
  if (error === REST_ERROR_CODES.operationLimit || status === 429) {
    return { ok: false, failure: { kind: 'operationLimit', status, description, resetAt: epochMs(record['operating_reset_at']) } };
  }
  if (error === REST_ERROR_CODES.expiredToken) return { ok: false, failure: { kind: 'expiredToken', status, description } };
  if (description.startsWith(CALL_NOT_FOUND_TEXT)) return { ok: false, failure: { kind: 'notFound', status, error, description } };
  if (status >= 400 && status < 500) return { ok: false, failure: { kind: 'refused', status, error, description } };
  if (hasError && status >= 200 && status < 300) return { ok: false, failure: { kind: 'refused', status, error, description } };
  // 5xx other than the bucket's 503, or no usable answer: a gateway may have forwarded it.
  return { ok: false, failure: { kind: 'ambiguous', cause: 'server', status: status || null, description: description || error || `HTTP ${status}` } };
}

/** Whether a failure means the portal certainly did nothing, so any request may be sent again. */
export function isUnprocessed(failure: RestFailure): boolean {
  return failure.kind === 'queryLimit' || failure.kind === 'operationLimit' || failure.kind === 'expiredToken' || failure.kind === 'unsent';
}

/** A failure in one line for a diagnostic or a dead letter: its kind, HTTP status and the portal's words. */
export function describeFailure(failure: RestFailure): string {
  switch (failure.kind) {
    case 'ambiguous':
      return `${failure.cause}${failure.status === null ? '' : ` (HTTP ${failure.status})`}: ${failure.description}`;
    case 'unsent':
      return `not sent: ${failure.description}`;
    case 'notFound':
    case 'refused':
      return `HTTP ${failure.status} ${failure.error || '(no error code)'}: ${failure.description}`;
    default:
      return `HTTP ${failure.status} ${failure.kind}${failure.description ? `: ${failure.description}` : ''}`;
  }
}
