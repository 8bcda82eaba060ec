import type { AnswerOptions, DTMFOptions, EndEvent, RTCSession } from 'jssip/lib/RTCSession';
import type { DialKey } from '../../../protocol/buttons';
import { DTMF_GAP_MS, DTMF_TONE_MS, type SipReferEvents, type SipSessionDriver, type SipSessionEnd, type SipSessionEvents } from '../sip/driver';

/** JsSIP's cause names that mean the other side (or the clock) ended a call that was not a failure. */
const ENDED_CAUSES: readonly string[] = ['Terminated', 'Canceled', 'No Answer', 'Expires'];

/** Reads JsSIP's `ended` / `failed` event (RTCSession.js `_ended` / `_failed`) as the bridge's words. */
export function endOf(event: EndEvent): SipSessionEnd {
  const message: unknown = event.message;
  const status = typeof message === 'object' && message !== null ? (message as { status_code?: unknown }).status_code : undefined;
  // A final non-2xx answer to our INVITE (`failed`, originator remote, with the response).
  if (typeof status === 'number' && status >= 300) return { type: 'failed', code: status, cause: event.cause };
  // BYE (either side), CANCEL by the caller, the INVITE expiring or nobody answering: over, not failed.
  if (ENDED_CAUSES.includes(event.cause)) return { type: 'ended', cause: event.cause };
  // Media, transport, dialog and timer errors: JsSIP gave up on the call.
  return { type: 'failed', code: null, cause: event.cause };
}

function remoteUser(session: RTCSession): string | null {
  const user: unknown = session.remote_identity?.uri?.user;
  return typeof user === 'string' && user !== '' ? user : null;
}

/** The Call-ID of the session's INVITE: JsSIP keeps it on the request it sent or received (`_request.call_id`). */
function sipCallIdOf(session: RTCSession): string | null {
  const callId: unknown = (session as unknown as { _request?: { call_id?: unknown } })._request?.call_id;
  return typeof callId === 'string' && callId !== '' ? callId : null;
}

function remoteName(session: RTCSession): string | null {
  const name: unknown = session.remote_identity?.display_name;
  return typeof name === 'string' && name !== '' ? name : null;
}

/** The session's audio senders that can play DTMF (RFC 4733, `RTCRtpSender.dtmf`). */
function dtmfSender(session: RTCSession): RTCDTMFSender | null {
  const senders = session.connection?.getSenders() ?? [];
  for (const sender of senders) {
    if (sender.track?.kind === 'audio' && sender.dtmf?.canInsertDTMF) return sender.dtmf;
  }
  return null;
}

/**
 * One JsSIP `RTCSession` as the bridge's {@link SipSessionDriver}. `events` is read at
 * each event, so an incoming session the bridge rejected at once reports nothing.
 */
export function jsSipSession(session: RTCSession, answerOptions: AnswerOptions, events: () => SipSessionEvents | null): SipSessionDriver<RTCSession> {
  session.on('confirmed', () => events()?.connected());
  session.on('ended', (event) => events()?.over(endOf(event)));
  session.on('failed', (event) => events()?.over(endOf(event)));

  const C = session.C;
  return {
    session,
    direction: session.direction === 'incoming' ? 'incoming' : 'outgoing',
    sipCallId: sipCallIdOf(session),
    remoteUser: remoteUser(session),
    remoteName: remoteName(session),
    answer() {
      session.answer({ mediaConstraints: { audio: true, video: false }, ...answerOptions });
    },
    end(rejectStatus) {
      if (session.isEnded()) return;
      // Unanswered incoming: a final response; our outgoing ringing: CANCEL; established: BYE (RTCSession.terminate).
      const unanswered = session.status === C.STATUS_WAITING_FOR_ANSWER || session.status === C.STATUS_ANSWERED;
      session.terminate(unanswered ? { status_code: rejectStatus } : {});
    },
    hold(held) {
      if (session.isOnHold().local === held) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const gone = () => {
          session.off('ended', gone);
          session.off('failed', gone);
          reject(new Error(`the session ended before the ${held ? 'hold' : 'resume'} re-INVITE was accepted`));
        };
        const done = () => {
          session.off('ended', gone);
          session.off('failed', gone);
          resolve();
        };
        session.on('ended', gone);
        session.on('failed', gone);
        // JsSIP disables the local tracks itself while held (RTCSession._setLocalMediaStatus) and
        // calls `done` once the re-INVITE is answered 2xx; on a failure it ends the call (500).
        const started = held ? session.hold({}, done) : session.unhold({}, done);
        if (!started) {
          session.off('ended', gone);
          session.off('failed', gone);
          reject(new Error(`JsSIP refused to ${held ? 'hold' : 'resume'}: the session is not established or another re-INVITE is in progress`));
        }
      });
    },
    mute(muted) {
      // RTCSession.mute/unmute only flip `track.enabled` on the senders: no signalling.
      if (muted) session.mute({ audio: true });
      else session.unmute({ audio: true });
      if (session.isMuted().audio !== muted) throw new Error(`JsSIP did not ${muted ? 'mute' : 'unmute'} the microphone`);
    },
    sendDtmf(key: DialKey, transport) {
      if (transport === 'rfc4733' && !dtmfSender(session)) throw new Error('no audio sender can play DTMF (RTCRtpSender.dtmf) on this session');
      // JsSIP declares the transport as an ambient enum whose values are these strings (Constants.DTMF_TRANSPORT).
      const transportType = (transport === 'rfc4733' ? 'RFC2833' : 'INFO') as unknown as DTMFOptions['transportType'];
      session.sendDTMF(key, { transportType, duration: DTMF_TONE_MS, interToneGap: DTMF_GAP_MS });
    },
    refer(uri, refer: SipReferEvents, replaces) {
      // With `replaces`, JsSIP writes Refer-To: <uri?Replaces=call-id;to-tag;from-tag> of that dialog (ReferSubscriber.sendRefer).
      session.refer(uri, {
        ...(replaces ? { replaces: replaces.session } : {}),
        eventHandlers: {
          // The REFER itself was answered with a failure (or never reached the other side).
          requestFailed: (event: { response: { status_code?: number } | null; cause: string }) => refer.failed(event.response?.status_code ?? null, `REFER ${event.cause}`),
          // NOTIFY sipfrag: `SIP/2.0 2xx` → accepted; a final failure → failed (ReferSubscriber.receiveNotify).
          accepted: () => refer.accepted(),
          failed: (event: { status_line?: { status_code?: unknown; reason_phrase?: unknown } }) => {
            const code = Number(event.status_line?.status_code);
            refer.failed(Number.isInteger(code) ? code : null, `NOTIFY SIP/2.0 ${String(event.status_line?.status_code)} ${String(event.status_line?.reason_phrase ?? '')}`.trim());
          },
        },
      });
    },
  };
}
