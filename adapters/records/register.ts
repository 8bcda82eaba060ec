import { CALL_TYPES } from '../../protocol/rest';
import type { CallStart, RecordDirection, RegisterParams } from './types';

/** The number a withheld call shows (host-behaviour §3); the portal cannot register it. */
export const WITHHELD_NUMBER = 'hidden';

/** `2026-01-05T09:00:00+00:00`: ISO-8601 in UTC with the zone spelled out, as the REST docs show it. */
export function isoWithZone(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}+00:00`;
}

export function isRecordDirection(value: unknown): value is RecordDirection {
  return typeof value === 'string' && Object.hasOwn(CALL_TYPES, value);
}

/** The `telephony.externalcall.register` parameters for a call the softphone sees. */
export function registerParamsOf(start: CallStart, externalCallId: string, startedAt: number, userId: number, lineNumber: string | undefined): RegisterParams {
  const line = start.lineNumber ?? lineNumber;
  return {
    USER_ID: userId,
    PHONE_NUMBER: start.phoneNumber,
    TYPE: CALL_TYPES[start.direction],
    ...(line === undefined ? {} : { LINE_NUMBER: line }),
    EXTERNAL_CALL_ID: externalCallId,
    CRM_CREATE: start.crmCreate === true ? 1 : 0,
    SHOW: start.show === false ? 0 : 1,
    CALL_START_DATE: isoWithZone(startedAt),
  };
}

/** The direction a `TYPE` stands for (the outcome of a softphone that did not say). */
export function directionOfType(type: number | undefined): RecordDirection | null {
  const found = (Object.keys(CALL_TYPES) as RecordDirection[]).find((name) => CALL_TYPES[name] === type);
  return found ?? null;
}
