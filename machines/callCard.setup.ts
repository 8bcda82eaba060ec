import { assign, emit, enqueueActions, raise, setup, stateIn } from 'xstate';
import type { CardCommand } from '../protocol/commands';
import { UI_STATES, type UiState } from '../protocol/uiStates';
import { callCardGuards, numberToDial } from './callCard.guards';
import type { CallCardInput, CallCardMachineInput } from './callCard.inputs';
import type { CallCardContext, CallCardEmitted, CallEnd, CallSummary, SoftphoneCommand } from './callCard.types';
import type { CallData, EntityInfo, TransferTarget } from './callCard.events';
import type { DialKey, QualityRating } from '../protocol/buttons';

/** Most DTMF keys kept for the summary: a stuck key must not grow the context without bound. */
export const MAX_DTMF_KEPT = 256;

/** The context between calls: only the clock and the count of calls served survive a call. */
export function idleContext(cycle: number, clock: () => number): CallCardContext {
  return {
    clock,
    cycle,
    call: null,
    entity: null,
    comment: null,
    rating: null,
    dtmf: '',
    transfer: null,
    failureCode: null,
    title: null,
    statusText: null,
    openedAt: null,
    connectedAt: null,
    cardLostAt: null,
  };
}

function toCard(context: CallCardContext, command: CardCommand): CallCardEmitted {
  return { type: 'card.command', cycle: context.cycle, command };
}

function toSoftphone(context: CallCardContext, command: SoftphoneCommand): CallCardEmitted {
  return { type: 'softphone.command', cycle: context.cycle, command };
}

const callIdOf = (context: CallCardContext) => context.call?.callId ?? '';

/**
 * Guards asked from inside an action see the configuration the current transition
 * started from: the card region as the event found it, the UI state the call is leaving.
 */
type Check = (guard: ReturnType<typeof stateIn>) => boolean;

const cardIsLost = stateIn('#callCard.call.card.lost');

/** The UI state the call is in, read from the state value (the context keeps no copy). */
function uiStateIn(check: Check): UiState | null {
  return UI_STATES.find((uiState) => check(stateIn({ call: { ui: uiState } }))) ?? null;
}

const CONNECTED_ID = 'callCard.call.ui.connected';

/** The state ids the deep history of `connected` holds: where Return to call goes back to. */
function rememberedInConnected(historyValue: Readonly<Record<string, ReadonlyArray<{ readonly id: string }>>> | undefined): ReadonlySet<string> {
  return new Set((historyValue?.[`${CONNECTED_ID}.previous`] ?? []).map((node) => node.id));
}

function summarise(context: CallCardContext, endedBy: CallEnd, lastUiState: UiState | null): CallSummary {
  const closedAt = context.clock();
  return {
    cycle: context.cycle,
    callId: callIdOf(context),
    phoneNumber: numberToDial(context),
    crmEntity: context.entity?.crmEntity ?? context.call?.crmEntity ?? null,
    direction: context.call?.direction ?? null,
    comment: context.comment,
    rating: context.rating,
    dtmf: context.dtmf,
    transferTarget: context.transfer,
    endedBy,
    lastUiState,
    cardLost: context.cardLostAt !== null,
    cardLostAt: context.cardLostAt,
    failureCode: context.failureCode,
    connected: context.connectedAt !== null,
    openedAt: context.openedAt ?? closedAt,
    connectedAt: context.connectedAt,
    closedAt,
  };
}

/**
 * Types, named guards and named actions of the call card statechart. Card and softphone
 * actions only *emit* commands (`card.command`, `softphone.command`); adapters carry them
 * out, so the machine touches neither `BX24` nor a softphone. Every action gets what it
 * needs as typed `params`; the only conditional ones (`enqueueActions`) are those that
 * tell the card something, which they do only while the card is there.
 */
export const callCardSetup = setup({
  types: {
    context: {} as CallCardContext,
    events: {} as CallCardInput,
    emitted: {} as CallCardEmitted,
    // `void`: the input is optional (`createActor(callCardMachine)` needs none).
    input: {} as CallCardMachineInput | void,
  },
  guards: callCardGuards,
  actions: {
    /** An event the state it reached does not take: nothing changes, the adapter reports it. */
    reportIgnored: emit(({ event }) => ({ type: 'call.ignored' as const, event })),

    // The call's data.
    /** A new call: a fresh context with this call's data only (an earlier card's entity is not carried over). */
    openCall: assign(({ context }, params: { call: CallData | null }) => ({
      ...idleContext(context.cycle + 1, context.clock),
      call: params.call,
      openedAt: context.clock(),
    })),
    /** Hands the `initialized` of a replacing call to `waiting`, which opens it like any other. */
    openNextCall: raise(({ event }) => event),
    keepEntity: assign((_, params: { entity: EntityInfo }) => ({ entity: params.entity })),
    /** Each save carries the editor's whole text: the comment *is* the last text. */
    keepComment: assign((_, params: { text: string }) => ({ comment: params.text })),
    /** The host saved the comment to the call already; the integrator hears what it says now. */
    announceComment: emit(({ context }, params: { text: string }) => ({ type: 'call.comment' as const, callId: callIdOf(context), text: params.text })),
    keepRating: assign((_, params: { rating: QualityRating }) => ({ rating: params.rating })),
    announceRating: emit(({ context }, params: { rating: QualityRating }) => ({ type: 'call.rating' as const, callId: callIdOf(context), rating: params.rating })),
    keepTitle: assign((_, params: { title: string }) => ({ title: params.title })),
    keepStatusText: assign((_, params: { statusText: string }) => ({ statusText: params.statusText })),
    markConnected: assign(({ context }) => ({ connectedAt: context.connectedAt ?? context.clock() })),
    recordFailure: assign((_, params: { code: number | null | undefined }) => ({ failureCode: params.code ?? null })),
    keepCardLoss: assign(({ context }) => ({ cardLostAt: context.cardLostAt ?? context.clock() })),
    announceCardLost: emit(({ context }) => ({ type: 'call.cardLost' as const, cycle: context.cycle, callId: callIdOf(context), at: context.clock() })),
    /** Hands the call's summary to the integrator, with the UI state the call ends in. */
    summarise: enqueueActions(({ context, enqueue, check }, params: { endedBy: CallEnd }) => {
      enqueue.emit({ type: 'call.summary', summary: summarise(context, params.endedBy, uiStateIn(check)) });
    }),
    forgetCall: assign(({ context }) => idleContext(context.cycle, context.clock)),
    notifyAdmin: emit(({ context }) => ({ type: 'call.notifyAdmin' as const, callId: callIdOf(context) })),
    nextInCallList: emit(({ context }) => ({ type: 'call.next' as const, callId: callIdOf(context) })),

    // What the card is told, while it is there: a lost card is brought up to date when it reappears.
    showUiState: enqueueActions(({ context, enqueue, check }, params: { uiState: UiState }) => {
      if (!check(cardIsLost)) enqueue.emit(toCard(context, { command: 'CallCardSetUiState', params: { uiState: params.uiState } }));
    }),
    closeCard: enqueueActions(({ context, enqueue, check }) => {
      if (!check(cardIsLost)) enqueue.emit(toCard(context, { command: 'CallCardClose', params: {} }));
    }),
    showMute: enqueueActions(({ context, enqueue, check }, params: { muted: boolean }) => {
      if (!check(cardIsLost)) enqueue.emit(toCard(context, { command: 'CallCardSetMute', params: { muted: params.muted } }));
    }),
    showHold: enqueueActions(({ context, enqueue, check }, params: { held: boolean }) => {
      if (!check(cardIsLost)) enqueue.emit(toCard(context, { command: 'CallCardSetHold', params: { held: params.held } }));
    }),
    showTitle: enqueueActions(({ context, enqueue, check }, params: { title: string }) => {
      if (!check(cardIsLost)) enqueue.emit(toCard(context, { command: 'CallCardSetCardTitle', params: { title: params.title } }));
    }),
    showStatusText: enqueueActions(({ context, enqueue, check }, params: { statusText: string }) => {
      if (!check(cardIsLost)) enqueue.emit(toCard(context, { command: 'CallCardSetStatusText', params: { statusText: params.statusText } }));
    }),
    /**
     * The current call's card is shown (again): it shows the call's UI state, then the
     * microphone and hold if they are on, then the title and status text last set.
     */
    bringCardUpToDate: enqueueActions(({ context, enqueue, check, self }) => {
      const uiState = uiStateIn(check);
      if (uiState) enqueue.emit(toCard(context, { command: 'CallCardSetUiState', params: { uiState } }));
      // During a transfer the flags live in the history of `connected` (Return to call restores
      // them), and the new card must already show them then. The snapshot in hand is the one
      // this event found: a re-attach changes nothing in the ui region, so its history is current.
      // (A traversal without a running actor, such as xstate/graph's, has no snapshot to read.)
      const returnsTo = uiState === 'transferring' || uiState === 'transferFailed' ? rememberedInConnected(self.getSnapshot()?.historyValue) : new Set<string>();
      const on = (region: 'microphone' | 'hold', flag: 'muted' | 'held') =>
        check(stateIn({ call: { ui: { connected: { [region]: flag } } } })) || returnsTo.has(`${CONNECTED_ID}.${region}.${flag}`);
      if (on('microphone', 'muted')) enqueue.emit(toCard(context, { command: 'CallCardSetMute', params: { muted: true } }));
      if (on('hold', 'held')) enqueue.emit(toCard(context, { command: 'CallCardSetHold', params: { held: true } }));
      if (context.title !== null) enqueue.emit(toCard(context, { command: 'CallCardSetCardTitle', params: { title: context.title } }));
      if (context.statusText !== null) enqueue.emit(toCard(context, { command: 'CallCardSetStatusText', params: { statusText: context.statusText } }));
      enqueue.emit({ type: 'call.cardAttached', cycle: context.cycle, callId: callIdOf(context) });
    }),
    /** An adopted connected call: its microphone and hold as the softphone has them, the card told (like `phone.*Changed`). */
    restoreMicrophoneAndHold: enqueueActions(({ enqueue }, params: { muted: boolean; held: boolean }) => {
      if (params.muted) enqueue.raise({ type: 'phone.mutedChanged', muted: true });
      if (params.held) enqueue.raise({ type: 'phone.heldChanged', held: true });
    }),

    // What the softphone is told.
    answerCall: emit(({ context }) => toSoftphone(context, { method: 'answer' })),
    rejectCall: emit(({ context }) => toSoftphone(context, { method: 'reject' })),
    hangUp: emit(({ context }) => toSoftphone(context, { method: 'hangup' })),
    dialNumber: emit(({ context }) => toSoftphone(context, { method: 'call', phoneNumber: numberToDial(context) ?? '' })),
    muteSoftphone: emit(({ context }, params: { muted: boolean }) => toSoftphone(context, { method: 'mute', muted: params.muted })),
    holdSoftphone: emit(({ context }, params: { held: boolean }) => toSoftphone(context, { method: 'hold', held: params.held })),
    keepDtmf: assign(({ context }, params: { key: DialKey }) => ({ dtmf: (context.dtmf + params.key).slice(-MAX_DTMF_KEPT) })),
    sendDtmf: emit(({ context }, params: { key: DialKey }) => toSoftphone(context, { method: 'sendDtmf', key: params.key })),
    keepTransfer: assign((_, params: { target: TransferTarget }) => ({ transfer: params.target })),
    startTransfer: emit(({ context }, params: { target: TransferTarget }) => toSoftphone(context, { method: 'startTransfer', target: params.target })),
    completeTransfer: emit(({ context }) => toSoftphone(context, { method: 'completeTransfer' })),
    cancelTransfer: emit(({ context }) => toSoftphone(context, { method: 'cancelTransfer' })),
  },
});
