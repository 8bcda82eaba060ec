import type { FrameMessage, PhoneBus } from './bus';
import type { OwnerSession } from './ownerSession';
import type { CardEventName } from '../../protocol/events';
import type { PhoneClock } from './ownership';

/**
 * The owner's side of the card's tab (statechart "The card's tab", SC-T2, SC-T4). The host
 * never tells a `CALL_CARD` tab that its card is closing (its `BeforeClose` is fired after the
 * frame is gone, host-behaviour §11), and `disableAutoClose` does not stop the worker's own
 * `CallCardClose`. So every `CallCardClose` the owner's statechart sends passes this gate:
 * - a card a tab holds open for a form (`tab.hold`) is not closed: the close is answered as
 *   done to the statechart (the call is over for it) and sent to the card later — when the tab
 *   releases it, when the bounded hold runs out, or at once when a new call starts;
 * - a card whose tab is open is closed only after the tab was told (`tab.closing`) and said it
 *   saved (`tab.saved`), or after a bounded wait;
 * - a hold of a call this owner never ran (its owner died after the call, and the tab announced
 *   the hold again to the new owner) is honoured the same way, and ends with the card closed
 *   wherever it shows (`closeShown`): no card is left held with nobody to close it (SC-F4).
 * Everything a tab sends is checked and bounded; nothing here throws.
 */
export interface TabGate {
  /** A `CallCardClose` of call `callId` the statechart sends: `send` closes the card for real. */
  close(request: { readonly callId: string; readonly send: (callback: (result: unknown) => void) => void; readonly callback: (result: unknown) => void }): void;
  /** A new call starts (another `CALL_ID`, or none known yet): a held card is released and closed first. */
  newCall(callId: string | null): void;
  /** A `tab.*` message from another frame (the owner only). */
  receive(message: FrameMessage): void;
  /** The call held now, or null. */
  readonly held: string | null;
  /** The call whose card is held after its close was deferred (the call is over), or null. */
  readonly heldAfterCall: string | null;
  /** A released card's close on its way (answered, or given up after `closingNoticeMs`), or null. */
  readonly closing: Promise<void> | null;
  /** An event of the held card after its call: true when the owner's session took it (a comment, a rating), so the statechart does not. */
  heldCardEvent(session: OwnerSession | null, name: CardEventName, payload: unknown): boolean;
  /** This frame stops owning: holds and notices are dropped (the next owner hears the tabs again). */
  reset(): void;
}

/** Why a hold ended, as the tab hears it. */
export type TabReleaseReason = 'released' | 'timeout' | 'newCall';

/** What the gate reports (statechart SC-F9). */
export type TabGateReport =
  | { readonly kind: 'cardHeld'; readonly callId: string; readonly tab: string; readonly untilMs: number; readonly message: string }
  | { readonly kind: 'cardHoldReleased'; readonly callId: string; readonly reason: TabReleaseReason; readonly message: string }
  | { readonly kind: 'closeDeferred'; readonly callId: string; readonly message: string }
  | { readonly kind: 'tabNotSaved'; readonly callId: string; readonly tabs: readonly string[]; readonly message: string }
  | { readonly kind: 'tabMessageRejected'; readonly reason: string; readonly message: string }
  | { readonly kind: 'heldCardEventRejected'; readonly event: string; readonly callId: string; readonly message: string };

export interface TabGateOptions {
  readonly bus: PhoneBus;
  readonly clock: PhoneClock;
  report(report: TabGateReport): void;
  /** How long a close waits for the tab to say it saved (SC-T2), ms. */
  readonly closingNoticeMs: number;
  /** The longest hold the owner grants, whatever the tab asks (SC-T4), ms. */
  readonly maxHoldMs: number;
  /** The call whose card this owner's statechart runs (the last one it saw), or null. */
  ownCall(): string | null;
  /** Closes the card of `callId` in whichever window shows it (a held card left by a dead owner). */
  closeShown(callId: string): void;
}

/** Defaults: a tab answers a closing notice in well under 2 s; a form is held 5 min at most. */
export const TAB_CLOSING_NOTICE_MS = 2_000;
export const TAB_MAX_HOLD_MS = 5 * 60_000;
/** How many open tabs the owner keeps track of (a tab's frame lives as long as its card). */
const MAX_TABS = 16;

const callIdOf = (body: Readonly<Record<string, unknown>>): string | null =>
  typeof body.callId === 'string' && body.callId.length > 0 && body.callId.length <= 128 ? body.callId : null;

export function createTabGate(options: TabGateOptions): TabGate {
  const { bus, clock } = options;
  /** The open tabs, by frame, with the call their card shows. */
  const tabs = new Map<string, string>();
  let hold: { callId: string; tab: string; timer: unknown } | null = null;
  let deferred: { callId: string; send: (callback: (result: unknown) => void) => void } | null = null;
  let closing: Promise<void> | null = null;
  let nextNotice = 1;
  const notices = new Map<number, { waiting: Set<string>; done: () => void }>();

  const reject = (reason: string): void => options.report({ kind: 'tabMessageRejected', reason, message: `A message from the card's tab was not taken: ${reason}.` });

  const release = (reason: TabReleaseReason): void => {
    const ending = hold;
    if (ending === null) return;
    hold = null;
    clock.clearTimeout(ending.timer);
    bus.post('tab.released', { callId: ending.callId, reason }, ending.tab);
    options.report({ kind: 'cardHoldReleased', callId: ending.callId, reason, message: `The card of ${ending.callId} is no longer held open (${reason}).` });
    if (deferred !== null && deferred.callId === ending.callId) {
      const close = deferred;
      deferred = null;
      // The statechart was answered long ago: this close answers only the wait of a new call's observers.
      const sent = new Promise<void>((resolve) => {
        const timer = clock.setTimeout(resolve, options.closingNoticeMs);
        close.send(() => {
          clock.clearTimeout(timer);
          resolve();
        });
      });
      closing = sent;
      void sent.then(() => {
        if (closing === sent) closing = null;
      });
    }
  };

  const notify = (callId: string, frames: readonly string[], proceed: () => void): void => {
    const id = nextNotice++;
    let finished = false;
    const timer = clock.setTimeout(() => {
      const entry = notices.get(id);
      if (entry === undefined) return;
      options.report({ kind: 'tabNotSaved', callId, tabs: [...entry.waiting], message: `The card's tab did not say it saved within ${options.closingNoticeMs} ms; the card of ${callId} is closed anyway.` });
      entry.done();
    }, options.closingNoticeMs);
    const done = (): void => {
      if (finished) return;
      finished = true;
      notices.delete(id);
      clock.clearTimeout(timer);
      proceed();
    };
    notices.set(id, { waiting: new Set(frames), done });
    for (const frame of frames) bus.post('tab.closing', { id, callId }, frame);
  };

  return {
    get held() {
      return hold?.callId ?? null;
    },
    get heldAfterCall() {
      return deferred?.callId ?? null;
    },
    get closing() {
      return closing;
    },
    heldCardEvent(session, name, payload) {
      const held = deferred?.callId ?? null;
      if (held === null || session === null) return false;
      const result = session.heldCardEvent(held, name, payload);
      if (result.outcome === 'rejected') options.report({ kind: 'heldCardEventRejected', event: name, callId: held, message: `An event of the held card of ${held} was not taken: ${result.reason.slice(0, 200)}` });
      return result.outcome !== 'other';
    },
    close({ callId, send, callback }) {
      if (hold !== null && hold.callId === callId) {
        deferred = { callId, send };
        options.report({ kind: 'closeDeferred', callId, message: `The card of ${callId} is held open by its tab: its close waits for the tab.` });
        callback([]);
        return;
      }
      const frames = [...tabs].filter(([, call]) => call === callId).map(([frame]) => frame);
      if (frames.length === 0) {
        send(callback);
        return;
      }
      notify(callId, frames, () => send(callback));
    },
    newCall(callId) {
      if (hold !== null && hold.callId !== callId) release('newCall');
    },
    receive(message) {
      const callId = callIdOf(message.body);
      switch (message.kind) {
        case 'tab.open':
          if (callId === null) return reject('tab.open without a call id');
          tabs.delete(message.from);
          tabs.set(message.from, callId);
          // Oldest first: a tab that never said goodbye is forgotten before a live one.
          while (tabs.size > MAX_TABS) tabs.delete(tabs.keys().next().value as string);
          return;
        case 'tab.bye':
          tabs.delete(message.from);
          if (hold?.tab === message.from) release('released');
          return;
        case 'tab.hold': {
          if (callId === null) return reject('tab.hold without a call id');
          const asked = typeof message.body.untilMs === 'number' && Number.isFinite(message.body.untilMs) && message.body.untilMs > 0 ? message.body.untilMs : options.maxHoldMs;
          const untilMs = Math.min(asked, options.maxHoldMs);
          if (hold !== null && hold.callId !== callId) release('newCall');
          if (hold !== null) clock.clearTimeout(hold.timer);
          hold = { callId, tab: message.from, timer: clock.setTimeout(() => release('timeout'), untilMs) };
          // Not this owner's call: the owner that deferred its close is gone, so this one closes the card when the hold ends.
          const orphan = callId !== options.ownCall() && deferred?.callId !== callId;
          // Its close goes to every frame and answers nobody: the new call's observers wait for it no longer than its post.
          if (orphan) deferred = { callId, send: (answered) => (options.closeShown(callId), answered([])) };
          options.report({ kind: 'cardHeld', callId, tab: message.from, untilMs, message: `The card of ${callId} is held open by its tab for at most ${untilMs} ms${orphan ? ' (a call of a previous owner: closed here when the hold ends)' : ''}.` });
          return;
        }
        case 'tab.release':
          if (hold !== null && hold.tab === message.from && (callId === null || callId === hold.callId)) release('released');
          return;
        case 'tab.saved': {
          const id = message.body.id;
          const entry = typeof id === 'number' ? notices.get(id) : undefined;
          if (entry === undefined) return;
          entry.waiting.delete(message.from);
          if (entry.waiting.size === 0) entry.done();
          return;
        }
        default:
          return;
      }
    },
    reset() {
      if (hold !== null) clock.clearTimeout(hold.timer);
      hold = null;
      deferred = null;
      closing = null;
      tabs.clear();
      notices.clear();
    },
  };
}
