/**
 * `b24-call-card/internals`: the parts under {@link createCallCard} that tests, the
 * benchmarks and tools use: the statechart, its events and parsers, the command queue,
 * the snapshot readers, and every host constant. No stability promise: these change
 * with the statechart. Integrators use the main entry.
 *
 * @packageDocumentation
 */

// The statechart.
export { callCardMachine } from './callCard.machine';
export type { CallCardMachine } from './callCard.machine';
export { callCardGuards, idleContext, MAX_DTMF_KEPT, numberToDial } from './callCard.setup';
export type { CallCardContext, CallCardEmitted, SoftphoneCommand, SoftphoneMethod } from './callCard.types';
export type { CallCardInput, CallCardMachineInput, SoftphoneResultEvent, StatechartInput } from './callCard.events';
export { IMPLEMENTED_BY_ADAPTERS, NOT_YET_IMPLEMENTED, REQUIREMENTS } from './requirements';
export type { RequirementId } from './requirements';

// Typed events and their parsers.
export type { BareCardEvent, CallCardEvent, CardEvent, CardLostEvent } from './callCard.events';
export { CARD_EVENT_PARSERS, parseCardEvent, parsePhoneEvent, WHOLE_PAYLOAD } from './callCard.parse';
export type { CardEventOf, ParseResult, ParseWarning } from './callCard.parse';

// The adapter's parts.
export { createCommandQueue } from '../adapters/placement/commandQueue';
export type { CommandOutcome, CommandQueue, CommandQueueOptions, DropReason, EnqueueOptions } from '../adapters/placement/commandQueue';
export { normaliseCommandResult } from '../adapters/placement/commandResult';
export type { CommandResult } from '../adapters/placement/commandResult';
export { IDLE_STATE, pathOf, stateOf, uiStateOf } from './callCard.connect';
export { assertCallCardOptions } from '../adapters/session/options';
export { PROBE_COMMAND, PROBE_UI_STATE } from '../adapters/session/orphanProbe';
export { invokeSoftphone } from '../adapters/softphone/invoke';
export { describeError, describeValue } from '../diagnostics';

// Every host constant, the ones the main entry leaves out included.
export * from '../protocol';
