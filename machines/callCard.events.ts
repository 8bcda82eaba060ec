import type { DialKey, QualityRating } from '../protocol/buttons';
import type { CallDirection, CallState, CrmEntityType, TransferKind } from '../protocol/values';
import type { LiveUiState } from '../protocol/uiStates';

export type { CallDirection, CrmEntityType, LiveUiState };

/**
 * A CRM type name as the host sends it: one of the four classic types, or any other
 * the portal has (`QUOTE`, `SMART_INVOICE`, `DYNAMIC_128` for a smart process…;
 * host-behaviour.md §3).
 */
export type CrmTypeName = CrmEntityType | (string & {});

/** A CRM entity the call is bound to. */
export interface CrmEntity {
  readonly type: CrmTypeName;
  readonly id: number;
}

/**
 * Why a phone number may be missing: the host omits `PHONE_NUMBER`, or sends the
 * strings `hidden` (withheld caller id) or `unknown` (the client has no phone). Only
 * `known` comes with a number: a withheld number is `hidden` with `phoneNumber: null`,
 * so it can never be dialled or shown as if it were one.
 */
export type PhoneNumberState = 'known' | 'absent' | 'hidden' | 'unknown';

/** The call data of `initialized`, parsed (host-behaviour.md §3). */
export interface CallData {
  readonly callId: string;
  /** The number, when the host knows it; see `phoneNumberState` for why it may not. */
  readonly phoneNumber: string | null;
  readonly phoneNumberState: PhoneNumberState;
  readonly lineNumber: string;
  readonly lineName: string;
  readonly crmEntity: CrmEntity | null;
  readonly crmActivityId: number | null;
  readonly crmBindings: readonly CrmEntity[];
  /** `null` when the host sent a direction the statechart does not know (the card then opens in `error`). */
  readonly direction: CallDirection | null;
  /** The `CALL_DIRECTION` exactly as received, kept for the diagnostic. */
  readonly rawDirection: unknown;
  readonly callState: CallState | null;
  readonly callListMode: boolean;
}

/** What `entityChanged` reports: the number and the CRM entity the card's CRM block shows. */
export interface EntityInfo {
  readonly phoneNumber: string | null;
  readonly phoneNumberState: PhoneNumberState;
  readonly crmEntity: CrmEntity | null;
}

/**
 * Who a transfer goes to. The host sends `{phoneNumber, target}` or, before any command
 * reached its window, `{type, target}` (host-behaviour.md §3). Its `phoneNumber` is the
 * customer's own number, never the destination, so it is not kept here.
 */
export interface TransferTarget {
  /** The host's `target`: an employee id or a phone number, as a string (the host may send a number). */
  readonly destination: string;
  /** What the operator picked, when the host said (`{type, target}` shape); `null` otherwise. */
  readonly kind: TransferKind | null;
}

/** A card event without data. */
export interface BareCardEvent<T extends string> {
  readonly type: T;
}

/**
 * What an outgoing card for a call the softphone is not dialling does (statechart SC-L5,
 * click-to-call): `dial` tells the softphone `call(phoneNumber)` at once (`connectingOutgoing`),
 * `showCall` opens it in `outgoing` so the operator presses Call.
 */
export type ClickToCallChoice = 'dial' | 'showCall';

/** The 17 card events, parsed and typed. The `type` is the host's short event name. */
export type CardEvent =
  | {
      readonly type: 'initialized';
      readonly call: CallData;
      /**
       * Set by the session, never by the host: this outgoing card is for a call the softphone is
       * not dialling (SC-L5), and this is what the integrator chose for it. Absent: the softphone
       * dials it (or nobody asked), and the card opens in `connectingOutgoing` (SC-L1).
       */
      readonly clickToCall?: ClickToCallChoice;
    }
  | { readonly type: 'entityChanged'; readonly entity: EntityInfo }
  | { readonly type: 'addCommentButtonClick'; readonly text: string }
  | { readonly type: 'muteButtonClick'; readonly muted: boolean }
  | { readonly type: 'holdButtonClick'; readonly held: boolean }
  | { readonly type: 'transferButtonClick'; readonly transfer: TransferTarget }
  | { readonly type: 'qualityMeterClick'; readonly rating: QualityRating }
  | { readonly type: 'dialpadButtonClick'; readonly key: DialKey }
  | BareCardEvent<'closeButtonClick'>
  | BareCardEvent<'cancelTransferButtonClick'>
  | BareCardEvent<'completeTransferButtonClick'>
  | BareCardEvent<'hangupButtonClick'>
  | BareCardEvent<'nextButtonClick'>
  | BareCardEvent<'skipButtonClick'>
  | BareCardEvent<'answerButtonClick'>
  | BareCardEvent<'makeCallButtonClick'>
  | BareCardEvent<'notifyAdminButtonClick'>;

/** The softphone's events, sent by the integrator through `callCard.send(...)`. */
export type PhoneEvent =
  /** The call is up (answered by the operator's softphone, or by the callee). */
  | { readonly type: 'phone.connected' }
  /** The other side hung up. */
  | { readonly type: 'phone.ended' }
  /** The call failed; `code` is the SIP status when there is one (486 busy, 402 no funds…). */
  | { readonly type: 'phone.failed'; readonly code: number | null }
  /** The transfer the operator completed went through (the card shows `transferConnected`). */
  | { readonly type: 'phone.transferSucceeded' }
  /** The transfer failed; `code` is the SIP status when there is one (the card shows `transferFailed`). */
  | { readonly type: 'phone.transferFailed'; readonly code: number | null }
  /**
   * The softphone held or resumed the call on its own (not after the card's Hold button,
   * whose `hold(held)` resolving is enough): the card is told with `CallCardSetHold`.
   */
  | { readonly type: 'phone.heldChanged'; readonly held: boolean }
  /** The softphone muted or unmuted the microphone on its own: the card is told with `CallCardSetMute`. */
  | { readonly type: 'phone.mutedChanged'; readonly muted: boolean };

/**
 * A softphone event as the integrator may send it: `code` may be left out of
 * `phone.failed` and `phone.transferFailed` (statechart.md: optional in the types as at run
 * time); the parser makes it `null`.
 */
export type PhoneEventInput =
  | Exclude<PhoneEvent, { readonly type: 'phone.failed' | 'phone.transferFailed' }>
  | { readonly type: 'phone.failed'; readonly code?: number | null }
  | { readonly type: 'phone.transferFailed'; readonly code?: number | null };

/** SIP codes of a `phone.failed` that mean the callee is busy or declined: the operator may call again (SC-P3). */
export const BUSY_SIP_CODES: readonly number[] = [486, 600, 603];

/** SIP 402 Payment Required in a `phone.failed`: the account ran out of funds (SC-P4). */
export const NO_FUNDS_SIP_CODE = 402;

/** The `phone.*` event types. */
export const PHONE_EVENT_TYPES = [
  'phone.connected',
  'phone.ended',
  'phone.failed',
  'phone.transferSucceeded',
  'phone.transferFailed',
  'phone.heldChanged',
  'phone.mutedChanged',
] as const satisfies readonly PhoneEvent['type'][];

/** The adapter's word that the host no longer has the card (it answered `Call card is undefined`). */
export interface CardLostEvent {
  readonly type: 'card.lost';
}

/** Everything the statechart hears from the host and the softphone. */
export type CallCardEvent = CardEvent | PhoneEvent | CardLostEvent;

/**
 * What the softphone answered to a command that the card had already shown: the card
 * toggles Mute and Hold itself on the click (host-behaviour.md §2), so the statechart
 * waits for these before its microphone and hold regions move. Sent by the adapter with
 * the value the command asked for: `…Done` when the method returned or resolved,
 * `…Failed` when it threw or rejected.
 */
export type SoftphoneResultEvent =
  | { readonly type: 'softphone.muteDone'; readonly muted: boolean }
  | { readonly type: 'softphone.muteFailed'; readonly muted: boolean }
  | { readonly type: 'softphone.holdDone'; readonly held: boolean }
  | { readonly type: 'softphone.holdFailed'; readonly held: boolean };

/**
 * The events the statechart takes from its adapter and integrator, besides the host's 17
 * card events, the softphone's `phone.*` events and `card.lost`.
 */
export type StatechartInput =
  | SoftphoneResultEvent
  /** The integrator's card title: kept for the call, shown now if the card is there, again when it reappears. */
  | { readonly type: 'card.setTitle'; readonly title: string }
  /** The integrator's status line, likewise. */
  | { readonly type: 'card.setStatusText'; readonly statusText: string }
  /**
   * Worker restart: the start-up probe found an open card this worker knows nothing of, and
   * it is to be closed. `call` is whatever an earlier instance left in storage, if anything.
   */
  | { readonly type: 'card.orphaned'; readonly call: CallData | null }
  /**
   * Worker restart: the integrator's softphone still holds the call of the open card, which
   * is taken over in `uiState` (and `muted` / `held` while connected) and managed like any other.
   */
  | { readonly type: 'card.adopted'; readonly call: CallData; readonly uiState: LiveUiState; readonly muted?: boolean; readonly held?: boolean }
  /**
   * A dial request of the application's server (SC-L6: `ONEXTERNALCALLSTART` relayed to the
   * browser), built by the session from a `DialRequest`: the softphone dials `call.phoneNumber`
   * for `call.callId` once, whether the call's card comes before, after or never; `extension`
   * (DTMF keys) is sent once the call connects. Not a `phone.*` event: those are the softphone's.
   */
  | { readonly type: 'dial.request'; readonly call: CallData; readonly extension: readonly DialKey[] };

/** Everything the statechart takes: {@link CallCardEvent} and {@link StatechartInput}. */
export type CallCardInput = CallCardEvent | StatechartInput;

/** One event the statechart takes, by its type. */
export type CallCardInputOf<T extends CallCardInput['type']> = Extract<CallCardInput, { readonly type: T }>;

/** What the machine is created with (`createActor(callCardMachine, { input })`): XState's input, not an event. */
export interface CallCardMachineInput {
  /** Epoch milliseconds for the summary's timestamps (default `Date.now`); tests pin it. */
  readonly clock?: () => number;
}
