import { describeError, type HookError } from '../../diagnostics';

/**
 * How integrator code ended: it returned (or its promise resolved) `value`, or it threw
 * (or its promise rejected) `error`. `late` is true when the outcome came from a promise.
 */
export type Ending = { readonly ok: true; readonly value: unknown; readonly late: boolean } | { readonly ok: false; readonly error: unknown; readonly late: boolean };

/**
 * Calls integrator code — a hook, a listener, a softphone method, storage, the host's port —
 * so that nothing it does escapes into the library, which must keep working whatever the
 * code it was handed does (statechart.md, "The interfaces").
 *
 * Returns what `fn` returned, or `undefined` if it threw. `ended`, if given, hears how the
 * code ended, exactly once: at once for a plain return or a throw, later for a promise or
 * any thenable (a hand-made one may call both handlers, or one twice: only the first counts;
 * one whose `then` cannot be read or called ends it as a failure, its outcome unknowable).
 * A rejection that nobody hears is still caught, so it never becomes an unhandled one.
 */
export function callSafely<T>(fn: () => T, ended?: (ending: Ending) => void): T | undefined {
  let result: T;
  let then: unknown;
  try {
    result = fn();
  } catch (error) {
    ended?.({ ok: false, error, late: false });
    return undefined;
  }
  try {
    then = result !== null && (typeof result === 'object' || typeof result === 'function') ? (result as { then?: unknown }).then : undefined;
  } catch (error) {
    ended?.({ ok: false, error, late: false });
    return result;
  }
  if (typeof then !== 'function') {
    ended?.({ ok: true, value: result, late: false });
    return result;
  }
  let done = false;
  const finish = (ending: Ending) => {
    if (done) return;
    done = true;
    ended?.(ending);
  };
  try {
    then.call(
      result,
      (value: unknown) => finish({ ok: true, value, late: true }),
      (error: unknown) => finish({ ok: false, error, late: true }),
    );
  } catch (error) {
    finish({ ok: false, error, late: false });
  }
  return result;
}

/**
 * Calls the integrator's hook `name` with `arg`, if there is one: a throw or a rejection is
 * reported as a `hookError` naming the hook. A throwing `onDiagnostic` has nowhere left to
 * report to, so its own errors are swallowed.
 */
export function callHook<A>(name: string, hook: ((arg: A) => unknown) | undefined, arg: A, report: (diagnostic: HookError) => void): unknown {
  if (!hook) return undefined;
  return callSafely(
    () => hook(arg),
    (ending) => {
      if (ending.ok || name === 'onDiagnostic') return;
      const { error, late } = ending;
      report({ kind: 'hookError', hook: name, error, message: `${name} ${late ? 'rejected' : 'threw'}: ${describeError(error)}` });
    },
  );
}
