/**
 * b24-call-card: an explicit, tested statechart for the Bitrix24 call card.
 *
 * The stable API: {@link createCallCard}, its types, the diagnostics it reports, and the
 * host's constants an integrator needs. The statechart, the parsers and the command
 * queue are internals, importable from `b24-call-card/internals` for tests and tools
 * (no stability promise there).
 *
 * @packageDocumentation
 */

// The session an integrator creates.
export { createCallCard } from './adapters/session/createCallCard';
export type { CallCard } from './adapters/session/createCallCard';
export { ADOPTABLE_UI_STATES } from './adapters/session/options';
export type { AdoptedCall, CallCardListener, CallCardOptions, CardChange, OrphanDecision, OrphanedCardInfo } from './adapters/session/options';
export type { ActiveCallCardState, CallCardState, IdleCallCardState } from './machines/callCard.connect';
export { CALL_STORAGE_KEY } from './adapters/session/storage';
export type { CallStorage, StoredCall } from './adapters/session/storage';
export type { Softphone } from './adapters/softphone/port';
export { SOFTPHONE_METHODS } from './adapters/softphone/port';
export { DEFAULT_COMMAND_TIMEOUT_MS } from './adapters/placement/commandQueue';

// What the integrator sends and receives.
export { PHONE_EVENT_TYPES } from './machines/callCard.events';
export type { CallData, CrmEntity, CrmTypeName, EntityInfo, PhoneEvent, PhoneEventInput, PhoneNumberState, TransferTarget } from './machines/callCard.events';
export type { CallEnd, CallSummary } from './machines/callCard.types';
export type { LiveUiState } from './protocol/uiStates';
export { BUSY_SIP_CODES, NO_FUNDS_SIP_CODE } from './machines/callCard.events';

// Diagnostics: everything the library reports instead of throwing.
export type * from './diagnostics';

// The host's constants.
export { UI_STATES, isUiState } from './protocol/uiStates';
export type { UiState } from './protocol/uiStates';
export { CARD_EVENT_NAMES, CARD_EVENT_PREFIX, hostEventName } from './protocol/events';
export type { CardEventName, HostEventName } from './protocol/events';
export { CARD_COMMAND_NAMES, INVALID_UI_STATE_ERROR, NO_CARD_ERROR } from './protocol/commands';
export type { CardCommand, CardCommandName, CardCommandParams } from './protocol/commands';
export { BUTTONS_BY_UI_STATE, DIAL_KEYS, QUALITY_RATINGS } from './protocol/buttons';
export type { CardButton, DialKey, QualityRating } from './protocol/buttons';
export { CALL_DIRECTIONS, TRANSFER_KINDS } from './protocol/values';
export { MAX_CRM_BINDINGS, SIP_STATUS_RANGE, STRING_BOUNDS } from './protocol/bounds';
export { epochMs, epochSeconds, isSipStatusCode } from './protocol/units';
export type { DurationSeconds, EpochMs, EpochSeconds, SipStatusCode } from './protocol/units';
export type { CallDirection, TransferKind } from './protocol/values';
export type { PlacementPort } from './protocol/placement';
