/**
 * The card's own application tab, placement `CALL_CARD` (host-behaviour.md v3 §11), and the
 * placements an application's frames run in (§1, §7): the host's facts as data, for the
 * tab's adapter and the portal double alike.
 */

/** The placements of the application's frames: the invisible worker, the card's tab, the application's own page. */
export const PLACEMENT_NAMES = ['PAGE_BACKGROUND_WORKER', 'CALL_CARD', 'DEFAULT'] as const;

/** One of {@link PLACEMENT_NAMES}. */
export type PlacementName = (typeof PLACEMENT_NAMES)[number];

/** The commands a `CALL_CARD` frame sends with `BX24.placement.call`. */
export const CALL_CARD_TAB_COMMANDS = ['getStatus', 'disableAutoClose', 'enableAutoClose'] as const;

/** One of {@link CALL_CARD_TAB_COMMANDS}. */
export type CallCardTabCommand = (typeof CALL_CARD_TAB_COMMANDS)[number];

/** The events a `CALL_CARD` frame binds, full names. */
export const CALL_CARD_TAB_EVENTS = ['CallCard::EntityChanged', 'CallCard::BeforeClose', 'CallCard::CallStateChanged'] as const;

/** One of {@link CALL_CARD_TAB_EVENTS}. */
export type CallCardTabEvent = (typeof CALL_CARD_TAB_EVENTS)[number];

/**
 * How long `disableAutoClose` holds the host's own auto-close, each call restarting it
 * (measured 65,044 ms; the old docs said 60 s).
 */
export const AUTO_CLOSE_HOLD_MS = 65_000;

/**
 * `getStatus` as the host answers it (JSON: keys whose value is undefined are absent).
 * `CALL_STATE` is `connected` for an external card's whole life, whatever it shows.
 */
export interface CallCardTabStatus {
  CALL_ID?: string;
  /** `'hidden'` when no number was given. */
  PHONE_NUMBER?: string;
  LINE_NUMBER?: string;
  LINE_NAME?: string;
  CRM_ENTITY_TYPE?: string;
  /** An integer. */
  CRM_ENTITY_ID?: number;
  /** An integer, `''` after a CRM change, or absent. */
  CRM_ACTIVITY_ID?: number | '';
  CRM_BINDINGS?: { ENTITY_TYPE: string; ENTITY_ID: number }[];
  CALL_DIRECTION?: string;
  CALL_STATE?: string;
  CALL_LIST_MODE?: boolean;
}

/** `CallCard::EntityChanged`'s payload. */
export interface CallCardTabEntity {
  CRM_ENTITY_TYPE: string;
  CRM_ENTITY_ID: number;
  PHONE_NUMBER: string;
}
