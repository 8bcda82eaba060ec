/**
 * The value lists of the host's payloads (host-behaviour.md §3 and §6): what the parsers
 * accept and what the simulator sends, defined once.
 */

/**
 * `CALL_DIRECTION` values. `initialized` documents `incoming`, `outgoing` and `callback`;
 * `incomingTransfer` is what the sibling `CALL_CARD` placement reports for a transferred call.
 */
export const CALL_DIRECTIONS = ['incoming', 'incomingTransfer', 'outgoing', 'callback'] as const;

/** A known call direction. */
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** CRM entity types a card can be bound to (the host sends `""` for none). */
export const CRM_ENTITY_TYPES = ['LEAD', 'CONTACT', 'COMPANY', 'DEAL'] as const;

/** A CRM entity type. */
export type CrmEntityType = (typeof CRM_ENTITY_TYPES)[number];

/** `CALL_STATE` values; an external card is always `idle`. */
export const CALL_STATES = ['idle', 'connecting', 'connected'] as const;

/** A telephony state of `initialized`. */
export type CallState = (typeof CALL_STATES)[number];

/** What the operator picked in the transfer dialog (the `{type, target}` payload shape). */
export const TRANSFER_KINDS = ['user', 'queue', 'pstn'] as const;

/** A transfer target's kind. */
export type TransferKind = (typeof TRANSFER_KINDS)[number];
