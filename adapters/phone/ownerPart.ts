import type { CallSummary } from '../../machines/callCard.types';
import type { PhoneBus } from './bus';
import { createCallJournal, type CallJournal } from './journal';
import { lostCallSummary, type OwnerSession } from './ownerSession';
import type { PhoneClock } from './ownership';
import type { PhoneDiagnostic } from './phone.types';
import type { PlacementPort } from '../../protocol/placement';
import { createRemoteCard, type RemoteCard } from './remoteCard';
import type { PhoneScope } from './scope';
import { createTabGate, type TabGate } from './tabGate';

import type { LastCall } from './state';

export { createOwnerFrame } from './ownerFrame';
export { followRelay } from './relayOwner';
import { endLostRecord } from './ownerRecords';
import type { CallRecords } from '../records/createCallRecords';
import { initializedOf } from './reattach';
import { acquire, type PhoneLockManager } from './locks';
import { parsePhoneAction } from './phoneAction';

/**
 * The owner's half of a frame (statechart SC-F2; issue 18 §4, "a light frame on every page"):
 * the remote card the statechart drives, the card's tab's gate, the call journal and — through
 * `startOwnerSession` — xstate, the statechart and the integrator's softphone. `createPhone`
 * imports this module dynamically the first time its frame owns, so it is a chunk of its own
 * for bundlers and a frame that never owns (most of them: every portal page has one) never
 * loads it. Made once per frame and kept while the frame lives: the remote card and the gate
 * outlast a spell of waiting (they are reset, not rebuilt).
 */
export interface OwnerPart {
  readonly remoteCard: RemoteCard;
  readonly gate: TabGate;
  /** `null` where the frame has no `localStorage` (a successor cannot then end its calls). */
  readonly journal: CallJournal | null;
  /**
   * A reloaded frame says its window shows a card (`holder.returned`): the live call's card is
   * held again and brought up to date (SC-F3); anything else is an orphan for that frame to close (SC-W1).
   */
  takeBack(session: OwnerSession, holder: string, tab: string): void;
  /** Each holder whose life lock is free is gone, its card with it (SC-F3: a lost card). */
  checkHolders(locks: PhoneLockManager, lifeLock: (frame: string) => string): void;
  /** Another frame asks the phone to act (SC-F7): done as the card's button would, or reported when it is not an action. */
  act(session: OwnerSession, raw: unknown): void;
}

export interface OwnerPartOptions {
  readonly bus: PhoneBus;
  readonly scope: PhoneScope;
  readonly clock: PhoneClock;
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** This frame's own placement, when its window has the card commands. */
  readonly placement: PlacementPort | null;
  readonly closingNoticeMs: number;
  readonly maxHoldMs: number;
  readonly frameId: string;
  report(diagnostic: PhoneDiagnostic): void;
  /** The statechart's session while this frame runs one. */
  session(): OwnerSession | null;
  /** Closes the card of `callId` wherever it shows (a card held after its call, whose owner died: SC-T4 with SC-F4). */
  closeShown(callId: string): void;
}

export function createOwnerPart(options: OwnerPartOptions): OwnerPart {
  const { bus, clock, report } = options;
  const gate = createTabGate({ bus, clock, report, closingNoticeMs: options.closingNoticeMs, maxHoldMs: options.maxHoldMs, ownCall: () => remoteCard.callId, closeShown: options.closeShown });
  const remoteCard: RemoteCard = createRemoteCard({
    bus,
    local: options.placement,
    isCallLive: () => options.session()?.isCallLive() ?? false,
    report,
    closeGate: gate.close,
    onNewCall: gate.newCall,
    intercept: (name, payload) => gate.heldCardEvent(options.session(), name, payload),
    // SC-C4 v3: refused busy as SC-L6 says, so its record is finished 486 too.
    onSecondCall: (payload) => options.session()?.refuse(payload),
  });
  const journal = options.storage ? createCallJournal({ scope: options.scope, storage: options.storage, now: clock.now, report }) : null;
  return {
    remoteCard,
    gate,
    journal,
    takeBack(session, holder, tab) {
      if (remoteCard.holders.includes(holder)) return;
      const call = session.card.state.status === 'call' ? session.card.state.call : null;
      if (call !== null && remoteCard.returned(holder, tab)) {
        report({ kind: 'cardTakenBack', holder, callId: call.callId, message: `Frame ${holder} was reloaded; its window still shows the card of ${call.callId}, which is brought up to date.` });
        // The host sends no initialized again to a reloaded frame (§6); the statechart re-attaches on one for the same CALL_ID (SC-C5).
        remoteCard.receive('initialized', initializedOf(call), holder);
      } else {
        bus.post('holder.orphan', {}, holder);
      }
    },
    checkHolders(locks, lifeLock) {
      for (const frame of remoteCard.holders) {
        if (frame === options.frameId) continue;
        void acquire(locks, lifeLock(frame), { mode: 'exclusive', ifAvailable: true }).then((lock) => {
          if (lock === null) return;
          lock.release();
          remoteCard.holderGone(frame);
        });
      }
    },
    act(session, raw) {
      const action = parsePhoneAction(raw);
      if (action === null) report({ kind: 'frameMessageRejected', reason: 'not a phone action', message: 'Another frame asked the phone for something it does not do.' });
      else session.act(action);
    },
  };
}

/**
 * SC-F4: the journal names another frame as the owner of a live call, so that frame died mid-call
 * and its call died with it. Ends it once, here: the journal is cleared, `onSummary` hears one
 * summary (`endedBy: 'ownerLost'`, timed up to the dead owner's last sign of life), and the card
 * is closed wherever it is shown — through its holders, and in this frame's own window when it
 * held it or the start-up probe found one. `null` when the journal explains no lost call.
 */
export function endLostCall(options: {
  readonly journal: CallJournal | null;
  readonly frameId: string;
  readonly bus: PhoneBus;
  readonly report: (diagnostic: PhoneDiagnostic) => void;
  readonly onSummary: ((summary: CallSummary) => void) | undefined;
  /** The start-up probe found a card in this frame's window. */
  readonly cardFound: boolean;
  readonly placement: PlacementPort | null;
  /** The new owner's records (SC-F8): the lost call's record is finished through the shared outbox, by its own key, user and times. */
  readonly records: CallRecords | null;
}): { readonly lastCall: LastCall; readonly closedOwnCard: boolean } | null {
  const { journal, frameId } = options;
  const entry = journal?.read() ?? null;
  if (!entry || entry.owner === frameId) return null;
  const summary = lostCallSummary(entry);
  journal?.clear();
  if (options.records) endLostRecord(options.records, entry);
  if (!summary) return null;
  options.report({ kind: 'ownerLost', callId: summary.callId, owner: entry.owner, message: `The frame that owned call ${summary.callId} is gone; the call ended with it.` });
  try {
    options.onSummary?.(summary);
  } catch {
    // Reported by the hook's owner; the call is over either way.
  }
  // Its card has nobody to manage it now: closed wherever it is shown, this frame's own window included.
  for (const frame of entry.holders) if (frame !== frameId) options.bus.post('card.command', { id: 0, command: 'CallCardClose', params: undefined }, frame);
  const closedOwnCard = entry.holders.includes(frameId) || options.cardFound;
  if (closedOwnCard) options.placement?.call('CallCardClose', undefined, () => undefined);
  return { lastCall: { callId: summary.callId, endedBy: 'ownerLost', endedAt: summary.closedAt, connected: summary.connected }, closedOwnCard };
}
