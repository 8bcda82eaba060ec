import type { UiState } from '../protocol/uiStates';
import type { CallCardEvent, CallData } from './callCard.events';

/**
 * The UI states a softphone can still hold a call in: ringing, connecting, talking or
 * transferring (statechart.md, "every state with a live call"). Only these can be adopted.
 */
export type LiveUiState = Extract<
  UiState,
  'incoming' | 'transferIncoming' | 'connectingIncoming' | 'connectingOutgoing' | 'connected' | 'transferring' | 'transferFailed' | 'transferConnected'
>;

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
 * card events, the softphone's `phone.*` events and `card.lost` (machines/callCard.events.ts).
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
  | { readonly type: 'card.adopted'; readonly call: CallData; readonly uiState: LiveUiState; readonly muted?: boolean; readonly held?: boolean };

/** Everything the statechart takes: {@link CallCardEvent} and {@link StatechartInput}. */
export type CallCardInput = CallCardEvent | StatechartInput;

/** What the machine is created with (`createActor(callCardMachine, { input })`). */
export interface CallCardMachineInput {
  /** Epoch milliseconds for the summary's timestamps (default `Date.now`); tests pin it. */
  readonly clock?: () => number;
}
