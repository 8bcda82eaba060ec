/**
 * How the relay calls the portal's REST API: a function of the integrator's, a
 * `@bitrix24/b24jssdk` client (`B24OAuth`; `B24Hook` is refused by the portal for
 * `pull.application.*`, which needs an application's token), or {@link callWithEventAuth},
 * which calls with the token the event itself carries.
 */
import type { EventAuth } from './event';

/** The event the call is made for: its `auth` block. */
export interface RestCallContext {
  readonly auth: EventAuth;
}

/** Calls one REST method; resolves with its `result`, rejects with the portal's error. */
export type RestCall = (method: string, params: Readonly<Record<string, unknown>>, context: RestCallContext) => Promise<unknown>;

/** The part of a `@bitrix24/b24jssdk` client (B24OAuth, B24Hook, B24Frame) the relay uses. */
export interface B24RestClient {
  readonly actions: { readonly v2: { readonly call: { make(options: { method: string; params?: Record<string, unknown> }): Promise<{ readonly isSuccess: boolean; getData(): unknown; getErrorMessages(): string[] }> } } };
}

/** What {@link createRelayHandler} takes as `rest`. */
export type RestCallerOption = RestCall | B24RestClient;

/** A REST error as the relay reports it. */
export class RestCallError extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
    description: string,
  ) {
    super(`${method}: ${code}${description ? ` (${description})` : ''}`.slice(0, 500));
    this.name = 'RestCallError';
  }
}

function isB24Client(value: unknown): value is B24RestClient {
  const actions = (value as { actions?: { v2?: { call?: { make?: unknown } } } } | null)?.actions;
  return typeof actions?.v2?.call?.make === 'function';
}

/** The one shape the handler calls, whatever the integrator gave; a setup mistake is a TypeError naming it. */
export function restCallOf(option: unknown, name: string): RestCall {
  if (typeof option === 'function') return option as RestCall;
  if (isB24Client(option)) {
    return async (method, params) => {
      const response = await option.actions.v2.call.make({ method, params: { ...params } });
      if (!response.isSuccess) throw new RestCallError(method, 'ERROR', response.getErrorMessages().join('; '));
      return (response.getData() as { result?: unknown } | null)?.result;
    };
  }
  throw new TypeError(`${name} must be a function (method, params, { auth }) => Promise<result> or a @bitrix24/b24jssdk client (B24OAuth), got ${option === null ? 'null' : typeof option}`);
}

/**
 * Calls the portal with the token of the event being handled (`auth[access_token]` at
 * `auth[client_endpoint]`): for `ONEXTERNALCALLSTART` that is the clicking user's own token,
 * which may send a pull event to that user. Needs the global `fetch` (Node 18+).
 */
export const callWithEventAuth: RestCall = async (method, params, { auth }) => {
  if (!/^https?:\/\//.test(auth.clientEndpoint)) throw new RestCallError(method, 'NO_ENDPOINT', 'the event carries no client_endpoint');
  if (auth.accessToken === '') throw new RestCallError(method, 'NO_AUTH_FOUND', 'the event carries no access_token');
  const body = new URLSearchParams({ auth: auth.accessToken });
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && typeof value === 'object') body.set(key, JSON.stringify(value));
    else if (value !== undefined) body.set(key, String(value));
  }
  const response = await fetch(`${auth.clientEndpoint.replace(/\/+$/, '')}/${method}.json`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() });
  const text = await response.text();
  type Answer = { result?: unknown; error?: unknown; error_description?: unknown } | null;
  let answer: Answer;
  try {
    answer = JSON.parse(text) as Answer;
  } catch {
    throw new RestCallError(method, `HTTP_${response.status}`, 'the answer is not JSON');
  }
  if (!response.ok || answer === null || answer.error !== undefined) {
    throw new RestCallError(method, String(answer?.error ?? `HTTP_${response.status}`).slice(0, 64), String(answer?.error_description ?? '').slice(0, 300));
  }
  return answer.result;
};
