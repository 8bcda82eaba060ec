import type { Actor } from 'xstate';
import { describeError, type Diagnostic } from '../../diagnostics';
import type { CallCardMachine } from '../../machines/callCard.machine';
import { IDLE_STATE, stateOf, type CallCardState } from '../../machines/callCard.connect';
import type { CallCardListener, CardChange } from './options';

/** What {@link watchCard} tells, and whom. */
export interface CardWatchOptions {
  /** Hears each change of the card (the integrator's `onCard`, called safely). */
  readonly onCard: (change: CardChange) => void;
  /** Hears each new state (a subscriber, called safely). */
  readonly notify: (listener: CallCardListener, state: CallCardState) => void;
  /** Hears each new state first (the storage copy of the current call). */
  readonly follow: (state: CallCardState) => void;
  readonly report: (diagnostic: Diagnostic) => void;
}

/** The integrator's view of a running statechart: `card.state`, `subscribe`, `onCard`. */
export interface CardWatch {
  /** The state now: one object per snapshot that changed something, read mid-transition or after. */
  current(): CallCardState;
  subscribe(listener: CallCardListener): () => void;
  /** Forgets every subscriber (dispose). */
  clear(): void;
}

/**
 * Watches the statechart for the integrator: each snapshot that changes the public state
 * is announced once, to `onCard` (what changed for the card) and then to the subscribers.
 */
export function watchCard(actor: Actor<CallCardMachine>, options: CardWatchOptions): CardWatch {
  let lastSnapshot = actor.getSnapshot();
  let lastState: CallCardState = IDLE_STATE;
  const current = (): CallCardState => {
    const snapshot = actor.getSnapshot();
    if (snapshot !== lastSnapshot) {
      // The public state is read from the active nodes, the history and the call alone. An event
      // that only runs actions (a DTMF key, a rating) keeps xstate's node list and history objects,
      // so the walk over the active nodes is skipped for it: it cost ~10% of each such event.
      const same = snapshot._nodes === lastSnapshot._nodes && snapshot.historyValue === lastSnapshot.historyValue && snapshot.context.call === lastSnapshot.context.call;
      lastSnapshot = snapshot;
      if (!same) lastState = stateOf(snapshot, lastState);
    }
    return lastState;
  };
  let announced: CallCardState = IDLE_STATE;
  // A re-attach changes nothing in the public state when the card was never seen lost; the statechart says so.
  let reattached = false;
  const listeners = new Set<CallCardListener>();
  actor.on('call.cardAttached', () => {
    reattached = true;
  });
  // The snapshot last announced: an event XState took no transition for keeps the snapshot
  // object, changes nothing anyone is told of, and so costs no storage copy, `onCard` or
  // subscriber. (A DTMF key is a transition: it makes a new snapshot and is announced.)
  let announcedSnapshot: unknown = null;
  actor.subscribe({
    next: (snapshot) => {
      if (snapshot === announcedSnapshot && !reattached) return;
      announcedSnapshot = snapshot;
      const previous = announced;
      const next = current();
      announced = next;
      options.follow(next);
      const wasReattached = reattached;
      reattached = false;
      for (const change of cardChanges(previous, next, wasReattached)) options.onCard(change);
      if (next !== previous) for (const listener of [...listeners]) options.notify(listener, next);
    },
    // XState catches an error inside a transition and stops the actor; report it instead of rethrowing.
    error: (error) => options.report({ kind: 'hookError', hook: 'statechart', error, message: `the statechart stopped: ${describeError(error)}` }),
  });

  return {
    current,
    subscribe(listener) {
      if (typeof listener !== 'function') throw new TypeError(`card.subscribe(listener): listener must be a function, received ${typeof listener}`);
      // Wrapped, so that subscribing the same function twice gives two independent subscriptions.
      const entry: CallCardListener = (next) => listener(next);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
    clear: () => listeners.clear(),
  };
}

/** What changed for the card between two states (in order: a replaced call closes, then the new one opens). */
export function cardChanges(previous: CallCardState, next: CallCardState, reattached: boolean): CardChange[] {
  if (previous.status === 'idle') return next.status === 'call' ? [{ type: 'opened', state: next }] : [];
  if (next.status === 'idle') return [{ type: 'closed', previous }];
  if (next.call.callId !== previous.call.callId) return [{ type: 'closed', previous }, { type: 'opened', state: next }];
  if (previous.card === 'attached' && next.card === 'lost') return [{ type: 'lost', state: next }];
  if (next.card === 'attached' && (previous.card === 'lost' || reattached)) return [{ type: 'reattached', state: next }];
  return [];
}
