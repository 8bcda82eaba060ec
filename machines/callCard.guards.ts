import { DIAL_KEYS } from '../protocol/buttons';
import type { CallCardContext } from './callCard.types';
import type { CallCardEvent } from './events';

type GuardArgs = { context: CallCardContext; event: CallCardEvent };

/** SIP codes that mean the callee is busy or declined: the operator may call again. */
export const BUSY_SIP_CODES: readonly number[] = [486, 600, 603];

/** SIP 402 Payment Required: the account ran out of funds. */
export const NO_FUNDS_SIP_CODE = 402;

/** The number to dial: what the CRM block shows last, else the call's own. */
export function numberToDial(context: CallCardContext): string | null {
  return context.entity?.phoneNumber ?? context.call?.phoneNumber ?? null;
}

/** The named guards of the call card statechart; the config refers to them by name. */
export const callCardGuards = {
  isCallListMode: ({ event }: GuardArgs) => event.type === 'initialized' && event.call?.callListMode === true,
  isIncomingCall: ({ event }: GuardArgs) => event.type === 'initialized' && event.call?.direction === 'incoming',
  isIncomingTransfer: ({ event }: GuardArgs) => event.type === 'initialized' && event.call?.direction === 'incomingTransfer',
  isOutgoingCall: ({ event }: GuardArgs) => event.type === 'initialized' && event.call?.direction === 'outgoing',
  isCallback: ({ event }: GuardArgs) => event.type === 'initialized' && event.call?.direction === 'callback',
  knowsNumberToDial: ({ context }: GuardArgs) => numberToDial(context) !== null,
  asksMuted: ({ event }: GuardArgs) => event.type === 'muteButtonClick' && event.muted,
  asksHeld: ({ event }: GuardArgs) => event.type === 'holdButtonClick' && event.held,
  reportsMuted: ({ event }: GuardArgs) => event.type === 'phone.mutedChanged' && event.muted,
  reportsHeld: ({ event }: GuardArgs) => event.type === 'phone.heldChanged' && event.held,
  isDialKey: ({ event }: GuardArgs) => event.type === 'dialpadButtonClick' && (DIAL_KEYS as readonly string[]).includes(event.key),
  isRating: ({ event }: GuardArgs) => event.type === 'qualityMeterClick' && Number.isInteger(event.rating) && event.rating >= 1 && event.rating <= 5,
  hasTransferTarget: ({ event }: GuardArgs) => event.type === 'transferButtonClick' && typeof event.transfer?.destination === 'string' && event.transfer.destination.trim() !== '',
  isBusy: ({ event }: GuardArgs) => event.type === 'phone.failed' && event.code !== null && BUSY_SIP_CODES.includes(event.code),
  isNoFunds: ({ event }: GuardArgs) => event.type === 'phone.failed' && event.code === NO_FUNDS_SIP_CODE,
};

/** A named guard of the statechart. */
export type CallCardGuard = keyof typeof callCardGuards;
