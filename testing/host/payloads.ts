import { NO_PAYLOAD_EVENTS } from '../../protocol/events';
import type { CallDirection, CallState, CrmEntityType, TransferKind } from '../../protocol/values';

// The host's value types, defined once in protocol/.
export type { CallDirection, CallState, CrmEntityType, TransferKind };

/** A CRM type name: the four classic ones or any other the portal has (`DYNAMIC_128`, `SMART_INVOICE`…). */
export type CrmTypeName = CrmEntityType | (string & {});

/** One CRM binding of the call, as in `CRM_BINDINGS`. */
export interface CrmBinding {
  ENTITY_TYPE: string;
  ENTITY_ID: number;
}

/** The payload of `BackgroundCallCard::initialized` (host-behaviour.md §3). */
export interface InitializedPayload {
  CALL_ID: string;
  /** Absent when the number is unknown; may be the string `hidden`. */
  PHONE_NUMBER?: string;
  LINE_NUMBER: string;
  /** May be `""`. */
  LINE_NAME: string;
  CRM_ENTITY_TYPE: CrmTypeName | '';
  /** 0 when there is no entity. */
  CRM_ENTITY_ID: number;
  /** Absent for an external card (the simulator leaves it out unless given). */
  CRM_ACTIVITY_ID?: string | number;
  CRM_BINDINGS: CrmBinding[];
  CALL_DIRECTION: CallDirection;
  CALL_STATE: CallState;
  CALL_LIST_MODE: boolean;
}

/** The payload of `BackgroundCallCard::entityChanged` (host-behaviour.md §3). */
export interface EntityPayload {
  /** `unknown` when the client has no phone; may be `hidden`. */
  PHONE_NUMBER: string;
  CRM_ENTITY_TYPE: CrmTypeName | '';
  CRM_ENTITY_ID: number;
}

/**
 * The payload of `BackgroundCallCard::transferButtonClick` as the host's code sends it
 * (host-behaviour.md §3): `{type, target}` until any command has reached the window's
 * host, else `{phoneNumber, target}`, where `phoneNumber` is the call's own number.
 * `target` is an employee id or a number, sent as a number or a string.
 */
export type TransferPayload = { type: TransferKind; target: string | number } | { phoneNumber?: string; target: string | number };

/** An error result as the host builds it. */
export interface HostErrorResult {
  result: 'error';
  errorCode: string;
}

// A host fact, kept in protocol/; re-exported here for the simulator's users.
export { NO_PAYLOAD_EVENTS };

/** Whether `event` is one of {@link NO_PAYLOAD_EVENTS}. */
export function isNoPayloadEvent(event: string): boolean {
  return (NO_PAYLOAD_EVENTS as readonly string[]).includes(event);
}

/** A fresh error object each time, so that a caller mutating one cannot corrupt the next. */
export function hostError(errorCode: string): HostErrorResult {
  return { result: 'error', errorCode };
}

/** The phone number a simulated call has when the caller gives none. */
export const DEFAULT_PHONE_NUMBER = '+14155550123';

/** Fields the host leaves out when it does not know them; passing `undefined` omits them. */
const OMITTABLE_FIELDS = ['PHONE_NUMBER', 'CRM_ACTIVITY_ID'] as const;

/**
 * A full `initialized` payload: `call`'s fields over defaults. A field of `call` that is
 * `undefined` takes its default, except `PHONE_NUMBER` and `CRM_ACTIVITY_ID`, which are
 * then left out, as the host does when it does not know them.
 */
export function buildInitializedPayload(call: Partial<InitializedPayload> | undefined, sequence: number): InitializedPayload {
  const payload: InitializedPayload = {
    CALL_ID: `externalCall.simulator.${sequence}`,
    PHONE_NUMBER: DEFAULT_PHONE_NUMBER,
    LINE_NUMBER: 'simulator-line',
    LINE_NAME: '',
    CRM_ENTITY_TYPE: '',
    CRM_ENTITY_ID: 0,
    CRM_BINDINGS: [],
    CALL_DIRECTION: 'incoming',
    CALL_STATE: 'idle',
    CALL_LIST_MODE: false,
  };
  if (call === null || typeof call !== 'object') return payload;
  const target = payload as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(call)) {
    if (value !== undefined) target[key] = value;
    else if ((OMITTABLE_FIELDS as readonly string[]).includes(key)) delete target[key];
  }
  return payload;
}

/** A full `entityChanged` payload: `entity`'s fields over the call's own number and entity. */
export function buildEntityPayload(entity: Partial<EntityPayload> | undefined, call: InitializedPayload | null): EntityPayload {
  return {
    PHONE_NUMBER: entity?.PHONE_NUMBER ?? call?.PHONE_NUMBER ?? 'unknown',
    CRM_ENTITY_TYPE: entity?.CRM_ENTITY_TYPE ?? call?.CRM_ENTITY_TYPE ?? '',
    CRM_ENTITY_ID: entity?.CRM_ENTITY_ID ?? call?.CRM_ENTITY_ID ?? 0,
  };
}

/**
 * The transfer payload the host's code sends. In the documented shape `phoneNumber` is
 * the number of the call being transferred (`hidden` when withheld), never the
 * destination; a call without a number (call-list mode only) sends none.
 */
export function buildTransferPayload(target: string | number, kind: TransferKind, appHasSpoken: boolean, callPhoneNumber: string | undefined): TransferPayload {
  if (!appHasSpoken) return { type: kind, target };
  return callPhoneNumber === undefined ? { target } : { phoneNumber: callPhoneNumber, target };
}

/** Whether a call has CRM data (an entity or a binding), so that its card loads a CRM block (host-behaviour.md §1.2). */
export function hasCrmData(call: InitializedPayload): boolean {
  const bindings: unknown = call.CRM_BINDINGS;
  const hasEntity = typeof call.CRM_ENTITY_TYPE === 'string' && call.CRM_ENTITY_TYPE !== '' && Boolean(call.CRM_ENTITY_ID);
  return hasEntity || (Array.isArray(bindings) && bindings.length > 0);
}

/** A copy of plain data, as a message between frames delivers it; data that cannot be copied (a cycle) is passed as it is. */
export function copyPlainData<T>(value: T): T {
  try {
    return JSON.parse(JSON.stringify(value)) as T;
  } catch {
    return value;
  }
}
