/**
 * `b24-call-card/tab`: the card's own application tab, placement `CALL_CARD` (statechart v3,
 * "The card's tab"; host-behaviour v3 §11). The tab shows the true call from the phone (see
 * `b24-call-card/phone`), hears the phone's closing notice in time, and can hold the card open
 * after its call for a form. See docs/tab.md.
 *
 * @packageDocumentation
 */
export { createCallCardTab } from './createCallCardTab';
export type { CallCardTab, CallCardTabState, CallCardTabOptions, CallCardTabDiagnostic } from './types';
export type { TabPlacement } from './placement';
export type { TabStatus, TabEntity } from './status';
export { parseTabStatus, parseTabEntity } from './status';
export { AUTO_CLOSE_RENEW_MS } from './autoClose';
export type { TabReleaseReason, TabGateReport } from '../phone/tabGate';
export { TAB_CLOSING_NOTICE_MS, TAB_MAX_HOLD_MS } from '../phone/limits';
