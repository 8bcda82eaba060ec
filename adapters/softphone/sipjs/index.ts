/**
 * `b24-call-card/sipjs`: the softphone port on a SIP.js 0.21 user agent. A separate entry
 * (sip.js is an optional peer dependency) so that the core worker does not grow.
 *
 * @packageDocumentation
 */
export { sipJsSoftphone } from './sipJsSoftphone';
export type { SipJsSoftphoneOptions } from './sipJsSoftphone';
export * from '../sip';
