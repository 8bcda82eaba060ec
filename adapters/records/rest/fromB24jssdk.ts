import { describeError } from '../../../diagnostics';
import type { RecordsDiagnostic } from '../diagnostics';
import { classifyResponse, type RestPort, type RestReply } from './port';

/** `AjaxResult` as far as the port reads it. */
interface SdkAjaxResult {
  readonly isSuccess: boolean;
  getData(): unknown;
  getErrors?(): Iterable<unknown>;
}

/**
 * The part of an `@bitrix24/b24jssdk` client (`B24Frame`, `B24OAuth`, `B24Hook`) the port
 * uses, typed here by shape so that the records entry never loads the SDK itself.
 */
export interface B24jssdkRestClient {
  readonly actions: { readonly v2: { readonly call: { make(options: { method: string; params?: Record<string, unknown>; requestId?: string }): Promise<SdkAjaxResult> } } };
  setRestrictionManagerParams(params: never): Promise<void>;
  getHttpClient?(version: never): { getRestrictionManagerParams?(): unknown } | undefined;
}

export interface B24jssdkRestOptions {
  /**
   * The SDK's restriction parameters to keep (rate limit, operating limit); the port
   * overrides only `maxRetries: 1` and `retryOnNetworkError: false`. Default: the
   * client's current parameters.
   */
  readonly restrictionParams?: Readonly<Record<string, unknown>>;
  /** Setup problems (also given to the `onDiagnostic` of the `createCallRecords` the port is passed to). */
  readonly onDiagnostic?: (diagnostic: RecordsDiagnostic) => void;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** What an SDK error says, read from the portal's own body where the SDK kept it. */
export function replyOfSdkError(error: unknown): RestReply {
  const original = field(error, 'originalError');
  const response = field(original, 'response');
  const status = field(response, 'status');
  const data = field(response, 'data');
  // The SDK reports a 400 with `error: ""` as ERR_BAD_REQUEST; the portal's text is only here.
  if (typeof status === 'number' && status > 0 && typeof data === 'object' && data !== null) return classifyResponse(status, data);
  const code = String(field(error, 'code') ?? '');
  const originalCode = String(field(original, 'code') ?? '');
  const description = String(field(error, 'message') ?? describeError(error));
  if (originalCode === 'ECONNREFUSED' || originalCode === 'ENOTFOUND') return { ok: false, failure: { kind: 'unsent', description: `${originalCode}: ${description}` } };
  if (code === 'NETWORK_ERROR' || originalCode === 'ECONNRESET' || originalCode === 'ERR_NETWORK') {
    return { ok: false, failure: { kind: 'ambiguous', cause: 'network', status: null, description: `${code || originalCode}: ${description}` } };
  }
  if (code === 'REQUEST_TIMEOUT' || originalCode === 'ECONNABORTED' || originalCode === 'ETIMEDOUT') {
    return { ok: false, failure: { kind: 'ambiguous', cause: 'timeout', status: null, description: `${code || originalCode}: ${description}` } };
  }
  const sdkStatus = field(error, 'status');
  if (typeof sdkStatus === 'number' && sdkStatus >= 400 && code !== '' && !code.startsWith('JSSDK_')) {
    return classifyResponse(sdkStatus, { error: code, error_description: description });
  }
  return { ok: false, failure: { kind: 'ambiguous', cause: 'network', status: typeof sdkStatus === 'number' && sdkStatus > 0 ? sdkStatus : null, description: `${code || 'error'}: ${description}` } };
}

/**
 * A {@link RestPort} over an `@bitrix24/b24jssdk` client (`actions.v2.call.make`).
 *
 * **Give the port a client of its own.** The SDK repeats a request whose answer was lost
 * (a reset after the write, a 504) even with `retryOnNetworkError: false` — that flag
 * covers `NETWORK_ERROR` / `REQUEST_TIMEOUT` only — so a `finish` that was recorded comes
 * back as `ERR_BAD_REQUEST` "not found". Only `maxRetries: 1` sends once, and it is a
 * setting of the whole client. The port therefore sets `maxRetries: 1` and
 * `retryOnNetworkError: false` on the client it is given (asynchronously: every call waits
 * for `ready`, which never rejects; a failed setting is reported as `portSetupFailed`), and
 * the outbox does the retrying, because it alone knows when a repeat is safe.
 * Other code sharing that client would lose the SDK's retries: create a second client
 * (`new B24OAuth(...)`) for the records.
 *
 * The SDK refreshes an expired OAuth token itself (once, then repeats the call once —
 * safe, a 401 was not carried out).
 */
export function fromB24jssdk(b24: B24jssdkRestClient, options: B24jssdkRestOptions = {}): RestPort & { readonly ready: Promise<void> } {
  if (typeof b24 !== 'object' || b24 === null || typeof b24.actions?.v2?.call?.make !== 'function' || typeof b24.setRestrictionManagerParams !== 'function') {
    throw new TypeError('fromB24jssdk: expected an @bitrix24/b24jssdk client (B24Frame, B24OAuth or B24Hook) with actions.v2.call.make and setRestrictionManagerParams');
  }
  if (options.onDiagnostic !== undefined && typeof options.onDiagnostic !== 'function') throw new TypeError('fromB24jssdk: onDiagnostic must be a function');
  const reported: RecordsDiagnostic[] = [];
  const listeners: ((diagnostic: RecordsDiagnostic) => void)[] = options.onDiagnostic ? [options.onDiagnostic] : [];
  const tell = (listener: (diagnostic: RecordsDiagnostic) => void, diagnostic: RecordsDiagnostic) => {
    try {
      listener(diagnostic);
    } catch {
      // a throwing listener must not stop the port
    }
  };
  const setupFailed = (error: unknown) => {
    const diagnostic: RecordsDiagnostic = {
      kind: 'portSetupFailed',
      port: 'b24jssdk',
      error,
      message: `fromB24jssdk: setRestrictionManagerParams({ maxRetries: 1, retryOnNetworkError: false }) failed (${describeError(error)}): the SDK keeps its own retries, so a finish whose answer is lost may be sent again blindly and come back "Call is not found"`,
    };
    reported.push(diagnostic);
    for (const listener of listeners) tell(listener, diagnostic);
  };
  // Through a promise: a client whose method throws or returns no promise must not break the port's creation.
  const ready = Promise.resolve()
    .then(() => {
      const current = options.restrictionParams ?? (b24.getHttpClient?.('v2' as never)?.getRestrictionManagerParams?.() as Record<string, unknown> | undefined) ?? {};
      return b24.setRestrictionManagerParams({ ...current, maxRetries: 1, retryOnNetworkError: false } as never);
    })
    .then(() => undefined, setupFailed);
  let requests = 0;
  return {
    ready,
    reportTo(report) {
      listeners.push(report);
      for (const diagnostic of reported) tell(report, diagnostic);
    },
    async call(method, params) {
      await ready;
      try {
        const result = await b24.actions.v2.call.make({ method, params: { ...params }, requestId: `records-${++requests}` });
        if (result.isSuccess) return { ok: true, result: field(result.getData(), 'result') };
        const [first] = [...(result.getErrors?.() ?? [])];
        return replyOfSdkError(first);
      } catch (error) {
        return replyOfSdkError(error);
      }
    },
  };
}
