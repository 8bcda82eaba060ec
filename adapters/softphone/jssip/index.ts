/**
 * `b24-call-card/jssip`: the softphone port on a JsSIP 3.13 user agent. A separate entry
 * (jssip is an optional peer dependency) so that the core worker does not grow.
 *
 * @packageDocumentation
 */
export { jsSipSoftphone } from './jsSipSoftphone';
export type { JsSipSoftphoneOptions } from './jsSipSoftphone';
export * from '../sip';
