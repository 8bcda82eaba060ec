/**
 * What both SIP entries (`b24-call-card/sipjs`, `b24-call-card/jssip`) publish of the shared
 * SIP core besides their own constructor: the softphone's type, its options, the facts it gives
 * the records layer, its health and its diagnostics.
 */
export { SipCommandError } from './bridge';
export { REGISTER_WAIT_MS } from './bridge';
export type { ConnectableCard, SipSoftphone } from './bridge';
export type { IncomingSipCall, SipClock, SipSoftphoneOptions } from './options';
export type { SipCallFacts, SipCallObserver, SipRegister } from './facts';
export type { SipCallBinding, SipCallEndedBy } from './calls';
export type { SipPhoneHealth, SipRegistrationState, SipTransportState } from './health';
export { DIAL_CHARACTERS } from './dialString';
export type * from './diagnostics';
