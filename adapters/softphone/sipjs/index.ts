/**
 * `b24-call-card/sipjs`: the softphone port on a SIP.js 0.21 user agent. A separate entry
 * (sip.js is an optional peer dependency) so that the core worker does not grow.
 *
 * @packageDocumentation
 */
export { sipJsSoftphone } from './sipJsSoftphone';
export type { SipJsSoftphoneOptions } from './sipJsSoftphone';
export { SipCommandError } from '../sip/bridge';
export { REGISTER_WAIT_MS } from '../sip/bridge';
export type { ConnectableCard, SipSoftphone } from '../sip/bridge';
export type { IncomingSipCall, SipClock, SipSoftphoneOptions } from '../sip/options';
export type { SipCallFacts, SipCallObserver, SipRegister } from '../sip/facts';
export type { SipCallBinding, SipCallEndedBy } from '../sip/calls';
export type { SipPhoneHealth, SipRegistrationState, SipTransportState } from '../sip/health';
export { DIAL_CHARACTERS } from '../sip/dialString';
export type * from '../sip/diagnostics';
