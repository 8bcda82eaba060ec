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

/** How the portal spells the `error` of "Call is not found" on a second finish: `""` most often. */
export type FinishNotFoundError = 'empty' | 'ERROR_CORE';

/** Who may read `voximplant.statistic.get`: every row, only the caller's own rows, or nobody (403). */
export type StatisticsAccess = 'all' | 'own' | 'none';

export interface MethodContext {
  readonly calls: CallBook;
  readonly crm: CrmBook;
  /** The host page of a user, whose card the call drives; undefined when the user has none. */
  readonly hostFor: (userId: number) => HostLink | undefined;
  readonly caller: Caller;
  readonly finishNotFound: FinishNotFoundError;
  readonly users: readonly number[] | null;
  readonly statisticsAccess: (userId: number | null) => StatisticsAccess;
  readonly uploadUrl: (callId: string) => string;
}

type Method = (params: Params, context: MethodContext) => MethodOutcome;

const ok = (result: unknown, extra?: { total: number; next?: number }): MethodOutcome => ({ ok: true, result, ...extra });
const fail = (status: number, error: string, description: string): MethodOutcome => ({ ok: false, status, error, description });
const core = (description: string): MethodOutcome => fail(400, 'ERROR_CORE', description);

const TYPES: readonly number[] = Object.values(CALL_TYPES);
const PAGE = 50;

/** The user a call is for: USER_ID, checked against the portal's users when the double knows them. */
function userOf(params: Params, context: MethodContext): number | MethodOutcome {
  const userId = intOf(params.USER_ID);
  if (userId === null || userId <= 0) {
    return filledText(params.USER_PHONE_INNER) === null ? core(REST_MESSAGES.userRequired) : core(REST_MESSAGES.userNotFound);
  }
  if (context.users !== null && !context.users.includes(userId)) return core(REST_MESSAGES.userNotFound);
  return userId;
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

const register: Method = (params, context) => {
  const userId = userOf(params, context);
  if (typeof userId !== 'number') return userId;
  const type = intOf(params.TYPE);
  if (type === null || !TYPES.includes(type)) return core(REST_MESSAGES.unknownType);
  const startDate = params.CALL_START_DATE;
  if (startDate !== undefined && startDate !== '' && !isIsoWithZone(startDate)) return core(REST_MESSAGES.badStartDate);
  const phone = textOf(params.PHONE_NUMBER) ?? '';
  // `hidden` (a withheld number) and any other text without a digit cannot be registered.
  if (phoneKey(phone) === '') return core(REST_MESSAGES.unsupportedPhoneNumber);
  const line = filledText(params.LINE_NUMBER);
  const externalId = filledText(params.EXTERNAL_CALL_ID);
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
    CRM_ENTITY_ID: call.CRM_ENTITY_ID,
  });
};

const finish: Method = (params, context) => {
  if (params.CALL_ID !== undefined && typeof params.CALL_ID !== 'string' && typeof params.CALL_ID !== 'number') return fail(400, 'INVALID_ARGUMENT', REST_MESSAGES.callIdNotString);
  const userId = userOf(params, context);
  if (typeof userId !== 'number') return userId;
  const call = context.calls.get(textOf(params.CALL_ID) ?? '');
  // Finished (deleted), never registered and expired all read the same, without the closing parenthesis.
  if (call === undefined) return fail(400, context.finishNotFound === 'empty' ? '' : 'ERROR_CORE', REST_MESSAGES.callNotFound);
  const duration = Math.max(0, intOf(params.DURATION) ?? 0);
  const vote = intOf(params.VOTE);
  const row = context.calls.finish(call, {
    USER_ID: userId,
    DURATION: duration,
    STATUS_CODE: filledText(params.STATUS_CODE) ?? (duration > 0 ? '200' : '304'),
    FAILED_REASON: textOf(params.FAILED_REASON) ?? '',
    VOTE: vote !== null && vote >= 1 && vote <= 5 ? vote : 0,
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
  const url = filledText(params.RECORD_URL);
  const fileName = filledText(params.FILENAME);
  if (url === null && fileName === null) return fail(400, '', REST_MESSAGES.recordParamsMissing);
  if (fileName !== null && !/\.(wav|mp3)$/i.test(fileName)) return core(REST_MESSAGES.wrongExtension);
  const callId = textOf(params.CALL_ID) ?? '';
  if (context.calls.row(callId) === undefined) return fail(400, '', REST_MESSAGES.notInStatistics);
  if (url !== null) {
    if (/^https?:\/\/(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|\[::1\])/i.test(url)) return fail(400, '', 'Record URL resolves to a non-public address and was blocked.');
    return ok({ FILE_ID: context.calls.attachFile(callId) });
  }
  const content = params.FILE_CONTENT;
  if (content === undefined) return ok({ uploadUrl: context.uploadUrl(callId), fieldName: 'file' });
  const text = textOf(content) ?? '';
  if (text === '') return core('File content is empty.');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return core('File content is not properly encoded. Base64 encoding is expected.');
  return ok({ FILE_ID: context.calls.attachFile(callId) });
};

const searchCrmEntities: Method = (params, context) => {
  const phone = filledText(params.PHONE_NUMBER);
  if (phone === null) return core(REST_MESSAGES.phoneNumberEmpty);
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
