import { type AnyTransitionDefinition, type InspectionEvent } from 'xstate';
import { createCallCard, type CallCard } from '../../adapters/session/createCallCard';
import { createHostSimulator } from '../host';
import type { HostMode } from '../host/commands';
import type { HostSimulator } from '../host/types';
import type { Softphone } from '../../adapters/softphone/port';
import { createRecordingSoftphone } from '../softphone';
import type { Diagnostic } from '../../diagnostics';
import type { OrphanDecision } from '../../adapters/session/options';
import type { PlacementPort } from '../../protocol/placement';
import type { SoftphoneCommand } from '../../machines/callCard.types';
import { CLICK_TO_CALL_PREFIX, type EventCase } from './eventCases';
import type { SpecHook } from './specOracle';

// The real stack a generated path runs on: createCallCard on the host simulator, a
// recording softphone, the hooks counted; and how the host is made to send each case.

/** The stack's own options: your softphone and the host's mode (see RunPathOptions). */
export interface StackOptions {
  readonly softphone?: Softphone;
  readonly mode?: HostMode;
}

export const HOOKS: readonly SpecHook[] = ['onSummary', 'onComment', 'onRating', 'onNotifyAdmin', 'onNext'];

export interface Stack {
  readonly sim: HostSimulator;
  /** The running call card; a worker restart replaces it. */
  card: CallCard;
  readonly calls: SoftphoneCommand[];
  readonly diagnostics: Diagnostic[];
  readonly hooks: Record<SpecHook, number>;
  readonly microsteps: AnyTransitionDefinition[];
  /** Makes a call card on a worker's port, answering a start-up orphan with `decision`. */
  readonly startCard: (placement: PlacementPort, decision?: OrphanDecision) => CallCard;
  /** Set by a case whose softphone `mute()` / `hold()` must throw. */
  failSoftphone: boolean;
  /**
   * Your softphone's unsettled `mute()` / `hold()` promises: the statechart's regions move
   * only once they settle, so a step is checked after them (a real re-INVITE takes a while).
   */
  readonly pending: Set<Promise<unknown>>;
}

export function createStack(options: StackOptions): Stack {
  const sim = createHostSimulator(options.mode ? { mode: options.mode } : {});
  const own = options.softphone;
  const calls: SoftphoneCommand[] = [];
  const softphone = createRecordingSoftphone((command) => {
    calls.push(command);
    if (stack.failSoftphone && (command.method === 'mute' || command.method === 'hold')) throw new Error(`model: ${command.method}() fails`);
    if (!own) return undefined;
    const method = (own as unknown as Record<string, (...args: unknown[]) => unknown>)[command.method];
    const args = Object.entries(command).filter(([key]) => key !== 'method').map(([, value]) => value);
    const result: unknown = method?.apply(own, args);
    if ((command.method === 'mute' || command.method === 'hold') && result !== null && typeof (result as { then?: unknown } | undefined)?.then === 'function') {
      const settled: Promise<unknown> = Promise.resolve(result).then(
        () => stack.pending.delete(settled),
        () => stack.pending.delete(settled),
      );
      stack.pending.add(settled);
    }
    return result;
  });
  const diagnostics: Diagnostic[] = [];
  const hooks = Object.fromEntries(HOOKS.map((hook) => [hook, 0])) as Record<SpecHook, number>;
  const microsteps: AnyTransitionDefinition[] = [];
  const count = (hook: SpecHook) => () => {
    hooks[hook] += 1;
  };
  // Dials every outgoing call the model raises but the click-to-call cases (SC-L5), which show Call when they say so.
  const dialling = Object.assign(softphone, { isDialling: (callId: string) => Promise.resolve(!callId.startsWith(CLICK_TO_CALL_PREFIX)) });
  const startCard = (placement: PlacementPort, decision?: OrphanDecision) =>
    createCallCard({
      placement,
      softphone: dialling,
      clickToCall: (call) => (call.callId.includes('showCall') ? 'showCall' : 'dial'),
      onDiagnostic: (d) => diagnostics.push(d),
      onSummary: count('onSummary'),
      onComment: count('onComment'),
      onRating: count('onRating'),
      onNotifyAdmin: count('onNotifyAdmin'),
      onNext: count('onNext'),
      ...(decision === undefined ? {} : { onOrphanedCard: () => decision }),
      inspect: (event: InspectionEvent) => {
        if (event.type === '@xstate.microstep') microsteps.push(...(event as unknown as { _transitions: AnyTransitionDefinition[] })._transitions);
      },
    });
  const stack: Stack = { sim, card: undefined as unknown as CallCard, calls, diagnostics, hooks, microsteps, startCard, failSoftphone: false, pending: new Set() };
  stack.card = startCard(sim.placement);
  return stack;
}

export async function settle(stack: Stack): Promise<void> {
  for (;;) {
    await stack.sim.settle();
    await stack.card.whenIdle();
    await stack.sim.settle();
    if (stack.pending.size === 0) return;
    await Promise.all([...stack.pending]);
  }
}

/** Makes the host produce the case's event. Returns why it could not, if it could not. */
export function deliver(stack: Stack, c: EventCase): string | null {
  const { sim, card } = stack;
  switch (c.host.via) {
    case 'raiseCall':
      sim.raiseCall(c.host.call);
      return null;
    case 'phone':
      card.send(c.host.event);
      return null;
    case 'cardLost':
      // The host drops the card; the next command learns it (`Call card is undefined`).
      sim.autoClose();
      card.setStatusText('model: is the card still there?');
      return null;
    case 'softphone': {
      const { name, value, fails } = c.host;
      if (!sim.card?.buttons.some((button) => button.event === name)) return `the card shows no ${name} button`;
      // The toggle may repeat what the card shows when the statechart set it back or re-attached it: force the value.
      stack.failSoftphone = fails;
      const result = name === 'muteButtonClick' ? sim.mute(value, { force: true }) : sim.hold(value, { force: true });
      stack.failSoftphone = false;
      return result.delivered ? null : result.reason;
    }
    case 'integrator':
      if (c.host.title !== undefined) card.setTitle(c.host.title);
      if (c.host.statusText !== undefined) card.setStatusText(c.host.statusText);
      return null;
    case 'dialRequest':
      card.dialRequest(c.host.request);
      return null;
    case 'reshow': {
      const callId = card.actor.getSnapshot().context.call?.callId;
      if (callId === undefined) return 'no call to show again';
      // A dial request's call whose card never came: the host raises it now (click-to-call's card, after the request).
      if (card.state.status === 'call' && card.state.card === 'none') {
        const raised = sim.raiseCall(c.host.call);
        return raised.raised ? null : raised.reason;
      }
      // A card still up is hidden first (telephony.externalcall.hide), silently.
      if (sim.card) sim.hide();
      const shown = sim.show(callId);
      return shown.raised ? null : shown.reason;
    }
    case 'replace': {
      // The host dropped the old card without a word, and shows the new call's.
      if (sim.card) sim.hide();
      const raised = sim.raiseCall(c.host.call);
      return raised.raised ? null : raised.reason;
    }
    case 'restart': {
      // The worker frame reloads while a card is open: the new worker's probe finds it.
      card.dispose();
      const placement = sim.reloadWorker();
      const raised = sim.raiseCall(c.host.call);
      if (!raised.raised) return raised.reason;
      stack.card = stack.startCard(placement, c.host.decision);
      return null;
    }
    case 'click': {
      const { name, payload } = c.host;
      // `entityChanged` may come before any card exists; Next has no button on an external card but is part of the interface.
      // Close has a button only in error and moneyError, but may race a state change (host-behaviour §2).
      const force = (sim.card === null && name === 'entityChanged') || name === 'nextButtonClick' || (name === 'closeButtonClick' && sim.card !== null);
      const result = sim.click(name, payload, { force });
      return result.delivered ? null : result.reason;
    }
  }
}
