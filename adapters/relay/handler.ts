/**
 * The application server's one handler for the portal's telephony events (host-behaviour
 * §12): checks the application token, parses the event into a dial request, and relays it
 * to the operator's browser with `pull.application.event.add`. For a callback it asks the
 * integrator which operator takes it, registers the call (`TYPE=4`) for them, and relays the
 * request with that `CALL_ID`. See docs/relay.md.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { DialRequest } from '../../protocol/dialRequest';
import { readBoundedBody } from '../../protocol/httpBody';
import { CALL_TYPES } from '../../protocol/rest';
import { eventFields, parseRelayEvent, type CallbackRequest, type EventAuth, type RelayInputProblem } from './event';
import { RELAY_COMMAND, RELAY_MODULE_ID, relayedParams } from './message';
import { restCallOf, type RestCall, type RestCallerOption } from './restCaller';

/** What became of one POST; the handler's promise resolves with it, and `onDiagnostic` hears every one that is not `relayed`. */
export type RelayOutcome =
  | { readonly kind: 'relayed'; readonly event: 'ONEXTERNALCALLSTART' | 'ONEXTERNALCALLBACKSTART'; readonly request: DialRequest; readonly memberId: string }
  | { readonly kind: 'wrongToken'; readonly message: string }
  | { readonly kind: 'badInput'; readonly problem: RelayInputProblem; readonly message: string }
  | { readonly kind: 'ignored'; readonly problem: RelayInputProblem; readonly message: string }
  | { readonly kind: 'tooLarge'; readonly message: string }
  | { readonly kind: 'unreadable'; readonly message: string }
  | { readonly kind: 'noOperator'; readonly callback: CallbackRequest; readonly message: string }
  | { readonly kind: 'relayFailed'; readonly step: 'pickOperator' | 'register' | 'relay'; readonly message: string };

/** Who takes a callback: the operator's `USER_ID`, or null when nobody can (the callback is reported, not registered). */
export type PickOperator = (callback: CallbackRequest, context: { readonly memberId: string; readonly auth: EventAuth }) => number | null | Promise<number | null>;

export interface RelayHandlerOptions {
  /** The application's token (`auth[application_token]` of its events, given at install): every POST without it is refused 401. */
  readonly applicationToken: string;
  /** How REST is called: a function, a `@bitrix24/b24jssdk` client, or `callWithEventAuth` (the event's own token). */
  readonly rest: RestCallerOption;
  /** For `ONEXTERNALCALLBACKSTART`: picks the operator. Without it callbacks are answered `ignored`. */
  readonly pickOperator?: PickOperator;
  /** Register the callback's call with `SHOW=1` (the card raised with Call; true by default, as §12 describes). */
  readonly showCallbackCard?: boolean;
  /** Every outcome but `relayed` (and `relayed` too): a typed report, never a throw. */
  readonly onDiagnostic?: (outcome: RelayOutcome) => void;
  /** The largest body read (64 KiB by default); an event is about 1 KiB. */
  readonly maxBodyBytes?: number;
}

/** A Node `(req, res)` handler; its promise resolves with the outcome and never rejects. */
export type RelayHandler = (request: IncomingMessage & { body?: unknown }, response: ServerResponse) => Promise<RelayOutcome>;

export const DEFAULT_RELAY_MAX_BODY_BYTES = 64 * 1024;

/** Constant-time comparison: the time taken does not depend on where the two differ. */
function sameToken(given: string, expected: Buffer): boolean {
  const candidate = Buffer.from(given, 'utf8');
  // Compared at the expected length either way, so a wrong length takes as long as a wrong byte.
  const padded = Buffer.alloc(expected.length);
  candidate.copy(padded, 0, 0, Math.min(candidate.length, expected.length));
  return timingSafeEqual(padded, expected) && candidate.length === expected.length;
}

const STATUS: Record<RelayOutcome['kind'], number> = { relayed: 200, wrongToken: 401, badInput: 400, ignored: 202, tooLarge: 413, unreadable: 400, noOperator: 202, relayFailed: 502 };

/**
 * Creates the handler. Setup mistakes (no token, no REST caller) throw a TypeError here; at run
 * time nothing throws: each POST is answered with a status and reported as a {@link RelayOutcome}.
 */
export function createRelayHandler(options: RelayHandlerOptions): RelayHandler {
  if (options === null || typeof options !== 'object') throw new TypeError('createRelayHandler(options): options must be an object');
  if (typeof options.applicationToken !== 'string' || options.applicationToken.length < 8 || options.applicationToken.length > 256) {
    throw new TypeError('createRelayHandler(options): applicationToken must be the application token the portal sends in auth[application_token] (8–256 characters)');
  }
  const rest: RestCall = restCallOf(options.rest, 'createRelayHandler(options): rest');
  if (options.pickOperator !== undefined && typeof options.pickOperator !== 'function') throw new TypeError('createRelayHandler(options): pickOperator must be a function (callback) => operator USER_ID');
  if (options.onDiagnostic !== undefined && typeof options.onDiagnostic !== 'function') throw new TypeError('createRelayHandler(options): onDiagnostic must be a function');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_RELAY_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) throw new TypeError('createRelayHandler(options): maxBodyBytes must be a positive whole number');
  const expected = Buffer.from(options.applicationToken, 'utf8');
  const showCallbackCard = options.showCallbackCard ?? true;

  const report = (outcome: RelayOutcome): RelayOutcome => {
    try {
      options.onDiagnostic?.(outcome);
    } catch {
      // The integrator's hook must not change what the portal is answered.
    }
    return outcome;
  };
  const failed = (step: 'pickOperator' | 'register' | 'relay', error: unknown): RelayOutcome => ({ kind: 'relayFailed', step, message: String(error instanceof Error ? error.message : error).slice(0, 500) });

  const relay = async (auth: EventAuth, request: DialRequest): Promise<RelayOutcome | null> => {
    try {
      // USER_ID as a string: the portal compares it with the caller's own id as a string for a non-admin token.
      await rest('pull.application.event.add', { COMMAND: RELAY_COMMAND, MODULE_ID: RELAY_MODULE_ID, USER_ID: String(request.userId), PARAMS: relayedParams(auth.memberId, request) }, { auth });
      return null;
    } catch (error) {
      return failed('relay', error);
    }
  };

  const callback = async (auth: EventAuth, data: CallbackRequest): Promise<RelayOutcome> => {
    if (options.pickOperator === undefined) return { kind: 'ignored', problem: { kind: 'otherEvent', field: 'event', reason: 'no pickOperator: callbacks are not relayed' }, message: 'ONEXTERNALCALLBACKSTART ignored: the handler has no pickOperator' };
    let operator: number | null;
    try {
      operator = await options.pickOperator(data, { memberId: auth.memberId, auth });
    } catch (error) {
      return failed('pickOperator', error);
    }
    if (operator === null || !Number.isSafeInteger(operator) || operator <= 0) return { kind: 'noOperator', callback: data, message: `No operator for the callback to ${data.phoneNumber}` };
    let callId: unknown;
    try {
      const registered = await rest(
        'telephony.externalcall.register',
        {
          USER_ID: operator,
          PHONE_NUMBER: data.phoneNumber,
          TYPE: CALL_TYPES.callback,
          SHOW: showCallbackCard ? 1 : 0,
          ...(data.lineNumber !== undefined ? { LINE_NUMBER: data.lineNumber } : {}),
          ...(data.crmEntityType !== undefined && data.crmEntityId !== undefined ? { CRM_ENTITY_TYPE: data.crmEntityType, CRM_ENTITY_ID: data.crmEntityId } : {}),
        },
        { auth },
      );
      callId = (registered as { CALL_ID?: unknown } | null)?.CALL_ID;
    } catch (error) {
      return failed('register', error);
    }
    if (typeof callId !== 'string' || callId === '' || callId.length > 128) return failed('register', 'telephony.externalcall.register answered no CALL_ID');
    const request: DialRequest = { callId, phoneNumber: data.phoneNumber, userId: operator, isMobile: false, ...(data.lineNumber !== undefined ? { lineNumber: data.lineNumber } : {}), ...(data.crmEntityType !== undefined ? { crmEntityType: data.crmEntityType } : {}), ...(data.crmEntityId !== undefined ? { crmEntityId: data.crmEntityId } : {}) };
    return (await relay(auth, request)) ?? { kind: 'relayed', event: 'ONEXTERNALCALLBACKSTART', request, memberId: auth.memberId };
  };

  const handle = async (request: IncomingMessage & { body?: unknown }): Promise<RelayOutcome> => {
    let fields: Map<string, string>;
    // A body parser mounted before (Express's urlencoded) has read the stream already: its result is used.
    if (request.body !== undefined && request.body !== null && typeof request.body === 'object' && !Buffer.isBuffer(request.body)) fields = eventFields(request.body as Record<string, unknown>);
    else {
      const read = typeof request.body === 'string' ? { kind: 'read' as const, text: request.body } : Buffer.isBuffer(request.body) ? { kind: 'read' as const, text: request.body.toString('utf8') } : await readBoundedBody(request, maxBodyBytes);
      if (read.kind === 'failed') return { kind: 'unreadable', message: 'The request body could not be read (the connection failed)' };
      if (read.kind === 'tooLarge' || read.text.length > maxBodyBytes) return { kind: 'tooLarge', message: `The body is larger than ${maxBodyBytes} bytes` };
      const text = read.text;
      fields = eventFields(text);
    }
    // The token first: nothing of an unauthenticated POST is read further, or reported back.
    if (!sameToken(fields.get('auth.application_token') ?? '', expected)) return { kind: 'wrongToken', message: 'auth[application_token] is missing or not this application\'s' };
    const parsed = parseRelayEvent(fields);
    if (!parsed.ok) {
      const message = `${parsed.problem.field}: ${parsed.problem.reason}`;
      return parsed.problem.kind === 'otherEvent' ? { kind: 'ignored', problem: parsed.problem, message } : { kind: 'badInput', problem: parsed.problem, message };
    }
    if (parsed.event === 'ONEXTERNALCALLBACKSTART') return callback(parsed.auth, parsed.callback);
    return (await relay(parsed.auth, parsed.request)) ?? { kind: 'relayed', event: parsed.event, request: parsed.request, memberId: parsed.auth.memberId };
  };

  return async (request, response) => {
    let outcome: RelayOutcome;
    try {
      outcome = await handle(request);
    } catch (error) {
      outcome = failed('relay', error);
    }
    report(outcome);
    try {
      const body = JSON.stringify(outcome.kind === 'relayed' ? { result: true } : { error: outcome.kind });
      // A refused body may still be arriving: the connection is not kept for another request.
      response.writeHead(STATUS[outcome.kind], { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...(outcome.kind === 'tooLarge' ? { Connection: 'close' } : {}) });
      response.end(body);
    } catch {
      // The portal went away: the outcome stands.
    }
    return outcome;
  };
}
