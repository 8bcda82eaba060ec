/**
 * `b24-call-card/jssip`: the softphone port on a JsSIP 3.13 user agent. A separate entry
 * (jssip is an optional peer dependency) so that the core worker does not grow.
 *
 * @packageDocumentation
 */
export { jsSipSoftphone } from './adapters/softphone/jssip/jsSipSoftphone';
export type { JsSipSoftphoneOptions } from './adapters/softphone/jssip/jsSipSoftphone';
export { SipCommandError } from './adapters/softphone/sip/bridge';
export type { ConnectableCard, SipSoftphone } from './adapters/softphone/sip/bridge';
export type { IncomingSipCall, SipSoftphoneOptions } from './adapters/softphone/sip/options';
export type * from './adapters/softphone/sip/diagnostics';
