import fc from 'fast-check';
import type { FaultSpec, InitializedPayload } from '../../testing/host';
import type { PhoneEvent } from '../../machines/events';
import { CARD_EVENT_NAMES, DIAL_KEYS, type CardEventName } from '../../protocol';
import {
  brief,
  faultSpec,
  hostilePhoneEvent,
  hostileValue,
  phoneEvent,
  raisedCall,
  rawEmission,
  rawInitialized,
  softphoneFault,
  textValue,
  type RawEmission,
} from './arbitraries';
import { checkInvariants } from './invariants';
import { closeIsPending, count, guarded, quiesce, type World } from './world';

/** What fast-check's model keeps: only whether the card was disposed (every other fact is read off the real stack). */
export interface Model {
  disposed: boolean;
}

/** One thing the host, the softphone or the integrator does; synchronous, so that a burst can race several. */
export interface Action {
  readonly kind: string;
  apply(world: World, inBurst: boolean): void;
  toString(): string;
}

/** The current call's number while a card is open, else null. */
function openCycle(world: World): number | null {
  return world.card.state.status === 'open' ? world.card.actor.getSnapshot().context.cycle : null;
}

/** A new `initialized` reaches a live card: it opens a call, and replaces the open one. */
function noteInitialized(world: World): void {
  if (world.disposed) return;
  const replaced = openCycle(world);
  if (replaced !== null) world.replacedCycles.add(replaced);
  world.callsOpened += 1;
}

/**
 * Runs `deliver` and checks the diagnostics it produced synchronously: a rejected input
 * makes exactly one, of the expected kind, and changes nothing in the statechart.
 */
function expectDiagnostics(world: World, label: string, rejections: number, deliver: () => void, rejectedAsWhole: boolean): void {
  const before = world.diagnostics.length;
  const snapshot = world.card.actor.getSnapshot();
  guarded(world, label, deliver);
  const produced = world.diagnostics.slice(before);
  const rejected = produced.filter((diagnostic) => diagnostic.kind === 'rejectedPayload').length;
  if (world.disposed) return;
  world.expectedRejections += rejections;
  if (rejected !== rejections) world.violations.push(`[one diagnostic per rejected input] ${label}: ${rejections} expected, ${rejected} rejectedPayload`);
  if (rejectedAsWhole && rejections > 0) {
    if (produced.length !== 1) world.violations.push(`[one diagnostic per rejected input] ${label}: ${produced.length} diagnostics (${produced.map((d) => d.kind).join(', ')})`);
    if (world.card.actor.getSnapshot() !== snapshot) world.violations.push(`[one diagnostic per rejected input] ${label}: a rejected input changed the statechart`);
  }
}

const action = (kind: string, text: string, apply: (world: World, inBurst: boolean) => void): Action => ({ kind, apply, toString: () => text });

export const raiseCallAction = (call: Partial<InitializedPayload>, entityFirst: boolean): Action =>
  action('raiseCall', `raiseCall(${brief(call)}${entityFirst ? ', entityFirst' : ''})`, (world) => {
    noteInitialized(world);
    if (!world.disposed) world.ghost = null;
    expectDiagnostics(world, 'raiseCall', 0, () => world.sim.raiseCall(call, entityFirst ? { entityFirst: {} } : undefined), false);
  });

/** Operator clicks with valid payloads, forced or not: a forced one races a state change or a close. */
type ClickSpec = { event: CardEventName; payload?: unknown };
const clickSpec: fc.Arbitrary<ClickSpec> = fc.oneof(
  fc.constantFrom(...CARD_EVENT_NAMES.filter((event) => event !== 'initialized')).map((event) => ({ event })),
  fc.boolean().map((muted) => ({ event: 'muteButtonClick' as const, payload: muted })),
  fc.boolean().map((held) => ({ event: 'holdButtonClick' as const, payload: held })),
  fc.integer({ min: 1, max: 5 }).map((stars) => ({ event: 'qualityMeterClick' as const, payload: stars })),
  fc.constantFrom(...DIAL_KEYS).map((key) => ({ event: 'dialpadButtonClick' as const, payload: key })),
  fc.constantFrom('7', '+4930999', 'queue-2').map((target) => ({ event: 'transferButtonClick' as const, payload: target })),
  fc.string({ maxLength: 8 }).map((text) => ({ event: 'addCommentButtonClick' as const, payload: text })),
);

export const clickAction = ({ event, payload }: ClickSpec, force: boolean): Action =>
  action('click', `click(${event}${payload === undefined ? '' : `, ${brief(payload)}`}${force ? ', force' : ''})`, (world) => {
    const { sim } = world;
    const options = { force };
    // The operator's close racing the statechart's own close, already decided and queued: that close may still arrive.
    if (event === 'closeButtonClick' && sim.card !== null && !world.disposed && closeIsPending(world)) world.ghost = { entries: [], onlyClose: true };
    expectDiagnostics(
      world,
      `click ${event}`,
      0,
      () => {
        switch (event) {
          case 'muteButtonClick':
            sim.mute(payload === true, options);
            return;
          case 'holdButtonClick':
            sim.hold(payload === true, options);
            return;
          case 'qualityMeterClick':
            sim.rate((typeof payload === 'number' ? payload : 3) as 1 | 2 | 3 | 4 | 5, options);
            return;
          case 'dialpadButtonClick':
            sim.dial(typeof payload === 'string' ? payload : '1', options);
            return;
          case 'transferButtonClick':
            sim.transfer(typeof payload === 'string' ? payload : '7', 'user', options);
            return;
          case 'addCommentButtonClick':
            sim.comment(typeof payload === 'string' ? payload : '', options);
            return;
          case 'entityChanged':
            sim.changeEntity({}, options);
            return;
          default:
            sim.click(event, undefined, options);
        }
      },
      false,
    );
  });

export const rawAction = (emission: RawEmission): Action =>
  action('emitRaw', `emitRaw(${emission.event}, ${emission.args.map(brief).join(', ')}) /* ${emission.rejections} rejection(s) */`, (world) =>
    expectDiagnostics(world, `emitRaw ${emission.event} ${emission.args.map(brief).join(', ')}`, emission.rejections, () => world.sim.emitRaw(emission.event, ...emission.args), true),
  );

export const rawInitializedAction = (emission: RawEmission): Action =>
  action('emitRawInitialized', `emitRaw(initialized, ${emission.args.map(brief).join(', ')}) /* ${emission.rejections} warning(s) */`, (world) => {
    // With no card on the host, the statechart opens one the host does not have: the commands it sends are refused.
    if (!world.disposed && world.sim.card === null) world.ghost = { entries: [] };
    noteInitialized(world);
    expectDiagnostics(world, `emitRaw initialized ${emission.args.map(brief).join(', ')}`, emission.rejections, () => world.sim.emitRaw('initialized', ...emission.args), false);
  });

/** A close the host reports without closing its card (a lying host): the two legitimately disagree after it. */
export const rawCloseAction = (args: readonly unknown[]): Action =>
  action('emitRawClose', `emitRaw(closeButtonClick, ${args.map(brief).join(', ')})`, (world) => {
    if (world.sim.card !== null) world.lastDesync = ++world.tick;
    expectDiagnostics(world, 'emitRaw closeButtonClick', 0, () => world.sim.emitRaw('closeButtonClick', ...args), false);
  });

export const phoneAction = (event: Record<string, unknown>): Action =>
  action('phone', `send(${brief(event)})`, (world) => expectDiagnostics(world, `send ${brief(event)}`, 0, () => world.card.send(event as unknown as PhoneEvent), false));

export const hostilePhoneAction = (event: unknown): Action =>
  action('hostilePhone', `send(${brief(event)}) /* hostile */`, (world) => {
    const before = world.diagnostics.length;
    expectDiagnostics(world, `send ${brief(event)}`, 1, () => world.card.send(event as PhoneEvent), true);
    if (world.disposed && world.diagnostics.length - before !== 1) world.violations.push(`[one diagnostic per rejected input] send after dispose: ${world.diagnostics.length - before} diagnostics`);
  });

export const faultAction = (spec: FaultSpec): Action =>
  action('fault', `injectFault(${brief(spec)})`, (world) => guarded(world, 'injectFault', () => world.sim.injectFault(spec)));

export const softphoneFaultAction = (kind: 'throw' | 'reject', times: number): Action =>
  action('softphoneFault', `softphone will ${kind} ×${times}`, (world) => {
    for (let index = 0; index < times; index += 1) world.softphonePlan.push(kind);
  });

export const autoCloseAction = (): Action =>
  action('autoClose', 'autoClose()', (world) => {
    if (world.sim.card !== null && !world.disposed) {
      world.ghost = { entries: [] };
      world.lastDesync = ++world.tick;
    }
    guarded(world, 'autoClose', () => world.sim.autoClose());
  });

export const textAction = (which: 'title' | 'statusText', value: unknown): Action =>
  action('text', `set${which === 'title' ? 'Title' : 'StatusText'}(${brief(value)})`, (world, inBurst) => {
    const { card, sim } = world;
    const open = !world.disposed && card.state.status === 'open';
    const logBefore = sim.log.length;
    const before = world.diagnostics.length;
    const isText = typeof value === 'string';
    if (isText) world.textsGiven.add(value);
    const set = () => (which === 'title' ? card.setTitle(value as string) : card.setStatusText(value as string));
    expectDiagnostics(world, `set ${which} ${brief(value)}`, open && !isText ? 1 : 0, set, open && !isText);
    const produced = world.diagnostics.length - before;
    // Dropped (no card, or disposed) or rejected (not text): one diagnostic, nothing sent.
    if ((!open || !isText) && produced !== 1) world.violations.push(`[one diagnostic per rejected input] set ${which} ${brief(value)}: ${produced} diagnostics`);
    if (!inBurst && (!open || !isText) && sim.log.length !== logBefore) world.violations.push(`[plain text] set ${which} ${brief(value)} sent a command`);
    if (!inBurst && open && isText) {
      const command = which === 'title' ? 'CallCardSetCardTitle' : 'CallCardSetStatusText';
      const sent = sim.log.slice(logBefore).some((entry) => entry.command === command && (entry.params as Record<string, unknown>)[which] === value);
      if (!sent) world.violations.push(`[plain text] set ${which} ${brief(value)}: no ${command} carried it unchanged`);
    }
  });

export const tickAction = (ms: number): Action => action('tick', `tick(${ms})`, (world) => guarded(world, 'tick', () => world.sim.tick(ms)));

export const disposeAction = (): Action =>
  action('dispose', 'dispose()', (world) => {
    guarded(world, 'dispose', () => world.card.dispose());
    if (!world.disposed) world.summariesAtDispose = world.summaries.length;
    world.disposed = true;
    world.logLengthAtDispose = world.sim.log.length;
  });

/** Valid payloads for the buttons a state shows, so that a shown-button click always parses. */
const SHOWN_PAYLOADS: Partial<Record<CardEventName, unknown>> = {
  muteButtonClick: true,
  holdButtonClick: true,
  qualityMeterClick: 4,
  dialpadButtonClick: '5',
  transferButtonClick: '7',
};

const ENDING_BUTTONS: readonly CardEventName[] = ['hangupButtonClick', 'skipButtonClick', 'closeButtonClick'];

/** The operator clicks a button the card shows (the `index`-th, wrapping): this drives calls deep into the chart. */
export const shownClickAction = (index: number, flag: boolean): Action =>
  action('shownClick', `click shown button #${index}${flag ? ' (on)' : ' (off)'}, or raise a call if none is open`, (world) => {
    if (world.sim.card === null) {
      // No card: the next call comes in (an operator has nothing to click meanwhile).
      raiseCallAction({ CALL_DIRECTION: flag ? 'incoming' : 'outgoing', PHONE_NUMBER: '+100' }, false).apply(world, false);
      return;
    }
    // Buttons that end the call are picked one time in six, so that calls get deep into the chart.
    const all = world.sim.card.buttons;
    const ongoing = all.filter((button) => !ENDING_BUTTONS.includes(button.event));
    const buttons = index >= 10 || ongoing.length === 0 ? all : ongoing;
    if (buttons.length === 0) return;
    const { event } = buttons[index % buttons.length]!;
    const payload = event === 'muteButtonClick' || event === 'holdButtonClick' ? flag : SHOWN_PAYLOADS[event];
    clickAction({ event, payload }, false).apply(world, false);
  });

/** The softphone reports something the statechart takes in its current state (chosen among the valid events). */
const FITTING_PHONE_EVENTS: readonly Record<string, unknown>[] = [
  // The events that move a call forward come three times: deep states need long runs of them.
  ...[1, 2, 3].flatMap(() => [{ type: 'phone.connected' }, { type: 'phone.transferSucceeded' }, { type: 'phone.transferFailed', code: 480 }]),
  { type: 'phone.failed', code: 486 },
  { type: 'phone.failed', code: 402 },
  { type: 'phone.failed', code: 500 },
  ...[true, false, true].flatMap((flag) => [{ type: 'phone.heldChanged', held: flag }, { type: 'phone.mutedChanged', muted: flag }]),
  { type: 'phone.ended' },
];
export const fittingPhoneAction = (index: number): Action =>
  action('fittingPhone', `send a phone event the state takes (#${index})`, (world) => {
    if (world.disposed) return;
    const snapshot = world.card.actor.getSnapshot();
    const fitting = FITTING_PHONE_EVENTS.filter((event) => snapshot.can(event as unknown as PhoneEvent));
    if (fitting.length === 0) return;
    phoneAction(fitting[index % fitting.length]!).apply(world, false);
  });

/** Every action but dispose and bursts. */
const simpleAction: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: raisedCall.map(({ call, entityFirst }) => raiseCallAction(call, entityFirst)) },
  { weight: 12, arbitrary: fc.tuple(clickSpec, fc.boolean()).map(([spec, force]) => clickAction(spec, force)) },
  { weight: 20, arbitrary: fc.tuple(fc.nat(11), fc.boolean()).map(([index, flag]) => shownClickAction(index, flag)) },
  { weight: 14, arbitrary: fc.nat(19).map(fittingPhoneAction) },
  { weight: 5, arbitrary: rawEmission.map(rawAction) },
  { weight: 1, arbitrary: rawInitialized.map(rawInitializedAction) },
  { weight: 1, arbitrary: fc.array(hostileValue, { maxLength: 2 }).map(rawCloseAction) },
  { weight: 8, arbitrary: phoneEvent.map(phoneAction) },
  { weight: 2, arbitrary: hostilePhoneEvent.map(hostilePhoneAction) },
  { weight: 4, arbitrary: faultSpec.map(faultAction) },
  { weight: 2, arbitrary: softphoneFault.map(({ kind, times }) => softphoneFaultAction(kind, times)) },
  { weight: 1, arbitrary: fc.constant(null).map(autoCloseAction) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('title' as const, 'statusText' as const), textValue).map(([which, value]) => textAction(which, value)) },
  { weight: 1, arbitrary: fc.constantFrom(0, 999, 1000, 61_000).map(tickAction) },
);

/** One step of a sequence: run, let everything settle, check every invariant. */
export class Step implements fc.AsyncCommand<Model, World> {
  constructor(
    readonly actions: readonly Action[],
    readonly isDispose = false,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: Model, world: World): Promise<void> {
    const inBurst = this.actions.length > 1;
    for (const each of this.actions) {
      count(world, inBurst ? `burst:${each.kind}` : each.kind);
      each.apply(world, inBurst);
    }
    if (this.isDispose) model.disposed = true;
    await quiesce(world);
    checkInvariants(world);
    if (world.violations.length > 0) throw new Error(`invariant broken after ${this.toString()}:\n  ${world.violations.join('\n  ')}`);
  }

  toString(): string {
    return this.actions.length === 1 ? String(this.actions[0]) : `burst[${this.actions.join('; ')}]`;
  }
}

/** The steps of issue 5: single actions, bursts of 2–4 actions with no settling between them (races), and, rarely, `dispose()` midway. */
export const step: fc.Arbitrary<fc.AsyncCommand<Model, World>> = fc.oneof(
  { weight: 100, arbitrary: simpleAction.map((single) => new Step([single])) },
  { weight: 25, arbitrary: fc.array(simpleAction, { minLength: 2, maxLength: 4 }).map((actions) => new Step(actions)) },
  // About one sequence in four ends its card midway.
  { weight: 1, arbitrary: fc.constant(null).map(() => new Step([disposeAction()], true)) },
);
