import type { CardEventName } from './events';
import type { UiState } from './uiStates';

/** A button the card shows, by the label the host gives it. */
export interface CardButton {
  /** The label the operator sees. */
  readonly label: string;
  /** The event a click on it emits. */
  readonly event: CardEventName;
}

/**
 * Which buttons each UI state shows, and which event each emits (host-behaviour.md §2).
 * The dial pad and the quality stars are one entry each: their key or star is the
 * event's payload.
 */
export const BUTTONS_BY_UI_STATE = {
  incoming: [
    { label: 'Answer', event: 'answerButtonClick' },
    { label: 'Skip', event: 'skipButtonClick' },
  ],
  transferIncoming: [
    { label: 'Answer', event: 'answerButtonClick' },
    { label: 'Skip', event: 'skipButtonClick' },
  ],
  outgoing: [{ label: 'Call', event: 'makeCallButtonClick' }],
  connectingIncoming: [{ label: 'Hang up', event: 'hangupButtonClick' }],
  connectingOutgoing: [{ label: 'Hang up', event: 'hangupButtonClick' }],
  connected: [
    { label: 'Hang up', event: 'hangupButtonClick' },
    { label: 'Hold', event: 'holdButtonClick' },
    { label: 'Mute', event: 'muteButtonClick' },
    { label: 'Transfer', event: 'transferButtonClick' },
    { label: 'Dial pad', event: 'dialpadButtonClick' },
    { label: 'Quality', event: 'qualityMeterClick' },
  ],
  transferring: [
    { label: 'Transfer', event: 'completeTransferButtonClick' },
    { label: 'Return to call', event: 'cancelTransferButtonClick' },
  ],
  transferFailed: [{ label: 'Return to call', event: 'cancelTransferButtonClick' }],
  transferConnected: [{ label: 'Hang up', event: 'hangupButtonClick' }],
  error: [{ label: 'Close', event: 'closeButtonClick' }],
  moneyError: [
    { label: 'Notify administrator', event: 'notifyAdminButtonClick' },
    { label: 'Close', event: 'closeButtonClick' },
  ],
  redial: [{ label: 'Call again', event: 'makeCallButtonClick' }],
} as const satisfies Record<UiState, readonly CardButton[]>;

/** The events a given UI state's buttons emit. */
export type ButtonEventOf<S extends UiState> = (typeof BUTTONS_BY_UI_STATE)[S][number]['event'];

/**
 * Events the card can emit whatever buttons the state shows: the CRM section's comment,
 * the CRM block's entity, and the top close button (host-behaviour.md §2).
 */
export const EVENTS_OUTSIDE_BUTTONS = ['addCommentButtonClick', 'entityChanged', 'closeButtonClick'] as const satisfies readonly CardEventName[];

/** The keys of the card's dial pad. */
export const DIAL_KEYS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'] as const;

/** One dial pad key. */
export type DialKey = (typeof DIAL_KEYS)[number];

/** The quality stars, 1 to 5. */
export const QUALITY_RATINGS = [1, 2, 3, 4, 5] as const;

/** One quality rating. */
export type QualityRating = (typeof QUALITY_RATINGS)[number];
