import { createActor, type Actor, type InspectionEvent } from 'xstate';
import { describeError, describeValue, type Diagnostic } from '../../diagnostics';
import { callCardMachine, type CallCardMachine } from '../../machines/callCard.machine';
import type { CallCardInput } from '../../machines/callCard.events';
import type { SoftphoneCommand } from '../../machines/callCard.types';
import type { PhoneEventInput } from '../../machines/callCard.events';
import { parseCardEvent, parsePhoneEvent } from '../../machines/callCard.parse';
import { CARD_EVENT_NAMES, hostEventName, type CardEventName } from '../../protocol/events';
import { assertCallCardOptions, type CallCardListener, type CallCardOptions, type CardChange } from './options';
import { IDLE_STATE, pathOf, stateOf, type CallCardState } from '../../machines/callCard.connect';
import { createCommandQueue, type CommandQueue } from '../placement/commandQueue';
import { createCallStorage } from './storage';
import { adoptedCallData, checkDecision, PROBE_COMMAND, readProbe } from './orphanProbe';
import { invokeSoftphone } from '../softphone/invoke';

export type { CallCardOptions } from './options';

/** A running call card session. */
export interface CallCard {
  /** The statechart's actor, for `getSnapshot` and the inspector. */
  readonly actor: Actor<CallCardMachine>;
  /** Hands the statechart a softphone event (`{ type: 'phone.connected' }`…); a malformed one is reported, not thrown. */
  send(event: PhoneEventInput): void;
  /**
   * The call and its card as the statechart has them: `{ status: 'idle' }`, or
   * `{ status: 'call', uiState, card: 'attached' | 'lost', muted, held, call }`. The same
   * object until something in it changes.
   */
  readonly state: CallCardState;
  /**
   * Calls `listener` with the new {@link CallCard.state} each time it changes (not at
   * once). Returns the function that unsubscribes. With React:
   * `useSyncExternalStore(card.subscribe, () => card.state)`.
   */
  subscribe(listener: CallCardListener): () => void;
  /**
   * Sets the current call's card title (plain text). Kept for the call: shown now if the
   * card is attached, and again whenever the card reappears. Reported and dropped with no call.
   */
  setTitle(title: string): void;
  /** Sets the current call's status line (plain text); kept like the title. */
  setStatusText(statusText: string): void;
  /** Resolves once every command sent so far has been answered, timed out or dropped. */
  whenIdle(): Promise<void>;
  /** Stops the session: handlers bound on the host become no-ops (the host cannot unbind), queued commands are dropped. */
  dispose(): void;
}

/** Softphone methods whose outcome the statechart waits for before its region moves. */
function resultEvent(command: SoftphoneCommand, ok: boolean): CallCardInput | null {
  if (command.method === 'mute') return { type: ok ? 'softphone.muteDone' : 'softphone.muteFailed', muted: command.muted };
  if (command.method === 'hold') return { type: ok ? 'softphone.holdDone' : 'softphone.holdFailed', held: command.held };
  return null;
}

/**
 * Binds the 17 card events once, starts the statechart and carries out its commands on
 * the card and the softphone. At start it asks the host whether a card is already open
 * (a worker restart) and closes or adopts it (`onOrphanedCard`).
 *
 * Setup mistakes throw a `TypeError` naming them; after that nothing the host, the
 * softphone or a hook does makes it throw: everything is reported through `onDiagnostic`.
 *
 * @example
 * const card = createCallCard({ placement: BX24.placement, softphone });
 * softphone.on('connected', () => card.send({ type: 'phone.connected' }));
 */
export function createCallCard(options: CallCardOptions): CallCard {
  assertCallCardOptions(options);
  const { placement, softphone } = options;
  const clock = options.clock ?? Date.now;
  let disposed = false;

  const safely = <A extends unknown[]>(hook: string, fn: ((...args: A) => unknown) | undefined, ...args: A): unknown => {
    if (!fn) return undefined;
    try {
      return fn(...args);
    } catch (error) {
      if (hook !== 'onDiagnostic') report({ kind: 'hookError', hook, error, message: `${hook} threw: ${describeError(error)}` });
      return undefined; // a throwing onDiagnostic has nowhere left to report to
    }
  };
  const report = (diagnostic: Diagnostic): void => void safely('onDiagnostic', options.onDiagnostic, diagnostic);

  const actor = createActor(callCardMachine, {
    input: { clock },
    ...(options.inspect ? { inspect: inspectSafely(options.inspect, report) } : {}),
  });
  let currentCard = 0;
  let seenInitialized = false;
  const stored = createCallStorage(options.storage, clock, report);

  const queue: CommandQueue = createCommandQueue({
    placement,
    ...(options.commandTimeoutMs === undefined ? {} : { timeoutMs: options.commandTimeoutMs }),
    report,
    onCardLost: () => deliver({ type: 'card.lost' }),
  });

  // What the statechart tells the card and the softphone.
  actor.on('card.command', ({ cycle, command }) => {
    if (cycle !== currentCard) {
      currentCard = cycle;
      queue.setCurrentCard(cycle);
    }
    void queue.enqueue(command, cycle);
  });
  actor.on('softphone.command', ({ command }) => {
    invokeSoftphone(softphone, command, report, (ok) => {
      const result = resultEvent(command, ok);
      if (result) deliver(result);
    });
  });
  actor.on('call.summary', ({ summary }) => {
    // Commands still queued for a finished call's card would only earn `Call card is undefined`.
    queue.cardGone(summary.cycle);
    safely('onSummary', options.onSummary, summary);
  });
  actor.on('call.comment', ({ callId, text }) => safely('onComment', options.onComment, { callId, text }));
  actor.on('call.rating', ({ callId, rating }) => safely('onRating', options.onRating, { callId, rating }));
  actor.on('call.notifyAdmin', ({ callId }) => safely('onNotifyAdmin', options.onNotifyAdmin, { callId }));
  actor.on('call.next', ({ callId }) => safely('onNext', options.onNext, { callId }));
  // The root's '*' transition: the state the event reached does not take it. The listener
  // runs once the snapshot is committed, so it names the state the event really reached.
  actor.on('call.ignored', ({ event }) => {
    const snapshot = actor.getSnapshot();
    const path = pathOf(snapshot);
    const noCall = (event.type === 'card.setTitle' || event.type === 'card.setStatusText') && current().status === 'idle';
    report({
      kind: 'ignoredEvent',
      event: event.type,
      state: path,
      reason: noCall ? 'noCard' : 'notTaken',
      message: noCall ? `${event.type} needs a call; dropped` : `${event.type} is not taken in ${path}; ignored`,
    });
  });

  // The integrator's view: card.state, subscribe, onCard. One state object per snapshot
  // that changed something, whether it is read from a hook mid-transition or afterwards.
  let lastSnapshot = actor.getSnapshot();
  let lastState: CallCardState = IDLE_STATE;
  const current = (): CallCardState => {
    const snapshot = actor.getSnapshot();
    if (snapshot !== lastSnapshot) {
      lastSnapshot = snapshot;
      lastState = stateOf(snapshot, lastState);
    }
    return lastState;
  };
  let announced: CallCardState = IDLE_STATE;
  let reattached = false;
  const listeners = new Set<CallCardListener>();
  actor.on('call.cardAttached', () => {
    reattached = true;
  });
  actor.subscribe({
    next: () => {
      const previous = announced;
      const next = current();
      announced = next;
      stored.follow(next);
      const wasReattached = reattached;
      reattached = false;
      for (const change of cardChanges(previous, next, wasReattached)) safely('onCard', options.onCard, change);
      if (next !== previous) for (const listener of [...listeners]) safely('subscribe', listener, next);
    },
    // XState catches an error inside a transition and stops the actor; report it instead of rethrowing.
    error: (error) => report({ kind: 'hookError', hook: 'statechart', error, message: `the statechart stopped: ${describeError(error)}` }),
  });

  function deliver(event: CallCardInput): void {
    if (disposed) return;
    const { status } = actor.getSnapshot();
    if (status !== 'active') {
      report({ kind: 'ignoredEvent', event: event.type, state: status, reason: 'stopped', message: `the statechart has ${status === 'error' ? 'failed' : 'stopped'}; ${event.type} dropped` });
      return;
    }
    try {
      actor.send(event);
    } catch (error) {
      report({ kind: 'hookError', hook: 'statechart', error, message: `the statechart failed on ${event.type}: ${describeError(error)}` });
    }
  }

  function onHostEvent(name: CardEventName, data: unknown): void {
    if (disposed) return;
    const parsed = parseCardEvent(name, data); // never throws
    if (!parsed.ok) {
      report(parsed.diagnostic);
      return;
    }
    parsed.warnings.forEach(report);
    const { event } = parsed;
    if (event.type === 'entityChanged' && queue.closing !== null) {
      // The CRM block of the card we are closing reloaded before the close landed (host-behaviour §2).
      report({
        kind: 'ignoredEvent',
        event: event.type,
        state: pathOf(actor.getSnapshot()),
        reason: 'closingCard',
        message: `entityChanged came from card ${queue.closing}, whose CallCardClose is in flight; it belongs to that card, not to the next call`,
      });
      return;
    }
    if (event.type === 'initialized') {
      seenInitialized = true;
      const now = current();
      // The current call's card is back: its commands may go to the host again.
      if (now.status === 'call' && now.call.callId === event.call.callId) queue.cardReturned(currentCard);
    }
    deliver(event);
  }

  actor.start();
  for (const name of CARD_EVENT_NAMES) {
    try {
      placement.bindEvent(hostEventName(name), (data?: unknown) => onHostEvent(name, data));
    } catch (error) {
      report({ kind: 'hookError', hook: 'placement.bindEvent', error, message: `binding ${name} failed: ${describeError(error)}` });
    }
  }
  void probeForOrphan();

  /** Worker restart (host-behaviour.md §6): is a card open that nobody here knows of? */
  async function probeForOrphan(): Promise<void> {
    const lastKnown = stored.read();
    const outcome = await queue.enqueue(PROBE_COMMAND, undefined, { quiet: true });
    // A card became current before the answer: the host's own `initialized` answered the question.
    if (outcome.status === 'abandoned' || seenInitialized || disposed) return;
    const finding = readProbe(outcome);
    if (finding.found !== 'card' && lastKnown) stored.clear(); // that call's card is gone
    if (finding.found === 'unknown') {
      report({ kind: 'cardProbeInconclusive', result: finding.result, message: `At start, the probe for an open card was inconclusive: ${finding.why}; assuming no card.` });
      return;
    }
    if (finding.found === 'none' || !stillOrphaned()) return;
    let answer: unknown = 'close';
    if (options.onOrphanedCard) {
      try {
        answer = await options.onOrphanedCard({ foundAt: clock(), lastKnown });
      } catch (error) {
        report({ kind: 'hookError', hook: 'onOrphanedCard', error, message: `onOrphanedCard failed: ${describeError(error)}; the card is closed` });
        answer = 'close';
      }
      if (!stillOrphaned()) return; // the host opened a card of its own meanwhile
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
      deliver({ type: 'card.orphaned', call });
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
    });
  }

  /** The probe's card is still nobody's: no `initialized` came since, and no call started. */
  function stillOrphaned(): boolean {
    return !disposed && !seenInitialized && current().status === 'idle';
  }

  function setText(key: 'title' | 'statusText', value: unknown): void {
    const type = key === 'title' ? 'card.setTitle' : 'card.setStatusText';
    if (disposed) {
      report({ kind: 'ignoredEvent', event: type, state: 'disposed', reason: 'stopped', message: `the call card is disposed; ${type} dropped` });
      return;
    }
    if (typeof value !== 'string') {
      report({ kind: 'rejectedPayload', event: type, field: key, received: value, message: `${type}: ${key} must be a string, received ${describeValue(value)}` });
      return;
    }
    deliver(key === 'title' ? { type: 'card.setTitle', title: value } : { type: 'card.setStatusText', statusText: value });
  }

  return {
    actor,
    send(event: PhoneEventInput) {
      if (disposed) {
        report({ kind: 'ignoredEvent', event: 'phone', state: 'disposed', reason: 'stopped', message: 'the call card is disposed; softphone event dropped' });
        return;
      }
      const parsed = parsePhoneEvent(event);
      if (!parsed.ok) report(parsed.diagnostic);
      else deliver(parsed.event);
    },
    get state() {
      return current();
    },
    subscribe(listener) {
      if (typeof listener !== 'function') throw new TypeError(`card.subscribe(listener): listener must be a function, received ${typeof listener}`);
      // Wrapped, so that subscribing the same function twice gives two independent subscriptions.
      const entry: CallCardListener = (next) => listener(next);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    setTitle: (title) => setText('title', title),
    setStatusText: (statusText) => setText('statusText', statusText),
    whenIdle: () => queue.whenIdle(),
    dispose() {
      if (disposed) return;
      disposed = true;
      listeners.clear();
      queue.dispose();
      actor.stop();
    },
  };
}

/** What changed for the card between two states (in order: a replaced call closes, then the new one opens). */
function cardChanges(previous: CallCardState, next: CallCardState, reattached: boolean): CardChange[] {
  if (previous.status === 'idle') return next.status === 'call' ? [{ type: 'opened', state: next }] : [];
  if (next.status === 'idle') return [{ type: 'closed', previous }];
  if (next.call.callId !== previous.call.callId) return [{ type: 'closed', previous }, { type: 'opened', state: next }];
  if (previous.card === 'attached' && next.card === 'lost') return [{ type: 'lost', state: next }];
  if (next.card === 'attached' && (previous.card === 'lost' || reattached)) return [{ type: 'reattached', state: next }];
  return [];
}

/**
 * The integrator's inspection observer, made harmless: XState calls it in the middle of
 * a transition, so a throw would escape `createCallCard` or leave an event half-handled.
 */
function inspectSafely(inspect: NonNullable<CallCardOptions['inspect']>, report: (diagnostic: Diagnostic) => void): (event: InspectionEvent) => void {
  return (event) => {
    try {
      if (typeof inspect === 'function') inspect(event);
      else inspect.next?.(event);
    } catch (error) {
      report({ kind: 'hookError', hook: 'inspect', error, message: `inspect threw on ${event.type}: ${describeError(error)}` });
    }
  };
}
