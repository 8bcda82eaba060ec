import type { PhoneEvent } from '../../../machines/callCard.events';

/** What a SIP softphone adapter noticed and handled on its own; none of it is thrown. */
export type SipDiagnostic =
  | SipBusyRejected
  | SipTransportLost
  | SipCallEnded
  | SipUnheardEvent
  | SipCallIdConflict
  | SipCardUnmatched
  | SipTransferTimedOut
  | SipDialStringRefused
  | SipPhoneOffline
  | SipHookError;

/** A second INVITE arrived while a call was live; it was rejected with `statusCode`. */
export interface SipBusyRejected {
  readonly kind: 'sipBusyRejected';
  readonly statusCode: number;
  readonly remoteUser: string | null;
  readonly message: string;
}

/** The connection to the SIP server dropped; each live call was ended and reported as failed. */
export interface SipTransportLost {
  readonly kind: 'sipTransportLost';
  readonly reason: string;
  /** The `CALL_ID`s of the calls it ended (`null` for a call no card had claimed). */
  readonly calls: readonly (string | null)[];
  readonly message: string;
}

/**
 * A session failed without a SIP status (the stack's own cause: our INVITE got no final
 * response, a media, transport, dialog or timer error) while the card had not asked to end it; the card hears `phone.failed` with code
 * null. Failures with a status reach the card as `phone.failed` with it, and are not reported here.
 */
export interface SipCallEnded {
  readonly kind: 'sipCallEnded';
  readonly callId: string | null;
  readonly code: number | null;
  readonly cause: string;
  readonly message: string;
}

/**
 * A session event that no card could hear (no card of its call is open) and that is not
 * kept for later, so it was dropped: a transfer's outcome, say. `phone.connected` and the
 * call's end are kept instead, and told when the call's card opens.
 */
export interface SipUnheardEvent {
  readonly kind: 'sipUnheardEvent';
  readonly event: PhoneEvent['type'];
  readonly callId: string | null;
  readonly message: string;
}

/**
 * A register (`onIncoming`, or an `observeCalls` observer such as `records.attach`) answered a
 * `CALL_ID` for a session already bound to another one (by an earlier register, a card that
 * claimed it, or `dial(…, callId)`); the first binding is kept.
 */
export interface SipCallIdConflict {
  readonly kind: 'sipCallIdConflict';
  readonly claimed: string;
  readonly returned: string;
  readonly message: string;
}

/**
 * Integrator code that the adapter calls from the SIP stack's events threw or rejected:
 * `onIncoming` (or the promise it returned), an `observeCalls` observer, an `onHealth`
 * listener, the send function given to `connect`. (`numberToUri` and `transferTargetToUri`
 * run inside the card's command: their throw fails that command, which the card reports.)
 */
export interface SipHookError {
  readonly kind: 'sipHookError';
  readonly hook: string;
  readonly error: unknown;
  readonly message: string;
}

/**
 * A card opened whose `CALL_ID` no session is bound to, while sessions without a `CALL_ID`
 * were waiting, and none (`candidates` 0) or several matched its number and direction. No
 * session is bound to it: its commands fail rather than reach another caller.
 */
export interface SipCardUnmatched {
  readonly kind: 'sipCardUnmatched';
  readonly callId: string;
  readonly candidates: number;
  readonly message: string;
}

/** A REFER got no final NOTIFY within `transferTimeoutMs`; the card was told `phone.transferFailed` (408). */
export interface SipTransferTimedOut {
  readonly kind: 'sipTransferTimedOut';
  readonly callId: string | null;
  readonly timeoutMs: number;
  readonly message: string;
}

/**
 * A number to call (`call`, `dial`) held characters a dial string may not, once its CRM
 * formatting was removed; nothing was sent. (A transfer's destination is not checked.)
 */
export interface SipDialStringRefused {
  readonly kind: 'sipDialStringRefused';
  readonly phoneNumber: string;
  /** The characters refused (empty when there was nothing to dial). */
  readonly refused: string;
  readonly message: string;
}

/** The phone went offline: the transport dropped or was refused, or the registration failed or lapsed. */
export interface SipPhoneOffline {
  readonly kind: 'sipPhoneOffline';
  /** `transportRefused`: the WebSocket never opened (over `wss:`, usually a certificate the browser rejects). */
  readonly cause: 'transportDown' | 'transportRefused' | 'registrationFailed' | 'registrationExpired';
  /** The stack's own words (`message` says it in the adapter's). */
  readonly reason: string;
  readonly message: string;
}
