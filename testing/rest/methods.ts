/**
 * The REST methods of the call record, as host-behaviour.md §8 and the b24restdocs
 * telephony pages describe them. Each takes the request's parameters and answers a result
 * or an error; none throws for what a client sent.
 */
import { CALL_TYPES } from '../../protocol';
import type { Caller } from './auth';
import type { CallBook, StatisticsRow } from './callBook';
import type { CrmBook } from './crm';
import { directionOfType } from './hostLink';
import type { CardCall, HostLink } from './hostLink';
import { filledText, flagOf, intOf, phoneKey, textOf, userIdsOf } from './params';
import type { Params } from './params';
import { REST_MESSAGES, isIsoWithZone } from './wire';

export type MethodOutcome =
  | { readonly ok: true; readonly result: unknown; readonly total?: number; readonly next?: number }
  | { readonly ok: false; readonly status: number; readonly error: string; readonly description: string };

/**
 * How the portal spells the `error` of the errors its code raises without a code
 * (`RestException`'s default `""`): `'empty'` as it most often answers, or `'ERROR_CORE'` as the docs print.
 */
export type CoreErrorCode = 'empty' | 'ERROR_CORE';
/** The same, for the finish's "Call is not found" alone. */
export type FinishNotFoundError = CoreErrorCode;

/** Who may read `voximplant.statistic.get`: every row, only the caller's own rows, or nobody (403). */
export type StatisticsAccess = 'all' | 'own' | 'none';

export interface MethodContext {
  readonly calls: CallBook;
  readonly crm: CrmBook;
  /** The host page of a user, whose card the call drives; undefined when the user has none. */
  readonly hostFor: (userId: number) => HostLink | undefined;
  readonly caller: Caller;
  readonly finishNotFound: FinishNotFoundError;
  readonly coreErrorCode: CoreErrorCode;
  readonly users: readonly number[] | null;
  readonly statisticsAccess: (userId: number | null) => StatisticsAccess;
  readonly uploadUrl: (callId: string) => string;
}

type Method = (params: Params, context: MethodContext) => MethodOutcome;

const ok = (result: unknown, extra?: { total: number; next?: number }): MethodOutcome => ({ ok: true, result, ...extra });
const fail = (status: number, error: string, description: string): MethodOutcome => ({ ok: false, status, error, description });
/** A 400 the portal's code raises without an error code. */
const coreError = (context: MethodContext, description: string): MethodOutcome => fail(400, context.coreErrorCode === 'empty' ? '' : 'ERROR_CORE', description);


const TYPES: readonly number[] = Object.values(CALL_TYPES);
const PAGE = 50;

/** The USER_ID a method is called for (USER_PHONE_INNER is not modelled: it reads as an unknown user). */
function userIdOf(params: Params, context: MethodContext): number | MethodOutcome {
  const userId = intOf(params.USER_ID);
  if (userId === null || userId <= 0) {
    return filledText(params.USER_PHONE_INNER) === null ? coreError(context, REST_MESSAGES.userRequired) : coreError(context, REST_MESSAGES.userNotFound);
  }
  return userId;
}

/** Whether the user is an active portal user (any positive id when the double was given no list). */
function activeUser(userId: number, context: MethodContext): MethodOutcome | null {
  return context.users !== null && !context.users.includes(userId) ? coreError(context, REST_MESSAGES.userNotFound) : null;
}

function cardOf(call: { CALL_ID: string; PHONE_NUMBER: string; LINE_NUMBER: string | null; CRM_ENTITY_TYPE: string; CRM_ENTITY_ID: number; TYPE: number }): CardCall {
  return {
    CALL_ID: call.CALL_ID,
    PHONE_NUMBER: call.PHONE_NUMBER,
    LINE_NUMBER: call.LINE_NUMBER ?? '',
    LINE_NAME: '',
    CRM_ENTITY_TYPE: call.CRM_ENTITY_TYPE,
    CRM_ENTITY_ID: call.CRM_ENTITY_ID,
    CRM_BINDINGS: call.CRM_ENTITY_TYPE === '' ? [] : [{ ENTITY_TYPE: call.CRM_ENTITY_TYPE, ENTITY_ID: call.CRM_ENTITY_ID }],
    CALL_DIRECTION: directionOfType(call.TYPE),
  };
}

// The order of the checks is the portal's: the REST method's own (user given, TYPE, date), then
// the helper's (the number, then whether the user is active).
const register: Method = (params, context) => {
  const userId = userIdOf(params, context);
  if (typeof userId !== 'number') return userId;
  const type = intOf(params.TYPE);
  if (type === null || !TYPES.includes(type)) return coreError(context, REST_MESSAGES.unknownType);
  const startDate = params.CALL_START_DATE;
  if (startDate !== undefined && startDate !== '' && !isIsoWithZone(startDate)) return coreError(context, REST_MESSAGES.badStartDate);
  const phone = textOf(params.PHONE_NUMBER) ?? '';
  // `hidden` (a withheld number) and any other text without a digit cannot be registered.
  if (phoneKey(phone) === '') return coreError(context, REST_MESSAGES.unsupportedPhoneNumber);
  const inactive = activeUser(userId, context);
  if (inactive !== null) return inactive;
  const line = filledText(textOf(params.LINE_NUMBER)?.trim());
  // Given means given, even empty (PHP's isset): an empty EXTERNAL_CALL_ID is a dedup key too.
  const externalId = textOf(params.EXTERNAL_CALL_ID);
  const show = flagOf(params.SHOW) ?? 1;

  const repeat = context.calls.findRepeat({ app: context.caller.app, USER_ID: userId, PHONE_NUMBER: phone, TYPE: type, LINE_NUMBER: line, EXTERNAL_CALL_ID: externalId });
  let created: { type: string; id: number } | null = null;
  let call = repeat;
  if (call === undefined) {
    let entityType = filledText(params.CRM_ENTITY_TYPE) ?? '';
    let entityId = entityType === '' ? 0 : (intOf(params.CRM_ENTITY_ID) ?? 0);
    if (entityType === '') {
      const found = context.crm.find(phone)[0];
      if (found !== undefined) {
        entityType = found.type;
        entityId = found.id;
      } else if (flagOf(params.CRM_CREATE) === 1) {
        const lead = context.crm.createLead(phone, userId);
        created = { type: lead.type, id: lead.id };
        entityType = lead.type;
        entityId = lead.id;
      }
    }
    call = context.calls.add({
      USER_ID: userId,
      PHONE_NUMBER: phone,
      TYPE: type,
      LINE_NUMBER: line,
      EXTERNAL_CALL_ID: externalId,
      CALL_START_DATE: typeof startDate === 'string' && startDate !== '' ? startDate : null,
      CRM_ENTITY_TYPE: entityType,
      CRM_ENTITY_ID: entityId,
      app: context.caller.app,
    });
  }
  // A repeat pushes the card again too (unverified); the host drops it while a card is open.
  if (show === 1) context.hostFor(userId)?.showCard(cardOf(call));
  return ok({
    CALL_ID: call.CALL_ID,
    CRM_CREATED_LEAD: created?.id ?? null,
    CRM_CREATED_ENTITIES: created === null ? [] : [{ ENTITY_TYPE: created.type, ENTITY_ID: created.id }],
    CRM_ENTITY_TYPE: call.CRM_ENTITY_TYPE,
    CRM_ENTITY_ID: call.CRM_ENTITY_ID === 0 ? null : call.CRM_ENTITY_ID,
  });
};

const finish: Method = (params, context) => {
  const userId = userIdOf(params, context);
  if (typeof userId !== 'number') return userId;
  // A missing CALL_ID is not a string either (PHP's is_string).
  if (typeof params.CALL_ID !== 'string') return fail(400, 'INVALID_ARGUMENT', REST_MESSAGES.callIdNotString);
  const call = context.calls.get(params.CALL_ID);
  // Finished (deleted), never registered and expired all read the same, without the closing parenthesis.
  if (call === undefined) return fail(400, context.finishNotFound === 'empty' ? '' : 'ERROR_CORE', REST_MESSAGES.callNotFound);
  const inactive = activeUser(userId, context);
  if (inactive !== null) return inactive;
  // `(int)` as the portal casts it: a negative duration is stored as sent (and reads as missed).
  const duration = intOf(params.DURATION) ?? 0;
  // Stored as sent (the portal does not check the range); 0 when absent.
  const vote = intOf(params.VOTE) ?? 0;
  // PHP's `?:`: an empty or "0" STATUS_CODE takes the default too.
  const statusCode = filledText(params.STATUS_CODE);
  const row = context.calls.finish(call, {
    USER_ID: userId,
    DURATION: duration,
    STATUS_CODE: statusCode !== null && statusCode !== '0' ? statusCode : duration > 0 ? '200' : '304',
    FAILED_REASON: textOf(params.FAILED_REASON) ?? '',
    VOTE: vote,
    COST: Number(textOf(params.COST) ?? 0) || 0,
    COST_CURRENCY: textOf(params.COST_CURRENCY) ?? '',
    ADD_TO_CHAT: flagOf(params.ADD_TO_CHAT),
  });
  // The card goes for the finishing user only.
  context.hostFor(userId)?.closeCard(call.CALL_ID);
  const { CALL_TYPE, RECORD_FILE_ID: _file, ...rest } = row;
  return ok({ ...rest, INCOMING: String(CALL_TYPE) });
};

function cardUsers(params: Params, fallback: number): number[] {
  const ids = userIdsOf(params.USER_ID);
  return ids.length > 0 ? ids : [fallback];
}

const hide: Method = (params, context) => {
  const call = context.calls.get(textOf(params.CALL_ID) ?? '');
  if (call === undefined) return ok(false);
  for (const userId of cardUsers(params, call.USER_ID)) context.hostFor(userId)?.closeCard(call.CALL_ID);
  return ok(true);
};

const show: Method = (params, context) => {
  const call = context.calls.get(textOf(params.CALL_ID) ?? '');
  if (call === undefined) return ok(false);
  for (const userId of cardUsers(params, call.USER_ID)) context.hostFor(userId)?.showCard(cardOf(call));
  return ok(true);
};

const attachRecord: Method = (params, context) => {
  // PHP's isset: an empty FILENAME is given (and answered "File name is empty" once there is content).
  const given = (value: unknown) => value !== undefined && value !== null;
  const url = given(params.RECORD_URL) ? (textOf(params.RECORD_URL) ?? '') : null;
  const fileName = given(params.FILENAME) ? (textOf(params.FILENAME) ?? '') : null;
  if (url === null && fileName === null) return coreError(context, REST_MESSAGES.recordParamsMissing);
  const callId = textOf(params.CALL_ID) ?? '';
  if (context.calls.row(callId) === undefined) return coreError(context, REST_MESSAGES.notInStatistics);
  if (url !== null) {
    if (/^https?:\/\/(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[::1\])/i.test(url)) return coreError(context, 'Record URL resolves to a non-public address and was blocked.');
    return ok({ FILE_ID: context.calls.attachFile(callId) });
  }
  const content = params.FILE_CONTENT;
  // Without content the portal hands out an upload URL at once; the file's name is checked at upload.
  if (!given(content)) return ok({ uploadUrl: context.uploadUrl(callId), fieldName: 'file' });
  if (fileName === null || fileName === '') return coreError(context, REST_MESSAGES.fileNameEmpty);
  if (!/\.(wav|mp3)$/i.test(fileName)) return coreError(context, REST_MESSAGES.wrongExtension);
  const text = textOf(content) ?? '';
  if (text === '') return coreError(context, 'File content is empty.');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return coreError(context, 'File content is not properly encoded. Base64 encoding is expected.');
  return ok({ FILE_ID: context.calls.attachFile(callId) });
};

const searchCrmEntities: Method = (params, context) => {
  const phone = filledText(params.PHONE_NUMBER);
  if (phone === null) return coreError(context, REST_MESSAGES.phoneNumberEmpty);
  return ok(context.crm.search(phone));
};

/** `FILTER` keys may carry an operator: `>CALL_DURATION`, `<=CALL_START_DATE`, `!CALL_FAILED_CODE`, `=CALL_ID`. */
function matches(row: StatisticsRow, filter: Readonly<Record<string, unknown>>): boolean {
  for (const [rawKey, expected] of Object.entries(filter)) {
    const [, operator = '', field = ''] = /^(>=|<=|>|<|!=|!|=)?(.*)$/.exec(rawKey) ?? [];
    const actual = (row as unknown as Record<string, unknown>)[field];
    const wanted = Array.isArray(expected) ? expected.map(String) : [String(expected)];
    const number = Number(actual);
    const bound = Number(expected);
    const comparable = Number.isFinite(number) && Number.isFinite(bound) ? [number, bound] : [String(actual), String(expected)];
    const [a, b] = comparable as [number | string, number | string];
    const pass =
      operator === '>' ? a > b : operator === '>=' ? a >= b : operator === '<' ? a < b : operator === '<=' ? a <= b : operator === '!' || operator === '!=' ? !wanted.includes(String(actual)) : wanted.includes(String(actual));
    if (!pass) return false;
  }
  return true;
}

const statisticGet: Method = (params, context) => {
  const access = context.statisticsAccess(context.caller.userId);
  if (access === 'none') return fail(403, 'ACCESS_DENIED', REST_MESSAGES.accessDenied);
  const filter = params.FILTER !== null && typeof params.FILTER === 'object' ? (params.FILTER as Record<string, unknown>) : {};
  let rows = context.calls.statistics.filter((row) => matches(row, filter));
  if (access === 'own') rows = rows.filter((row) => row.PORTAL_USER_ID === context.caller.userId);
  const sort = filledText(params.SORT);
  if (sort !== null) {
    const direction = String(params.ORDER ?? 'ASC').toUpperCase() === 'DESC' ? -1 : 1;
    rows = [...rows].sort((x, y) => {
      const a = (x as unknown as Record<string, unknown>)[sort];
      const b = (y as unknown as Record<string, unknown>)[sort];
      const order = Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? Number(a) - Number(b) : String(a).localeCompare(String(b));
      return Math.sign(order) * direction;
    });
  }
  const start = Math.max(0, intOf(params.start) ?? 0);
  const page = rows.slice(start, start + PAGE);
  return ok(page, start + PAGE < rows.length ? { total: rows.length, next: start + PAGE } : { total: rows.length });
};

/** The methods the double implements, by their lower-cased names (Bitrix24 method names are case-insensitive). */
export const METHODS: Readonly<Record<string, Method>> = {
  'telephony.externalcall.register': register,
  'telephony.externalcall.finish': finish,
  'telephony.externalcall.hide': hide,
  'telephony.externalcall.show': show,
  'telephony.externalcall.attachrecord': attachRecord,
  'telephony.externalcall.searchcrmentities': searchCrmEntities,
  'voximplant.statistic.get': statisticGet,
};
