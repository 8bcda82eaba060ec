import { DIAL_KEYS, type DialKey, type QualityRating } from '../protocol/buttons';
import type { CardEventName } from '../protocol/events';
import { CALL_DIRECTIONS, CALL_STATES, TRANSFER_KINDS } from '../protocol/values';
import { MAX_CRM_BINDINGS, SIP_STATUS_RANGE, STRING_BOUNDS } from '../protocol/bounds';
import { isSipStatusCode, type SipStatusCode } from '../protocol/units';
import {
  PHONE_EVENT_TYPES,
  type CallData,
  type CallDirection,
  type CardEvent,
  type CrmEntity,
  type CrmTypeName,
  type EntityInfo,
  type PhoneEvent,
  type PhoneNumberState,
  type TransferTarget,
} from './callCard.events';
import { accept, cut, field, isRecord, oneOf, reject, rejected, text, truncated, within, type ParseResult, type ParseWarning } from './callCard.parse.read';

export type { ParseResult, ParseWarning } from './callCard.parse.read';

/** The card event of a given name. */
export type CardEventOf<K extends CardEventName> = Extract<CardEvent, { type: K }>;

/** The field name used when the payload as a whole is wrong. */
export const WHOLE_PAYLOAD = '(payload)';

/** A whole, non-negative id as a number, from a number or a string of digits. */
function toId(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && value.length <= STRING_BOUNDS.crmIdDigits && /^\d+$/.test(value)) return Number(value);
  return null;
}

/**
 * `PHONE_NUMBER`: `null` when malformed, over-long included (a number cut short is some
 * other number, never to be dialled or shown as this one).
 */
function phoneNumber(value: unknown): { phoneNumber: string | null; phoneNumberState: PhoneNumberState } | null {
  if (value === undefined || value === null || value === '') return { phoneNumber: null, phoneNumberState: 'absent' };
  if (value === 'hidden' || value === 'unknown') return { phoneNumber: null, phoneNumberState: value };
  if (typeof value === 'string') return within(value, STRING_BOUNDS.phoneNumber) ? { phoneNumber: value, phoneNumberState: 'known' } : null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return { phoneNumber: String(value), phoneNumberState: 'known' };
  return null;
}

/**
 * A CRM type name: the four classic ones and whatever else the portal has (`QUOTE`,
 * `SMART_INVOICE`, `DYNAMIC_128`…) share this shape; anything else is not a type name.
 */
const CRM_TYPE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function isCrmTypeName(value: unknown): value is CrmTypeName {
  return typeof value === 'string' && within(value, STRING_BOUNDS.crmTypeName) && CRM_TYPE_NAME.test(value);
}

/** `CRM_ENTITY_TYPE` + `CRM_ENTITY_ID` → an entity, `null` for none (`""` / 0), `undefined` when malformed. */
function crmEntity(type: unknown, id: unknown): CrmEntity | null | undefined {
  const noType = type === undefined || type === null || type === '';
  const numericId = id === undefined || id === null || id === '' ? 0 : toId(id);
  if (numericId === null) return undefined;
  if (noType) return numericId === 0 ? null : undefined;
  if (!isCrmTypeName(type)) return undefined;
  return numericId === 0 ? null : { type, id: numericId };
}

const ENTITY_EXPECTED = `a CRM type name of up to ${STRING_BOUNDS.crmTypeName} characters (LEAD, CONTACT, COMPANY, DEAL, DYNAMIC_128…) or "" with a whole id`;
const PHONE_EXPECTED = `a string of up to ${STRING_BOUNDS.phoneNumber} characters, "hidden" or "unknown"`;

function parseInitialized(payload: unknown): ParseResult<CardEventOf<'initialized'>> {
  const name = 'initialized';
  const warnings: ParseWarning[] = [];
  const warn = (fieldName: string, received: unknown, expected: string) => warnings.push(rejected(name, fieldName, received, expected));
  if (!isRecord(payload)) warn(WHOLE_PAYLOAD, payload, 'an object with the call data');

  const read = (key: string) => field(payload, key);
  /** Text the card can open with even when too long: cut to its bound and reported, never refused. */
  const optionalText = (key: string, bound: number): string => {
    const raw = read(key);
    if (raw === undefined || raw === null) return '';
    const value = text(raw);
    if (value === null) warn(key, raw, 'a string');
    else if (!within(value, bound)) warnings.push(truncated(name, key, value.length, bound));
    return value === null ? '' : cut(value, bound);
  };

  const callId = optionalText('CALL_ID', STRING_BOUNDS.callId);

  let phone = phoneNumber(read('PHONE_NUMBER'));
  if (phone === null) {
    warn('PHONE_NUMBER', read('PHONE_NUMBER'), `${PHONE_EXPECTED}, or absent`);
    phone = { phoneNumber: null, phoneNumberState: 'absent' };
  }

  let entity = crmEntity(read('CRM_ENTITY_TYPE'), read('CRM_ENTITY_ID'));
  if (entity === undefined) {
    warn('CRM_ENTITY_TYPE', { CRM_ENTITY_TYPE: read('CRM_ENTITY_TYPE'), CRM_ENTITY_ID: read('CRM_ENTITY_ID') }, ENTITY_EXPECTED);
    entity = null;
  }

  const rawActivity = read('CRM_ACTIVITY_ID');
  let crmActivityId: number | null = null;
  if (rawActivity !== undefined && rawActivity !== null && rawActivity !== '') {
    crmActivityId = toId(rawActivity);
    if (crmActivityId === null) warn('CRM_ACTIVITY_ID', rawActivity, 'a whole id, "" or absent');
  }

  const rawBindings = read('CRM_BINDINGS');
  const crmBindings: CrmEntity[] = [];
  if (Array.isArray(rawBindings)) {
    if (rawBindings.length > MAX_CRM_BINDINGS) warnings.push(truncated(name, 'CRM_BINDINGS', rawBindings.length, MAX_CRM_BINDINGS, 'bindings'));
    for (const binding of rawBindings.slice(0, MAX_CRM_BINDINGS)) {
      // A binding that is not an object is malformed, not "no entity": it is reported too.
      const bound = isRecord(binding) ? crmEntity(field(binding, 'ENTITY_TYPE'), field(binding, 'ENTITY_ID')) : undefined;
      if (bound) crmBindings.push(bound);
      else if (bound === undefined) warn('CRM_BINDINGS', binding, `{ENTITY_TYPE, ENTITY_ID} with ${ENTITY_EXPECTED}`);
    }
  } else if (rawBindings !== undefined && rawBindings !== null) {
    warn('CRM_BINDINGS', rawBindings, 'an array of {ENTITY_TYPE, ENTITY_ID}');
  }

  const rawDirection = read('CALL_DIRECTION');
  const direction: CallDirection | null = oneOf(CALL_DIRECTIONS, rawDirection) ? rawDirection : null;
  // An unknown direction still opens the card (in `error`): the operator must be able to close it.
  if (direction === null && isRecord(payload)) warn('CALL_DIRECTION', rawDirection, `one of ${CALL_DIRECTIONS.join(', ')}`);

  const rawState = read('CALL_STATE');
  const callState = oneOf(CALL_STATES, rawState) ? rawState : null;
  if (callState === null && rawState !== undefined) warn('CALL_STATE', rawState, 'idle, connecting or connected');

  const rawListMode = read('CALL_LIST_MODE');
  if (rawListMode !== undefined && typeof rawListMode !== 'boolean') warn('CALL_LIST_MODE', rawListMode, 'a boolean');

  const call: CallData = {
    callId,
    ...phone,
    lineNumber: optionalText('LINE_NUMBER', STRING_BOUNDS.lineNumber),
    lineName: optionalText('LINE_NAME', STRING_BOUNDS.lineName),
    crmEntity: entity,
    crmActivityId,
    crmBindings,
    direction,
    rawDirection,
    callState,
    callListMode: rawListMode === true,
  };
  return accept({ type: name, call }, warnings);
}

function parseEntityChanged(payload: unknown): ParseResult<CardEventOf<'entityChanged'>> {
  const name = 'entityChanged';
  if (!isRecord(payload)) return reject(name, WHOLE_PAYLOAD, payload, 'an object {PHONE_NUMBER, CRM_ENTITY_TYPE, CRM_ENTITY_ID}');
  const phone = phoneNumber(field(payload, 'PHONE_NUMBER'));
  if (phone === null) return reject(name, 'PHONE_NUMBER', field(payload, 'PHONE_NUMBER'), PHONE_EXPECTED);
  const entity = crmEntity(field(payload, 'CRM_ENTITY_TYPE'), field(payload, 'CRM_ENTITY_ID'));
  if (entity === undefined) {
    return reject(name, 'CRM_ENTITY_TYPE', { CRM_ENTITY_TYPE: field(payload, 'CRM_ENTITY_TYPE'), CRM_ENTITY_ID: field(payload, 'CRM_ENTITY_ID') }, ENTITY_EXPECTED);
  }
  const info: EntityInfo = { ...phone, crmEntity: entity };
  return accept({ type: name, entity: info });
}

function parseBoolean<K extends 'muteButtonClick' | 'holdButtonClick'>(name: K, key: 'muted' | 'held') {
  return (payload: unknown): ParseResult<CardEventOf<K>> =>
    typeof payload === 'boolean'
      ? accept({ type: name, [key]: payload } as CardEventOf<K>)
      : reject(name, key, payload, 'a boolean');
}

/** The host's transfer `target`: a non-blank string within its bound, or a whole positive number (an employee id or a number from a profile). */
function transferDestination(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' || !within(value, STRING_BOUNDS.transferTarget) ? null : value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  return null;
}

/**
 * `{phoneNumber, target}` or `{type, target}` (host-behaviour.md §3). The host's
 * `phoneNumber` is the customer's own number (`hidden` when withheld), not where the
 * call goes, so it is not read: only `target` is the destination.
 */
function parseTransfer(payload: unknown): ParseResult<CardEventOf<'transferButtonClick'>> {
  const name = 'transferButtonClick';
  if (!isRecord(payload)) return reject(name, WHOLE_PAYLOAD, payload, 'an object {phoneNumber, target} or {type, target}');
  const rawTarget = field(payload, 'target');
  const destination = transferDestination(rawTarget);
  if (destination === null) return reject(name, 'target', rawTarget, `a non-empty employee id or phone number (a string of up to ${STRING_BOUNDS.transferTarget} characters or a whole number)`);
  const rawKind = field(payload, 'type');
  if (rawKind !== undefined && !oneOf(TRANSFER_KINDS, rawKind)) return reject(name, 'type', rawKind, 'user, queue or pstn');
  const transfer: TransferTarget = { destination, kind: rawKind ?? null };
  return accept({ type: name, transfer });
}

function parseQuality(payload: unknown): ParseResult<CardEventOf<'qualityMeterClick'>> {
  const rating = typeof payload === 'string' && /^[1-5]$/.test(payload) ? Number(payload) : payload;
  return typeof rating === 'number' && Number.isInteger(rating) && rating >= 1 && rating <= 5
    ? accept({ type: 'qualityMeterClick', rating: rating as QualityRating })
    : reject('qualityMeterClick', 'rating', payload, 'an integer 1 to 5, or "1" to "5"');
}

function parseDialKey(payload: unknown): ParseResult<CardEventOf<'dialpadButtonClick'>> {
  return oneOf<DialKey>(DIAL_KEYS, payload)
    ? accept({ type: 'dialpadButtonClick', key: payload })
    : reject('dialpadButtonClick', 'key', payload, 'one of "0"–"9", "*", "#"');
}

/** The operator's text is never refused for its length: it is cut to its bound, and the cut reported. */
function parseComment(payload: unknown): ParseResult<CardEventOf<'addCommentButtonClick'>> {
  const name = 'addCommentButtonClick';
  if (typeof payload !== 'string') return reject(name, 'text', payload, 'a string');
  const bound = STRING_BOUNDS.comment;
  return within(payload, bound) ? accept({ type: name, text: payload }) : accept({ type: name, text: cut(payload, bound) }, [truncated(name, 'text', payload.length, bound)]);
}

/** How the frame library delivers "no data", depending on the transport (host-behaviour.md §3). */
function isNoData(payload: unknown): boolean {
  return payload === undefined || payload === null || payload === '' || (Array.isArray(payload) && payload.length === 0);
}

/**
 * A click carries no data: `undefined`, `""` and `[]` (and `null`) are accepted as they
 * are. Anything else is not what the host sends, but the click happened, so it is still
 * taken, with a `rejectedPayload` warning naming the value.
 */
function bare<K extends CardEventName>(name: K) {
  return (payload: unknown): ParseResult<CardEventOf<K>> => {
    const event = { type: name } as CardEventOf<K>;
    let noData: boolean;
    try {
      noData = isNoData(payload);
    } catch {
      // A revoked proxy defeats even `Array.isArray`.
      noData = false;
    }
    return noData ? accept(event) : accept(event, [rejected(name, WHOLE_PAYLOAD, payload, 'no data (undefined, "" or [])')]);
  };
}

/** One parser per card event, from the raw host payload to the typed event. */
export const CARD_EVENT_PARSERS: { readonly [K in CardEventName]: (payload: unknown) => ParseResult<CardEventOf<K>> } = {
  initialized: parseInitialized,
  addCommentButtonClick: parseComment,
  muteButtonClick: parseBoolean('muteButtonClick', 'muted'),
  holdButtonClick: parseBoolean('holdButtonClick', 'held'),
  closeButtonClick: bare('closeButtonClick'),
  transferButtonClick: parseTransfer,
  cancelTransferButtonClick: bare('cancelTransferButtonClick'),
  completeTransferButtonClick: bare('completeTransferButtonClick'),
  hangupButtonClick: bare('hangupButtonClick'),
  nextButtonClick: bare('nextButtonClick'),
  skipButtonClick: bare('skipButtonClick'),
  answerButtonClick: bare('answerButtonClick'),
  entityChanged: parseEntityChanged,
  makeCallButtonClick: bare('makeCallButtonClick'),
  qualityMeterClick: parseQuality,
  dialpadButtonClick: parseDialKey,
  notifyAdminButtonClick: bare('notifyAdminButtonClick'),
};

/** Parses the payload of the card event `name`. Never throws. */
export function parseCardEvent<K extends CardEventName>(name: K, payload: unknown): ParseResult<CardEventOf<K>> {
  try {
    return CARD_EVENT_PARSERS[name](payload) as ParseResult<CardEventOf<K>>;
  } catch {
    // A revoked proxy or a throwing array index defeats even `Array.isArray` and iteration.
    return reject(name, WHOLE_PAYLOAD, payload, 'readable data');
  }
}

/** A SIP status, when given: a whole number 100–699, or its three digits as a string. */
function sipCode(value: unknown): SipStatusCode | null | undefined {
  if (value === undefined || value === null) return null;
  const code = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  return isSipStatusCode(code) ? code : undefined;
}

/**
 * Parses an event from the softphone (`{type: 'phone.failed', code: 486}`…). The
 * integrator's code is plain JavaScript at run time, so its events are checked too.
 */
export function parsePhoneEvent(input: unknown): ParseResult<PhoneEvent> {
  try {
    return parsePhoneEventUnsafe(input);
  } catch {
    return reject('phone', WHOLE_PAYLOAD, input, 'readable data');
  }
}

const PHONE_EVENT_NAME_BOUND = 64;

function parsePhoneEventUnsafe(input: unknown): ParseResult<PhoneEvent> {
  const type = field(input, 'type');
  if (!oneOf(PHONE_EVENT_TYPES, type)) {
    // The diagnostic is named after the type received only when it is short enough to be a name.
    return reject(typeof type === 'string' && type.length <= PHONE_EVENT_NAME_BOUND ? type : 'phone', 'type', type, `one of ${PHONE_EVENT_TYPES.join(', ')}`);
  }
  switch (type) {
    case 'phone.failed':
    case 'phone.transferFailed': {
      const code = sipCode(field(input, 'code'));
      return code === undefined ? reject(type, 'code', field(input, 'code'), `a SIP status (${SIP_STATUS_RANGE.min}–${SIP_STATUS_RANGE.max}) or absent`) : accept({ type, code });
    }
    case 'phone.heldChanged': {
      const held = field(input, 'held');
      return typeof held === 'boolean' ? accept({ type, held }) : reject(type, 'held', held, 'a boolean');
    }
    case 'phone.mutedChanged': {
      const muted = field(input, 'muted');
      return typeof muted === 'boolean' ? accept({ type, muted }) : reject(type, 'muted', muted, 'a boolean');
    }
    default:
      return accept({ type });
  }
}
