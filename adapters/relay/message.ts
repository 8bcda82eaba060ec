/**
 * The relayed message: what the server helper sends with `pull.application.event.add` and
 * what the owner's pull subscription reads back. Both ends use this one file, so the wire
 * format is defined once. The browser reads it as input from the network: validated again,
 * bounded, never thrown on.
 */
import type { DialRequest } from '../../protocol/dialRequest';
import { STRING_BOUNDS } from '../../protocol/bounds';

/** The pull `COMMAND` of a relayed dial request (the portal allows `[\w:_|.-]`). */
export const RELAY_COMMAND = 'b24CallCard.dialRequest';
/** The pull module it is sent under: the portal's default for `pull.application.event.add`. */
export const RELAY_MODULE_ID = 'application';
/** The version of {@link RelayedParams}; a message of another version is not read. */
export const RELAY_VERSION = 1;

/** The `PARAMS` of the pull event: the portal and user it is for, and the request. */
export interface RelayedParams {
  readonly v: typeof RELAY_VERSION;
  readonly memberId: string;
  readonly userId: number;
  readonly request: DialRequest;
}

export function relayedParams(memberId: string, request: DialRequest): RelayedParams {
  return { v: RELAY_VERSION, memberId, userId: request.userId, request };
}

export type RelayedRead = { readonly ok: true; readonly params: RelayedParams } | { readonly ok: false; readonly reason: string };

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const boundedText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;
const positiveInt = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

/** Reads a pull message's params back into a dial request; every field checked and bounded. */
export function readRelayedParams(params: unknown): RelayedRead {
  if (!isRecord(params)) return { ok: false, reason: 'params is not an object' };
  if (params.v !== RELAY_VERSION) return { ok: false, reason: `version ${String(params.v).slice(0, 16)} is not ${RELAY_VERSION}` };
  if (!boundedText(params.memberId, 64)) return { ok: false, reason: 'memberId missing or too long' };
  if (!positiveInt(params.userId)) return { ok: false, reason: 'userId is not a positive integer' };
  const request = params.request;
  if (!isRecord(request)) return { ok: false, reason: 'request is not an object' };
  if (!boundedText(request.callId, STRING_BOUNDS.callId)) return { ok: false, reason: 'request.callId missing or too long' };
  if (!boundedText(request.phoneNumber, STRING_BOUNDS.phoneNumber)) return { ok: false, reason: 'request.phoneNumber missing or too long' };
  if (request.userId !== params.userId) return { ok: false, reason: 'request.userId is not the message userId' };
  if (typeof request.isMobile !== 'boolean') return { ok: false, reason: 'request.isMobile is not a boolean' };
  const optionalText: readonly [string, number][] = [
    ['phoneNumberInternational', STRING_BOUNDS.phoneNumber],
    ['extension', 32],
    ['lineNumber', STRING_BOUNDS.lineNumber],
    ['crmEntityType', STRING_BOUNDS.crmTypeName],
  ];
  for (const [key, max] of optionalText) {
    if (request[key] !== undefined && !boundedText(request[key], max)) return { ok: false, reason: `request.${key} is not a string of at most ${max} characters` };
  }
  for (const key of ['callListId', 'crmEntityId']) {
    if (request[key] !== undefined && !positiveInt(request[key])) return { ok: false, reason: `request.${key} is not a positive integer` };
  }
  const pick = <K extends keyof DialRequest>(key: K): Partial<Pick<DialRequest, K>> => (request[key] !== undefined ? ({ [key]: request[key] } as Partial<Pick<DialRequest, K>>) : {});
  const copy: DialRequest = {
    callId: request.callId,
    phoneNumber: request.phoneNumber,
    userId: params.userId,
    isMobile: request.isMobile,
    ...pick('phoneNumberInternational'),
    ...pick('extension'),
    ...pick('callListId'),
    ...pick('lineNumber'),
    ...pick('crmEntityType'),
    ...pick('crmEntityId'),
  };
  return { ok: true, params: { v: RELAY_VERSION, memberId: params.memberId, userId: params.userId, request: copy } };
}
