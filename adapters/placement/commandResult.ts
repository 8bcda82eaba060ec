import { describeError, describeValue } from '../../diagnostics';

/**
 * A host answer to a command, reduced to success or failure.
 *
 * On success `value` is the answer exactly as the host sent it (`[]`, or the 12 names
 * from `CallCardGetListUiStates`).
 */
export type CommandResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly errorCode: string };

/** The code given to an error object that carries no `errorCode`. */
export const UNKNOWN_ERROR_CODE = 'Unknown error';

/** The code given to an answer whose properties cannot be read (a throwing getter or proxy trap). */
export const UNREADABLE_RESULT_CODE = 'Unreadable result';

/**
 * Longest error code kept as it came; a longer one is cut so that a diagnostic built
 * from it stays readable. Every code the host is known to send is far shorter.
 */
export const MAX_ERROR_CODE_LENGTH = 200;

/**
 * Reduces what the host passed to a command's callback to success or failure
 * (host-behaviour.md §4).
 *
 * - An array is a success unless it holds an error object (`{result: 'error', …}`)
 *   anywhere; then it is a failure with that object's code. This is how the browser
 *   answers every failure, and the desktop application most of them.
 * - A bare error object is a failure (the desktop application's `missing field muted`).
 * - Anything else is a success: the host sends nothing else, and an adapter wrapping the
 *   host (the b24jssdk one) may well hand over `undefined`; it would be wrong to call
 *   that a failure.
 *
 * Only own properties are read, so a polluted `Object.prototype` or a `__proto__` key
 * from `JSON.parse` cannot turn a success into a failure. A value whose properties
 * cannot be read at all (a getter or a proxy trap that throws) is a failure with the
 * code {@link UNREADABLE_RESULT_CODE}, followed by what was thrown. Never throws.
 */
export function normaliseCommandResult(raw: unknown): CommandResult {
  try {
    if (Array.isArray(raw)) {
      const length = raw.length;
      for (let index = 0; index < length; index += 1) {
        const failure = asFailure(ownValue(raw, index));
        if (failure) return failure;
      }
      return { ok: true, value: raw };
    }
    return asFailure(raw) ?? { ok: true, value: raw };
  } catch (error) {
    return { ok: false, errorCode: boundCode(`${UNREADABLE_RESULT_CODE}: ${describeThrown(error)}`) };
  }
}

/** What was thrown, described without trusting it: it may itself be a hostile proxy. */
function describeThrown(error: unknown): string {
  try {
    return describeError(error);
  } catch {
    return 'an undescribable value';
  }
}

/** The failure an error object stands for, or `undefined` when `value` is not one. */
function asFailure(value: unknown): CommandResult | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (ownValue(value, 'result') !== 'error') return undefined;
  return { ok: false, errorCode: readableCode(ownValue(value, 'errorCode')) };
}

function readableCode(code: unknown): string {
  if (typeof code === 'string') return code.trim() === '' ? `${UNKNOWN_ERROR_CODE} (empty errorCode)` : boundCode(code);
  if (code === undefined) return UNKNOWN_ERROR_CODE;
  return boundCode(`${UNKNOWN_ERROR_CODE} (errorCode: ${describeValue(code)})`);
}

function boundCode(code: string): string {
  return code.length > MAX_ERROR_CODE_LENGTH ? `${code.slice(0, MAX_ERROR_CODE_LENGTH)}… (${code.length} chars)` : code;
}

function ownValue(target: object, key: PropertyKey): unknown {
  return Object.prototype.hasOwnProperty.call(target, key) ? (target as Record<PropertyKey, unknown>)[key] : undefined;
}
