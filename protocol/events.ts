/**
 * The 17 events the card emits, without the `BackgroundCallCard::` prefix the host
 * puts in front of each name (host-behaviour.md §3).
 */
export const CARD_EVENT_NAMES = [
  'initialized',
  'addCommentButtonClick',
  'muteButtonClick',
  'holdButtonClick',
  'closeButtonClick',
  'transferButtonClick',
  'cancelTransferButtonClick',
  'completeTransferButtonClick',
  'hangupButtonClick',
  'nextButtonClick',
  'skipButtonClick',
  'answerButtonClick',
  'entityChanged',
  'makeCallButtonClick',
  'qualityMeterClick',
  'dialpadButtonClick',
  'notifyAdminButtonClick',
] as const;

/** The short name of one of the 17 card events. */
export type CardEventName = (typeof CARD_EVENT_NAMES)[number];

/**
 * Events whose handler receives no data; in the desktop application a callback comes
 * as a second argument (host-behaviour.md §3).
 */
export const NO_PAYLOAD_EVENTS = [
  'closeButtonClick',
  'cancelTransferButtonClick',
  'completeTransferButtonClick',
  'hangupButtonClick',
  'nextButtonClick',
  'skipButtonClick',
  'answerButtonClick',
  'makeCallButtonClick',
  'notifyAdminButtonClick',
] as const satisfies readonly CardEventName[];

/** The prefix the host puts before every card event name in `bindEvent`. */
export const CARD_EVENT_PREFIX = 'BackgroundCallCard::';

/** The full name to pass to `BX24.placement.bindEvent`. */
export type HostEventName = `${typeof CARD_EVENT_PREFIX}${CardEventName}`;

/** `'muteButtonClick'` → `'BackgroundCallCard::muteButtonClick'`. */
export function hostEventName(name: CardEventName): HostEventName {
  return `${CARD_EVENT_PREFIX}${name}`;
}

/** Narrows an unknown value to one of the 17 short event names. */
export function isCardEventName(value: unknown): value is CardEventName {
  return typeof value === 'string' && (CARD_EVENT_NAMES as readonly string[]).includes(value);
}
