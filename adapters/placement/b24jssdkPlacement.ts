/**
 * Adapter from `@bitrix24/b24jssdk`'s frame placement manager to our {@link PlacementPort}.
 *
 * Only types come from the SDK (`import type` is erased), so an application that uses
 * the global `BX24.placement` never loads it: the SDK is an optional peer dependency.
 */
import type { PlacementManager } from '@bitrix24/b24jssdk';
import type { PlacementPort } from '../../protocol/placement';

/**
 * What the adapter needs of the SDK's `PlacementManager`. A `Pick` rather than the
 * class itself: the class has `#private` fields, so a second copy of the SDK in the
 * bundle (or a test double) would otherwise not type-check.
 */
export type B24jssdkPlacement = Pick<PlacementManager, 'call' | 'bindEvent'>;

/** Options for {@link fromB24jssdkPlacement}. */
export interface B24jssdkPlacementOptions {
  /**
   * How long, in ms, the SDK waits for the host's answer to a command before it gives
   * up (its `safelyTime`; the SDK's default is 900 ms). An answer that comes later is
   * dropped by the SDK, so the callback is then never called. Leave it unset to keep the
   * SDK's default; set it at least as long as the command queue's own timeout if a slow
   * host must not be mistaken for a silent one.
   */
  answerTimeoutMs?: number;
  /**
   * Told when the SDK fails to bind an event (the frame was destroyed, or was not
   * initialised). `BX24.placement.bindEvent` has no way to report this, so without the
   * hook the failure is only swallowed, never thrown.
   */
  onBindError?: (event: string, error: unknown) => void;
}

/** An error in the bare-object shape the host itself uses (host-behaviour.md §4). */
export interface B24jssdkErrorResult {
  result: 'error';
  errorCode: string;
  /** What the SDK rejected or threw with, for diagnostics. */
  cause: unknown;
}

/**
 * Wraps the promise-based placement manager of `@bitrix24/b24jssdk` (as obtained from
 * `initializeB24Frame()` → `b24.placement`) into the callback shape of
 * `BX24.placement`, so it can be handed to the call card as it is:
 *
 * ```ts
 * const b24 = await initializeB24Frame();
 * createCallCard({ placement: fromB24jssdkPlacement(b24.placement), softphone });
 * ```
 *
 * What the SDK does, and how the adapter makes it look like `BX24.placement`:
 * - `call` resolves with the host's raw answer, JSON-decoded (`[]`, an error array, a
 *   bare error object), which reaches `callback` unchanged.
 * - When the host does not answer within `safelyTime` the SDK *resolves* with
 *   `{isSafely: true}`. The host did not answer, so, as with `BX24.placement`, the
 *   callback is not called and the caller's own timeout decides.
 * - A rejection (an answer that is not JSON, the frame destroyed mid-call, the frame not
 *   initialised) or a synchronous throw reaches `callback` as
 *   `{result: 'error', errorCode: <message>, cause}` instead of escaping.
 * - `bindEvent`'s handler gets the host's data as its only argument. Events with no data
 *   arrive as `""` through the SDK (the host sends nothing, the SDK does not decode an
 *   empty payload), where `BX24.placement` gives `[]`.
 * - The SDK keeps a binding's first `safelyTime` window for a reply to the bind itself,
 *   which the host never sends: an event fired in that window resolves the `bindEvent`
 *   promise instead of reaching the handler. The adapter hands that value to the
 *   handler, so no event is lost.
 *
 * @param placement `b24.placement` from `initializeB24Frame()`.
 * @see https://bitrix24.github.io/b24jssdk/docs/working-with-the-rest-api/frame-placement/
 * @see https://github.com/bitrix24/b24jssdk/blob/main/packages/jssdk/src/frame/placement.ts
 * @see https://apidocs.bitrix24.com/api-reference/widgets/ui-interaction/bx24-placement-call.html
 * @see https://apidocs.bitrix24.com/api-reference/widgets/ui-interaction/bx24-placement-bind-event.html
 */
export function fromB24jssdkPlacement(
  placement: B24jssdkPlacement,
  options: B24jssdkPlacementOptions = {},
): PlacementPort {
  return {
    call(command, params, callback) {
      settle(
        () => placement.call(String(command), sdkParameters(params, options.answerTimeoutMs)),
        (result) => {
          if (!isSdkTimeout(result)) invokeOutsidePromise(callback, result);
        },
        (error) => invokeOutsidePromise(callback, errorResult(error)),
      );
    },

    bindEvent(event, handler) {
      const deliver = (data: unknown): void => invokeOutsidePromise(handler, data);
      settle(
        // Only the first argument: the host sends one value, like `BX24.placement`.
        () => placement.bindEvent(event, (data: unknown) => deliver(data)),
        (firstEvent) => {
          if (!isSdkTimeout(firstEvent)) deliver(firstEvent);
        },
        (error) => {
          const report = options.onBindError;
          if (report) invokeOutsidePromise((cause: unknown) => report(event, cause), error);
        },
      );
    },
  };
}

/**
 * Runs an SDK call that may throw or reject, and routes every outcome to one of two
 * handlers, so that nothing the SDK does escapes as an exception or an unhandled
 * rejection.
 */
function settle(
  start: () => Promise<unknown>,
  onResolved: (value: unknown) => void,
  onRejected: (error: unknown) => void,
): void {
  let pending: Promise<unknown>;
  try {
    pending = Promise.resolve(start());
  } catch (error) {
    pending = Promise.reject(error);
  }
  // Two-argument `then`: a callback that throws in `onResolved` must not be mistaken for
  // an SDK rejection (and called a second time with an error).
  void pending.then(onResolved, onRejected);
}

/**
 * Calls a consumer's function; if it throws, rethrows outside the promise chain, where
 * `BX24.placement` would have let it go (the page's message handler), instead of turning
 * it into an unhandled rejection or hiding it.
 */
function invokeOutsidePromise<T>(fn: (value: T) => void, value: T): void {
  try {
    fn(value);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/**
 * The SDK's `call` spreads its parameters into the message, so they must be a plain
 * object; `BX24.placement.call` would have sent anything. `safelyTime` is read by the SDK
 * and stripped before sending.
 */
function sdkParameters(params: unknown, answerTimeoutMs: number | undefined): Record<string, unknown> {
  if (params !== undefined && params !== null && (typeof params !== 'object' || Array.isArray(params))) {
    throw new TypeError(
      `@bitrix24/b24jssdk can only send command parameters as an object, got ${Array.isArray(params) ? 'an array' : typeof params}`,
    );
  }
  const parameters: Record<string, unknown> = { ...(params as Record<string, unknown> | null | undefined) };
  if (answerTimeoutMs !== undefined) parameters['safelyTime'] = answerTimeoutMs;
  return parameters;
}

/** The value the SDK resolves with when its `isSafely` timer fires before any answer. */
function isSdkTimeout(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    (value as { isSafely?: unknown }).isSafely === true
  );
}

function errorResult(error: unknown): B24jssdkErrorResult {
  return { result: 'error', errorCode: describe(error), cause: error };
}

function describe(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  try {
    return String(error);
  } catch {
    return 'Unknown @bitrix24/b24jssdk error';
  }
}
