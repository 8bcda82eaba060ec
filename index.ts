/**
 * b24-call-card: an explicit, tested statechart for the Bitrix24 call card.
 *
 * The one call an integrator makes is {@link createCallCard}; everything else here is
 * the statechart, its typed events and parsers, and the host's constants.
 *
 * @packageDocumentation
 */

// The session an integrator creates.
export { createCallCard } from './adapters/createCallCard';
export type { CallCard, CallCardOptions } from './adapters/createCallCard';
export type { CallCardView } from './adapters/callCardView';
export { viewOf, uiStateOf } from './adapters/callCardView';
export type { Softphone } from './adapters/softphone/port';
export { SOFTPHONE_METHODS } from './adapters/softphone/port';
export { createCommandQueue, DEFAULT_COMMAND_TIMEOUT_MS } from './adapters/commandQueue';
export type { CommandQueue, CommandQueueOptions, CommandOutcome } from './adapters/commandQueue';
export { normaliseCommandResult } from './adapters/commandResult';

// The statechart.
export { callCardMachine } from './machines/callCard.machine';
export type { CallCardMachine } from './machines/callCard.machine';
export { callCardGuards, BUSY_SIP_CODES, NO_FUNDS_SIP_CODE } from './machines/callCard.guards';
export { idleContext, MAX_DTMF_KEPT } from './machines/callCard.setup';
export type { CallCardContext, CallCardEmitted, CallEnd, CallSummary, SoftphoneCommand, SoftphoneMethod } from './machines/callCard.types';
export { REQUIREMENTS } from './machines/requirements';
export type { RequirementId } from './machines/requirements';

// Typed events and their parsers.
export { PHONE_EVENT_TYPES } from './machines/events';
export type {
  CallCardEvent,
  CallData,
  CardEvent,
  CardLostEvent,
  CrmEntity,
  EntityInfo,
  PhoneEvent,
  PhoneNumberState,
  TransferTarget,
} from './machines/events';
export { CARD_EVENT_PARSERS, parseCardEvent, parsePhoneEvent, WHOLE_PAYLOAD } from './machines/parse';
export type { CardEventOf, ParseResult } from './machines/parse';

// Diagnostics.
export { describeError, describeValue } from './diagnostics';
export type * from './diagnostics';

// The host's constants.
export * from './protocol';
