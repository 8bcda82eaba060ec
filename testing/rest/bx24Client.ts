/**
 * A thin `BX24.callMethod` for tests: the global BX24 library's request and result shapes
 * (api/v1 `ajax`, `ajaxResult`, `ajaxError`), over the REST double in process or over HTTP.
 * What it keeps of the real library, because a REST port written for BX24 must survive it:
 * - parameters are form-encoded, so the portal sees every value as a string;
 * - an answer with HTTP 2xx or 4xx reaches the callback as a result whose `error()` is an
 *   `ajaxError` (or undefined) and `data()` the `result`;
 * - `expired_token` is not given to the callback: the library refreshes the auth and sends
 *   the call again (once here);
 * - HTTP 5xx, a reset or a lost answer: the library throws `'Query error!'` from its XHR
 *   handler and **the callback is never called**. The client records it in `transportErrors`.
 */
import type { OAuthGrant } from './auth';
import { decodeForm, encodeForm } from './formParams';
import type { RestAnswer, RestDouble } from './restDouble';

/** The library's `ajaxError`. */
export interface Bx24AjaxError {
  readonly status: number;
  readonly ex: { readonly error: string; readonly error_description?: string };
  getError(): { readonly error: string; readonly error_description?: string };
  getStatus(): number;
  toString(): string;
}

/** The library's `ajaxResult`, as the callback receives it. */
export interface Bx24AjaxResult {
  readonly answer: Record<string, unknown>;
  readonly query: { readonly method: string; readonly data: unknown };
  readonly status: number;
  data(): unknown;
  error(): Bx24AjaxError | undefined;
  error_description(): string | undefined;
  more(): boolean;
  total(): number;
  time(): unknown;
}

/** A request whose callback the library never called. */
export interface Bx24TransportError {
  readonly method: string;
  readonly status: number;
  readonly transport: RestAnswer['transport'] | 'network';
}

/** What the frame library's `BX24.getAuth()` returns: the tokens, and the portal they are for. */
export interface Bx24Auth {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
  /** The portal's host name (`example.bitrix24.com`). */
  readonly domain: string;
  /** The portal's id, which keys everything per portal (the phone's channel and locks). */
  readonly member_id: string;
}

export interface Bx24Client {
  callMethod(method: string, params: Readonly<Record<string, unknown>> | undefined, callback?: (result: Bx24AjaxResult) => void): void;
  /** Gets a fresh access token (in a frame, the parent window's; here the double's OAuth server). */
  refreshAuth(callback?: (auth: Bx24Auth | false) => void): void;
  getAuth(): Bx24Auth | false;
  readonly transportErrors: readonly Bx24TransportError[];
}

export type Bx24ClientOptions =
  | { readonly rest: RestDouble; readonly grant?: OAuthGrant; readonly userId?: number }
  | { readonly url: string; readonly grant: OAuthGrant; readonly fetch?: typeof fetch };

function ajaxError(status: number, answer: Record<string, unknown>): Bx24AjaxError {
  const ex = { error: String(answer.error), ...(typeof answer.error_description === 'string' ? { error_description: answer.error_description } : {}) };
  return {
    status,
    ex,
    getError: () => ex,
    getStatus: () => status,
    toString: () => `${ex.error}${ex.error_description ? `: ${ex.error_description}` : ''} (${status})`,
  };
}

function ajaxResult(answer: Record<string, unknown>, query: { method: string; data: unknown }, status: number): Bx24AjaxResult {
  const error = answer.error !== undefined ? ajaxError(status, answer) : undefined;
  const next = answer.next === undefined ? Number.NaN : Number.parseInt(String(answer.next), 10);
  return {
    answer,
    query,
    status,
    data: () => answer.result,
    error: () => error,
    error_description: () => (typeof answer.error_description === 'string' ? answer.error_description : undefined),
    more: () => !Number.isNaN(next),
    total: () => Number.parseInt(String(answer.total), 10),
    time: () => answer.time,
  };
}

/** What came back for one request: a parsed answer the library accepts, or nothing it can use. */
type Received = { readonly status: number; readonly answer: Record<string, unknown> } | { readonly failed: Bx24TransportError };

/** Creates the client: `{rest}` calls the double in process, `{url, grant}` speaks HTTP to a `startRestServer` origin. */
export function createBx24Client(options: Bx24ClientOptions): Bx24Client {
  if (options === null || typeof options !== 'object' || (!('rest' in options) && !('url' in options))) throw new TypeError('createBx24Client: pass { rest } or { url, grant }');
  let grant: OAuthGrant | null = 'rest' in options ? (options.grant ?? options.rest.auth.issueToken({ userId: options.userId ?? 1 })) : options.grant;
  const transportErrors: Bx24TransportError[] = [];

  const send = async (method: string, body: string): Promise<Received> => {
    if ('rest' in options) {
      const answer = await options.rest.call(method, decodeForm(body));
      if (answer.transport !== 'answered') return { failed: { method, status: 0, transport: answer.transport } };
      return typeof answer.body === 'object' && answer.body !== null ? { status: answer.status, answer: { ...answer.body } } : { failed: { method, status: answer.status, transport: 'answered' } };
    }
    const doFetch = options.fetch ?? fetch;
    try {
      const response = await doFetch(`${options.url.replace(/\/+$/, '')}/rest/${encodeURIComponent(method)}.json`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      });
      const text = await response.text();
      try {
        return { status: response.status, answer: JSON.parse(text) as Record<string, unknown> };
      } catch {
        return { failed: { method, status: response.status, transport: 'answered' } };
      }
    } catch {
      return { failed: { method, status: 0, transport: 'network' } };
    }
  };

  const refresh = async (): Promise<OAuthGrant | null> => {
    if (grant === null) return null;
    if ('rest' in options) {
      grant = options.rest.auth.refresh(grant.refresh_token) ?? grant;
      return grant;
    }
    const doFetch = options.fetch ?? fetch;
    try {
      const response = await doFetch(`${options.url.replace(/\/+$/, '')}/oauth/token/?grant_type=refresh_token&refresh_token=${encodeURIComponent(grant.refresh_token)}`);
      if (response.status !== 200) return null;
      grant = (await response.json()) as OAuthGrant;
      return grant;
    } catch {
      return null;
    }
  };

  // The frame library's getAuth() carries the portal (member_id, domain) besides the tokens: a page keys its phone by member_id.
  const authOf = () => (grant === null ? false : { access_token: grant.access_token, refresh_token: grant.refresh_token, expires_in: grant.expires_in, domain: grant.domain, member_id: grant.member_id });

  const run = async (method: string, params: Readonly<Record<string, unknown>>, callback: ((result: Bx24AjaxResult) => void) | undefined) => {
    const data = encodeForm(params);
    let refreshed = false;
    for (;;) {
      const body = `auth=${encodeURIComponent(grant?.access_token ?? '')}${data === '' ? '' : `&${data}`}`;
      const received = await send(method, body);
      if ('failed' in received) {
        transportErrors.push(received.failed);
        return;
      }
      const { status, answer } = received;
      // The library's `isSuccess`: 2xx, 304 and 4xx are answers; anything else throws 'Query error!'.
      if (!((status >= 200 && status < 300) || status === 304 || (status >= 400 && status < 500))) {
        transportErrors.push({ method, status, transport: 'answered' });
        return;
      }
      if (answer.error === 'expired_token' && !refreshed) {
        refreshed = true;
        await refresh();
        continue;
      }
      callback?.(ajaxResult(answer, { method, data: params }, status));
      return;
    }
  };

  return {
    callMethod(method, params, callback) {
      void run(String(method), params ?? {}, callback);
    },
    refreshAuth(callback) {
      void refresh().then(() => callback?.(authOf()));
    },
    getAuth: authOf,
    get transportErrors() {
      return transportErrors;
    },
  };
}
