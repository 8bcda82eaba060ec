/**
 * Length bounds of every string the host or the softphone hands the library, defined
 * once. The host's own values are far shorter (a `CALL_ID` is about 60 characters, a
 * number at most 15 digits plus formatting); a bound only stops a hostile or broken
 * sender from filling memory, storage and logs with one payload (issue 20 §5).
 *
 * Lengths are in UTF-16 code units (`string.length`).
 */
export const STRING_BOUNDS = {
  /** `CALL_ID` of `initialized`. */
  callId: 128,
  /** `PHONE_NUMBER` of `initialized` and `entityChanged`: E.164 is 15 digits; room for `+`, spaces, dashes, an extension. */
  phoneNumber: 64,
  /** `LINE_NUMBER` of `initialized`. */
  lineNumber: 128,
  /** `LINE_NAME` of `initialized`. */
  lineName: 255,
  /** A CRM type name (`CONTACT`, `DYNAMIC_128`…), in `CRM_ENTITY_TYPE` and `CRM_BINDINGS`. */
  crmTypeName: 64,
  /** A CRM id, as a string of digits (15 digits stay a safe integer). */
  crmIdDigits: 15,
  /** The transfer `target`: an employee id or a phone number. */
  transferTarget: 64,
  /** The operator's comment (`addCommentButtonClick`). */
  comment: 10_000,
} as const;

/** How many `CRM_BINDINGS` an `initialized` may carry; the rest are dropped and reported. */
export const MAX_CRM_BINDINGS = 50;

/** A SIP status code is three digits, 100 to 699 (RFC 3261 §7.2). */
export const SIP_STATUS_RANGE = { min: 100, max: 699 } as const;

/** The name of a bounded string. */
export type BoundedString = keyof typeof STRING_BOUNDS;
