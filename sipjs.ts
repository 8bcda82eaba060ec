/**
 * `b24-call-card/sipjs`: the softphone port on a SIP.js 0.21 user agent. A separate entry
 * (sip.js is an optional peer dependency) so that the core worker does not grow.
 *
 * @packageDocumentation
 */
export { sipJsSoftphone } from './adapters/softphone/sipjs/sipJsSoftphone';
export type { SipJsSoftphoneOptions } from './adapters/softphone/sipjs/sipJsSoftphone';
export { SipCommandError } from './adapters/softphone/sip/bridge';
export type { ConnectableCard, SipSoftphone } from './adapters/softphone/sip/bridge';
export type { IncomingSipCall, SipSoftphoneOptions } from './adapters/softphone/sip/options';
export type * from './adapters/softphone/sip/diagnostics';
