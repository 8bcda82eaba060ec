import { describeValue } from '../../diagnostics';
import type { CallData } from '../../machines/callCard.events';
import { INVALID_UI_STATE_ERROR, NO_CARD_ERROR, PROBE_UI_STATE, type CardCommand } from '../../protocol/commands';
import { CALL_DIRECTIONS } from '../../protocol/values';
import { ADOPTABLE_UI_STATES, type AdoptedCall, type OrphanDecision } from './options';
import type { CommandOutcome } from '../placement/commandQueue';

export { PROBE_UI_STATE };

/** The probe command. */
export const PROBE_COMMAND: CardCommand = { command: 'CallCardSetUiState', params: { uiState: PROBE_UI_STATE } };

/** What the probe's answer says: a card is open, none is, or the host did not say (old desktop `[]`, no answer). */
export type ProbeFinding = { readonly found: 'card' } | { readonly found: 'none' } | { readonly found: 'unknown'; readonly result: unknown; readonly why: string };

/** Reads the probe's outcome. */
export function readProbe(outcome: CommandOutcome): ProbeFinding {
  switch (outcome.status) {
    case 'failed':
      if (outcome.errorCode === INVALID_UI_STATE_ERROR) return { found: 'card' };
      if (outcome.errorCode === NO_CARD_ERROR) return { found: 'none' };
      return { found: 'unknown', result: outcome.errorCode, why: `the host answered ${describeValue(outcome.errorCode)}` };
    case 'ok':
      // An older desktop application answers `[]` to every command when no card is open.
      return { found: 'unknown', result: outcome.value, why: `the host answered ${describeValue(outcome.value)} (an older desktop application does so with no card)` };
    case 'timedOut':
      return { found: 'unknown', result: undefined, why: 'the host did not answer in time' };
    default:
      return { found: 'unknown', result: undefined, why: `the probe was ${outcome.status === 'dropped' ? `dropped (${outcome.reason})` : outcome.status}` };
  }
}

/** A valid decision of `onOrphanedCard`, or why it is not one. */
export type CheckedDecision = { readonly ok: true; readonly decision: OrphanDecision } | { readonly ok: false; readonly why: string };

/** Checks what `onOrphanedCard` answered; the integrator's code, so nothing is trusted. */
export function checkDecision(decision: unknown): CheckedDecision {
  if (decision === 'close') return { ok: true, decision };
  if (typeof decision !== 'object' || decision === null || !('adopt' in decision)) {
    return { ok: false, why: `it returned ${describeValue(decision)}, which is neither 'close' nor { adopt }` };
  }
  const adopt: unknown = (decision as { adopt: unknown }).adopt;
  if (typeof adopt !== 'object' || adopt === null) return { ok: false, why: `adopt is ${describeValue(adopt)}, not a call` };
  const call = adopt as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof call.callId !== 'string' || call.callId.trim() === '') problems.push(`callId ${describeValue(call.callId)} is not a CALL_ID`);
  if (!(CALL_DIRECTIONS as readonly unknown[]).includes(call.direction)) problems.push(`direction ${describeValue(call.direction)} is not one of ${CALL_DIRECTIONS.join(', ')}`);
  if (!(ADOPTABLE_UI_STATES as readonly unknown[]).includes(call.uiState)) problems.push(`uiState ${describeValue(call.uiState)} is not one of ${ADOPTABLE_UI_STATES.join(', ')}`);
  if (call.phoneNumber !== undefined && call.phoneNumber !== null && typeof call.phoneNumber !== 'string') problems.push('phoneNumber is not a string');
  if (call.muted !== undefined && typeof call.muted !== 'boolean') problems.push('muted is not a boolean');
  if (call.held !== undefined && typeof call.held !== 'boolean') problems.push('held is not a boolean');
  if (problems.length > 0) return { ok: false, why: `adopt: ${problems.join('; ')}` };
  return { ok: true, decision: { adopt: adopt as AdoptedCall } };
}

/** The call data of an adopted call, as `initialized` would have carried it. */
export function adoptedCallData(adopt: AdoptedCall): CallData {
  const phoneNumber = typeof adopt.phoneNumber === 'string' && adopt.phoneNumber !== '' ? adopt.phoneNumber : null;
  const crmEntity = adopt.crmEntity ?? null;
  return {
    callId: adopt.callId,
    phoneNumber,
    phoneNumberState: phoneNumber === null ? 'absent' : 'known',
    lineNumber: '',
    lineName: '',
    crmEntity,
    crmActivityId: null,
    crmBindings: crmEntity === null ? [] : [crmEntity],
    direction: adopt.direction,
    rawDirection: adopt.direction,
    callState: null,
    callListMode: false,
  };
}
