/** What a dial string may hold by default: `+`, digits, `*`, `#`. */
export const DIAL_CHARACTERS = '+0123456789*#';

/** The formatting a CRM keeps in a number (`+49 (30) 123-45.67`), removed before anything is sent. */
const FORMATTING = [' ', '\t', '(', ')', '-', '.'];

/** A dial string as it will be sent, or why it will not be. */
export type DialString = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly refused: string; readonly why: string };

/**
 * The dial string of `phoneNumber`: CRM formatting (spaces, parentheses, dashes, dots)
 * removed, then every character checked against {@link DIAL_CHARACTERS} and `extra` (the
 * `dialCharacters` option). A number with anything else is refused whole, never trimmed:
 * `&`, `;`, `?` or `@` inside a SIP user part change what a dialplan does with it.
 */
export function dialStringOf(phoneNumber: string, extra: string): DialString {
  // A formatting character the integrator allows (`dialCharacters: '-'`) is kept: it is part of their dial strings.
  const value = [...phoneNumber].filter((ch) => !FORMATTING.includes(ch) || extra.includes(ch)).join('').trim();
  if (value === '') return { ok: false, refused: '', why: `"${phoneNumber}" holds no digits to dial` };
  const refused = [...new Set([...value].filter((ch) => !DIAL_CHARACTERS.includes(ch) && !extra.includes(ch)))].join('');
  if (refused !== '') return { ok: false, refused, why: `"${phoneNumber}" holds ${[...refused].map((ch) => JSON.stringify(ch)).join(', ')}, which a dial string may not (allowed: ${DIAL_CHARACTERS}${extra})` };
  return { ok: true, value };
}
