/**
 * `b24-call-card/internals`: the parts under {@link createCallCard} that tests, the
 * benchmarks and tools use: the statechart, its events and parsers, the command queue,
 * the snapshot readers, and every host constant. No stability promise: these change
 * with the statechart. Integrators use the main entry.
 *
 * @packageDocumentation
 */

// The statechart.
export { callCardMachine } from './machines/callCard.machine';
export type { CallCardMachine } from './machines/callCard.machine';
export { callCardGuards, numberToDial } from './machines/callCard.guards';
export { idleContext, MAX_DTMF_KEPT } from './machines/callCard.setup';
export type { CallCardContext, CallCardEmitted, SoftphoneCommand, SoftphoneMethod } from './machines/callCard.types';
export type { CallCardInput, CallCardMachineInput, SoftphoneResultEvent, StatechartInput } from './machines/callCard.inputs';
export { REQUIREMENTS } from './machines/requirements';
export type { RequirementId } from './machines/requirements';

// Typed events and their parsers.
export type { BareCardEvent, CallCardEvent, CardEvent, CardLostEvent } from './machines/events';
export { CARD_EVENT_PARSERS, parseCardEvent, parsePhoneEvent, WHOLE_PAYLOAD } from './machines/parse';
export type { CardEventOf, ParseResult } from './machines/parse';

// The adapter's parts.
export { createCommandQueue } from './adapters/commandQueue';
export type { CommandOutcome, CommandQueue, CommandQueueOptions, DropReason, EnqueueOptions } from './adapters/commandQueue';
export { normaliseCommandResult } from './adapters/commandResult';
export type { CommandResult } from './adapters/commandResult';
export { IDLE_STATE, pathOf, stateOf, uiStateOf } from './adapters/callCardView';
export { assertCallCardOptions } from './adapters/callCardOptions';
export { PROBE_COMMAND, PROBE_UI_STATE } from './adapters/orphanProbe';
export { invokeSoftphone } from './adapters/softphone/invoke';
export { describeError, describeValue } from './diagnostics';

// Every host constant, the ones the main entry leaves out included.
export * from './protocol';
