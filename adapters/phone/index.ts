/**
 * `b24-call-card/phone`: one phone across the application's frames (statechart v3, "One phone,
 * many frames"). Every frame — each tab's worker, each slider's, the application's own page —
 * runs {@link createPhone} with the same options; one of them owns the softphone and runs the
 * statechart, the others relay the card their window shows and read the phone's state.
 * A frame that does not own never loads the statechart: the owner's part is a separate chunk.
 * See docs/phone.md.
 *
 * @packageDocumentation
 */
export { createPhone } from './createPhone';
export { connectRelay } from './relay';
export type { RelayConnection, RelayConnectionOptions, RelayDiagnostic } from './relay';
export type { DialRequest } from '../../protocol/dialRequest';
export type { Phone, PhoneDiagnostic, PhoneOptions, PhoneOwnerContext, PhoneRecordsOptions, PhoneRecordsSetup } from './createPhone';
export type { PhoneIdentity, PhoneScope } from './scope';
export { phoneScope } from './scope';
export type { FrameKind, OwnershipRole, OwnershipReason } from './ownership';
export type { PhoneState, PhoneCall, LastCall, PhoneAction, PhoneHealth, PhoneIncident } from './state';
export { IDLE_PHONE, MAX_INCIDENTS } from './state';
export type { PhoneSoftphone, OwnerSession } from './ownerSession';
export type { FrameMessageRejected } from './bus';
export type { RemoteCardReport } from './remoteCard';
export type { JournalReport } from './journal';
export { JOURNAL_MAX_AGE_MS, TAB_CLOSING_NOTICE_MS, TAB_MAX_HOLD_MS } from './limits';
export type { TabGateReport, TabReleaseReason } from './tabGate';
