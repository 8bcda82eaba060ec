import fc from 'fast-check';
import { AUTO_CLOSE_COMMENT_DELAY_MS, type CrmBlock, type FaultSpec, type InitializedPayload } from '../../testing/host';
import { CARD_EVENT_NAMES, DIAL_KEYS, type CardEventName, type PhoneEvent } from '../../index';
import {
  brief,
  faultSpec,
  hostilePhoneEvent,
  hostileValue,
  isNoData,
  phoneEvent,
  raisedCall,
  rawEmission,
  rawInitialized,
  softphoneFault,
  textValue,
  type RawEmission,
} from './arbitraries';
import { checkInvariants } from './invariants';
import { callIdAsRead } from './reading';
import { closeIsPending, count, guarded, noteOutcome, quiesce, reloadWorker, type World } from './world';

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

/** The current call's number while the statechart has a call (its card attached or lost), else null. */
function openCycle(world: World): number | null {
  return world.card.state.status === 'call' ? world.card.actor.getSnapshot().context.cycle : null;
}

/** The current call's CALL_ID, while the statechart has a call. */
function currentCallId(world: World): string | null {
  const state = world.card.state;
  return state.status === 'call' ? state.call.callId : null;
}

/**
 * A new `initialized` reaches a live card: for the current call's CALL_ID the card is
 * re-attached (no new call); for another one it opens a call, and replaces the current one.
 */
function noteInitialized(world: World, callId?: string): void {
  // A new card generation, even for a re-attach: what the host said about the previous card is not about this one.
  world.epoch += 1;
  if (world.disposed) return;
  if (callId !== undefined && callId === currentCallId(world)) return;
  const replaced = openCycle(world);
  if (replaced !== null) world.replacedCycles.add(replaced);
  world.callsOpened += 1;
}

/** The host dropped its card with no event (hide, another tab, auto-close): the statechart has not been told. */
function noteSilentLoss(world: World): void {
  if (world.disposed) return;
  world.ghost = { entries: [] };
  world.lastDesync = ++world.tick;
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

/**
 * `telephony.externalcall.register` reaching the browser. While the host shows a card it is
 * dropped (host-behaviour.md §1.3: no card, no event): the fuzzer's "second call".
 */
export const raiseCallAction = (call: Partial<InitializedPayload>, entityFirst: boolean, crm?: CrmBlock): Action =>
  action(
    'raiseCall',
    `raiseCall(${brief(call)}${entityFirst ? ', entityFirst' : ''}${crm === undefined ? '' : `, crm ${crm}`})`,
    (world) => {
      const { sim } = world;
      const options = { ...(entityFirst ? { entityFirst: {} } : {}), ...(crm === undefined ? {} : { crm }) };
      if (sim.card !== null) {
        count(world, 'secondCall');
        const events = sim.events.length;
        const result = sim.raiseCall(call, options);
        noteOutcome(world, result.raised ? 'secondCall:SHOWN' : 'secondCall:dropped');
        if (result.raised || sim.events.length !== events) world.violations.push('[host v2 §1.3] a second call while a card is open was shown');
        return;
      }
      noteInitialized(world);
      if (!world.disposed) {
        world.ghost = null;
        world.escapedCard = false;
      }
      noteOutcome(world, `raiseCall:crm ${crm ?? 'default'}`);
      expectDiagnostics(
        world,
        'raiseCall',
        0,
        () => {
          const result = world.sim.raiseCall(call, options);
          if (result.raised) world.lastRaisedCallId = result.callId;
        },
        false,
      );
    },
  );

/** `telephony.externalcall.show` for the last call (§1.6): a new card for the same CALL_ID, dropped while a card is open. */
export const showAction = (): Action =>
  action('show', 'show()', (world) => {
    const { sim } = world;
    if (sim.card !== null) {
      const result = sim.show();
      noteOutcome(world, result.raised ? 'show:SHOWN WITH A CARD OPEN' : `show:${result.reason}`);
      if (result.raised) world.violations.push('[host v2 §1.6] show() built a second card');
      return;
    }
    const callId = world.lastRaisedCallId;
    const reattaches = callId !== null && callId === currentCallId(world);
    // With no call raised yet the host shows nothing (`unknownCall`): no initialized, no new
    // card, so what the statechart was (not) told about the card it thinks it has still stands.
    if (callId !== null) {
      noteInitialized(world, callId);
      if (!world.disposed) {
        world.ghost = null;
        world.escapedCard = false;
      }
    }
    guarded(world, 'show', () => {
      const result = sim.show();
      noteOutcome(world, result.raised ? (reattaches ? 'show:reattached' : 'show:newCall') : `show:${result.reason}`);
    });
  });

/** A silent card loss (§1.5): `telephony.externalcall.hide` / finish, or the same card closing in another tab. */
export const silentLossAction = (how: 'hide' | 'closeInOtherTab'): Action =>
  action(how, `${how}()`, (world) => {
    const open = world.sim.card !== null;
    if (open) noteSilentLoss(world);
    guarded(world, how, () => {
      const result = how === 'hide' ? world.sim.hide() : world.sim.closeInOtherTab();
      noteOutcome(world, `${how}:${result.closed ? 'closed' : 'noCard'}`);
    });
  });

/**
 * The operator presses Esc (§1.5): only closable states close, and the host's worker keeps
 * the disposed card, still answering `[]`: the statechart cannot learn of it.
 */
export const escAction = (): Action =>
  action('pressEsc', 'pressEsc()', (world) => {
    guarded(world, 'pressEsc', () => {
      const result = world.sim.pressEsc();
      noteOutcome(world, `pressEsc:${result.closed ? 'closed' : world.sim.card === null ? 'noCard' : 'notClosable'}`);
      if (result.closed && !world.disposed) {
        world.escapedCard = true;
        world.lastDesync = ++world.tick;
      }
    });
  });

/** The CRM block of a card raised with `crm: 'loading'` finishes loading (§2, §4, §5). */
export const loadCrmBlockAction = (): Action =>
  action('loadCrmBlock', 'loadCrmBlock()', (world) => {
    guarded(world, 'loadCrmBlock', () => {
      const result = world.sim.loadCrmBlock();
      noteOutcome(world, `loadCrmBlock:${result.delivered ? 'loaded' : 'nothingToLoad'}`);
      // The card re-applies its own UI state: the statechart's, unless the two were already apart.
    });
  });

/** The comment editor (§2): open it, type into it, save it (each save emits the whole text). */
export const commentEditorAction = (what: 'open' | 'type' | 'save', text: string): Action =>
  action('commentEditor', `commentEditor ${what}${what === 'type' ? `(${brief(text)})` : ''}`, (world) => {
    guarded(world, 'commentEditor', () => {
      const { sim } = world;
      if (what === 'open') noteOutcome(world, `commentEditor:open ${sim.openCommentEditor() ? 'opened' : 'refused'}`);
      else if (what === 'type') {
        // The operator clicks the comment button first when the editor is closed, and leaves it open.
        if (sim.card?.commentEditor.open === false) sim.openCommentEditor();
        noteOutcome(world, `commentEditor:type ${sim.typeComment(text) ? 'typed' : 'refused'}`);
      }
      else expectDiagnostics(world, 'commentEditor save', 0, () => noteOutcome(world, `commentEditor:save ${sim.saveComment().delivered ? 'saved' : 'refused'}`), false);
    });
  });

/** The worker frame alone reloads (§6): a new worker on the same host, the card left open. */
export const reloadWorkerAction = (): Action =>
  action('reloadWorker', 'reloadWorker()', (world) => {
    if (world.disposed) return;
    noteOutcome(world, `reloadWorker:${world.sim.card !== null ? 'cardOpen' : world.escapedCard ? 'escapedCard' : 'noCard'}`);
    reloadWorker(world);
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
          // A value asks for it (refused when the card shows it already, unless forced); none toggles.
          case 'muteButtonClick':
            sim.mute(typeof payload === 'boolean' ? payload : undefined, options);
            return;
          case 'holdButtonClick':
            sim.hold(typeof payload === 'boolean' ? payload : undefined, options);
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
    expectDiagnostics(world, `emitRaw ${emission.event} ${emission.args.map(brief).join(', ')}`, emission.rejections, () => world.sim.emitRaw(emission.event, ...emission.args), emission.takenAnyway !== true),
  );

export const rawInitializedAction = (emission: RawEmission): Action =>
  action('emitRawInitialized', `emitRaw(initialized, ${emission.args.map(brief).join(', ')}) /* ${emission.rejections} warning(s) */`, (world) => {
    // With no card on the host, the statechart opens one the host does not have: the commands it sends are refused.
    // So too while the statechart's own CallCardClose is on its way: the card still there is about to go.
    if (!world.disposed && (world.sim.card === null || closeIsPending(world))) world.ghost = { entries: [] };
    noteInitialized(world, callIdAsRead(emission.args[0]));
    expectDiagnostics(world, `emitRaw initialized ${emission.args.map(brief).join(', ')}`, emission.rejections, () => world.sim.emitRaw('initialized', ...emission.args), false);
  });

/** A close the host reports without closing its card (a lying host): the two legitimately disagree after it. */
export const rawCloseAction = (args: readonly unknown[]): Action =>
  action('emitRawClose', `emitRaw(closeButtonClick, ${args.map(brief).join(', ')})`, (world) => {
    if (world.sim.card !== null) world.lastDesync = ++world.tick;
    // The click is taken whatever rides along; data that is not one of the no-data shapes earns one warning (§3).
    expectDiagnostics(world, 'emitRaw closeButtonClick', isNoData(args[0]) ? 0 : 1, () => world.sim.emitRaw('closeButtonClick', ...args), false);
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

/** Bitrix24 auto-closes the card (§1.5), deferred while the comment editor is open (§1.7). */
export const autoCloseAction = (): Action =>
  action('autoClose', 'autoClose()', (world) => {
    const editorOpen = world.sim.card?.commentEditor.open === true;
    if (world.sim.card !== null && !editorOpen) noteSilentLoss(world);
    guarded(world, 'autoClose', () => {
      const result = world.sim.autoClose();
      noteOutcome(world, `autoClose:${result.closed ? 'closed' : result.deferred ? 'deferred' : 'noCard'}`);
    });
  });

export const textAction = (which: 'title' | 'statusText', value: unknown): Action =>
  action('text', `set${which === 'title' ? 'Title' : 'StatusText'}(${brief(value)})`, (world, inBurst) => {
    const { card, sim } = world;
    // With a call the text is kept for it (statechart v2); it goes to the card only while the card is attached.
    const open = !world.disposed && card.state.status === 'call';
    const attached = open && card.state.status === 'call' && card.state.card === 'attached';
    const logBefore = sim.log.length;
    const before = world.diagnostics.length;
    const isText = typeof value === 'string';
    if (isText) world.textsGiven.add(value);
    const set = () => (which === 'title' ? card.setTitle(value as string) : card.setStatusText(value as string));
    // A text that is not a string is rejected whether or not there is a call (the worker checks it first).
    const rejects = !world.disposed && !isText;
    expectDiagnostics(world, `set ${which} ${brief(value)}`, rejects ? 1 : 0, set, rejects);
    const produced = world.diagnostics.length - before;
    // Dropped (no card, or disposed) or rejected (not text): one diagnostic, nothing sent.
    if ((!open || !isText) && produced !== 1) world.violations.push(`[one diagnostic per rejected input] set ${which} ${brief(value)}: ${produced} diagnostics`);
    if (!inBurst && (!attached || !isText) && sim.log.length !== logBefore) world.violations.push(`[plain text] set ${which} ${brief(value)} sent a command`);
    if (!inBurst && attached && isText) {
      const command = which === 'title' ? 'CallCardSetCardTitle' : 'CallCardSetStatusText';
      const sent = sim.log.slice(logBefore).some((entry) => entry.command === command && (entry.params as Record<string, unknown>)[which] === value);
      if (!sent) world.violations.push(`[plain text] set ${which} ${brief(value)}: no ${command} carried it unchanged`);
    }
  });

/** The clock moves on: the card timer, and a deferred auto-close that falls due (the host saves the comment and closes, §1.7). */
export const tickAction = (ms: number): Action =>
  action('tick', `tick(${ms})`, (world) => {
    const before = world.sim.card;
    guarded(world, 'tick', () => world.sim.tick(ms));
    // Only a deferred auto-close falling due takes a card away while the clock moves.
    if (before !== null && world.sim.card === null) {
      noteOutcome(world, 'tick:deferredAutoCloseFired');
      noteSilentLoss(world);
    }
  });

export const disposeAction = (): Action =>
  action('dispose', 'dispose()', (world) => {
    guarded(world, 'dispose', () => world.card.dispose());
    if (!world.disposed) world.summariesAtDispose = world.summaries.length;
    world.disposed = true;
    world.logLengthAtDispose = world.sim.log.length;
  });

/** Valid payloads for the buttons a state shows, so that a shown-button click always parses. */
const SHOWN_PAYLOADS: Partial<Record<CardEventName, unknown>> = {
  qualityMeterClick: 4,
  dialpadButtonClick: '5',
  transferButtonClick: '7',
};

const ENDING_BUTTONS: readonly CardEventName[] = ['hangupButtonClick', 'skipButtonClick', 'closeButtonClick'];

/** The operator clicks a button the card shows (the `index`-th, wrapping): this drives calls deep into the chart. */
export const shownClickAction = (index: number, flag: boolean): Action =>
  action('shownClick', `click shown button #${index}${flag ? ' (on)' : ' (off)'}, or raise a call if none is open`, (world) => {
    if (world.sim.card === null) {
      // No card: the next call comes in (an operator has nothing to click meanwhile), mostly with its CRM block.
      const crm = index % 4 === 3 ? { CRM_ENTITY_TYPE: '' as const } : { CRM_ENTITY_TYPE: 'CONTACT' as const, CRM_ENTITY_ID: 5 };
      // One card in four has its CRM block still loading (the simple layout until loadCrmBlock).
      raiseCallAction({ CALL_DIRECTION: flag ? 'incoming' : 'outgoing', PHONE_NUMBER: '+100', ...crm }, false, index % 4 === 2 ? 'loading' : undefined).apply(world, false);
      return;
    }
    // Buttons that end the call are picked one time in six, so that calls get deep into the chart.
    const all = world.sim.card.buttons;
    const ongoing = all.filter((button) => !ENDING_BUTTONS.includes(button.event));
    const buttons = index >= 10 || ongoing.length === 0 ? all : ongoing;
    if (buttons.length === 0) return;
    const { event } = buttons[index % buttons.length]!;
    // Mute and Hold toggle the card's own flag (§2): a shown-button click is a plain click.
    const payload = event === 'muteButtonClick' || event === 'holdButtonClick' ? undefined : SHOWN_PAYLOADS[event];
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
  { weight: 3, arbitrary: raisedCall.map(({ call, entityFirst, crm }) => raiseCallAction(call, entityFirst, crm)) },
  // The v2 host's own moves (host-behaviour.md §1, §2, §4, §6).
  { weight: 2, arbitrary: fc.constantFrom('hide' as const, 'closeInOtherTab' as const).map(silentLossAction) },
  { weight: 2, arbitrary: fc.constant(null).map(showAction) },
  { weight: 2, arbitrary: fc.constant(null).map(escAction) },
  { weight: 2, arbitrary: fc.constant(null).map(loadCrmBlockAction) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('open' as const, 'type' as const, 'save' as const), fc.string({ maxLength: 6 })).map(([what, text]) => commentEditorAction(what, text)) },
  { weight: 1, arbitrary: fc.constant(null).map(reloadWorkerAction) },
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
  { weight: 2, arbitrary: fc.constant(null).map(autoCloseAction) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('title' as const, 'statusText' as const), textValue).map(([which, value]) => textAction(which, value)) },
  { weight: 1, arbitrary: fc.constantFrom(0, 999, 1000, 61_000, AUTO_CLOSE_COMMENT_DELAY_MS).map(tickAction) },
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
