/**
 * The simulator must never throw at its caller (only the deliberate `throw` fault
 * does), whatever an application or a fuzzer passes: these read hostile values.
 */

/** `read()`, or `fallback` when reading throws (a throwing getter, a revoked proxy). */
export function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** A name for any value passed where a string belongs, even one that refuses to be converted. */
export function nameOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return safely(() => String(value), safely(() => Object.prototype.toString.call(value), '[unreadable]'));
}

/** How the card prints a text it is given: nothing for a missing one, the value's text for anything else. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return safely(() => String(value), '');
}

/** Whether `options.force` is set, for options of any shape. */
export function isForced(options: unknown): boolean {
  return safely(() => typeof options === 'object' && options !== null && (options as { force?: unknown }).force === true, false);
}
