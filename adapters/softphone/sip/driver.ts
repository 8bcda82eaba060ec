import type { DialKey } from '../../../protocol/buttons';
import type { SipHealthChange, SipRegistrationState, SipTransportState } from './health';

/**
 * How long each DTMF key sounds, and the gap before the next, in ms. RFC 4733 leaves it to
 * the sender; with 100 ms (JsSIP's default) the far end of the real-call test missed the key in
 * 2 of 6 runs on a loaded machine, with 160 ms in none of 4. The same for both stacks.
 */
export const DTMF_TONE_MS = 160;
export const DTMF_GAP_MS = 70;

/**
 * The few things a SIP stack must do for {@link createSipSoftphone}; one driver per stack
 * (`sipjs/`, `jssip/`). A driver knows its stack's API and nothing of the card: the
 * bridge decides which session a command is for and what the card hears.
 */
export interface SipStackDriver<S> {
  /** Starts an outgoing session to a SIP URI; its progress is reported to `events`. */
  call(uri: string, events: SipSessionEvents): SipSessionDriver<S>;
  /** The domain of the user agent's own address, for the default `numberToUri`. */
  readonly domain: string;
  /** The driver's `refer` can send Replaces of a consult call (attended transfer); blind only when absent. */
  readonly attendedTransfer?: boolean;
  /**
   * Starts listening: `incoming` for every new session the stack did not start through
   * {@link SipStackDriver.call} (an incoming INVITE), `transportLost` when the connection
   * to the SIP server drops. Returns the function that stops listening.
   */
  listen(handlers: SipStackHandlers<S>): () => void;
  /** The transport and registration as they are when the softphone is created. */
  health(): { transport: SipTransportState; registration: SipRegistrationState };
  /** Whether `health` hears the registration change (SIP.js only with the integrator's `registerer`): `ready()` waits for it. */
  readonly observesRegistration: boolean;
  /**
   * Unregisters (REGISTER with expires 0, when registered) and stops the user agent, live
   * sessions ended by the stack; resolves once the un-REGISTER is answered and the stack stopped.
   */
  stop(): Promise<void>;
}

/** What a driver tells the bridge about the user agent as a whole. */
export interface SipStackHandlers<S> {
  /**
   * A new incoming session. The bridge returns the events object the driver reports
   * this session's progress to, or `null` when it rejected the session at once (busy).
   */
  incoming(session: SipSessionDriver<S>): SipSessionEvents | null;
  /**
   * The WebSocket to the SIP server closed; `reason` is the stack's own words, `refused`
   * says it never opened (a `wss:` certificate the browser rejects, nothing listening).
   */
  transportLost(reason: string, refused: boolean): void;
  /** The transport came up, or the registration changed. */
  health(change: SipHealthChange): void;
}

/** How a session ended or failed, as the driver read it from its stack. */
export type SipSessionEnd =
  /** The other side hung up (BYE), the caller cancelled while we rang, or we ended it. */
  | { readonly type: 'ended'; readonly cause: string }
  /**
   * The call failed: a final non-2xx on our outgoing call (`code` is its status), or the
   * stack gave up (media, timeout: `code` null).
   */
  | { readonly type: 'failed'; readonly code: number | null; readonly cause: string };

/** What a driver reports about one session, in the order its stack says it. */
export interface SipSessionEvents {
  /**
   * The session is established: 2xx received, or 2xx sent (SIP.js says so before the ACK
   * comes, JsSIP once it came: a driver's `hold` waits for that ACK itself).
   */
  connected(): void;
  /**
   * The session is over, however it ended; the bridge knows which ends it asked for
   * (reject, hang up, a finished transfer) and tells the card only of the others.
   */
  over(end: SipSessionEnd): void;
}

/** What a blind transfer's REFER came to (RFC 3515 NOTIFY sipfrag, or the REFER's own answer). */
export interface SipReferEvents {
  /** The NOTIFY's sipfrag says `SIP/2.0 2xx`: the transfer target answered. */
  accepted(): void;
  /** The REFER was rejected (`code` is its status) or a NOTIFY's sipfrag is a final failure. */
  failed(code: number | null, why: string): void;
}

/** One SIP session, through its stack. Methods may throw; the bridge reports it. */
export interface SipSessionDriver<S> {
  /** The stack's own session object, handed to the integrator's hooks. */
  readonly session: S;
  readonly direction: 'incoming' | 'outgoing';
  /** The dialog's SIP Call-ID header, when the stack has one yet. */
  readonly sipCallId: string | null;
  /** The user part of the other side's URI (`+4930…`, `alice`), when there is one. */
  readonly remoteUser: string | null;
  /** The other side's display name, when it sent one. */
  readonly remoteName: string | null;
  /** Accepts the ringing incoming session (200 with the SDP answer). */
  answer(): void | Promise<void>;
  /**
   * Ends the session whatever its state: rejects an unanswered incoming one with
   * `rejectStatus`, cancels an outgoing one that rings, sends BYE once established.
   */
  end(rejectStatus: number): void;
  /**
   * Sends the hold (`true`) or resume re-INVITE; resolves once it is accepted, local audio
   * disabled while held. On an answered session whose ACK has not come yet, it waits for the
   * ACK first (a re-INVITE may not cross it, RFC 3261 §14.1).
   */
  hold(held: boolean): Promise<void>;
  /** Disables (`true`) or enables the local audio tracks; no signalling. */
  mute(muted: boolean): void | Promise<void>;
  /** Sends one DTMF key, RFC 4733 in the audio stream or SIP INFO `application/dtmf-relay`. */
  sendDtmf(key: DialKey, transport: 'rfc4733' | 'info'): void | Promise<void>;
  /**
   * Sends a REFER to `uri` and reports its outcome: blind, or with `replaces` (attended) a
   * Refer-To carrying `?Replaces=` of that consult session's dialog.
   */
  refer(uri: string, events: SipReferEvents, replaces?: SipSessionDriver<S>): void;
}
