import { NO_CARD_ERROR } from '../../protocol/commands';
import { hostEventName, type CardEventName } from '../../protocol/events';
import type { PlacementPort } from '../../protocol/placement';
import type { FrameMessage, PhoneBus } from './bus';

/**
 * The owner's view of the card, wherever the host put it (statechart SC-F3): a placement port
 * with exactly `BX24.placement`'s shape, so the statechart's session drives a card in another
 * tab as it drives its own. Events come from the card holders in order; each command goes to
 * every holder of the current call (two tabs may show two cards of one call: both are kept up
 * to date), and answers as the host would: the first success, or — when every holder failed —
 * the first failure (`Call card is undefined` from all of them is a lost card, as in one frame).
 * A holder that never answers leaves the command unanswered, and the session's bounded wait
 * decides, as for a host that never answers.
 */
export interface RemoteCard extends PlacementPort {
  /** The frames that show the current call's card. */
  readonly holders: readonly string[];
  /** The `CALL_ID` of the last card the owner took (the current call's, or the last one's), or null. */
  readonly callId: string | null;
  /** A card event heard in frame `holder` (relayed, or this frame's own window). */
  receive(name: CardEventName, payload: unknown, holder: string): void;
  /** The session has bound its handlers: the events that came meanwhile are taken, in order. */
  open(): void;
  /** This frame stops owning: handlers, holders and waiting commands are dropped; the events that waited for `open` are returned (the caller reports them). */
  reset(): readonly CardEventName[];
  /** A click asked for by another frame's UI (SC-F7): delivered as the card's own would be. */
  click(name: CardEventName, payload?: unknown): void;
  /**
   * A frame found a card open in its window at start (it was reloaded; the host kept the card).
   * True when that window showed the current call's card — the frame is a holder again, and
   * `reattach` brings the card up to date; false when nothing here explains the card.
   */
  returned(holder: string, tab: string): boolean;
  /** Which tab a holder's frame lives in (a frame reloaded in the same tab keeps it). */
  tabOf(holder: string, tab: string): void;
  /** Frame `holder` is gone (closed, navigated, crashed): its card with it. */
  holderGone(holder: string): void;
  stop(): void;
}

/** Why the remote card set something aside (SC-F9: reported, never thrown). */
export type RemoteCardReport =
  | { readonly kind: 'cardHolder'; readonly holder: string; readonly callId: string; readonly message: string }
  | { readonly kind: 'holderLost'; readonly holder: string; readonly message: string }
  | { readonly kind: 'secondCard'; readonly holder: string; readonly callId: string; readonly currentCallId: string; readonly message: string };

export interface RemoteCardOptions {
  readonly bus: PhoneBus;
  /** This (the owner's) frame's own placement, when its window has the card commands. */
  readonly local: PlacementPort | null;
  /** Whether the statechart has a live call now (a card of another `CALL_ID` from another window is then a second call). */
  isCallLive(): boolean;
  report(report: RemoteCardReport): void;
  /**
   * Every `CallCardClose` of the current call passes here (the card's tab may hold the card
   * open or want to hear of the close first, SC-T2, SC-T4); `send` closes it for real.
   */
  readonly closeGate?: (request: { readonly callId: string; readonly send: (callback: (result: unknown) => void) => void; readonly callback: (result: unknown) => void }) => void;
  /** A card of another `CALL_ID` than the last one arrives while no call is live: called before it replaces that call (SC-T4). */
  readonly onNewCall?: (callId: string) => void;
  /** A second call's card (SC-C4 v3), refused and closed: its `initialized` payload, so that its record is finished busy. */
  readonly onSecondCall?: (payload: unknown) => void;
  /** Sees each other event of a holder of the last call first: true when it took it (a comment on a card held after its call, SC-T4), so the statechart does not. */
  readonly intercept?: (name: CardEventName, payload: unknown, holder: string) => boolean;
}

interface Pending {
  readonly targets: Set<string>;
  readonly failures: unknown[];
  readonly callback: (result: unknown) => void;
  settled: boolean;
}

const NO_CARD = [{ result: 'error', errorCode: NO_CARD_ERROR }];

function isFailure(result: unknown): boolean {
  const first = Array.isArray(result) ? result[0] : result;
  return typeof first === 'object' && first !== null && (first as { result?: unknown }).result === 'error';
}

function isNoCard(result: unknown): boolean {
  const first = Array.isArray(result) ? result[0] : result;
  return isFailure(result) && (first as { errorCode?: unknown }).errorCode === NO_CARD_ERROR;
}

export function createRemoteCard(options: RemoteCardOptions): RemoteCard {
  const { bus } = options;
  const handlers = new Map<string, Array<(data?: unknown) => void>>();
  let holders: string[] = [];
  let currentCallId: string | null = null;
  /** Frames whose card was refused as a second call: their clicks never reach this call. */
  const refused = new Set<string>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let stopped = false;
  /** Events heard before the owner's session bound its handlers (it loads asynchronously). */
  let early: Array<[CardEventName, unknown, string]> | null = [];
  /** The tab of every holder of the current call, the gone ones included: a reloaded frame comes back in the same tab. */
  const tabs = new Map<string, string>();
  const callTabs = new Set<string>();
  const MAX_EARLY = 64;

  const deliver = (name: CardEventName, payload: unknown): void => {
    for (const handler of handlers.get(hostEventName(name)) ?? []) handler(payload);
  };

  const settle = (id: number, holder: string, result: unknown): void => {
    const entry = pending.get(id);
    if (!entry || entry.settled || !entry.targets.has(holder)) return;
    entry.targets.delete(holder);
    if (isNoCard(result)) holders = holders.filter((frame) => frame !== holder);
    if (!isFailure(result)) {
      entry.settled = true;
      pending.delete(id);
      entry.callback(result);
      return;
    }
    entry.failures.push(result);
    if (entry.targets.size === 0) {
      entry.settled = true;
      pending.delete(id);
      entry.callback(entry.failures.find((failure) => !isNoCard(failure)) ?? entry.failures[0]);
    }
  };

  const send = (holder: string, id: number, command: string, params: unknown): void => {
    if (holder === bus.frameId && options.local) {
      options.local.call(command, params, (result) => settle(id, holder, result));
      return;
    }
    bus.post('card.command', { id, command, params }, holder);
  };

  const dispatch = (command: string, params: unknown, callback: (result: unknown) => void): void => {
    if (holders.length === 0) {
      // No window shows a card of this call: what every other window's host answers.
      queueMicrotask(() => callback(NO_CARD));
      return;
    }
    const id = nextId++;
    pending.set(id, { targets: new Set(holders), failures: [], callback, settled: false });
    for (const holder of [...holders]) send(holder, id, command, params);
  };

  const unsubscribe = bus.subscribe((message: FrameMessage) => {
    if (stopped || message.kind !== 'card.answer') return;
    const id = message.body.id;
    if (typeof id === 'number') settle(id, message.from, message.body.result);
  });

  const closeRefused = (holder: string): void => {
    const id = nextId++;
    pending.set(id, { targets: new Set([holder]), failures: [], callback: () => undefined, settled: false });
    send(holder, id, 'CallCardClose', undefined);
  };

  return {
    get holders() {
      return holders;
    },
    get callId() {
      return currentCallId;
    },
    call(command, params, callback) {
      if (stopped) return;
      if (command === 'CallCardClose' && options.closeGate && currentCallId !== null) {
        options.closeGate({ callId: currentCallId, send: (answer) => dispatch(command, params, answer), callback });
        return;
      }
      dispatch(command, params, callback);
    },
    bindEvent(event, handler) {
      handlers.set(event, [...(handlers.get(event) ?? []), handler]);
    },
    open() {
      const waiting = early ?? [];
      early = null;
      for (const [name, payload, holder] of waiting) this.receive(name, payload, holder);
    },
    reset() {
      handlers.clear();
      callTabs.clear();
      holders = [];
      currentCallId = null;
      refused.clear();
      pending.clear();
      const dropped = (early ?? []).map(([name]) => name);
      early = [];
      return dropped;
    },
    receive(name, payload, holder) {
      if (stopped) return;
      if (early !== null) {
        if (early.length < MAX_EARLY) early.push([name, payload, holder]);
        return;
      }
      if (name === 'initialized') {
        const raw = (payload as { CALL_ID?: unknown } | null | undefined)?.CALL_ID;
        const callId = typeof raw === 'string' ? raw : '';
        // A card held open for a form is closed before the next call's card takes its place (SC-T4).
        if (callId !== currentCallId && !options.isCallLive()) options.onNewCall?.(callId);
        // SC-C4 v3: a card of another CALL_ID from a window that does not show the live call's card
        // (another tab, or after that card was lost) is a second call, never a replacement.
        if (callId !== currentCallId && currentCallId !== null && !holders.includes(holder) && options.isCallLive()) {
          refused.add(holder);
          options.report({ kind: 'secondCard', holder, callId, currentCallId, message: `A second call's card (${callId}) opened in another window while ${currentCallId} is live; it is refused busy and closed.` });
          closeRefused(holder);
          options.onSecondCall?.(payload);
          return;
        }
        refused.delete(holder);
        if (callId === currentCallId) {
          if (!holders.includes(holder)) holders = [...holders, holder];
        } else {
          holders = [holder];
          currentCallId = callId;
          callTabs.clear();
        }
        const tab = tabs.get(holder);
        if (tab !== undefined) callTabs.add(tab);
        options.report({ kind: 'cardHolder', holder, callId, message: `Frame ${holder} shows the card of ${callId}.` });
      } else if (refused.has(holder) || (holders.includes(holder) && options.intercept?.(name, payload, holder) === true)) {
        return;
      }
      deliver(name, payload);
    },
    click(name, payload) {
      if (!stopped) deliver(name, payload);
    },
    returned(holder, tab) {
      tabs.set(holder, tab);
      if (currentCallId === null || !options.isCallLive() || !callTabs.has(tab)) return false;
      if (!holders.includes(holder)) holders = [...holders, holder];
      return true;
    },
    tabOf(holder, tab) {
      tabs.set(holder, tab);
      if (holders.includes(holder)) callTabs.add(tab);
    },
    holderGone(holder) {
      if (!holders.includes(holder)) return;
      holders = holders.filter((frame) => frame !== holder);
      options.report({ kind: 'holderLost', holder, message: `Frame ${holder}, which showed the card, is gone.` });
      for (const [id, entry] of [...pending]) if (entry.targets.has(holder)) settle(id, holder, NO_CARD);
    },
    stop() {
      stopped = true;
      unsubscribe();
      pending.clear();
    },
  };
}
