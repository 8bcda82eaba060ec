import { getStateNodes, initialTransition } from 'xstate';
import { callCardMachine } from '../../machines/callCard.machine';
import type { CallCard } from '../../adapters/session/createCallCard';
import type { HostMode } from '../host/commands';
import type { HostSimulator } from '../host/types';
import type { Softphone } from '../../adapters/softphone/port';
import type { SoftphoneCommand } from '../../machines/callCard.types';
import type { CallCardInput } from '../../machines/callCard.events';
import { takes } from '../../machines/takes';
import type { CoverageRecorder } from './coverage';
import { EVENT_CASES, caseOf, forCall, labelOf, type EventCase } from './eventCases';
import { SPEC_WAITING, specStep, type SpecExpectation, type SpecState } from './specOracle';
import type { CallCardSnapshot } from './stateKey';
import { pathName } from './testModel';
import { createStack, deliver, settle, type Stack } from './stack';
import { check, mark, show } from './check';

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
      // A case that names the call (re-show, replace, a dial request) stands for the running call's own: the graph keeps the first call's.
      const event = forCall(step.event as CallCardInput, stack.card.actor.getSnapshot().context.call);
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
