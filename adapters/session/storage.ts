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
}

/**
 * Keeps a copy of the current call in the integrator's storage while there is one, so
 * that a restarted worker can tell what the card it finds open belongs to
 * (statechart.md, "Worker restart"). Storage that throws (quota, disabled, a sandboxed
 * frame) is reported once and then left alone.
 */
export function createCallStorage(storage: CallStorage | undefined, clock: () => number, report: (diagnostic: Diagnostic) => void) {
  let broken = false;
  const attempt = <T>(what: string, fn: () => T, fallback: T): T => {
    if (!storage || broken) return fallback;
    let failed = false;
    const value = callSafely(fn, (ending) => {
      if (ending.ok) return;
      failed = true;
      broken = true;
      report({ kind: 'hookError', hook: 'storage', error: ending.error, message: `storage.${what} failed: ${describeError(ending.error)}; the current call is no longer kept in storage` });
    });
    return failed ? fallback : (value as T);
  };
  let written: ActiveCallCardState | null = null;

  return {
    /** What an earlier instance left, if it is readable. */
    read(): StoredCall | null {
      const text = attempt('getItem', () => storage!.getItem(CALL_STORAGE_KEY), null);
      return text === null ? null : parseStoredCall(text);
    },
    /** Mirrors the current call's state (or its absence). */
    follow(state: CallCardState): void {
      if (!storage || broken) return;
      if (state.status === 'idle') {
        if (written !== null) attempt('removeItem', () => storage.removeItem(CALL_STORAGE_KEY), undefined);
        written = null;
        return;
      }
      if (written !== null && written.call === state.call && written.uiState === state.uiState && written.muted === state.muted && written.held === state.held) return;
      written = state;
      const stored: StoredCall = { call: state.call, uiState: state.uiState, muted: state.muted, held: state.held, savedAt: clock() };
      attempt('setItem', () => storage.setItem(CALL_STORAGE_KEY, JSON.stringify(stored)), undefined);
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
  const { call, uiState, muted, held, savedAt } = value as Record<string, unknown>;
  const data = callDataOf(call);
  if (data === null || !isUiState(uiState) || typeof muted !== 'boolean' || typeof held !== 'boolean' || typeof savedAt !== 'number') return null;
  return { call: data, uiState, muted, held, savedAt };
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
