import { stateIn } from 'xstate';
import { DIAL_KEYS } from '../protocol/buttons';
import type { CallCardInput, LiveUiState } from './callCard.inputs';
import type { CallCardContext } from './callCard.types';

type GuardArgs = { context: CallCardContext; event: CallCardInput };

/** SIP codes that mean the callee is busy or declined: the operator may call again. */
export const BUSY_SIP_CODES: readonly number[] = [486, 600, 603];

/** SIP 402 Payment Required: the account ran out of funds. */
export const NO_FUNDS_SIP_CODE = 402;

/** The number to dial: what the CRM block shows last, else the call's own. */
export function numberToDial(context: CallCardContext): string | null {
  return context.entity?.phoneNumber ?? context.call?.phoneNumber ?? null;
}

/**
 * The named guards of the call card statechart; the config refers to them by name. Each
 * reads only the event it is written for: a guard on `muteButtonClick` is never asked
 * about another event, but the `event.type` checks keep a malformed typed event harmless.
 */
export const callCardGuards = {
  isCallListMode: ({ event }: GuardArgs) => event.type === 'initialized' && event.call?.callListMode === true,
  isIncomingCall: ({ event }: GuardArgs) => event.type === 'initialized' && event.call?.direction === 'incoming',
  isIncomingTransfer: ({ event }: GuardArgs) => event.type === 'initialized' && event.call?.direction === 'incomingTransfer',
  isOutgoingCall: ({ event }: GuardArgs) => event.type === 'initialized' && event.call?.direction === 'outgoing',
  isCallback: ({ event }: GuardArgs) => event.type === 'initialized' && event.call?.direction === 'callback',
  /** `initialized` for the call being served: its card is shown again (a re-show, another tab, an adoption). */
  isCurrentCall: ({ context, event }: GuardArgs) => event.type === 'initialized' && context.call !== null && event.call?.callId === context.call.callId,
  /** `initialized` for another call: the host dropped the current call's card without a word. */
  isAnotherCall: ({ context, event }: GuardArgs) => event.type === 'initialized' && event.call?.callId !== context.call?.callId,
  knowsNumberToDial: ({ context }: GuardArgs) => numberToDial(context) !== null,
  confirmsMuted: ({ event }: GuardArgs) => (event.type === 'softphone.muteDone' || event.type === 'phone.mutedChanged') && event.muted === true,
  confirmsHeld: ({ event }: GuardArgs) => (event.type === 'softphone.holdDone' || event.type === 'phone.heldChanged') && event.held === true,
  isDialKey: ({ event }: GuardArgs) => event.type === 'dialpadButtonClick' && (DIAL_KEYS as readonly string[]).includes(event.key),
  isRating: ({ event }: GuardArgs) => event.type === 'qualityMeterClick' && Number.isInteger(event.rating) && event.rating >= 1 && event.rating <= 5,
  hasTransferTarget: ({ event }: GuardArgs) =>
    event.type === 'transferButtonClick' && typeof event.transfer?.destination === 'string' && event.transfer.destination.trim() !== '',
  isBusy: ({ event }: GuardArgs) => event.type === 'phone.failed' && event.code !== null && event.code !== undefined && BUSY_SIP_CODES.includes(event.code),
  isNoFunds: ({ event }: GuardArgs) => event.type === 'phone.failed' && event.code === NO_FUNDS_SIP_CODE,
  /** The call's card is gone (the card region is `lost`). */
  cardIsGone: stateIn('#callCard.call.card.lost'),
  /** Worker restart: the adopted call is in this UI state. */
  adoptsInto: ({ event }: GuardArgs, params: { uiState: LiveUiState }) => event.type === 'card.adopted' && event.uiState === params.uiState,
};

/** A named guard of the statechart. */
export type CallCardGuard = keyof typeof callCardGuards;
