import { describeError, type Diagnostic } from '../../diagnostics';
import type { CallData, CrmEntity, PhoneNumberState } from '../../machines/callCard.events';
import { isUiState, type UiState } from '../../protocol/uiStates';
import { CALL_DIRECTIONS, type CallDirection } from '../../protocol/values';
import type { ActiveCallCardState, CallCardState } from '../../machines/callCard.connect';
import { callSafely } from './callSafely';

/** The part of the Web Storage API the library uses (`sessionStorage`, `localStorage`, or your own). */
export interface CallStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The key under which the current call is kept. */
export const CALL_STORAGE_KEY = 'b24-call-card:current-call';

/** What an earlier worker instance left of its current call: enough to summarise or adopt its card. */
export interface StoredCall {
  readonly call: CallData;
  readonly uiState: UiState;
  readonly muted: boolean;
  readonly held: boolean;
  /** When it was written (epoch ms). */
  readonly savedAt: number;
  /** When the call began and was answered (epoch ms), so a restarted worker's summary keeps its talk time; null when not known. */
  readonly openedAt: number | null;
  readonly connectedAt: number | null;
}

/** The call's times, from the statechart's context. */
export interface CallTimes {
  readonly openedAt: number | null;
  readonly connectedAt: number | null;
}

/** The longest string kept per field of the stored call; the CRM bindings kept at most. */
export const STORED_CALL_BOUNDS = { text: 1024, bindings: 50 } as const;

const cut = (value: string): string => (value.length > STORED_CALL_BOUNDS.text ? value.slice(0, STORED_CALL_BOUNDS.text) : value);
const cutEntity = (entity: CrmEntity | null): CrmEntity | null => (entity === null ? null : { type: cut(entity.type), id: entity.id });

/** The call as it is stored: every string cut to its bound, so one host's 3 MB number cannot fill the storage. */
function boundedCall(call: CallData): CallData {
  return {
    ...call,
    callId: cut(call.callId),
    phoneNumber: call.phoneNumber === null ? null : cut(call.phoneNumber),
    lineNumber: cut(call.lineNumber),
    lineName: cut(call.lineName),
    crmEntity: cutEntity(call.crmEntity),
    crmBindings: call.crmBindings.slice(0, STORED_CALL_BOUNDS.bindings).map((entity) => cutEntity(entity)!),
    rawDirection: typeof call.rawDirection === 'string' ? cut(call.rawDirection) : call.rawDirection,
  };
}

/**
 * Keeps a copy of the current call in the integrator's storage while there is one, so
 * that a restarted worker can tell what the card it finds open belongs to
 * (statechart.md, "Worker restart"). Every string is cut to a bound before it is written.
 * A write the storage refuses (quota) is tried again after freeing the key; a storage that
 * keeps throwing (disabled, a sandboxed frame) is reported once and tried again at the next
 * change of the call, never switched off for good.
 */
export function createCallStorage(storage: CallStorage | undefined, clock: () => number, report: (diagnostic: Diagnostic) => void) {
  // A failure was reported and nothing has worked since: the next ones are not reported again.
  let failing = false;
  const attempt = <T>(what: string, fn: () => T, fallback: T): T => {
    if (!storage) return fallback;
    let failed = false;
    const value = callSafely(fn, (ending) => {
      if (ending.ok) {
        failing = false;
        return;
      }
      failed = true;
      if (!failing) report({ kind: 'hookError', hook: 'storage', error: ending.error, message: `storage.${what} failed: ${describeError(ending.error)}; tried again at the next change of the call` });
      failing = true;
    });
    return failed ? fallback : (value as T);
  };
  /** setItem, and once more after freeing the key (its old value may be what fills the quota). */
  const write = (text: string): boolean => {
    let refused: unknown;
    try {
      storage!.setItem(CALL_STORAGE_KEY, text);
      failing = false;
      return true;
    } catch (error) {
      refused = error;
    }
    try {
      storage!.removeItem(CALL_STORAGE_KEY);
      storage!.setItem(CALL_STORAGE_KEY, text);
      report({ kind: 'hookError', hook: 'storage', error: refused, message: `storage.setItem failed: ${describeError(refused)}; written after freeing the key` });
      failing = false;
      return true;
    } catch {
      if (!failing) report({ kind: 'hookError', hook: 'storage', error: refused, message: `storage.setItem failed: ${describeError(refused)}, even after freeing the key; the current call is not kept until a write succeeds` });
      failing = true;
      return false;
    }
  };
  let written: ActiveCallCardState | null = null;
  let writtenAnswer: number | null = null;

  return {
    /** What an earlier instance left, if it is readable. */
    read(): StoredCall | null {
      const text = attempt('getItem', () => storage!.getItem(CALL_STORAGE_KEY), null);
      return text === null ? null : parseStoredCall(text);
    },
    /** Mirrors the current call's state (or its absence). */
    follow(state: CallCardState, times: CallTimes = { openedAt: null, connectedAt: null }): void {
      if (!storage) return;
      if (state.status === 'idle') {
        if (written !== null) attempt('removeItem', () => storage.removeItem(CALL_STORAGE_KEY), undefined);
        written = null;
        return;
      }
      if (written !== null && written.call === state.call && written.uiState === state.uiState && written.muted === state.muted && written.held === state.held && writtenAnswer === times.connectedAt) return;
      const stored: StoredCall = { call: boundedCall(state.call), uiState: state.uiState, muted: state.muted, held: state.held, savedAt: clock(), openedAt: times.openedAt, connectedAt: times.connectedAt };
      writtenAnswer = times.connectedAt;
      // Not marked written when refused: the next change tries again.
      written = write(JSON.stringify(stored)) ? state : null;
    },
    /** Forgets what an earlier instance left (its card has been dealt with). */
    clear(): void {
      attempt('removeItem', () => storage!.removeItem(CALL_STORAGE_KEY), undefined);
    },
  };
}

/** Reads a stored call without trusting it: another version of the library, or anyone, may have written it. */
export function parseStoredCall(text: string): StoredCall | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { call, uiState, muted, held, savedAt, openedAt, connectedAt } = value as Record<string, unknown>;
  const data = callDataOf(call);
  if (data === null || !isUiState(uiState) || typeof muted !== 'boolean' || typeof held !== 'boolean' || typeof savedAt !== 'number') return null;
  // Absent in what earlier versions wrote: not known.
  const time = (at: unknown): number | null => (typeof at === 'number' && Number.isFinite(at) && at >= 0 ? at : null);
  return { call: data, uiState, muted, held, savedAt, openedAt: time(openedAt), connectedAt: time(connectedAt) };
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function entityOf(value: unknown): CrmEntity | null {
  if (typeof value !== 'object' || value === null) return null;
  const { type, id } = value as Record<string, unknown>;
  return typeof type === 'string' && typeof id === 'number' && Number.isFinite(id) ? { type, id } : null;
}

/** Rebuilds the call data field by field, each checked, with the defaults an external card has. */
function callDataOf(value: unknown): CallData | null {
  if (typeof value !== 'object' || value === null) return null;
  const call = value as Record<string, unknown>;
  const callId = text(call.callId);
  if (callId === null || callId === '') return null;
  const phoneNumber = text(call.phoneNumber);
  const direction = (CALL_DIRECTIONS as readonly unknown[]).includes(call.direction) ? (call.direction as CallDirection) : null;
  const crmEntity = entityOf(call.crmEntity);
  const bindings = Array.isArray(call.crmBindings) ? call.crmBindings.map(entityOf).filter((e): e is CrmEntity => e !== null) : [];
  const states: readonly PhoneNumberState[] = ['known', 'absent', 'hidden', 'unknown'];
  const phoneNumberState = states.includes(call.phoneNumberState as PhoneNumberState) ? (call.phoneNumberState as PhoneNumberState) : phoneNumber === null ? 'absent' : 'known';
  return {
    callId,
    phoneNumber: phoneNumberState === 'known' ? phoneNumber : null,
    phoneNumberState,
    lineNumber: text(call.lineNumber) ?? '',
    lineName: text(call.lineName) ?? '',
    crmEntity,
    crmActivityId: typeof call.crmActivityId === 'number' ? call.crmActivityId : null,
    crmBindings: bindings,
    direction,
    rawDirection: direction,
    callState: null,
    callListMode: false,
  };
}
