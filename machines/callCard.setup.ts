import { assign, emit, enqueueActions, or, raise, setup, stateIn } from 'xstate';
import type { CardCommand } from '../protocol/commands';
import { ESTABLISHED_UI_STATES, UI_STATES, type LiveUiState, type UiState } from '../protocol/uiStates';
import type { DialKey, QualityRating } from '../protocol/buttons';
import { BUSY_SIP_CODES, NO_FUNDS_SIP_CODE, type CallCardInput, type ClickToCallChoice, type CallCardMachineInput, type CallData, type CallDirection, type EntityInfo, type TransferTarget } from './callCard.events';
import type { CallCardContext, CallCardEmitted, CallEnd, CallSummary, SoftphoneCommand } from './callCard.types';

/** What the click-to-call guards judge of an `initialized` (SC-L5). */
export interface ClickToCallParams {
  readonly direction: CallDirection | null;
  readonly clickToCall: ClickToCallChoice | null;
  readonly phoneNumber: string | null;
}

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
    origin: null,
    extension: [],
  };
}

/** The number to dial: what the CRM block shows last, else the call's own. */
export function numberToDial(context: CallCardContext): string | null {
  return context.entity?.phoneNumber ?? context.call?.phoneNumber ?? null;
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

const inLostCard = stateIn({ call: { card: 'lost' } });
const inAttachedCard = stateIn({ call: { card: 'attached' } });
const inWaiting = stateIn('waiting');

/** The UI state the call is in, read from the state value (the context keeps no copy). */
function uiStateIn(check: Check): UiState | null {
  return UI_STATES.find((uiState) => check(stateIn({ call: { ui: uiState } }))) ?? null;
}

/** The deep history of `connected`, by its state id in `historyValue`. */
const CONNECTED_HISTORY = 'callCard.call.ui.connected.previous';

/**
 * The microphone and hold a call returns to from a transfer: what the deep history of
 * `connected` remembers (Return to call restores it). Read from the snapshot's public
 * `historyValue`; only meaningful while `transferring` or `transferFailed` (elsewhere it
 * may be an earlier call's).
 */
export function flagsReturnedTo(historyValue: Readonly<Record<string, ReadonlyArray<{ readonly id: string }>>> | undefined): { readonly muted: boolean; readonly held: boolean } {
  const remembered = new Set((historyValue?.[CONNECTED_HISTORY] ?? []).map((node) => node.id));
  return { muted: remembered.has('callCard.call.ui.connected.microphone.muted'), held: remembered.has('callCard.call.ui.connected.hold.held') };
}

/**
 * The summary of a second call refused busy while one was live (SC-L6, SC-C4): never served
 * (`cycle` 0), never connected, `failureCode` 486 so that its record is finished as busy.
 */
export function refusedSummary(call: CallData, at: number): CallSummary {
  return {
    cycle: 0,
    callId: call.callId,
    phoneNumber: call.phoneNumber,
    crmEntity: call.crmEntity,
    direction: call.direction,
    comment: null,
    rating: null,
    dtmf: '',
    transferTarget: null,
    endedBy: 'refusedBusy',
    lastUiState: null,
    cardLost: false,
    cardLostAt: null,
    failureCode: 486,
    connected: false,
    openedAt: at,
    connectedAt: null,
    closedAt: at,
  };
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
 * The named guards. Each decides from its typed `params` (and the context), never from
 * `event.type`: the config hands it the part of the event it judges, and the parser
 * (callCard.parse.ts) has already made every payload what its type says.
 */
export const callCardGuards = {
  /** `CALL_LIST_MODE` true: the card opens in `outgoing`, whatever its direction. */
  isCallListMode: (_: unknown, params: { callListMode: boolean }) => params.callListMode,
  isIncomingCall: (_: unknown, params: { direction: CallDirection | null }) => params.direction === 'incoming',
  isIncomingTransfer: (_: unknown, params: { direction: CallDirection | null }) => params.direction === 'incomingTransfer',
  isOutgoingCall: (_: unknown, params: { direction: CallDirection | null }) => params.direction === 'outgoing',
  isCallback: (_: unknown, params: { direction: CallDirection | null }) => params.direction === 'callback',
  /** Click-to-call to dial at once (SC-L5): an outgoing card nobody dials, the integrator's choice `dial`, and a number to dial. */
  dialsClickToCall: (_: unknown, params: ClickToCallParams) => params.direction === 'outgoing' && params.clickToCall === 'dial' && params.phoneNumber !== null,
  /** Click-to-call the operator starts with Call (SC-L5): `showCall` chosen, or `dial` with no number to dial. */
  showsClickToCall: (_: unknown, params: ClickToCallParams) => params.direction === 'outgoing' && params.clickToCall !== null,
  /** `initialized` for the call being served: its card is shown again (a re-show, another tab, an adoption). */
  isCurrentCall: ({ context }: { context: CallCardContext }, params: { callId: string }) => context.call !== null && params.callId === context.call.callId,
  /** `initialized` for another call: the host dropped the current call's card without a word. */
  isAnotherCall: ({ context }: { context: CallCardContext }, params: { callId: string }) => params.callId !== context.call?.callId,
  knowsNumberToDial: ({ context }: { context: CallCardContext }) => numberToDial(context) !== null,
  /** The softphone says the microphone is muted (its answer to a click, or its own report). */
  confirmsMuted: (_: unknown, params: { muted: boolean }) => params.muted,
  /** The softphone says the call is on hold. */
  confirmsHeld: (_: unknown, params: { held: boolean }) => params.held,
  isBusy: (_: unknown, params: { code: number | null }) => params.code !== null && BUSY_SIP_CODES.includes(params.code),
  isNoFunds: (_: unknown, params: { code: number | null }) => params.code === NO_FUNDS_SIP_CODE,
  /** The call's card is lost (the card region is `lost`). */
  cardIsLost: inLostCard,
  /** The call has had no card yet: it came by a dial request (the card region is `none`, SC-L6). */
  hasNoCard: stateIn({ call: { card: 'none' } }),
  /** A dial request for the call being served: the same call (SC-L6). */
  isRequestedCall: ({ context }: { context: CallCardContext }, params: { callId: string }) => context.call !== null && params.callId === context.call.callId,
  /** The call is established (connecting, talking, transferring): it goes on without its card (SC-C1). */
  goesOnWithoutCard: or(ESTABLISHED_UI_STATES.map((uiState) => stateIn({ call: { ui: uiState } }))),
  /** Worker restart: the adopted call is in `into`. */
  adoptsInto: (_: unknown, params: { adopted: LiveUiState; into: LiveUiState }) => params.adopted === params.into,
};

/** A named guard of the statechart. */
export type CallCardGuard = keyof typeof callCardGuards;

/**
 * Types, named guards and named actions of the call card statechart. Card and softphone
 * actions only *emit* commands (`card.command`, `softphone.command`); adapters carry them
 * out, so the machine touches neither `BX24` nor a softphone. Every action gets what it
 * needs as typed `params`. One action, `tellCard`, tells the card every command, and only
 * while the card is there: a lost card is brought up to date when it reappears.
 */
export const callCardSetup = setup({
  types: {
    context: {} as CallCardContext,
    events: {} as CallCardInput,
    emitted: {} as CallCardEmitted,
    // `void`: the input is optional (`createActor(callCardMachine)` needs none).
    input: {} as CallCardMachineInput | void,
    // Each UI state carries its own name as a tag, so a reader asks `hasTag(uiState)`.
    tags: {} as UiState | 'ringing' | 'live' | 'established' | 'muted' | 'held' | 'cardLost' | 'noCard',
  },
  guards: callCardGuards,
  actions: {
    /** An event the state it reached does not take: nothing changes, the adapter reports it. */
    reportIgnored: emit(({ event }) => ({ type: 'call.ignored' as const, event })),

    // The call's data.
    /** A new call: a fresh context with this call's data only (an earlier card's entity is not carried over). */
    openCall: assign(({ context }, params: { call: CallData | null; openedAt?: number | null; connectedAt?: number | null }) => ({
      ...idleContext(context.cycle + 1, context.clock),
      call: params.call,
      openedAt: params.openedAt ?? context.clock(),
      connectedAt: params.connectedAt ?? null,
      origin: 'card' as const,
    })),
    /** A new call from a dial request (SC-L6): no card yet, its extension kept for the connect. */
    openRequestedCall: assign(({ context }, params: { call: CallData; extension: readonly DialKey[] }) => ({
      ...idleContext(context.cycle + 1, context.clock),
      call: params.call,
      openedAt: context.clock(),
      origin: 'dialRequest' as const,
      extension: params.extension,
    })),
    keepExtension: assign((_, params: { extension: readonly DialKey[] }) => ({ extension: params.extension })),
    /** The connect of an outgoing call: a dial request's extension goes out as DTMF, key by key, once (SC-L6). */
    sendExtension: enqueueActions(({ context, enqueue }) => {
      if (context.extension.length === 0) return;
      for (const key of context.extension) enqueue.emit(toSoftphone(context, { method: 'sendDtmf', key }));
      enqueue.assign({ dtmf: (context.dtmf + context.extension.join('')).slice(-MAX_DTMF_KEPT), extension: [] });
    }),
    /** A second call while this one is live: refused busy, the softphone not disturbed; its summary goes out for its record (SC-L6). */
    refuseBusy: emit(({ context }, params: { call: CallData }) => ({ type: 'call.refused' as const, summary: refusedSummary(params.call, context.clock()) })),
    /** Hands a dial request for another call to `waiting`, once the current one is over. */
    openNextRequest: raise(({ event }) => event),
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
    recordFailure: assign((_, params: { code: number | null }) => ({ failureCode: params.code })),
    keepCardLoss: assign(({ context }) => ({ cardLostAt: context.cardLostAt ?? context.clock() })),
    announceCardLost: emit(({ context }) => ({ type: 'call.cardLost' as const, cycle: context.cycle, callId: callIdOf(context), at: context.clock() })),
    /** Hands the call's summary to the integrator, with the UI state the call ends in. */
    summarise: enqueueActions(({ context, enqueue, check }, params: { endedBy: CallEnd }) => {
      enqueue.emit({ type: 'call.summary', summary: summarise(context, params.endedBy, uiStateIn(check)) });
    }),
    forgetCall: assign(({ context }) => idleContext(context.cycle, context.clock)),
    notifyAdmin: emit(({ context }) => ({ type: 'call.notifyAdmin' as const, callId: callIdOf(context) })),
    nextInCallList: emit(({ context }) => ({ type: 'call.next' as const, callId: callIdOf(context) })),

    /**
     * Every command to the card, while the card is there: the card region is `attached` (not
     * `lost`, not `none`). A call's first state is entered from `waiting`, which the check
     * still sees: then the call's origin says whether a card opened it (SC-L6: a dial request's
     * call has none, and is told nothing).
     */
    tellCard: enqueueActions(({ context, enqueue, check }, params: CardCommand) => {
      if (check(inAttachedCard) || (check(inWaiting) && context.origin !== 'dialRequest')) enqueue.emit(toCard(context, params));
    }),
    /**
     * The current call's card is shown (again): it shows the call's UI state, then the
     * microphone and hold if they are on, then the title and status text last set. The
     * card region is still `lost` while this runs, so it emits rather than `tellCard`.
     */
    bringCardUpToDate: enqueueActions(({ context, enqueue, check, self }) => {
      const uiState = uiStateIn(check);
      if (uiState) enqueue.emit(toCard(context, { command: 'CallCardSetUiState', params: { uiState } }));
      // During a transfer the flags live in the history of `connected`, and the new card must
      // already show them. The snapshot in hand is the one this event found: a re-attach changes
      // nothing in the ui region, so its history is current. (A traversal without a running
      // actor, such as xstate/graph's, has no snapshot to read.)
      const returnsTo = uiState === 'transferring' || uiState === 'transferFailed' ? flagsReturnedTo(self.getSnapshot()?.historyValue) : { muted: false, held: false };
      if (check(stateIn({ call: { ui: { connected: { microphone: 'muted' } } } })) || returnsTo.muted) enqueue.emit(toCard(context, { command: 'CallCardSetMute', params: { muted: true } }));
      if (check(stateIn({ call: { ui: { connected: { hold: 'held' } } } })) || returnsTo.held) enqueue.emit(toCard(context, { command: 'CallCardSetHold', params: { held: true } }));
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
    /** The number a dial request names (its international form when given, SC-L6). */
    dialRequested: emit(({ context }, params: { phoneNumber: string }) => toSoftphone(context, { method: 'call', phoneNumber: params.phoneNumber })),
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
