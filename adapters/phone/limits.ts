/**
 * The phone's published time limits, in a module of their own: the entry re-exports them, and a
 * constant that lived in the owner's modules (the card tab's gate, the journal) would pull its
 * whole module into the chunk every frame loads (issue 18 §4, a light frame on every page).
 */

/** Defaults: a tab answers a closing notice in well under 2 s; a form is held 5 min at most. */
export const TAB_CLOSING_NOTICE_MS = 2_000;
export const TAB_MAX_HOLD_MS = 5 * 60_000;

/** A journal entry older than this is dropped unread (reported): nothing personal is kept longer. */
export const JOURNAL_MAX_AGE_MS = 12 * 60 * 60 * 1000;

/** A frame whose softphone or owner's code failed as owner tries again after 1 s, then 2 s, 4 s… at most 1 min. */
export const OWNER_RETRY_FIRST_MS = 1_000;
export const OWNER_RETRY_MAX_MS = 60_000;
