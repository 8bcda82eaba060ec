import type { RejectedPayload, TruncatedPayload } from '../diagnostics';
import { describeValue } from '../diagnostics';

/**
 * How the parsers read untrusted payloads: own data properties only, values checked
 * before use, strings measured against their bound (`protocol/bounds.ts`). Shared by
 * `callCard.parse.ts`; no host knowledge here.
 */

/** What an accepted payload may come with: fields dropped (`rejectedPayload`) or cut to their bound (`truncatedPayload`). */
export type ParseWarning = RejectedPayload | TruncatedPayload;

/**
 * The outcome of parsing a raw payload. `warnings` lists what had to be dropped or cut
 * from an otherwise usable payload (a card that exists must open even when its data is
 * partly wrong; the operator's comment is kept, cut to its bound).
 */
export type ParseResult<E> =
  | { readonly ok: true; readonly event: E; readonly warnings: readonly ParseWarning[] }
  | { readonly ok: false; readonly diagnostic: RejectedPayload };

export function rejected(event: string, field: string, received: unknown, expected: string): RejectedPayload {
  return {
    kind: 'rejectedPayload',
    event,
    field,
    received,
    message: `${event}: ${field} must be ${expected}, received ${describeValue(received)}`,
  };
}

export function truncated(event: string, field: string, length: number, bound: number, unit = 'characters'): TruncatedPayload {
  return {
    kind: 'truncatedPayload',
    event,
    field,
    length,
    bound,
    message: `${event}: ${field} has ${length} ${unit}, more than the bound of ${bound}; it was cut to ${bound} and the event delivered`,
  };
}

export function accept<E>(event: E, warnings: readonly ParseWarning[] = []): ParseResult<E> {
  return { ok: true, event, warnings };
}

export function reject<E>(event: string, field: string, received: unknown, expected: string): ParseResult<E> {
  return { ok: false, diagnostic: rejected(event, field, received, expected) };
}

/** Host payloads are untrusted: only own data properties are read, and a throwing getter reads as absent. */
export function field(record: unknown, key: string): unknown {
  if (typeof record !== 'object' || record === null) return undefined;
  try {
    const descriptor = Object.getOwnPropertyDescriptor(record, key);
    return descriptor && 'value' in descriptor ? descriptor.value : undefined;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** A string or a finite number as text; anything else is not text. */
export function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** `value` fits its bound. */
export function within(value: string, bound: number): boolean {
  return value.length <= bound;
}

/** `value` cut to `bound` code units, never through a surrogate pair (half an emoji is not text). */
export function cut(value: string, bound: number): string {
  if (value.length <= bound) return value;
  const last = value.charCodeAt(bound - 1);
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? bound - 1 : bound);
}
