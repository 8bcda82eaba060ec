import { describeError, describeValue, type Diagnostic } from '../../diagnostics';
import type { CallData } from '../../machines/callCard.events';
import { CALL_DIRECTIONS } from '../../protocol/values';
import type { CallCardInput } from '../../machines/callCard.events';
import { ADOPTABLE_UI_STATES, type AdoptedCall, type CallCardOptions, type OrphanDecision } from './options';
import type { CommandQueue } from '../placement/commandQueue';
import { PROBE_COMMAND, readProbe } from '../placement/closeFollowUp';
import type { createCallStorage, StoredCall } from './storage';
import { callSafely, type Ending } from './callSafely';

// The probe is the card link's question too (a close that failed, statechart.md SC-C9); it lives beside it.
export { PROBE_COMMAND, PROBE_UI_STATE, readProbe, type ProbeFinding } from '../placement/closeFollowUp';

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
  if (call.connectedAt !== undefined && call.connectedAt !== null && !(typeof call.connectedAt === 'number' && Number.isFinite(call.connectedAt))) problems.push('connectedAt is not epoch ms');
  if (problems.length > 0) return { ok: false, why: `adopt: ${problems.join('; ')}` };
  return { ok: true, decision: { adopt: adopt as AdoptedCall } };
}

/** When an adopted call began and was answered: what the integrator says, else what the stored call of this `CALL_ID` says. */
function timesOf(adopt: AdoptedCall, lastKnown: StoredCall | null): { openedAt: number | null; connectedAt: number | null } {
  const stored = lastKnown !== null && lastKnown.call.callId === adopt.callId ? lastKnown : null;
  return { openedAt: stored?.openedAt ?? null, connectedAt: adopt.connectedAt ?? stored?.connectedAt ?? null };
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

/** What {@link probeForOrphan} works with. */
export interface OrphanProbeContext {
  readonly queue: CommandQueue;
  readonly stored: ReturnType<typeof createCallStorage>;
  readonly clock: () => number;
  readonly onOrphanedCard: CallCardOptions['onOrphanedCard'];
  readonly report: (diagnostic: Diagnostic) => void;
  readonly deliver: (event: CallCardInput) => void;
  /** Whether the host has shown a card (`initialized`) since the session started. */
  readonly seenInitialized: () => boolean;
  /** No `initialized` came since, no call started, the session is not disposed: the probe's card is still nobody's. */
  readonly stillOrphaned: () => boolean;
  readonly disposed: () => boolean;
}

/** Worker restart (host-behaviour.md §6, statechart.md SC-W1, SC-W2): is a card open that nobody here knows of? */
export async function probeForOrphan(ctx: OrphanProbeContext): Promise<void> {
  const { stored, report, deliver } = ctx;
  const lastKnown = stored.read();
  const outcome = await ctx.queue.enqueue(PROBE_COMMAND, undefined, { quiet: true });
  // A card became current before the answer: the host's own `initialized` answered the question.
  if (outcome.status === 'abandoned' || ctx.seenInitialized() || ctx.disposed()) return;
  const finding = readProbe(outcome);
  if (finding.found !== 'card' && lastKnown) stored.clear(); // that call's card is gone
  if (finding.found === 'unknown') {
    report({ kind: 'cardProbeInconclusive', result: finding.result, message: `At start, the probe for an open card was inconclusive: ${finding.why}; assuming no card.` });
    return;
  }
  if (finding.found === 'none' || !ctx.stillOrphaned()) return;
  let answer: unknown = 'close';
  const { onOrphanedCard } = ctx;
  if (onOrphanedCard) {
    const ending = await new Promise<Ending>((resolve) => callSafely(() => onOrphanedCard({ foundAt: ctx.clock(), lastKnown }), resolve));
    if (ending.ok) answer = ending.value;
    else report({ kind: 'hookError', hook: 'onOrphanedCard', error: ending.error, message: `onOrphanedCard failed: ${describeError(ending.error)}; the card is closed` });
    if (!ctx.stillOrphaned()) return; // the host opened a card of its own meanwhile
  }
  const checked = checkDecision(answer);
  if (!checked.ok) {
    report({ kind: 'hookError', hook: 'onOrphanedCard', error: answer, message: `onOrphanedCard: ${checked.why}; the card is closed` });
  }
  const decision = checked.ok ? checked.decision : 'close';
  if (decision === 'close') {
    const call = lastKnown?.call ?? null;
    report({
      kind: 'orphanedCard',
      action: 'closed',
      callId: call?.callId ?? null,
      message: `At start a card was already open that this worker knows nothing of (a worker restart)${call ? `, last known as call ${call.callId}` : ''}; it was closed.`,
    });
    stored.clear();
    // The stored call's own times: an answered call stays answered, with its talk time up to now.
    deliver({ type: 'card.orphaned', call, openedAt: lastKnown?.openedAt ?? null, connectedAt: lastKnown?.connectedAt ?? null });
    return;
  }
  const { adopt } = decision;
  report({ kind: 'orphanedCard', action: 'adopted', callId: adopt.callId, message: `At start a card was already open; it was adopted for call ${adopt.callId} in ${adopt.uiState}.` });
  deliver({
    type: 'card.adopted',
    call: adoptedCallData(adopt),
    uiState: adopt.uiState,
    ...(adopt.muted === undefined ? {} : { muted: adopt.muted }),
    ...(adopt.held === undefined ? {} : { held: adopt.held }),
    ...timesOf(adopt, lastKnown),
  });
}
