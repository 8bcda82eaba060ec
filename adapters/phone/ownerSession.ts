import type { CallCardOptions } from '../session/options';
import type { CallSummary } from '../../machines/callCard.types';
import { isLiveUiState, isRingingUiState } from '../../protocol/uiStates';
import { createCallCard, type CallCard } from '../session/createCallCard';
import type { Softphone } from '../softphone/port';
import type { CallJournal, JournalEntry } from './journal';
import type { RemoteCard } from './remoteCard';
import type { LastCall, PhoneAction, PhoneCall, PhoneHealth } from './state';
import { watchSoftphoneHealth } from './softphoneHealth';
import type { CardEventName } from '../../protocol/events';
import { parseCardEvent } from '../../machines/callCard.parse';
import { observeAfterClose } from './observeAfterClose';
import { refusedSummary } from '../../machines/callCard.setup';
import type { CallRecords } from '../records/createCallRecords';
import type { AttachableSoftphone } from '../records/attach';
import { keepCallsAlive, recordOfCall, withRecords } from './ownerRecords';

/**
 * What only the owner loads (statechart SC-F2): the integrator's softphone, the statechart's
 * session on the remote card, and the call journal written as the call goes. A frame that
 * does not own never imports this file, so it stays light (a separate chunk for bundlers).
 */
export interface OwnerSession {
  readonly card: CallCard;
  /** The integrator's softphone; attach observers here (`records.attach`): they hear a new session after a held card's close landed (SC-T4). */
  readonly softphone: PhoneSoftphone;
  /** The owner's call records (SC-F8; the phone's `records` option), or null without it. */
  readonly records: CallRecords | null;
  /** The call now, for the phone's state. */
  call(): PhoneCall | null;
  /** How the last call this session ran ended (from its summary), or null before one ended. */
  lastCall(): LastCall | null;
  /** The softphone's registration health (SC-F7): each change calls `onChange`. */
  health(): PhoneHealth;
  isCallLive(): boolean;
  act(action: PhoneAction): void;
  /**
   * A comment or a rating clicked on a card held open after its call (SC-T4): the statechart has
   * handed the summary over and is waiting, so the hook hears it here, with the call's id.
   * `taken` when a hook heard it, `rejected` (with the reason) when the payload is not one, `other` for any other event.
   */
  heldCardEvent(callId: string, name: CardEventName, payload: unknown): { readonly outcome: 'taken' | 'other' } | { readonly outcome: 'rejected'; readonly reason: string };
  /**
   * A second call's card from another window while a call is live (SC-C4 v3), refused and closed:
   * its summary (`refusedBusy`, 486) goes to `onSummary` so that its record is finished busy,
   * as for a dial request refused busy (SC-L6). A payload that does not parse is dropped.
   */
  refuse(payload: unknown): void;
  /** The owner is alive: the journal's last sign of life moves on while a call is live. */
  heartbeat(): void;
  stop(): Promise<void>;
}

/**
 * A softphone as the phone's factory gives it: the port, and what a handover needs (SC-F5) when
 * the softphone offers it — `ready()` resolves once it is registered (the phone tab takes over
 * only then), `setAcceptingCalls(false)` makes the old owner answer a new INVITE with 480 while it
 * hands over (never a 6xx, which would cancel the new owner's branch), `holdIncomingCalls()` keeps
 * a new INVITE unanswered in the successor until it owns, `stop()` unregisters it
 * when its frame stops owning, and `connect(card)` wires its events to the statechart (the SIP
 * adapters have it).
 */
export type PhoneSoftphone = Softphone & {
  ready?(): Promise<unknown>;
  setAcceptingCalls?(accepting: boolean): unknown;
  /** Until `setAcceptingCalls(true)`, a new call is held unanswered: a softphone readied for a handover before it owns (the SIP adapters have it). */
  holdIncomingCalls?(): unknown;
  /** The live call's session, if any: a call ringing before its card counts as live (the SIP adapters have it). */
  readonly session?: unknown;
  stop?(): unknown;
  connect?(card: CallCard): unknown;
};

export interface OwnerSessionOptions {
  readonly frameId: string;
  readonly userId: number;
  readonly remoteCard: RemoteCard;
  readonly journal: CallJournal;
  readonly now: () => number;
  readonly createSoftphone: () => PhoneSoftphone | Promise<PhoneSoftphone>;
  /** The records of this ownership (SC-F8): wired to the card's summary and cards shown, attached to a softphone with `observeCalls`, and journalled. */
  readonly records?: CallRecords | null;
  readonly session: Omit<CallCardOptions, 'placement' | 'softphone'>;
  onChange(): void;
  /** A SIP session of the softphone began (`observeCalls`): a card held for a form gives way (SC-T4). */
  onNewCall?(): void;
  /** The close of that held card while it is in flight, or null: observers attached through `softphone` hear the new session after it. */
  cardClosing?(): Promise<void> | null;
}


export { lostCallSummary } from './lostCall';

export async function startOwnerSession(options: OwnerSessionOptions): Promise<OwnerSession> {
  const softphone = await options.createSoftphone();
  const records = options.records ?? null;
  let last: LastCall | null = null;
  // The summary says how the call ended (SC-F7): kept for the phone's state, then handed to the records (SC-F8) and the integrator's hook.
  const hooks = records ? withRecords(records, options.session) : options.session;
  const onSummary = (summary: CallSummary): void => {
    last = { callId: summary.callId, endedBy: summary.endedBy, endedAt: summary.closedAt, connected: summary.connected };
    hooks.onSummary?.(summary);
  };
  const card = createCallCard({ ...hooks, onSummary, placement: options.remoteCard, softphone });
  let entry: JournalEntry | null = null;
  /** When the current call was first connected (the public state has its UI state, not its times). */
  let answered: { callId: string; at: number } | null = null;
  const answeredAt = (callId: string): number | null => (answered?.callId === callId ? answered.at : null);

  const write = (): void => {
    const state = card.state;
    if (state.status !== 'call' || !isLiveUiState(state.uiState)) {
      if (entry !== null) options.journal.clear();
      entry = null;
      return;
    }
    const now = options.now();
    if (state.uiState === 'connected' && answeredAt(state.call.callId) === null) answered = { callId: state.call.callId, at: now };
    const record = records ? recordOfCall(records, state.call.callId) : null;
    if (records && record) {
      // The outbox keeps the answer and the last sign of life too: a call no successor ends is finished with its talk time.
      const at = answeredAt(state.call.callId);
      if (at !== null) records.callAnswered(record.recordKey, at);
    }
    entry = {
      v: 1,
      owner: options.frameId,
      callId: state.call.callId,
      recordKey: record?.recordKey ?? (entry?.callId === state.call.callId ? (entry.recordKey ?? null) : null),
      externalCallId: record?.externalCallId ?? (entry?.callId === state.call.callId ? (entry.externalCallId ?? null) : null),
      userId: options.userId,
      direction: state.call.direction,
      phoneNumber: state.call.phoneNumber,
      startedAt: entry?.callId === state.call.callId ? entry.startedAt : now,
      answeredAt: answeredAt(state.call.callId),
      lastSignOfLife: now,
      holders: options.remoteCard.holders,
    };
    options.journal.write(entry);
  };
  card.subscribe(() => {
    write();
    options.onChange();
  });
  (softphone.connect as ((card: CallCard) => unknown) | undefined)?.call(softphone, card);
  // The softphone's own health (the SIP adapters' onHealth) is the phone's, for every frame (SC-F7).
  const health = watchSoftphoneHealth(softphone, options.onChange);
  // Observed before anything the integrator attaches after the session starts (records.attach):
  // a held card is closed before the new call's record is registered, so its card can be raised.
  const observeCalls = (softphone as { observeCalls?: (observer: { started(): void }) => unknown }).observeCalls;
  let unobserve: unknown;
  try {
    unobserve = typeof observeCalls === 'function' ? observeCalls.call(softphone, { started: () => options.onNewCall?.() }) : undefined;
  } catch {
    // A softphone whose observeCalls fails only loses the automatic release: beforeNewCall() remains.
  }
  let detach: (() => void) | null = null;
  if (records && typeof observeCalls === 'function') {
    try {
      detach = records.attach(softphone as unknown as AttachableSoftphone);
    } catch {
      // Not a SIP adapter's observeCalls after all: the integrator announces its calls itself (createSoftphone's records).
    }
  }

  const click = (name: Parameters<RemoteCard['receive']>[0], payload?: unknown): void => options.remoteCard.click(name, payload);
  return {
    card,
    softphone: observeAfterClose(softphone, () => options.cardClosing?.() ?? null),
    records,
    call() {
      const state = card.state;
      if (state.status !== 'call') return null;
      return {
        callId: state.call.callId,
        uiState: state.uiState,
        muted: state.muted,
        held: state.held,
        card: state.card,
        holders: options.remoteCard.holders,
        phoneNumber: state.call.phoneNumber,
        direction: state.call.direction,
        answeredAt: answeredAt(state.call.callId),
      };
    },
    lastCall: () => last,
    health: health.read,
    isCallLive: () => (card.state.status === 'call' && isLiveUiState(card.state.uiState)) || (softphone.session !== undefined && softphone.session !== null),
    act(action) {
      const state = card.state;
      if (state.status !== 'call') return;
      const ringing = isRingingUiState(state.uiState);
      switch (action.type) {
        case 'answer':
          return click('answerButtonClick');
        case 'hangup':
          return click(ringing ? 'skipButtonClick' : 'hangupButtonClick');
        case 'mute':
          // The card's own button flips the card first (host-behaviour §2); from another frame the phone does it.
          options.remoteCard.call('CallCardSetMute', { muted: action.muted }, () => undefined);
          return click('muteButtonClick', action.muted);
        case 'hold':
          options.remoteCard.call('CallCardSetHold', { held: action.held }, () => undefined);
          return click('holdButtonClick', action.held);
        case 'transfer':
          return click('transferButtonClick', { phoneNumber: state.call.phoneNumber ?? '', target: action.target });
        case 'dtmf':
          return click('dialpadButtonClick', action.key);
      }
    },
    heldCardEvent(callId, name, payload) {
      if (name !== 'addCommentButtonClick' && name !== 'qualityMeterClick') return { outcome: 'other' };
      const parsed = parseCardEvent(name, payload);
      if (!parsed.ok) return { outcome: 'rejected', reason: parsed.diagnostic.message };
      try {
        if (parsed.event.type === 'addCommentButtonClick') options.session.onComment?.({ callId, text: parsed.event.text });
        else if (parsed.event.type === 'qualityMeterClick') options.session.onRating?.({ callId, rating: parsed.event.rating });
      } catch {
        // The integrator's hook failed; the comment is on the call in Bitrix24 either way (the host saved it).
      }
      return { outcome: 'taken' };
    },
    refuse(payload) {
      const parsed = parseCardEvent('initialized', payload);
      if (!parsed.ok) return;
      try {
        // Its record is finished 486 too (SC-L6), through the records when the owner has them.
        hooks.onSummary?.(refusedSummary(parsed.event.call, options.now()));
      } catch {
        // The integrator's hook failed; the card is closed either way.
      }
    },
    heartbeat() {
      write();
      if (records) keepCallsAlive(records, options.now());
    },
    async stop() {
      health.stop();
      try {
        if (typeof unobserve === 'function') (unobserve as () => void)();
        detach?.();
      } catch {
        // Best effort, as stopping the softphone below.
      }
      card.dispose();
      try {
        await softphone.stop?.();
      } catch {
        // Stopping is best effort: the frame is giving the phone up either way.
      }
      // What it had not sent stays in the shared outbox, for the next owner's writer.
      records?.dispose();
    },
  };
}
