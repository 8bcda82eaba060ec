/** The 9 commands an application sends with `BX24.placement.call` (host-behaviour.md §4). */
export const CARD_COMMAND_NAMES = [
  'CallCardSetUiState',
  'CallCardGetListUiStates',
  'CallCardSetMute',
  'CallCardSetHold',
  'CallCardSetCardTitle',
  'CallCardSetStatusText',
  'CallCardStartTimer',
  'CallCardStopTimer',
  'CallCardClose',
] as const;

/** One of the 9 command names. */
export type CardCommandName = (typeof CARD_COMMAND_NAMES)[number];

/** The parameters each command takes, as the host reads them. */
export interface CardCommandParams {
  CallCardSetUiState: { uiState: string; disableAutoStartTimer?: boolean };
  CallCardGetListUiStates: Record<string, never>;
  CallCardSetMute: { muted: boolean };
  CallCardSetHold: { held: boolean };
  CallCardSetCardTitle: { title: string };
  CallCardSetStatusText: { statusText: string };
  CallCardStartTimer: Record<string, never>;
  CallCardStopTimer: Record<string, never>;
  CallCardClose: Record<string, never>;
}

/** A command with its parameters, as a discriminated union on `command`. */
export type CardCommand = {
  [K in CardCommandName]: { command: K; params: CardCommandParams[K] };
}[CardCommandName];

/**
 * Commands whose callback the browser never calls (host-behaviour.md §4): an adapter
 * must not wait for them.
 */
export const UNANSWERED_IN_BROWSER: readonly CardCommandName[] = ['CallCardStartTimer', 'CallCardStopTimer'];

/** The error code every command gets when there is no card. */
export const NO_CARD_ERROR = 'Call card is undefined';

/** The error code `CallCardSetUiState` gets for a name the host does not know. */
export const INVALID_UI_STATE_ERROR = 'Invalid ui state';

/**
 * A UI state name the host does not know. `CallCardSetUiState` checks for a card before it
 * checks the name, so sending it is a side-effect-free question "is a card open?"
 * (host-behaviour.md §4): `Invalid ui state` means yes, `Call card is undefined` no.
 */
export const PROBE_UI_STATE = 'b24CallCardProbe';
