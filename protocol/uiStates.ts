/**
 * The 12 UI states of the Bitrix24 call card, in the order `CallCardGetListUiStates`
 * returns them (host-behaviour.md §2).
 *
 * @see https://apidocs.bitrix24.com/api-reference/widgets/ui-interaction/page-background-worker/
 */
export const UI_STATES = [
  'incoming',
  'transferIncoming',
  'outgoing',
  'connectingIncoming',
  'connectingOutgoing',
  'connected',
  'transferring',
  'transferFailed',
  'transferConnected',
  'error',
  'moneyError',
  'redial',
] as const;

/** One of the 12 UI states the host lists. */
export type UiState = (typeof UI_STATES)[number];

/**
 * States `CallCardSetUiState` accepts although `CallCardGetListUiStates` does not list
 * them; `externalCard` is where the host puts a fresh external card before the
 * application picks a state.
 */
export const INTERNAL_UI_STATES = ['idle', 'sipPhoneError', 'externalCard'] as const;

/** A host-internal UI state. */
export type InternalUiState = (typeof INTERNAL_UI_STATES)[number];

/** Narrows an unknown value to one of the 12 listed UI states. */
export function isUiState(value: unknown): value is UiState {
  return typeof value === 'string' && (UI_STATES as readonly string[]).includes(value);
}

/**
 * The ringing UI states: a call offered to the operator, not yet answered
 * (statechart.md, Lifecycle: "a ringing call"). Ended, such a call is rejected.
 */
export const RINGING_UI_STATES = ['incoming', 'transferIncoming'] as const satisfies readonly UiState[];

/** A ringing UI state. */
export type RingingUiState = (typeof RINGING_UI_STATES)[number];

/**
 * The live UI states, in host order: a call the softphone holds, ringing or established
 * (statechart.md, Lifecycle: "a live call"; "every state with a live call"). Ended, such a
 * call is rejected while ringing, hung up otherwise; only these can be adopted at a
 * worker's restart.
 */
export const LIVE_UI_STATES = [
  'incoming',
  'transferIncoming',
  'connectingIncoming',
  'connectingOutgoing',
  'connected',
  'transferring',
  'transferFailed',
  'transferConnected',
] as const satisfies readonly UiState[];

/** A live UI state: a call the softphone can still hold. */
export type LiveUiState = (typeof LIVE_UI_STATES)[number];

/**
 * The established UI states: a live call that is not ringing (connecting, talking,
 * transferring). Such a call goes on when its card goes away (statechart.md, SC-C1).
 */
export const ESTABLISHED_UI_STATES = LIVE_UI_STATES.filter((uiState): uiState is Exclude<LiveUiState, RingingUiState> => !isRingingUiState(uiState));

/** Whether a UI state is live ({@link LIVE_UI_STATES}). */
export function isLiveUiState(uiState: UiState): uiState is LiveUiState {
  return (LIVE_UI_STATES as readonly UiState[]).includes(uiState);
}

/** Whether a UI state is ringing ({@link RINGING_UI_STATES}). */
export function isRingingUiState(uiState: UiState): uiState is RingingUiState {
  return (RINGING_UI_STATES as readonly UiState[]).includes(uiState);
}
