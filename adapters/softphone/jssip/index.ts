/**
 * `b24-call-card/jssip`: the softphone port on a JsSIP 3.13 user agent. A separate entry
 * (jssip is an optional peer dependency) so that the core worker does not grow.
 *
 * @packageDocumentation
 */
export { jsSipSoftphone } from './jsSipSoftphone';
export type { JsSipSoftphoneOptions } from './jsSipSoftphone';
export { SipCommandError } from '../sip/bridge';
export { REGISTER_WAIT_MS } from '../sip/bridge';
export type { ConnectableCard, SipSoftphone } from '../sip/bridge';
export type { IncomingSipCall, SipClock, SipSoftphoneOptions } from '../sip/options';
export type { SipCallFacts, SipCallObserver, SipRegister } from '../sip/facts';
export type { SipCallBinding, SipCallEndedBy } from '../sip/calls';
export type { SipPhoneHealth, SipRegistrationState, SipTransportState } from '../sip/health';
export { DIAL_CHARACTERS } from '../sip/dialString';
export type * from '../sip/diagnostics';
