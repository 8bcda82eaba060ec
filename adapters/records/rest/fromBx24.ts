import { describeError } from '../../../diagnostics';
import { SYSTEM_CLOCK, type RecordsClock } from '../types';
import { classifyResponse, type RestPort, type RestReply } from './port';

/** The result object `BX24.callMethod` hands its callback (api/v1: `data()`, `error()`, `error_description()`, `status`). */
export interface Bx24CallResult {
  data(): unknown;
  /** Falsy on success; else the library's error object (`getStatus()`, `getError()` → `{error, error_description}`) or a string. */
  error(): unknown;
  error_description?(): unknown;
  readonly status?: number;
}

/** The part of the global `BX24` the port uses. */
export interface Bx24Rest {
  callMethod(method: string, params: Record<string, unknown>, callback: (result: Bx24CallResult) => void): unknown;
  refreshAuth?(callback: (auth: unknown) => void): void;
}

export interface Bx24RestOptions {
  /**
   * How long to wait for the callback, in ms (default 30 000). The api/v1 library never
   * calls back on a network error or a 5xx (it throws inside its XHR handler), so a
   * silent callback is an answer lost: ambiguous.
   */
  readonly timeoutMs?: number;
  /** Where the timeout's timer is set; for tests (default: the global timers). */
  readonly clock?: RecordsClock;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function call(value: unknown, key: string): unknown {
  const fn = field(value, key);
  if (typeof fn !== 'function') return undefined;
  try {
    return (fn as () => unknown).call(value);
  } catch {
    return undefined;
  }
}

/** The result object as the status and JSON body the portal sent. */
function replyOf(result: Bx24CallResult): RestReply {
  const error = call(result, 'error');
  const statusField = field(result, 'status');
  const status = typeof statusField === 'number' ? statusField : 0;
  if (!error) return classifyResponse(status || 200, { result: call(result, 'data') });
  // api/v1's ajaxError keeps the portal's body in `ex` (getError()); a string error is the code itself.
  const body = call(error, 'getError') ?? field(error, 'ex') ?? (typeof error === 'string' ? { error } : error);
  const errorStatus = call(error, 'getStatus') ?? field(error, 'status');
  const description = field(body, 'error_description') ?? call(result, 'error_description');
  const code = field(body, 'error');
  // The whole answer (api/v1 keeps it as `answer`) carries `operating_reset_at` beside the error.
  const answer = field(result, 'answer');
  return classifyResponse(typeof errorStatus === 'number' && errorStatus > 0 ? errorStatus : status || 400, {
    ...(typeof answer === 'object' && answer !== null ? answer : {}),
    ...(typeof body === 'object' && body !== null ? body : {}),
    error: typeof code === 'string' ? code : String(code ?? ''),
    error_description: typeof description === 'string' ? description : '',
  });
}

/**
 * A {@link RestPort} over the global `BX24` (`BX24.callMethod`). One request per call; on
 * `expired_token` it refreshes through `BX24.refreshAuth` and repeats once (a 401 was
 * not carried out, so the repeat is safe). A throw, a second callback or no callback at
 * all is handled: never thrown, never answered twice.
 *
 * @example
 * const records = createCallRecords({ rest: fromBx24(BX24), userId });
 */
export function fromBx24(bx24: Bx24Rest, options: Bx24RestOptions = {}): RestPort {
  if (typeof bx24 !== 'object' || bx24 === null || typeof bx24.callMethod !== 'function') {
    throw new TypeError('fromBx24: expected the global BX24 (an object with callMethod(method, params, callback))');
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new TypeError(`fromBx24: timeoutMs must be a positive finite number, got ${String(timeoutMs)}`);
  const clock = options.clock ?? SYSTEM_CLOCK;

  const once = (method: string, params: Readonly<Record<string, unknown>>): Promise<RestReply> =>
    new Promise((resolve) => {
      let settled = false;
      const settle = (reply: RestReply) => {
        if (settled) return;
        settled = true;
        clock.clearTimeout(timer);
        resolve(reply);
      };
      const timer = clock.setTimeout(
        () => settle({ ok: false, failure: { kind: 'ambiguous', cause: 'timeout', status: null, description: `no answer to ${method} in ${timeoutMs} ms` } }),
        timeoutMs,
      );
      try {
        bx24.callMethod(method, { ...params }, (result) => {
          try {
            settle(replyOf(result));
          } catch (error) {
            settle({ ok: false, failure: { kind: 'ambiguous', cause: 'server', status: null, description: `unreadable answer: ${describeError(error)}` } });
          }
        });
      } catch (error) {
        // Thrown before anything went out (not initialised, bad arguments).
        settle({ ok: false, failure: { kind: 'unsent', description: `BX24.callMethod threw: ${describeError(error)}` } });
      }
    });

  const refresh = (): Promise<boolean> =>
    new Promise((resolve) => {
      if (typeof bx24.refreshAuth !== 'function') return resolve(false);
      const timer = clock.setTimeout(() => resolve(false), timeoutMs);
      try {
        bx24.refreshAuth(() => {
          clock.clearTimeout(timer);
          resolve(true);
        });
      } catch {
        clock.clearTimeout(timer);
        resolve(false);
      }
    });

  return {
    async call(method, params) {
      const reply = await once(method, params);
      if (reply.ok || reply.failure.kind !== 'expiredToken') return reply;
      if (!(await refresh())) return reply;
      return once(method, params);
    },
  };
}
