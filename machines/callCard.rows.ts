import type { CardCommand } from '../protocol/commands';
import type { UiState } from '../protocol/uiStates';
import type { CallCardInputOf } from './callCard.events';
import type { CallEnd } from './callCard.types';
import type { RequirementId } from './requirements';

// How the config (callCard.machine.ts) names these: small builders, one line a row.

/**
 * The rows of the spec a transition or state implements, as its `description`:
 * `[SC-B05] [SC-L4]`. Why `description` and not `meta`: Stately Studio's editor keeps a
 * description on every state and transition and shows it on the canvas, the Mermaid and
 * Stately exports carry it, and XState keeps it on the node (`transition.description`),
 * so tools read the ids back with `requirementIdsIn` (requirements.ts). Ids only: the rule itself is
 * the spec's, in docs/spec/statechart.md and host-behaviour.md §2.
 */
export const rows = (...ids: RequirementId[]): string => ids.map((id) => `[${id}]`).join(' ');

/** A card command, told through the one `tellCard` action (only while the card is there). */
export const tell = <C extends CardCommand>(command: C) => ({ type: 'tellCard', params: command }) as const;
export const closeCard = tell({ command: 'CallCardClose', params: {} });
/** Entering a UI state shows it on the card (SC-L2). */
export const show = (uiState: UiState) => tell({ command: 'CallCardSetUiState', params: { uiState } });

/** What is done before a call's summary: the softphone's end of it, the card's, the card's loss. */
type Before = 'rejectCall' | 'hangUp' | 'keepCardLoss' | typeof closeCard;

/**
 * The call is over (SC-L4): `before`, then the summary once with how it ended, the
 * per-call context reset, and back in `waiting`. `ids`: the row that ends it.
 */
export const over = (endedBy: CallEnd, before: readonly Before[], ...ids: RequirementId[]) =>
  ({ target: '#callCard.waiting', actions: [...before, { type: 'summarise', params: { endedBy } }, 'forgetCall'], description: rows(...ids, 'SC-L4') }) as const;

/** `initialized` for another call (SC-C4): this one is over as `replaced`, and `waiting` opens the new one. */
export const overForAnotherCall = (before: readonly Before[]) =>
  ({
    guard: { type: 'isAnotherCall', params: ({ event }: { event: CallCardInputOf<'initialized'> }) => ({ callId: event.call.callId }) },
    target: '#callCard.waiting',
    actions: [...before, { type: 'summarise', params: { endedBy: 'replaced' } }, 'forgetCall', 'openNextCall'],
    description: rows('SC-C4', 'SC-L4'),
  }) as const;

/** A dial request for another call while this one has no live call (SC-L6, SC-T4): closed, over as `replaced`, and `waiting` opens the request. */
export const overForAnotherRequest = () =>
  ({
    guard: { type: 'isAnotherCall', params: ({ event }: { event: CallCardInputOf<'dial.request'> }) => ({ callId: event.call.callId }) },
    target: '#callCard.waiting',
    actions: [closeCard, { type: 'summarise', params: { endedBy: 'replaced' } }, 'forgetCall', 'openNextRequest'],
    description: rows('SC-L6', 'SC-L4'),
  }) as const;

/** A call with no card reaches a state with no live call (a failure, busy): nothing can be pressed, so it is over (SC-L6). */
export const overWithoutCard = { guard: 'hasNoCard', target: '#callCard.waiting', actions: [{ type: 'summarise', params: { endedBy: 'remoteHungUp' } }, 'forgetCall'], description: rows('SC-L6', 'SC-L4') } as const;

/** The parts of a dial request the actions take. */
export const requested = ({ event }: { event: CallCardInputOf<'dial.request'> }) => ({ call: event.call, extension: event.extension });
export const requestedNumber = ({ event }: { event: CallCardInputOf<'dial.request'> }) => ({ phoneNumber: event.call.phoneNumber ?? '' });
export const requestedCallId = ({ event }: { event: CallCardInputOf<'dial.request'> }) => ({ callId: event.call.callId });

/** The parts of an event that guards and actions take as params. */
export const failure = ({ event }: { event: CallCardInputOf<'phone.failed'> }) => ({ code: event.code });
export const direction = ({ event }: { event: CallCardInputOf<'initialized'> }) => ({ direction: event.call.direction });
export const clickToCall = ({ event }: { event: CallCardInputOf<'initialized'> }) => ({ direction: event.call.direction, clickToCall: event.clickToCall ?? null, phoneNumber: event.call.phoneNumber });
const theCall = ({ event }: { event: { readonly call: CallCardInputOf<'card.orphaned'>['call'] } }) => ({ call: event.call });
export const openCall = { type: 'openCall', params: theCall } as const;
export const adoptedInto = (into: CallCardInputOf<'card.adopted'>['uiState']) => ({ type: 'adoptsInto', params: ({ event }: { event: CallCardInputOf<'card.adopted'> }) => ({ adopted: event.uiState, into }) }) as const;

/** A failure of a live call that is not busy (SC-P4, SC-P5): no funds, else an error. */
export const failsToError = [
  { guard: { type: 'isNoFunds', params: failure }, target: 'moneyError', actions: { type: 'recordFailure', params: failure }, description: rows('SC-P4') },
  { target: 'error', actions: { type: 'recordFailure', params: failure }, description: rows('SC-P5') },
] as const;
