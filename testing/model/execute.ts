import { sameData } from './sameData';
import { getStateNodes, initialTransition, type AnyTransitionDefinition, type InspectionEvent } from 'xstate';
import { callCardMachine } from '../../machines/callCard.machine';
import { uiStateOf } from '../../machines/callCard.connect';
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
import type { CallCardInput } from '../../machines/callCard.events';
import { takes } from '../../machines/takes';
import { BUTTONS_BY_UI_STATE } from '../../protocol/buttons';
import type { CoverageRecorder } from './coverage';
import { EVENT_CASES, caseOf, labelOf, type EventCase } from './eventCases';
import { SPEC_WAITING, specStep, type SpecExpectation, type SpecHook, type SpecState } from './specOracle';
import type { CallCardSnapshot } from './stateKey';
import { pathName } from './testModel';

/** A generated path as {@link runPath} needs it: `xstate/graph`'s `TestPath` or any `{steps}` of the same shape. */
export interface RunnablePath {
  readonly steps: readonly { readonly event: CallCardInput | { readonly type: string }; readonly state: CallCardSnapshot }[];
}

/** One executed step, handed to {@link RunPathOptions.onStep} for the integrator's own assertions. */
export interface ExecutedStep {
  /** 1-based. */
  readonly index: number;
  readonly label: string;
  readonly event: CallCardInput;
  /** The snapshot the model says the step reaches. */
  readonly model: CallCardSnapshot;
  readonly expected: SpecExpectation;
  readonly card: CallCard;
  readonly sim: HostSimulator;
  /** What the softphone was told during this step. */
  readonly softphoneCalls: readonly SoftphoneCommand[];
}

/** Options of {@link runPath}. */
export interface RunPathOptions {
  /** Your softphone: each call is recorded, checked against the specification, then passed on. A recording softphone by default. */
  readonly softphone?: Softphone;
  /** The simulated host's mode (`browser` by default). */
  readonly mode?: HostMode;
  /** Collects state, transition, event, guard and requirement coverage. */
  readonly coverage?: CoverageRecorder;
  /**
   * After each step, also send (through the host) the events the state listens to but
   * whose guard rejects them, and check that nothing happens. Default true.
   */
  readonly probes?: boolean;
  /** The case list the path was generated from (default {@link EVENT_CASES}). */
  readonly cases?: readonly EventCase[];
  /** Your own checks after every step. */
  readonly onStep?: (step: ExecutedStep) => void | Promise<void>;
}

/** A generated path failed: the message names the path, the step and what differed. */
export class ModelPathError extends Error {
  constructor(
    readonly path: string,
    readonly step: number,
    readonly label: string,
    detail: string,
  ) {
    super(`${path}\n  step ${step} (${label}): ${detail}`);
    this.name = 'ModelPathError';
  }
}

const HOOKS: readonly SpecHook[] = ['onSummary', 'onComment', 'onRating', 'onNotifyAdmin', 'onNext'];

function show(value: unknown): string {
  return JSON.stringify(value);
}

interface Stack {
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

function createStack(options: RunPathOptions): Stack {
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
  const startCard = (placement: PlacementPort, decision?: OrphanDecision) =>
    createCallCard({
      placement,
      softphone,
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

async function settle(stack: Stack): Promise<void> {
  for (;;) {
    await stack.sim.settle();
    await stack.card.whenIdle();
    await stack.sim.settle();
    if (stack.pending.size === 0) return;
    await Promise.all([...stack.pending]);
  }
}

/** Makes the host produce the case's event. Returns why it could not, if it could not. */
function deliver(stack: Stack, c: EventCase): string | null {
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
    case 'reshow': {
      const callId = card.actor.getSnapshot().context.call?.callId;
      if (callId === undefined) return 'no call to show again';
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

interface Before {
  readonly calls: number;
  readonly diagnostics: number;
  readonly hooks: Record<SpecHook, number>;
  readonly log: number;
}

function mark(stack: Stack): Before {
  stack.microsteps.length = 0;
  return { calls: stack.calls.length, diagnostics: stack.diagnostics.length, hooks: { ...stack.hooks }, log: stack.sim.log.length };
}

/** Everything the specification says about the step that just ran; the list of what differed. */
function check(stack: Stack, before: Before, expected: SpecExpectation, model: CallCardSnapshot | null): string[] {
  const { sim, card } = stack;
  const problems: string[] = [];
  const ui = expected.next.ui;
  if (model) {
    const modelUi = uiStateOf(model);
    if (modelUi !== ui) problems.push(`the statechart goes to ${modelUi ?? 'waiting'}, the specification says ${ui ?? 'card gone (waiting)'}`);
  }
  const view = card.state;
  const viewUi = view.status === 'call' ? view.uiState : null;
  if (viewUi !== ui) problems.push(`the running statechart is in ${viewUi ?? 'waiting'}, expected ${ui ?? 'waiting'}`);
  const viewCard = view.status === 'call' ? view.card : 'attached';
  if (ui !== null && viewCard !== expected.next.card) problems.push(`card.state says the card is ${viewCard}, expected ${expected.next.card}`);
  if (ui === null) {
    if (sim.card !== null) problems.push(`the card is still open in ${sim.card.uiState}; it should be gone`);
  } else if (expected.next.card === 'lost') {
    // The card is gone; the call goes on (statechart.md, Card and call).
    if (sim.card !== null) problems.push(`the card is open in ${sim.card.uiState}; it was lost`);
  } else if (sim.card === null) {
    problems.push(`no card is open; it should show ${ui}`);
  } else {
    if (sim.card.uiState !== ui) problems.push(`the card shows ${sim.card.uiState}, expected ${ui}`);
    const buttons = BUTTONS_BY_UI_STATE[ui];
    if (!sameData(sim.card.buttons, buttons)) problems.push(`the card shows buttons ${show(sim.card.buttons.map((b) => b.label))}, expected ${show(buttons.map((b) => b.label))}`);
    if (expected.indicators?.muted !== undefined && sim.card.muted !== expected.indicators.muted) problems.push(`the card's mute indicator is ${sim.card.muted}, expected ${expected.indicators.muted}`);
    if (expected.indicators?.held !== undefined && sim.card.held !== expected.indicators.held) problems.push(`the card's hold indicator is ${sim.card.held}, expected ${expected.indicators.held}`);
  }
  if (ui === 'connected' && view.status === 'call' && (view.muted !== expected.next.muted || view.held !== expected.next.held)) {
    problems.push(`microphone/hold are ${view.muted ? 'muted' : 'unmuted'}/${view.held ? 'held' : 'resumed'}, expected ${expected.next.muted ? 'muted' : 'unmuted'}/${expected.next.held ? 'held' : 'resumed'}`);
  }
  const calls = stack.calls.slice(before.calls);
  if (!sameData(calls, expected.softphone)) problems.push(`the softphone was told ${show(calls)}, the specification says ${show(expected.softphone)}`);
  for (const hook of HOOKS) {
    const times = stack.hooks[hook] - before.hooks[hook];
    const want = expected.hooks.filter((h) => h === hook).length;
    if (times !== want) problems.push(`${hook} was called ${times} time(s), expected ${want}`);
  }
  if (expected.cardClose !== undefined) {
    const closed = sim.log.slice(before.log).some((entry) => entry.command === 'CallCardClose');
    if (closed !== expected.cardClose) problems.push(expected.cardClose ? 'the card was not sent CallCardClose' : 'the card was sent CallCardClose, which the host does itself here');
  }
  const kinds = stack.diagnostics.slice(before.diagnostics).map((d) => d.kind);
  if (!sameData(kinds, expected.diagnostics)) {
    const messages = stack.diagnostics.slice(before.diagnostics).map((d) => d.message);
    problems.push(`diagnostics ${show(kinds)} ${show(messages)}, expected ${show(expected.diagnostics)}`);
  }
  return problems;
}

/**
 * Runs one generated path against the real stack: `createCallCard` on the in-memory
 * host simulator, with a recording softphone (passing calls on to yours). After every
 * step it checks, against the specification's tables (not the machine): the UI state
 * the statechart reached, that the simulated card shows it with exactly its buttons,
 * the softphone calls, the integrator hooks, `CallCardClose`, the indicators and the
 * diagnostics. Throws a {@link ModelPathError} naming the path and the step.
 */
export async function runPath(path: RunnablePath, options: RunPathOptions = {}): Promise<void> {
  const cases = options.cases ?? EVENT_CASES;
  const name = pathName(path as Parameters<typeof pathName>[0], cases);
  const stack = createStack(options);
  let spec: SpecState = SPEC_WAITING;
  try {
    for (let index = 1; index < path.steps.length; index++) {
      const step = path.steps[index]!;
      const event = step.event as CallCardInput;
      const c = caseOf(event, cases);
      const label = labelOf(event, cases);
      const fail = (detail: string) => new ModelPathError(name, index, label, detail);
      if (!c) throw fail(`no event case produces ${show(event)}; cannot make the host send it`);

      const expected = specStep(spec, c.event);
      if (!expected.taken) throw fail(`the statechart takes ${label} in ${spec.ui ?? 'waiting'}, but the specification has no such row (it must be ignored)`);
      const previous = stack.card.actor.getSnapshot();
      const before = mark(stack);
      const refused = deliver(stack, c);
      if (refused) throw fail(`the host cannot send it: ${refused}`);
      await settle(stack);
      // After a worker restart the new statechart starts in waiting: its guards are asked there.
      options.coverage?.recordGuards(c.host.via === 'restart' ? initialSnapshot : previous, c.event, 'host');
      options.coverage?.recordTransitions(c.event, stack.microsteps);
      options.coverage?.recordState(stack.card.actor.getSnapshot());

      const problems = check(stack, before, expected, step.state);
      if (problems.length) throw fail(problems.join('; '));
      spec = expected.next;
      await options.onStep?.({ index, label, event, model: step.state, expected, card: stack.card, sim: stack.sim, softphoneCalls: stack.calls.slice(before.calls) });

      if (options.probes !== false) await probe(stack, spec, cases, options.coverage, fail);
    }
  } finally {
    stack.card.dispose();
  }
}

const [initialSnapshot] = initialTransition(callCardMachine);

/** Sends what the state must refuse, and checks that nothing happens. */
async function probe(stack: Stack, spec: SpecState, cases: readonly EventCase[], coverage: CoverageRecorder | undefined, fail: (detail: string) => Error): Promise<void> {
  const { card } = stack;
  const snapshot = card.actor.getSnapshot();
  const listens = new Set(getStateNodes(callCardMachine.root, snapshot.value).flatMap((node) => node.ownEvents));
  for (const c of cases) {
    // Only host clicks and softphone reports: the other cases change the host itself.
    if (c.host.via !== 'click' && c.host.via !== 'phone' && c.host.via !== 'softphone') continue;
    if (!listens.has(c.event.type) || takes(snapshot, c.event)) continue;
    const expected = specStep(spec, c.event);
    if (expected.taken) throw fail(`probe ${c.label}: the specification takes it in ${spec.ui ?? 'waiting'}, the statechart refuses it`);
    const before = mark(stack);
    const refused = deliver(stack, c);
    if (refused) continue; // the card shows no button for it: nothing the operator can do
    await settle(stack);
    coverage?.recordGuards(snapshot, c.event, 'host');
    coverage?.recordTransitions(c.event, stack.microsteps);
    const problems = check(stack, before, expected, null);
    if (problems.length) throw fail(`probe ${c.label} (must be ignored): ${problems.join('; ')}`);
  }
}
