import type { CallCardTabStatus } from '../../protocol/callCardTab';

/**
 * The card's fields as the tab's `getStatus` gives them (host-behaviour §11), parsed: the
 * answer is JSON, so a key whose value was undefined is absent; `PHONE_NUMBER` is `'hidden'`
 * when no number was given; `CRM_ENTITY_ID` is an integer; `CRM_ACTIVITY_ID` an integer, `''`
 * after a CRM change, or absent; `CALL_LIST_MODE` a boolean. `null` here means "the host did
 * not say". The host's `CALL_STATE` is kept only as `hostCallState`: for an external card it
 * says `connected` for the card's whole life, so the tab's view takes the call from the phone.
 */
export interface TabStatus {
  readonly callId: string | null;
  /** The number, or null when the host said `'hidden'` or nothing. */
  readonly phoneNumber: string | null;
  /** The host said `'hidden'`: no number was given for the call. */
  readonly numberHidden: boolean;
  readonly lineNumber: string | null;
  readonly lineName: string | null;
  readonly crmEntityType: string | null;
  readonly crmEntityId: number | null;
  /** null when absent or `''` (the host clears it after a CRM change). */
  readonly crmActivityId: number | null;
  readonly crmBindings: readonly { readonly entityType: string; readonly entityId: number }[];
  readonly direction: string | null;
  /** What the host's `CALL_STATE` says; not the call's state (SC-T3). */
  readonly hostCallState: string | null;
  readonly callListMode: boolean;
}

/** `CallCard::EntityChanged`'s data, parsed. */
export interface TabEntity {
  readonly crmEntityType: string | null;
  readonly crmEntityId: number | null;
  readonly phoneNumber: string | null;
  readonly numberHidden: boolean;
}

/** The longest text taken from the host (a field longer than this is cut and reported). */
export const MAX_FIELD_LENGTH = 256;
const MAX_BINDINGS = 50;

type Fields = Readonly<Record<string, unknown>>;

function text(fields: Fields, key: string, problems: string[]): string | null {
  const value = fields[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') {
    problems.push(`${key} is a ${typeof value}, not text`);
    return null;
  }
  const string = String(value);
  if (string.length > MAX_FIELD_LENGTH) {
    problems.push(`${key} is longer than ${MAX_FIELD_LENGTH} characters: cut`);
    return string.slice(0, MAX_FIELD_LENGTH);
  }
  return string;
}

/** An integer id: a number, or its decimal text (the handler page's POST form); `''` is none. */
function integer(fields: Fields, key: string, problems: string[]): number | null {
  const value = fields[key];
  if (value === undefined || value === null || value === '') return null;
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(parsed)) {
    problems.push(`${key} is not an integer: ${String(value).slice(0, 40)}`);
    return null;
  }
  return parsed;
}

function phone(fields: Fields, problems: string[]): { phoneNumber: string | null; numberHidden: boolean } {
  const number = text(fields, 'PHONE_NUMBER', problems);
  if (number === 'hidden') return { phoneNumber: null, numberHidden: true };
  return { phoneNumber: number === '' ? null : number, numberHidden: false };
}

function bindings(value: unknown, problems: string[]): TabStatus['crmBindings'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push('CRM_BINDINGS is not a list');
    return [];
  }
  const out: { entityType: string; entityId: number }[] = [];
  for (const item of value.slice(0, MAX_BINDINGS)) {
    const fields = typeof item === 'object' && item !== null ? (item as Fields) : {};
    const entityType = text(fields, 'ENTITY_TYPE', problems);
    const entityId = integer(fields, 'ENTITY_ID', problems);
    if (entityType === null || entityId === null) problems.push('a CRM binding without ENTITY_TYPE or ENTITY_ID was left out');
    else out.push({ entityType, entityId });
  }
  if (value.length > MAX_BINDINGS) problems.push(`CRM_BINDINGS has more than ${MAX_BINDINGS} entries: the rest were left out`);
  return out;
}

/** `CALL_LIST_MODE`: a boolean in JSON, `"true"`/`"false"` in the POST form; anything else is false and reported. */
function flag(value: unknown, problems: string[]): boolean {
  if (value === undefined || value === true || value === false) return value === true;
  if (value === 'true' || value === 'false') return value === 'true';
  problems.push(`CALL_LIST_MODE is not a boolean: ${String(value).slice(0, 40)}`);
  return false;
}

/**
 * Parses `getStatus`'s answer (the first element when the host wraps it in a list). Never throws:
 * null with the problems when it is not an object; otherwise the status with what did not fit.
 */
export function parseTabStatus(raw: unknown): { readonly status: TabStatus | null; readonly problems: readonly string[] } {
  const answer = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return { status: null, problems: [`getStatus answered ${Array.isArray(answer) ? 'a list' : typeof answer}, not the card's fields`] };
  const fields = answer as CallCardTabStatus & Fields;
  const problems: string[] = [];
  const status: TabStatus = {
    callId: text(fields, 'CALL_ID', problems),
    ...phone(fields, problems),
    lineNumber: text(fields, 'LINE_NUMBER', problems),
    lineName: text(fields, 'LINE_NAME', problems),
    crmEntityType: text(fields, 'CRM_ENTITY_TYPE', problems),
    crmEntityId: integer(fields, 'CRM_ENTITY_ID', problems),
    crmActivityId: integer(fields, 'CRM_ACTIVITY_ID', problems),
    crmBindings: bindings(fields.CRM_BINDINGS, problems),
    direction: text(fields, 'CALL_DIRECTION', problems),
    hostCallState: text(fields, 'CALL_STATE', problems),
    callListMode: flag(fields.CALL_LIST_MODE, problems),
  };
  return { status, problems };
}

/** Parses `CallCard::EntityChanged`'s data; null with the problem when it is not an object. */
export function parseTabEntity(raw: unknown): { readonly entity: TabEntity | null; readonly problems: readonly string[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { entity: null, problems: [`EntityChanged carried ${typeof raw}, not the entity`] };
  const fields = raw as Fields;
  const problems: string[] = [];
  return { entity: { crmEntityType: text(fields, 'CRM_ENTITY_TYPE', problems), crmEntityId: integer(fields, 'CRM_ENTITY_ID', problems), ...phone(fields, problems) }, problems };
}
