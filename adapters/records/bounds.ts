/**
 * The longest string the records layer keeps, per field, in characters. Everything it
 * stores comes through here, so one caller's 3 MB number cannot fill the storage the
 * other calls' outbox lives in (a Web Storage origin has about 5 MB in all).
 *
 * A call's number, Call-ID, line and end are truncated to their bound and reported: the
 * call still gets its record. An outcome's or a card's `CALL_ID` or key longer than its
 * bound cannot name any call the layer knows, so it is refused (`invalidInput`).
 */
export const RECORD_BOUNDS = {
  /** `PHONE_NUMBER`: E.164 has 15 digits; room for formatting, an extension or a SIP user part. */
  phoneNumber: 100,
  /** The SIP Call-ID (RFC 3261 sets no limit; real ones are under 100). */
  sipCallId: 256,
  /** `LINE_NUMBER`. */
  lineNumber: 100,
  /** A `CALL_ID` (the portal's are about 40). */
  callId: 200,
  /** A handle's key (`sip:<Call-ID>#…`). */
  key: 400,
  /** How a call ended (`endedBy`): a word. */
  endedBy: 64,
  /** A message or an error text kept in storage (a dead letter's, `lastError`). */
  text: 1000,
  /** The portal's answer kept with a dead letter, as JSON. */
  response: 2000,
} as const;

/** `value` cut to `max` characters, and whether it was cut. */
export function truncated(value: string, max: number): { readonly value: string; readonly cut: boolean } {
  return value.length <= max ? { value, cut: false } : { value: value.slice(0, max), cut: true };
}

/** `value` cut to `max` characters with a mark that it was. */
export function clip(value: string, max: number = RECORD_BOUNDS.text): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** The portal's answer as it is kept with a dead letter: itself when small, else a cut copy of its JSON. */
export function boundedResponse(response: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(response);
  } catch {
    return { truncated: clip(String(response), RECORD_BOUNDS.response) };
  }
  if (text === undefined || text.length <= RECORD_BOUNDS.response) return response;
  return { truncated: clip(text, RECORD_BOUNDS.response) };
}
