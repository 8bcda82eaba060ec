import type { PhoneEvent } from '../../../machines/callCard.events';

/** What a SIP softphone adapter noticed and handled on its own; none of it is thrown. */
export type SipDiagnostic =
  | SipBusyRejected
  | SipHandoverRefused
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

/** A new INVITE while handing over (SC-F5) or stopped: answered `statusCode` (480); the new owner's branch takes it. */
export interface SipHandoverRefused {
  readonly kind: 'sipHandoverRefused';
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

/** A session ended or failed for a reason the card did not ask for (the stack's own cause). */
export interface SipCallEnded {
  readonly kind: 'sipCallEnded';
  readonly callId: string | null;
  readonly code: number | null;
  readonly cause: string;
  readonly message: string;
}

/** A session event that no card could hear (its card is gone, or belongs to another call); it was dropped. */
export interface SipUnheardEvent {
  readonly kind: 'sipUnheardEvent';
  readonly event: PhoneEvent['type'];
  readonly callId: string | null;
  readonly message: string;
}

/** `onIncoming` gave a `CALL_ID` for a call that a card had already claimed under another one; the card's wins. */
export interface SipCallIdConflict {
  readonly kind: 'sipCallIdConflict';
  readonly claimed: string;
  readonly returned: string;
  readonly message: string;
}

/** An integrator's hook (`onIncoming`, `numberToUri`…) threw or rejected. */
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

/** A number to call or transfer to held characters a dial string may not; nothing was sent. */
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
  /** The stack's own words. */
  readonly reason: string;
  readonly message: string;
}
