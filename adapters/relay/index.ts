/**
 * `b24-call-card/relay` (Node): the application server's handler for the portal's
 * `ONEXTERNALCALLSTART` and `ONEXTERNALCALLBACKSTART`, relaying each as a dial request to the
 * operator's browser with `pull.application.event.add` (statechart SC-L6, host-behaviour §12).
 * The browser side is `connectRelay` of `b24-call-card/phone`. See docs/relay.md.
 *
 * @packageDocumentation
 */
export { createRelayHandler, DEFAULT_RELAY_MAX_BODY_BYTES } from './handler';
export type { PickOperator, RelayHandler, RelayHandlerOptions, RelayOutcome } from './handler';
export { callWithEventAuth, RestCallError } from './restCaller';
export type { B24RestClient, RestCall, RestCallContext, RestCallerOption } from './restCaller';
export { parseRelayEvent, eventFields, RELAY_EVENTS, MAX_EVENT_FIELDS } from './event';
export type { CallbackRequest, EventAuth, ParsedEvent, RelayEventName, RelayInputProblem } from './event';
export { RELAY_COMMAND, RELAY_MODULE_ID, RELAY_VERSION, readRelayedParams, relayedParams } from './message';
export type { RelayedParams, RelayedRead } from './message';
export type { DialRequest } from '../../protocol/dialRequest';
