/**
 * The portal's event POST as the relay reads it (host-behaviour §12): `ONEXTERNALCALLSTART`
 * and `ONEXTERNALCALLBACKSTART`, form-encoded as Bitrix24 sends every event (`event`,
 * `data[…]`, `ts`, `auth[…]`). Parsing never throws: what is not one of those two events, or
 * lacks what the relay needs, is a typed {@link RelayInputProblem}; every string is bounded.
 */
import type { DialRequest } from '../../protocol/dialRequest';
import { STRING_BOUNDS } from '../../protocol/bounds';

/** The two events the relay handles. */
export const RELAY_EVENTS = ['ONEXTERNALCALLSTART', 'ONEXTERNALCALLBACKSTART'] as const;
export type RelayEventName = (typeof RELAY_EVENTS)[number];

/** The `auth[…]` block of an event: the clicking user's token on the portal, and the application's token. */
export interface EventAuth {
  readonly accessToken: string;
  readonly memberId: string;
  readonly applicationToken: string;
  readonly domain: string;
  /** `client_endpoint`: the portal's REST address (`https://<portal>/rest/`). */
  readonly clientEndpoint: string;
  /** The user the token belongs to, when the portal names one (`auth[user_id]`); 0 when it does not. */
  readonly userId: number;
}

/** A callback request (`ONEXTERNALCALLBACKSTART`): no `CALL_ID` and no user yet. */
export interface CallbackRequest {
  readonly phoneNumber: string;
  readonly text: string;
  readonly voice: string;
  readonly lineNumber?: string;
  readonly crmEntityType?: string;
  readonly crmEntityId?: number;
}

export type ParsedEvent =
  | { readonly ok: true; readonly event: 'ONEXTERNALCALLSTART'; readonly auth: EventAuth; readonly request: DialRequest }
  | { readonly ok: true; readonly event: 'ONEXTERNALCALLBACKSTART'; readonly auth: EventAuth; readonly callback: CallbackRequest }
  | { readonly ok: false; readonly problem: RelayInputProblem };

/** Why a POST is not an event the relay takes. `field` names the parameter, `reason` says what is wrong. */
export interface RelayInputProblem {
  readonly kind: 'badInput' | 'otherEvent';
  readonly field: string;
  readonly reason: string;
}

/** The most form fields read from one POST; an event has about twenty. */
export const MAX_EVENT_FIELDS = 200;

const BOUNDS = {
  event: 64,
  token: 256,
  memberId: 64,
  domain: 255,
  endpoint: 512,
  extension: 32,
  text: 2_000,
  voice: 64,
} as const;

/** Flat form fields (`data[CALL_ID]` → `data.CALL_ID`), from a body text or an already-parsed body (Express). */
export function eventFields(body: string | Readonly<Record<string, unknown>>): Map<string, string> {
  const fields = new Map<string, string>();
  const add = (key: string, value: unknown): void => {
    if (fields.size >= MAX_EVENT_FIELDS) return;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields.set(key, String(value));
  };
  if (typeof body === 'string') {
    for (const [key, value] of new URLSearchParams(body)) {
      if (fields.size >= MAX_EVENT_FIELDS) break;
      const match = /^(data|auth)\[([A-Za-z0-9_]{1,64})\]$/.exec(key);
      add(match ? `${match[1]}.${match[2]}` : key, value);
    }
    return fields;
  }
  for (const [key, value] of Object.entries(body)) {
    if ((key === 'data' || key === 'auth') && value !== null && typeof value === 'object') {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) add(`${key}.${inner}`, innerValue);
      continue;
    }
    const match = /^(data|auth)\[([A-Za-z0-9_]{1,64})\]$/.exec(key);
    add(match ? `${match[1]}.${match[2]}` : key, value);
  }
  return fields;
}

type Read<T> = { ok: true; value: T } | { ok: false; problem: RelayInputProblem };
const bad = (field: string, reason: string): { ok: false; problem: RelayInputProblem } => ({ ok: false, problem: { kind: 'badInput', field, reason } });

function text(fields: Map<string, string>, key: string, max: number, required: boolean): Read<string> {
  const value = fields.get(key);
  if (value === undefined || value === '') return required ? bad(key, 'missing') : { ok: true, value: '' };
  if (value.length > max) return bad(key, `longer than ${max} characters`);
  return { ok: true, value };
}

function positive(fields: Map<string, string>, key: string, required: boolean): Read<number> {
  const value = fields.get(key);
  if (value === undefined || value === '') return required ? bad(key, 'missing') : { ok: true, value: 0 };
  if (!/^\d{1,15}$/.test(value)) return bad(key, 'not a whole number');
  return { ok: true, value: Number(value) };
}

/** `IS_MOBILE` is `0`/`1` in the docs; `Y`/`N` and `true`/`false` are read the same way. */
function flag(fields: Map<string, string>, key: string): Read<boolean> {
  const value = (fields.get(key) ?? '0').toUpperCase();
  if (['1', 'Y', 'TRUE'].includes(value)) return { ok: true, value: true };
  if (['0', 'N', 'FALSE', ''].includes(value)) return { ok: true, value: false };
  return bad(key, 'not 0 or 1');
}

function authOf(fields: Map<string, string>): Read<EventAuth> {
  const applicationToken = text(fields, 'auth.application_token', BOUNDS.token, true);
  if (!applicationToken.ok) return applicationToken;
  const memberId = text(fields, 'auth.member_id', BOUNDS.memberId, true);
  if (!memberId.ok) return memberId;
  const accessToken = text(fields, 'auth.access_token', BOUNDS.token, false);
  if (!accessToken.ok) return accessToken;
  const domain = text(fields, 'auth.domain', BOUNDS.domain, false);
  if (!domain.ok) return domain;
  const clientEndpoint = text(fields, 'auth.client_endpoint', BOUNDS.endpoint, false);
  if (!clientEndpoint.ok) return clientEndpoint;
  const userId = positive(fields, 'auth.user_id', false);
  if (!userId.ok) return userId;
  return { ok: true, value: { applicationToken: applicationToken.value, memberId: memberId.value, accessToken: accessToken.value, domain: domain.value, clientEndpoint: clientEndpoint.value, userId: userId.value } };
}

/** The event's name, bounded; '' when absent. */
export function eventNameOf(fields: Map<string, string>): string {
  return (fields.get('event') ?? '').slice(0, BOUNDS.event).toUpperCase();
}

/** Reads the POST's fields into a dial request or a callback request. Never throws. */
export function parseRelayEvent(fields: Map<string, string>): ParsedEvent {
  const given = eventNameOf(fields);
  const name = RELAY_EVENTS.find((known) => known === given);
  if (name === undefined) return { ok: false, problem: { kind: 'otherEvent', field: 'event', reason: given === '' ? 'missing' : `${given} is not relayed` } };
  const auth = authOf(fields);
  if (!auth.ok) return auth;
  const phoneNumber = text(fields, 'data.PHONE_NUMBER', STRING_BOUNDS.phoneNumber, true);
  if (!phoneNumber.ok) return phoneNumber;
  const lineNumber = text(fields, 'data.LINE_NUMBER', STRING_BOUNDS.lineNumber, false);
  if (!lineNumber.ok) return lineNumber;
  const crmEntityType = text(fields, 'data.CRM_ENTITY_TYPE', STRING_BOUNDS.crmTypeName, false);
  if (!crmEntityType.ok) return crmEntityType;
  const crmEntityId = positive(fields, 'data.CRM_ENTITY_ID', false);
  if (!crmEntityId.ok) return crmEntityId;
  const crm = {
    ...(lineNumber.value !== '' ? { lineNumber: lineNumber.value } : {}),
    ...(crmEntityType.value !== '' ? { crmEntityType: crmEntityType.value } : {}),
    ...(crmEntityId.value > 0 ? { crmEntityId: crmEntityId.value } : {}),
  };
  if (name === 'ONEXTERNALCALLBACKSTART') {
    const spoken = text(fields, 'data.TEXT', BOUNDS.text, false);
    if (!spoken.ok) return spoken;
    const voice = text(fields, 'data.VOICE', BOUNDS.voice, false);
    if (!voice.ok) return voice;
    return { ok: true, event: name, auth: auth.value, callback: { phoneNumber: phoneNumber.value, text: spoken.value, voice: voice.value, ...crm } };
  }
  const callId = text(fields, 'data.CALL_ID', STRING_BOUNDS.callId, true);
  if (!callId.ok) return callId;
  const userId = positive(fields, 'data.USER_ID', true);
  if (!userId.ok) return userId;
  if (userId.value === 0) return bad('data.USER_ID', 'not a user');
  const international = text(fields, 'data.PHONE_NUMBER_INTERNATIONAL', STRING_BOUNDS.phoneNumber, false);
  if (!international.ok) return international;
  const extension = text(fields, 'data.EXTENSION', BOUNDS.extension, false);
  if (!extension.ok) return extension;
  const callListId = positive(fields, 'data.CALL_LIST_ID', false);
  if (!callListId.ok) return callListId;
  const isMobile = flag(fields, 'data.IS_MOBILE');
  if (!isMobile.ok) return isMobile;
  const request: DialRequest = {
    callId: callId.value,
    phoneNumber: phoneNumber.value,
    userId: userId.value,
    isMobile: isMobile.value,
    ...(international.value !== '' ? { phoneNumberInternational: international.value } : {}),
    ...(extension.value !== '' ? { extension: extension.value } : {}),
    ...(callListId.value > 0 ? { callListId: callListId.value } : {}),
    ...crm,
  };
  return { ok: true, event: name, auth: auth.value, request };
}
