/** Reading request parameters as PHP does: a form field is a string, a JSON field keeps its type. */

export type Params = Readonly<Record<string, unknown>>;

/** An integer from a number or a numeric string; null otherwise. */
export function intOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number.isFinite(value) ? Math.trunc(value) : null;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Math.trunc(Number(value));
  return null;
}

/** A string from a string or a number; null otherwise. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** A non-empty string, else null. */
export function filledText(value: unknown): string | null {
  const text = textOf(value);
  return text === null || text === '' ? null : text;
}

/** `1`/`"1"`/`true` → 1, `0`/`"0"`/`false`/`"N"` → 0, absent → null. */
export function flagOf(value: unknown): 0 | 1 | null {
  if (value === undefined || value === null || value === '') return null;
  if (value === true || value === 'Y' || value === 'y') return 1;
  if (value === false || value === 'N' || value === 'n') return 0;
  const number = intOf(value);
  return number === null ? null : number === 0 ? 0 : 1;
}

/** The user ids of a `USER_ID` that may be one id or a list (hide/show). */
export function userIdsOf(value: unknown): number[] {
  const list = Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : [value];
  return list.map(intOf).filter((id): id is number => id !== null && id > 0);
}

/** The digits of a phone number, the comparison key; `hidden` and other words have none. */
export function phoneKey(value: string): string {
  return value.replace(/\D/g, '');
}
