import { describeValue, type DialRequestNotDialled, type RejectedPayload } from '../../diagnostics';
import type { CallCardInputOf, CallData } from '../../machines/callCard.events';
import { DIAL_KEYS, type DialKey } from '../../protocol/buttons';
import { STRING_BOUNDS } from '../../protocol/bounds';
import type { DialRequest } from '../../protocol/dialRequest';

/** Most DTMF keys an `EXTENSION` may carry; a longer one is reported and not sent. */
export const MAX_EXTENSION_KEYS = 32;

/** What a dial request becomes: the statechart's event (and what was set aside), or why it is not dialled. */
export type DialRequestReading =
  | { readonly ok: true; readonly event: CallCardInputOf<'dial.request'>; readonly warnings: readonly RejectedPayload[] }
  | { readonly ok: false; readonly diagnostic: RejectedPayload | DialRequestNotDialled };

/** The characters a number is written with that no dial string carries: spaces, dashes, dots, slashes, brackets. */
const FORMATTING = /[\s\-().\/\[\]]/g;

/** The number to dial: `PHONE_NUMBER_INTERNATIONAL` when given, else `PHONE_NUMBER`, formatting removed (SC-L6). */
export function numberOfRequest(request: Pick<DialRequest, 'phoneNumber' | 'phoneNumberInternational'>): string {
  const international = typeof request.phoneNumberInternational === 'string' ? request.phoneNumberInternational.replace(FORMATTING, '') : '';
  return international !== '' ? international : String(request.phoneNumber).replace(FORMATTING, '');
}

/**
 * Reads a {@link DialRequest} as it came from the relay (the application's server, another
 * frame): never trusted, every string bounded, never thrown. A request the statechart can act
 * on becomes its `dial.request` event; an `IS_MOBILE` one is not dialled (the operator is on
 * the mobile application); a bad `EXTENSION` is set aside and the number still dialled.
 */
export function readDialRequest(raw: unknown): DialRequestReading {
  const rejected = (field: string, received: unknown, why: string): DialRequestReading => ({
    ok: false,
    diagnostic: { kind: 'rejectedPayload', event: 'dialRequest', field, received, message: `dialRequest: ${field} ${why}, received ${describeValue(received)}; not dialled` },
  });
  if (typeof raw !== 'object' || raw === null) return rejected('(payload)', raw, 'must be an object');
  const request = raw as Partial<Record<keyof DialRequest, unknown>>;
  const { callId, phoneNumber, phoneNumberInternational, isMobile } = request;
  if (typeof callId !== 'string' || callId === '' || callId.length > STRING_BOUNDS.callId) return rejected('callId', callId, `must be a CALL_ID of 1–${STRING_BOUNDS.callId} characters`);
  if (typeof phoneNumber !== 'string' || phoneNumber.length > STRING_BOUNDS.phoneNumber) return rejected('phoneNumber', phoneNumber, `must be a string of at most ${STRING_BOUNDS.phoneNumber} characters`);
  if (phoneNumberInternational !== undefined && (typeof phoneNumberInternational !== 'string' || phoneNumberInternational.length > STRING_BOUNDS.phoneNumber)) {
    return rejected('phoneNumberInternational', phoneNumberInternational, `must be a string of at most ${STRING_BOUNDS.phoneNumber} characters when given`);
  }
  if (isMobile !== undefined && typeof isMobile !== 'boolean') return rejected('isMobile', isMobile, 'must be a boolean');
  if (isMobile === true) {
    return { ok: false, diagnostic: { kind: 'dialRequestNotDialled', callId, reason: 'mobile', message: `dial request ${callId}: the operator started it on the mobile application (IS_MOBILE); the browser does not dial it` } };
  }
  const number = numberOfRequest({ phoneNumber, ...(typeof phoneNumberInternational === 'string' ? { phoneNumberInternational } : {}) });
  if (number === '') return rejected('phoneNumber', phoneNumber, 'has no number to dial');

  const warnings: RejectedPayload[] = [];
  let extension: DialKey[] = [];
  const rawExtension = request.extension;
  if (rawExtension !== undefined && rawExtension !== '') {
    const keys = typeof rawExtension === 'string' ? [...rawExtension.replace(FORMATTING, '')] : null;
    if (keys !== null && keys.length <= MAX_EXTENSION_KEYS && keys.every((key) => (DIAL_KEYS as readonly string[]).includes(key))) extension = keys as DialKey[];
    else warnings.push({ kind: 'rejectedPayload', event: 'dialRequest', field: 'extension', received: typeof rawExtension === 'string' ? rawExtension.slice(0, 64) : rawExtension, message: `dialRequest ${callId}: extension must be up to ${MAX_EXTENSION_KEYS} DTMF keys (0–9, *, #), received ${describeValue(rawExtension)}; the number is dialled without it` });
  }
  const line = typeof request.lineNumber === 'string' ? request.lineNumber.slice(0, STRING_BOUNDS.lineNumber) : '';
  const type = typeof request.crmEntityType === 'string' && request.crmEntityType !== '' ? request.crmEntityType.slice(0, STRING_BOUNDS.crmTypeName) : null;
  const id = request.crmEntityId;
  const call: CallData = {
    callId,
    phoneNumber: number,
    phoneNumberState: 'known',
    lineNumber: line,
    lineName: '',
    crmEntity: type !== null && typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? { type, id } : null,
    crmActivityId: null,
    crmBindings: [],
    direction: 'outgoing',
    rawDirection: 'outgoing',
    callState: null,
    callListMode: false,
  };
  return { ok: true, event: { type: 'dial.request', call, extension }, warnings };
}
