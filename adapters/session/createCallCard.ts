import { createActor, type Actor, type InspectionEvent } from 'xstate';
import { describeError, describeValue, type Diagnostic } from '../../diagnostics';
import { callCardMachine, type CallCardMachine } from '../../machines/callCard.machine';
import type { CallCardInput } from '../../machines/callCard.events';
import type { SoftphoneCommand } from '../../machines/callCard.types';
import type { PhoneEventInput } from '../../machines/callCard.events';
import { parsePhoneEvent } from '../../machines/callCard.parse';
import { pathOf, type CallCardState } from '../../machines/callCard.connect';
import { assertCallCardOptions, type CallCardListener, type CallCardOptions } from './options';
import { createCommandQueue } from '../placement/commandQueue';
import { createCallStorage } from './storage';
import { probeForOrphan } from './orphanProbe';
import { invokeSoftphone } from '../softphone/invoke';
import { callHook, callSafely } from './callSafely';
import { bindHostEvents } from './hostEvents';
import { watchCard } from './cardWatch';
import { createFirstStateGate } from './firstState';
import { readDialRequest } from './dialRequest';
import type { DialRequest } from '../../protocol/dialRequest';

export type { CallCardOptions } from './options';

/** How many served CALL_IDs a session remembers, so that none is dialled twice by itself. */
const SERVED_KEPT = 64;

/** How long a dial request waits for its CALL_ID's pending finish (`finishFirst`) before it is dialled anyway, ms. */
const FINISH_FIRST_WAIT_MS = 12_000;

/** A running call card session. */
export interface CallCard {
  /** The statechart's actor, for `getSnapshot` and the inspector. */
  readonly actor: Actor<CallCardMachine>;
  /** Hands the statechart a softphone event (`{ type: 'phone.connected' }`…); a malformed one is reported, not thrown. */
  send(event: PhoneEventInput): void;
  /**
   * The call and its card as the statechart has them: `{ status: 'idle' }`, or
   * `{ status: 'call', uiState, card: 'attached' | 'lost' | 'none', muted, held, call }`. The same
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
  /**
   * A dial request of the application's server (statechart SC-L6: `ONEXTERNALCALLSTART`
   * relayed to the browser). The softphone dials it once per `CALL_ID`, whether its card comes
   * before, after or never (a call-list call has none: `card.state.card` is `none`); while a
   * call is live it is refused busy (its summary, `endedBy: 'refusedBusy'`, goes to `onSummary`
   * for its record, 486) and the softphone is left alone. `isMobile` requests, a repeated
   * `CALL_ID` and bad requests are reported, not dialled; nothing is thrown.
   */
  dialRequest(request: DialRequest): void;
  /** Resolves once no outgoing card waits for the softphone's word (SC-L5) and every command sent so far has been answered, timed out or dropped. */
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

  const report = (diagnostic: Diagnostic): void => void callHook('onDiagnostic', options.onDiagnostic, diagnostic, report);
  const hook = <A>(name: string, fn: ((arg: A) => unknown) | undefined, arg: A): void => void callHook(name, fn, arg, report);

  const actor = createActor(callCardMachine, {
    input: { clock },
    ...(options.inspect ? { inspect: inspectSafely(options.inspect, report) } : {}),
  });
  const stored = createCallStorage(options.storage, clock, report);
  const queue = createCommandQueue({
    placement,
    ...(options.commandTimeoutMs === undefined ? {} : { timeoutMs: options.commandTimeoutMs }),
    report,
    onCardLost: () => deliver({ type: 'card.lost' }),
    followUpClose: true,
  });

  // What the statechart tells the card and the softphone. Its number of the call is the card's generation.
  actor.on('card.command', ({ cycle: generation, command }) => {
    if (generation !== queue.link.generation) queue.setCurrentCard(generation);
    void queue.enqueue(command, generation);
  });
  actor.on('softphone.command', ({ command }) => {
    invokeSoftphone(softphone, command, report, (ok) => {
      const result = resultEvent(command, ok);
      if (result) deliver(result);
    });
  });
  actor.on('call.summary', ({ summary }) => {
    // Commands still queued for a finished call's card would only earn `Call card is undefined`.
    queue.cardClosed(summary.cycle);
    hook('onSummary', options.onSummary, summary);
  });
  // A second call refused busy while one is live (SC-L6): its record is finished as busy from its summary.
  actor.on('call.refused', ({ summary }) => {
    report({ kind: 'dialRequestNotDialled', callId: summary.callId, reason: 'busy', message: `dial request ${summary.callId}: a call is live; refused busy (its summary goes to onSummary, 486)` });
    hook('onSummary', options.onSummary, summary);
  });
  actor.on('call.comment', ({ callId, text }) => hook('onComment', options.onComment, { callId, text }));
  actor.on('call.rating', ({ callId, rating }) => hook('onRating', options.onRating, { callId, rating }));
  actor.on('call.notifyAdmin', ({ callId }) => hook('onNotifyAdmin', options.onNotifyAdmin, { callId }));
  actor.on('call.next', ({ callId }) => hook('onNext', options.onNext, { callId }));
  // The root's '*' transition: the state the event reached does not take it. The listener
  // runs once the snapshot is committed, so it names the state the event really reached.
  actor.on('call.ignored', ({ event }) => {
    const path = pathOf(actor.getSnapshot());
    const noCall = (event.type === 'card.setTitle' || event.type === 'card.setStatusText') && watch.current().status === 'idle';
    report({
      kind: 'ignoredEvent',
      event: event.type,
      state: path,
      reason: noCall ? 'noCard' : 'notTaken',
      message: noCall ? `${event.type} needs a call; dropped` : `${event.type} is not taken in ${path}; ignored`,
    });
  });

  const watch = watchCard(actor, {
    onCard: (change) => hook('onCard', options.onCard, change),
    notify: (listener, state) => hook('subscribe', listener, state),
    follow: (state) => {
      const { openedAt, connectedAt } = actor.getSnapshot().context;
      stored.follow(state, { openedAt, connectedAt });
    },
    report,
  });

  // The CALL_IDs this session served (bounded): never dialled twice by themselves (SC-L5, SC-L6).
  const served = new Set<string>();
  actor.subscribe({
    next: (snapshot) => {
      const callId = snapshot.context.call?.callId;
      if (callId === undefined || served.has(callId)) return;
      served.add(callId);
      if (served.size > SERVED_KEPT) served.delete(served.values().next().value as string);
    },
    // The card watch reports a failed statechart; an observer without this would make XState rethrow it.
    error: () => undefined,
  });
  // An outgoing card's first state waits for the softphone's word (SC-L5); what comes meanwhile waits behind it.
  const gate = createFirstStateGate({
    softphone,
    choice: (call) => (typeof options.clickToCall === 'function' ? options.clickToCall(call) : (options.clickToCall ?? 'dial')),
    unknown: options.outgoingWithoutIsDialling ?? 'dialling',
    currentCallId: () => actor.getSnapshot().context.call?.callId ?? null,
    served: (callId) => served.has(callId),
    deliver: deliverNow,
    report,
    disposed: () => disposed,
  });
  /** A dial request's CALL_ID whose finish may still be pending (the portal reused it): finished first, bounded (SC-L6). */
  function finishedFirst(callId: string): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, FINISH_FIRST_WAIT_MS);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      callSafely(
        () => options.finishFirst?.(callId),
        (ending) => {
          if (!ending.ok) report({ kind: 'hookError', hook: 'finishFirst', error: ending.error, message: `finishFirst(${callId}) failed: ${describeError(ending.error)}; dialled anyway` });
          done();
        },
      );
    });
  }

  function deliver(event: CallCardInput): void {
    if (!disposed) gate.push(event);
  }

  function deliverNow(event: CallCardInput): void {
    if (disposed) return;
    const { status } = actor.getSnapshot();
    if (status !== 'active') {
      report({ kind: 'ignoredEvent', event: event.type, state: status, reason: 'stopped', message: `the statechart has ${status === 'error' ? 'failed' : 'stopped'}; ${event.type} dropped` });
      return;
    }
    // `actor.send` returns nothing to wait for: a plain try is all callSafely would do, without its closures per event.
    try {
      actor.send(event);
    } catch (error) {
      report({ kind: 'hookError', hook: 'statechart', error, message: `the statechart failed on ${event.type}: ${describeError(error)}` });
    }
  }

  actor.start();
  bindHostEvents({ placement, queue, report, deliver, statePath: () => pathOf(actor.getSnapshot()), disposed: () => disposed });
  void probeForOrphan({
    queue,
    stored,
    clock,
    onOrphanedCard: options.onOrphanedCard,
    report,
    deliver,
    seenInitialized: () => queue.link.showing > 0,
    stillOrphaned: () => !disposed && queue.link.showing === 0 && watch.current().status === 'idle',
    disposed: () => disposed,
  });

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
      return watch.current();
    },
    subscribe: (listener) => watch.subscribe(listener),
    setTitle: (title) => setText('title', title),
    setStatusText: (statusText) => setText('statusText', statusText),
    dialRequest(request) {
      if (disposed) {
        report({ kind: 'ignoredEvent', event: 'dialRequest', state: 'disposed', reason: 'stopped', message: 'the call card is disposed; dial request dropped' });
        return;
      }
      const reading = readDialRequest(request);
      if (!reading.ok) return report(reading.diagnostic);
      reading.warnings.forEach(report);
      const { callId } = reading.event.call;
      if (served.has(callId) && actor.getSnapshot().context.call?.callId !== callId) {
        report({ kind: 'dialRequestNotDialled', callId, reason: 'repeated', message: `dial request ${callId}: this CALL_ID was served already; not dialled again` });
        return;
      }
      if (options.finishFirst === undefined) deliver(reading.event);
      else if (!disposed) gate.push(reading.event, () => finishedFirst(callId));
    },
    whenIdle: async () => {
      await gate.whenSettled();
      await queue.whenIdle();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      watch.clear();
      queue.dispose();
      actor.stop();
    },
  };
}

/**
 * The integrator's inspection observer, made harmless: XState calls it in the middle of
 * a transition, so a throw would escape `createCallCard` or leave an event half-handled.
 */
function inspectSafely(inspect: NonNullable<CallCardOptions['inspect']>, report: (diagnostic: Diagnostic) => void): (event: InspectionEvent) => void {
  return (event) =>
    void callSafely(
      () => (typeof inspect === 'function' ? inspect(event) : inspect.next?.(event)),
      (ending) => {
        if (!ending.ok) report({ kind: 'hookError', hook: 'inspect', error: ending.error, message: `inspect threw on ${event.type}: ${describeError(ending.error)}` });
      },
    );
}
