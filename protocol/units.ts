/**
 * Numbers whose unit matters, typed so that one cannot silently stand for another (issue
 * 20 §7). The brands are optional properties: a plain `number` (`Date.now()`, your clock)
 * is still accepted everywhere, so correct code compiles as before, while a value typed in
 * one unit is refused where the other is meant (`FinishParams.DURATION`, seconds, given
 * where epoch milliseconds are meant, or `summary.closedAt` given where seconds are).
 * Brand your own values with {@link epochMs} / {@link epochSeconds} to get the same check.
 * At run time they are plain numbers.
 */

declare const unit: unique symbol;

/** Milliseconds since the epoch (`Date.now()`). */
export type EpochMs = number & { readonly [unit]?: 'epochMs' };

/** Seconds since the epoch (`Math.floor(Date.now() / 1000)`, the REST API's `time.start`, `operating_reset_at`). */
export type EpochSeconds = number & { readonly [unit]?: 'epochSeconds' };

/** A length of time in whole seconds (`telephony.externalcall.finish`'s `DURATION`). */
export type DurationSeconds = number & { readonly [unit]?: 'durationSeconds' };

/** Marks a number as epoch milliseconds (from a `Date` too). */
export function epochMs(value: number | Date): EpochMs {
  return (value instanceof Date ? value.getTime() : value) as EpochMs;
}

/** Marks a number as epoch seconds. */
export function epochSeconds(value: number): EpochSeconds {
  return value as EpochSeconds;
}

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
type NumberOf<S> = S extends `${infer N extends number}` ? N : never;

/** A SIP response status code: 100 to 699 (RFC 3261 §7.2), e.g. 486 Busy Here, 603 Decline. */
export type SipStatusCode = NumberOf<`${1 | 2 | 3 | 4 | 5 | 6}${Digit}${Digit}`>;

/** Whether `value` is a SIP status code. */
export function isSipStatusCode(value: unknown): value is SipStatusCode {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 699;
}
