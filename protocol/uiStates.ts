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
