import { createActor, type Actor, type InspectionEvent, type Observer } from 'xstate';
import { describeError, describeValue, type Diagnostic } from '../diagnostics';
import { callCardMachine, type CallCardMachine } from '../machines/callCard.machine';
import type { CallSummary } from '../machines/callCard.types';
import type { CardEvent, PhoneEvent } from '../machines/events';
import { parseCardEvent, parsePhoneEvent } from '../machines/parse';
import type { QualityRating } from '../protocol/buttons';
import { CARD_EVENT_NAMES, hostEventName, type CardEventName } from '../protocol/events';
import type { CardCommand } from '../protocol/commands';
import type { PlacementPort } from '../protocol/placement';
import { viewOf, type CallCardView } from './callCardView';
import { createCommandQueue, type CommandQueue } from './commandQueue';
import { invokeSoftphone } from './softphone/invoke';
import type { Softphone } from './softphone/port';

/** What {@link createCallCard} needs: the host, the softphone, and the hooks to hear from it. */
export interface CallCardOptions {
  /** `BX24.placement` as it is, or `fromB24jssdkPlacement(b24.placement)`. */
  readonly placement: PlacementPort;
  /** The integrator's softphone. */
  readonly softphone: Softphone;
  /** How long a command waits for the host's callback, in ms (default 5000). */
  readonly commandTimeoutMs?: number;
  /** Each finished call's summary, once per call. */
  readonly onSummary?: (summary: CallSummary) => void;
  /** A comment the operator saved on the card. */
  readonly onComment?: (comment: { readonly callId: string; readonly text: string }) => void;
  /** A quality rating the operator gave (1–5). */
  readonly onRating?: (rating: { readonly callId: string; readonly rating: QualityRating }) => void;
  /** The operator pressed "Notify administrator" on the out-of-funds card. */
  readonly onNotifyAdmin?: (event: { readonly callId: string }) => void;
  /** The operator pressed Next in call-list mode. */
  readonly onNext?: (event: { readonly callId: string }) => void;
  /** Every diagnostic: ignored event, rejected payload, failed or timed-out command, softphone or hook error. */
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
  /** An XState inspection observer (e.g. from `b24-call-card/inspect`), to watch the statechart live. */
  readonly inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
}

/** A running call card session. */
export interface CallCard {
  /** The statechart's actor, for `subscribe`, `getSnapshot` and the inspector. */
  readonly actor: Actor<CallCardMachine>;
  /** Hands the statechart a softphone event (`{ type: 'phone.connected' }`…); a malformed one is reported, not thrown. */
  send(event: PhoneEvent): void;
  /** What the statechart says the card shows now. */
  readonly state: CallCardView;
  /** Sets the open card's title (plain text). Reported and dropped when no card is open. */
  setTitle(title: string): void;
  /** Sets the open card's status line (plain text). Reported and dropped when no card is open. */
  setStatusText(statusText: string): void;
  /** Resolves once every command sent so far has been answered, timed out or dropped. */
  whenIdle(): Promise<void>;
  /** Stops the session: handlers bound on the host become no-ops (the host cannot unbind), queued commands are dropped. */
  dispose(): void;
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

/**
 * Binds the 17 card events once, starts the statechart and carries out its commands on
 * the card and the softphone. Nothing the host, the softphone or a hook does makes it
 * throw; everything is reported through `onDiagnostic`.
 *
 * @example
 * const card = createCallCard({ placement: BX24.placement, softphone });
 * softphone.on('connected', () => card.send({ type: 'phone.connected' }));
 */
export function createCallCard(options: CallCardOptions): CallCard {
  let disposed = false;

  const safely = <A extends unknown[]>(hook: string, fn: ((...args: A) => void) | undefined, ...args: A) => {
    if (!fn) return;
    try {
      fn(...args);
    } catch (error) {
      if (hook === 'onDiagnostic') return; // nowhere left to report it
      report({ kind: 'hookError', hook, error, message: `${hook} threw: ${describeError(error)}` });
    }
  };
  const report = (diagnostic: Diagnostic) => safely('onDiagnostic', options.onDiagnostic, diagnostic);

  const actor = createActor(callCardMachine, options.inspect ? { inspect: inspectSafely(options.inspect, report) } : {});
  let currentCard = 0;

  const queue: CommandQueue = createCommandQueue({
    placement: options.placement,
    ...(options.commandTimeoutMs === undefined ? {} : { timeoutMs: options.commandTimeoutMs }),
    report,
    onCardLost: () => deliver({ type: 'card.lost' }),
  });

  actor.on('card.command', ({ cycle, command }) => {
    if (cycle !== currentCard) {
      currentCard = cycle;
      queue.setCurrentCard(cycle);
    }
    void queue.enqueue(command, cycle);
  });
  actor.on('softphone.command', ({ command }) => invokeSoftphone(options.softphone, command, report));
  actor.on('call.summary', ({ summary }) => {
    // Commands still queued for a closed card would only earn `Call card is undefined`; a queued close still goes.
    queue.cardGone(summary.cycle);
    safely('onSummary', options.onSummary, summary);
  });
  actor.on('call.comment', ({ callId, text }) => safely('onComment', options.onComment, { callId, text }));
  actor.on('call.rating', ({ callId, rating }) => safely('onRating', options.onRating, { callId, rating }));
  actor.on('call.notifyAdmin', ({ callId }) => safely('onNotifyAdmin', options.onNotifyAdmin, { callId }));
  actor.on('call.next', ({ callId }) => safely('onNext', options.onNext, { callId }));

  // XState catches an error inside a transition, stops the actor and drops its `on`
  // listeners; without an error observer it would rethrow asynchronously. Report it instead.
  actor.subscribe({
    error: (error) => report({ kind: 'hookError', hook: 'statechart', error, message: `the statechart stopped: ${describeError(error)}` }),
  });

  function deliver(event: CardEvent | PhoneEvent | { type: 'card.lost' }): void {
    if (disposed) return;
    try {
      const snapshot = actor.getSnapshot();
      if (snapshot.status !== 'active') {
        report({ kind: 'ignoredEvent', event: event.type, state: snapshot.status, message: `the statechart has ${snapshot.status === 'error' ? 'failed' : 'stopped'}; ${event.type} dropped` });
        return;
      }
      if (!snapshot.can(event)) {
        const { path } = viewOf(snapshot);
        report({ kind: 'ignoredEvent', event: event.type, state: path, message: `${event.type} is not taken in ${path}; ignored` });
        return;
      }
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
    deliver(parsed.event);
  }

  actor.start();
  for (const name of CARD_EVENT_NAMES) {
    try {
      options.placement.bindEvent(hostEventName(name), (data?: unknown) => onHostEvent(name, data));
    } catch (error) {
      report({ kind: 'hookError', hook: 'placement.bindEvent', error, message: `binding ${name} failed: ${describeError(error)}` });
    }
  }

  function setText(key: 'title' | 'statusText', value: unknown): void {
    const command = key === 'title' ? 'CallCardSetCardTitle' : 'CallCardSetStatusText';
    const view = viewOf(actor.getSnapshot());
    if (disposed || view.status !== 'open') {
      report({ kind: 'ignoredEvent', event: command, state: disposed ? 'disposed' : view.path, message: `${command} needs an open card; dropped` });
      return;
    }
    if (typeof value !== 'string') {
      report({ kind: 'rejectedPayload', event: command, field: key, received: value, message: `${command}: ${key} must be a string, received ${describeValue(value)}` });
      return;
    }
    const card: CardCommand =
      key === 'title' ? { command: 'CallCardSetCardTitle', params: { title: value } } : { command: 'CallCardSetStatusText', params: { statusText: value } };
    void queue.enqueue(card, currentCard);
  }

  return {
    actor,
    send(event: PhoneEvent) {
      if (disposed) {
        report({ kind: 'ignoredEvent', event: 'phone', state: 'disposed', message: 'the call card is disposed; softphone event dropped' });
        return;
      }
      const parsed = parsePhoneEvent(event);
      if (!parsed.ok) report(parsed.diagnostic);
      else deliver(parsed.event);
    },
    get state() {
      return viewOf(actor.getSnapshot());
    },
    setTitle: (title) => setText('title', title),
    setStatusText: (statusText) => setText('statusText', statusText),
    whenIdle: () => queue.whenIdle(),
    dispose() {
      if (disposed) return;
      disposed = true;
      queue.dispose();
      actor.stop();
    },
  };
}
