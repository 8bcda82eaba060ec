import { assign, emit, enqueueActions, setup } from 'xstate';
import type { CardCommand } from '../protocol/commands';
import type { UiState } from '../protocol/uiStates';
import { callCardGuards, numberToDial } from './callCard.guards';
import type { CallCardContext, CallCardEmitted, CallEnd, CallSummary, SoftphoneCommand } from './callCard.types';
import type { CallCardEvent } from './events';

/** Most DTMF keys kept for the summary: a stuck key must not grow the context without bound. */
export const MAX_DTMF_KEPT = 256;

/** The context between calls: only the count of cards served survives a call. */
export function idleContext(cycle: number): CallCardContext {
  return {
    cycle,
    call: null,
    entity: null,
    uiState: null,
    comments: [],
    rating: null,
    dtmf: '',
    transfer: null,
    failureCode: null,
    openedAt: null,
    connectedAt: null,
  };
}

function toCard(context: CallCardContext, command: CardCommand): CallCardEmitted {
  return { type: 'card.command', cycle: context.cycle, command };
}

function toSoftphone(context: CallCardContext, command: SoftphoneCommand): CallCardEmitted {
  return { type: 'softphone.command', cycle: context.cycle, command };
}

function summarise(context: CallCardContext, endedBy: CallEnd): CallSummary {
  const closedAt = Date.now();
  return {
    cycle: context.cycle,
    callId: context.call?.callId ?? '',
    phoneNumber: numberToDial(context),
    crmEntity: context.entity?.crmEntity ?? context.call?.crmEntity ?? null,
    direction: context.call?.direction ?? null,
    comments: context.comments,
    rating: context.rating,
    dtmf: context.dtmf,
    transferTarget: context.transfer,
    endedBy,
    lastUiState: context.uiState,
    failureCode: context.failureCode,
    connected: context.connectedAt !== null,
    openedAt: context.openedAt ?? closedAt,
    connectedAt: context.connectedAt,
    closedAt,
  };
}

const callIdOf = (context: CallCardContext) => context.call?.callId ?? '';

/**
 * Types, named guards and named actions of the call card statechart. Card and
 * softphone actions only *emit* commands (`card.command`, `softphone.command`);
 * adapters carry them out, so the machine touches neither `BX24` nor a softphone.
 */
export const callCardSetup = setup({
  types: {
    context: {} as CallCardContext,
    events: {} as CallCardEvent,
    emitted: {} as CallCardEmitted,
  },
  guards: callCardGuards,
  actions: {
    /** Keeps the new call's data, and an `entityChanged` that arrived before it. */
    openCall: assign(({ context, event }) =>
      event.type === 'initialized' ? { ...idleContext(context.cycle + 1), call: event.call, entity: context.entity, openedAt: Date.now() } : {},
    ),
    keepEntity: assign(({ event }) => (event.type === 'entityChanged' ? { entity: event.entity } : {})),
    /** Keeps the comment for the summary and hands it to the integrator's comment hook. */
    keepComment: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'addCommentButtonClick') return;
      enqueue.assign({ comments: [...context.comments, event.text] });
      enqueue.emit({ type: 'call.comment', callId: callIdOf(context), text: event.text });
    }),
    keepRating: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'qualityMeterClick') return;
      enqueue.assign({ rating: event.rating });
      enqueue.emit({ type: 'call.rating', callId: callIdOf(context), rating: event.rating });
    }),
    markConnected: assign(({ context }) => ({ connectedAt: context.connectedAt ?? Date.now() })),
    recordFailure: assign(({ event }) => (event.type === 'phone.failed' ? { failureCode: event.code } : {})),
    /** Hands the call's summary to the integrator, then forgets the call. */
    endCall: enqueueActions(({ context, enqueue }, params: { endedBy: CallEnd }) => {
      enqueue.emit({ type: 'call.summary', summary: summarise(context, params.endedBy) });
      enqueue.assign(idleContext(context.cycle));
    }),
    notifyAdmin: emit(({ context }) => ({ type: 'call.notifyAdmin' as const, callId: callIdOf(context) })),
    nextInCallList: emit(({ context }) => ({ type: 'call.next' as const, callId: callIdOf(context) })),

    // What the card is told.
    showUiState: enqueueActions(({ context, enqueue }, params: { uiState: UiState }) => {
      enqueue.assign({ uiState: params.uiState });
      enqueue.emit(toCard(context, { command: 'CallCardSetUiState', params: { uiState: params.uiState } }));
    }),
    closeCard: emit(({ context }) => toCard(context, { command: 'CallCardClose', params: {} })),
    showMute: emit(({ context, event }) =>
      toCard(context, { command: 'CallCardSetMute', params: { muted: event.type === 'phone.mutedChanged' && event.muted } }),
    ),
    showHold: emit(({ context, event }) =>
      toCard(context, { command: 'CallCardSetHold', params: { held: event.type === 'phone.heldChanged' && event.held } }),
    ),

    // What the softphone is told.
    answerCall: emit(({ context }) => toSoftphone(context, { method: 'answer' })),
    rejectCall: emit(({ context }) => toSoftphone(context, { method: 'reject' })),
    hangUp: emit(({ context }) => toSoftphone(context, { method: 'hangup' })),
    dialNumber: emit(({ context }) => toSoftphone(context, { method: 'call', phoneNumber: numberToDial(context) ?? '' })),
    muteSoftphone: emit(({ context, event }) =>
      toSoftphone(context, { method: 'mute', muted: event.type === 'muteButtonClick' && event.muted }),
    ),
    holdSoftphone: emit(({ context, event }) =>
      toSoftphone(context, { method: 'hold', held: event.type === 'holdButtonClick' && event.held }),
    ),
    sendDtmf: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'dialpadButtonClick') return;
      enqueue.assign({ dtmf: (context.dtmf + event.key).slice(-MAX_DTMF_KEPT) });
      enqueue.emit(toSoftphone(context, { method: 'sendDtmf', key: event.key }));
    }),
    startTransfer: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'transferButtonClick') return;
      enqueue.assign({ transfer: event.transfer });
      enqueue.emit(toSoftphone(context, { method: 'startTransfer', target: event.transfer }));
    }),
    completeTransfer: emit(({ context }) => toSoftphone(context, { method: 'completeTransfer' })),
    cancelTransfer: emit(({ context }) => toSoftphone(context, { method: 'cancelTransfer' })),
  },
});
