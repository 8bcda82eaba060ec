import type { RejectedPayload } from '../diagnostics';
import { describeValue } from '../diagnostics';
import { DIAL_KEYS, type DialKey, type QualityRating } from '../protocol/buttons';
import type { CardEventName } from '../protocol/events';
import { CALL_DIRECTIONS, CALL_STATES, TRANSFER_KINDS } from '../protocol/values';
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

/**
 * The outcome of parsing a raw payload. `warnings` lists fields of an otherwise usable
 * payload that had to be dropped (only `initialized` has them: a card that exists must
 * open even when its data is partly wrong).
 */
export type ParseResult<E> =
  | { readonly ok: true; readonly event: E; readonly warnings: readonly RejectedPayload[] }
  | { readonly ok: false; readonly diagnostic: RejectedPayload };

/** The card event of a given name. */
export type CardEventOf<K extends CardEventName> = Extract<CardEvent, { type: K }>;

/** The field name used when the payload as a whole is wrong. */
export const WHOLE_PAYLOAD = '(payload)';

function rejected(event: string, field: string, received: unknown, expected: string): RejectedPayload {
  return {
    kind: 'rejectedPayload',
    event,
    field,
    received,
    message: `${event}: ${field} must be ${expected}, received ${describeValue(received)}`,
  };
}

function accept<E>(event: E, warnings: readonly RejectedPayload[] = []): ParseResult<E> {
  return { ok: true, event, warnings };
}

function reject<E>(event: string, field: string, received: unknown, expected: string): ParseResult<E> {
  return { ok: false, diagnostic: rejected(event, field, received, expected) };
}

/** Host payloads are untrusted: only own data properties are read, and a throwing getter reads as absent. */
function field(record: unknown, key: string): unknown {
  if (typeof record !== 'object' || record === null) return undefined;
  try {
    const descriptor = Object.getOwnPropertyDescriptor(record, key);
    return descriptor && 'value' in descriptor ? descriptor.value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** A whole, non-negative id as a number, from a number or a string of digits. */
function toId(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return null;
}

function phoneNumber(value: unknown): { phoneNumber: string | null; phoneNumberState: PhoneNumberState } | null {
  if (value === undefined || value === null || value === '') return { phoneNumber: null, phoneNumberState: 'absent' };
  if (value === 'hidden' || value === 'unknown') return { phoneNumber: null, phoneNumberState: value };
  if (typeof value === 'string') return { phoneNumber: value, phoneNumberState: 'known' };
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return { phoneNumber: String(value), phoneNumberState: 'known' };
  return null;
}

/**
 * A CRM type name: the four classic ones and whatever else the portal has (`QUOTE`,
 * `SMART_INVOICE`, `DYNAMIC_128`…) share this shape; anything else is not a type name.
 */
const CRM_TYPE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function isCrmTypeName(value: unknown): value is CrmTypeName {
  return typeof value === 'string' && CRM_TYPE_NAME.test(value);
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

const ENTITY_EXPECTED = 'a CRM type name (LEAD, CONTACT, COMPANY, DEAL, DYNAMIC_128…) or "" with a whole id';

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function parseInitialized(payload: unknown): ParseResult<CardEventOf<'initialized'>> {
  const name = 'initialized';
  const warnings: RejectedPayload[] = [];
  const warn = (fieldName: string, received: unknown, expected: string) => warnings.push(rejected(name, fieldName, received, expected));
  if (!isRecord(payload)) warn(WHOLE_PAYLOAD, payload, 'an object with the call data');

  const read = (key: string) => field(payload, key);
  const optionalText = (key: string): string => {
    const raw = read(key);
    if (raw === undefined || raw === null) return '';
    const value = text(raw);
    if (value === null) warn(key, raw, 'a string');
    return value ?? '';
  };

  const callId = optionalText('CALL_ID');

  let phone = phoneNumber(read('PHONE_NUMBER'));
  if (phone === null) {
    warn('PHONE_NUMBER', read('PHONE_NUMBER'), 'a string, absent, "hidden" or "unknown"');
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
    for (const binding of rawBindings) {
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
    lineNumber: optionalText('LINE_NUMBER'),
    lineName: optionalText('LINE_NAME'),
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
  if (phone === null) return reject(name, 'PHONE_NUMBER', field(payload, 'PHONE_NUMBER'), 'a string, "hidden" or "unknown"');
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

/** The host's transfer `target`: a non-blank string, or a whole positive number (an employee id or a number from a profile). */
function transferDestination(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
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
  if (destination === null) return reject(name, 'target', rawTarget, 'a non-empty employee id or phone number (a string or a whole number)');
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

function parseComment(payload: unknown): ParseResult<CardEventOf<'addCommentButtonClick'>> {
  return typeof payload === 'string'
    ? accept({ type: 'addCommentButtonClick', text: payload })
    : reject('addCommentButtonClick', 'text', payload, 'a string');
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

/** A SIP status, when given: a whole number, or a string of digits. */
function sipCode(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,6}$/.test(value)) return Number(value);
  return undefined;
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

function parsePhoneEventUnsafe(input: unknown): ParseResult<PhoneEvent> {
  const type = field(input, 'type');
  if (!oneOf(PHONE_EVENT_TYPES, type)) {
    return reject(typeof type === 'string' ? type : 'phone', 'type', type, `one of ${PHONE_EVENT_TYPES.join(', ')}`);
  }
  switch (type) {
    case 'phone.failed':
    case 'phone.transferFailed': {
      const code = sipCode(field(input, 'code'));
      return code === undefined ? reject(type, 'code', field(input, 'code'), 'a SIP status number or absent') : accept({ type, code });
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
