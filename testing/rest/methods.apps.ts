/**
 * The methods around an application's line (host-behaviour §12): `event.bind`, the host's own
 * `voximplant.call.startViaRest` (click-to-call with the application's line: the portal
 * registers the call and sends `ONEXTERNALCALLSTART` to the application's server), and Push &
 * Pull for applications (`pull.application.config.get`, `pull.application.event.add`), with the
 * checks and error bodies of the portal's `voximplant` and `pull` modules.
 */
import type { Caller } from './auth';
import type { AppEvents } from './appEvents';
import type { MethodContext, MethodOutcome } from './methods';
import { METHODS } from './methods';
import { filledText, intOf, textOf } from './params';
import type { Params } from './params';
import type { PullBook } from './pull';

/** What the application methods need besides the call record's context. */
export interface AppsContext {
  readonly events: AppEvents;
  readonly pull: PullBook;
  /** The portal's administrators: they may send a pull event to any user. */
  readonly admins: readonly number[];
}

type Context = MethodContext & { readonly apps: AppsContext };
type Method = (params: Params, context: Context) => MethodOutcome;

const ok = (result: unknown): MethodOutcome => ({ ok: true, result });
const fail = (status: number, error: string, description: string): MethodOutcome => ({ ok: false, status, error, description });
const APP_AUTH_ONLY = 'Get access to application config available only for application authorization.';

/** What the portal does when an operator starts a call on an application's line (voximplant `Rest\Helper::startCall`). */
export interface PortalCall {
  readonly userId: number;
  readonly phoneNumber: string;
  readonly app: string;
  readonly lineNumber?: string;
  readonly entityType?: string;
  readonly entityId?: number;
  readonly callListId?: number;
  readonly extension?: string;
  readonly isMobile?: boolean;
}

/**
 * Registers the call as the portal does for click-to-call (no `EXTERNAL_CALL_ID`, `CRM_CREATE`,
 * no card) and builds the `ONEXTERNALCALLSTART` data; the caller posts it. The register's error
 * outcome when it fails.
 */
export function portalStartsCall(call: PortalCall, context: MethodContext): { ok: true; data: Record<string, unknown>; callId: string } | { ok: false; outcome: Extract<MethodOutcome, { ok: false }> } {
  const params = {
    USER_ID: call.userId,
    PHONE_NUMBER: call.phoneNumber,
    TYPE: 1,
    SHOW: 0,
    CRM_CREATE: 1,
    ...(call.lineNumber !== undefined ? { LINE_NUMBER: call.lineNumber } : {}),
    ...(call.entityType !== undefined ? { CRM_ENTITY_TYPE: call.entityType, CRM_ENTITY_ID: call.entityId ?? 0 } : {}),
  };
  context.calls.sweep();
  const caller: Caller = { userId: call.userId, app: call.app, via: 'in-process' };
  const outcome = METHODS['telephony.externalcall.register']!(params, { ...context, caller });
  if (!outcome.ok) return { ok: false, outcome };
  const result = outcome.result as { CALL_ID: string; CRM_ENTITY_TYPE: string; CRM_ENTITY_ID: number | null; CRM_CREATED_LEAD: number | null; CRM_CREATED_ENTITIES: { ENTITY_TYPE: string; ENTITY_ID: number }[] };
  const data = {
    CALL_ID: result.CALL_ID,
    PHONE_NUMBER: call.phoneNumber,
    PHONE_NUMBER_INTERNATIONAL: `+${call.phoneNumber.replace(/\D/g, '')}`,
    EXTENSION: call.extension ?? '',
    USER_ID: call.userId,
    CALL_LIST_ID: call.callListId ?? 0,
    LINE_NUMBER: call.lineNumber ?? '',
    IS_MOBILE: call.isMobile === true,
    CRM_ENTITY_TYPE: result.CRM_ENTITY_TYPE,
    CRM_ENTITY_ID: result.CRM_ENTITY_ID,
    CRM_CREATED_LEAD: result.CRM_CREATED_LEAD,
    CRM_CREATED_ENTITIES: result.CRM_CREATED_ENTITIES,
  };
  return { ok: true, data, callId: result.CALL_ID };
}

const bind: Method = (params, context) => {
  if (context.caller.via !== 'oauth') return fail(403, 'WRONG_AUTH_TYPE', 'Application context required');
  const event = filledText(params.EVENT ?? params.event);
  const handler = filledText(params.HANDLER ?? params.handler);
  if (event === null || handler === null) return fail(400, 'ERROR_REQUIRED_PARAMETERS_MISSING', 'Required parameters missing');
  if (!/^https?:\/\/[^\s]{1,2000}$/.test(handler)) return fail(400, 'ERROR_HANDLER_URL', 'Wrong handler URL');
  context.apps.events.bind(context.caller.app, event, handler);
  return ok(true);
};

/**
 * The host page's own call (session authentication only: the portal refuses it to an
 * application or a webhook). `LINE_ID` names the application's line, `REST_APP:<client_id>`
 * with an optional `:<line number>`; without one, the one application bound to
 * `ONEXTERNALCALLSTART` is the line (the default line of the portal, §12).
 */
const startViaRest: Method = (params, context) => {
  if (context.caller.via !== 'session' || context.caller.userId === null) return fail(403, 'WRONG_AUTH_TYPE', 'This method is only available for internal usage.');
  const number = filledText(params.NUMBER);
  if (number === null) return fail(400, 'ERROR_ARGUMENT', 'NUMBER is empty');
  const line = /^REST_APP:([^:]{1,128})(?::(.{1,128}))?$/.exec(textOf(params.LINE_ID) ?? '');
  const bound = context.apps.events.appsBoundTo('ONEXTERNALCALLSTART');
  const app = line?.[1] ?? (bound.length === 1 ? bound[0]! : null);
  if (app === null) return fail(400, 'ERROR_LINE', 'The line is not an application\'s line');
  const extra = params.PARAMS !== null && typeof params.PARAMS === 'object' ? (params.PARAMS as Record<string, unknown>) : {};
  const callListId = intOf(extra.CALL_LIST_ID) ?? 0;
  const entityType = filledText(extra.CRM_ENTITY_TYPE);
  const started = portalStartsCall(
    {
      userId: context.caller.userId,
      phoneNumber: number,
      app,
      ...(line?.[2] !== undefined ? { lineNumber: line[2] } : {}),
      ...(entityType !== null ? { entityType, entityId: intOf(extra.CRM_ENTITY_ID) ?? 0 } : {}),
      ...(callListId > 0 ? { callListId } : {}),
      ...(filledText(extra.EXTENSION) !== null ? { extension: filledText(extra.EXTENSION)! } : {}),
      isMobile: params.bx_mobile === 'Y',
    },
    context,
  );
  if (!started.ok) return started.outcome;
  context.apps.events.send(app, 'ONEXTERNALCALLSTART', started.data, context.caller.userId);
  if (params.SHOW === 'Y') METHODS['telephony.externalcall.show']!({ CALL_ID: started.callId, USER_ID: context.caller.userId }, context);
  return ok({ DATA: { CALL_ID: started.callId, CRM: { FOUND: started.data.CRM_ENTITY_TYPE !== '' ? 'Y' : 'N' } } });
};

const configGet: Method = (_params, context) => {
  if (context.caller.via !== 'oauth' || context.caller.userId === null) return fail(403, 'WRONG_AUTH_TYPE', APP_AUTH_ONLY);
  return ok(context.apps.pull.configFor(context.caller.app, context.caller.userId));
};

/** `CUtil::JsObjectToPhp` for the pull methods: a JSON text becomes its value; anything else stays as sent. */
function phpValueOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

const eventAdd: Method = (params, context) => {
  const { caller } = context;
  if (caller.via !== 'oauth' || caller.userId === null) return fail(403, 'WRONG_AUTH_TYPE', APP_AUTH_ONLY);
  let users: number[] | 'shared';
  if (context.apps.admins.includes(caller.userId)) {
    const given = phpValueOf(params.USER_ID);
    const list = Array.isArray(given) ? given : given !== null && typeof given === 'object' ? Object.values(given) : null;
    const ids = list === null ? [intOf(given) ?? 0] : [...new Set(list.map((id) => intOf(id) ?? 0))];
    const positive = ids.filter((id) => id > 0);
    users = positive.length > 0 ? positive : 'shared';
  } else if (params.USER_ID !== undefined) {
    // PHP's `===` against `$USER->GetId()`, a string: a JSON number is not the user's own id.
    if (params.USER_ID !== String(caller.userId)) return fail(400, 'USER_ID_ACCESS_ERROR', 'Only admin can send notifications to other channels');
    users = [caller.userId];
  } else users = 'shared';
  const moduleId = params.MODULE_ID === undefined ? 'application' : (textOf(params.MODULE_ID) ?? '');
  if (/[^a-z0-9._]/.test(moduleId)) return fail(400, 'MODULE_ID_ERROR', 'Module ID format error');
  const command = textOf(params.COMMAND) ?? '';
  if (!/^[\w:|.\-]+$/.test(command)) return fail(400, 'COMMAND_ERROR', 'Command format error');
  let eventParams: unknown = {};
  if (params.PARAMS !== undefined) {
    eventParams = phpValueOf(params.PARAMS);
    if (eventParams === null || typeof eventParams !== 'object') return fail(400, 'PARAMS_ERROR', 'Params format error');
  }
  context.apps.pull.publish(caller.app, users, { module_id: moduleId, command, params: eventParams });
  return ok(true);
};

/** The methods of this file, by lower-case name. */
export const APP_METHODS: Readonly<Record<string, Method>> = {
  'event.bind': bind,
  'voximplant.call.startviarest': startViaRest,
  'pull.application.config.get': configGet,
  'pull.application.event.add': eventAdd,
};
