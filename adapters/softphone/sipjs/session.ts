import { Inviter, SessionState, UserAgent, type Invitation, type Session, type SessionDescriptionHandlerOptions } from 'sip.js';
import type { Core } from 'sip.js';
type IncomingResponse = Core.IncomingResponse;
import type { DialKey } from '../../../protocol/buttons';
import type { SipReferEvents, SipSessionDriver, SipSessionEvents } from '../sip/driver';

/** Where SIP.js's web session description handler keeps the WebRTC connection. */
export function peerConnectionOf(session: Session): RTCPeerConnection | undefined {
  const handler = session.sessionDescriptionHandler as { peerConnection?: RTCPeerConnection } | undefined;
  return handler?.peerConnection;
}

/** The status line of a sipfrag body (`SIP/2.0 180 Ringing`), or null when it is not one. */
export function sipfragStatus(body: string | undefined): { code: number; line: string } | null {
  const line = (body ?? '').trim().split(/\r?\n/)[0] ?? '';
  const match = /^SIP\/2\.0\s+(\d{3})\b/.exec(line);
  return match ? { code: Number(match[1]), line } : null;
}

function remoteUser(session: Session): string | null {
  const user = session.remoteIdentity?.uri?.user;
  return typeof user === 'string' && user !== '' ? user : null;
}

/** The Call-ID of the session's INVITE (an `Invitation`'s request, an `Inviter`'s own). */
function sipCallIdOf(session: Session): string | null {
  const callId: unknown = (session as unknown as { request?: { callId?: unknown } }).request?.callId;
  return typeof callId === 'string' && callId !== '' ? callId : null;
}

function remoteName(session: Session): string | null {
  const name = session.remoteIdentity?.displayName;
  return typeof name === 'string' && name !== '' ? name : null;
}

function statusOf(response: IncomingResponse): number | null {
  const code = response.message.statusCode;
  return typeof code === 'number' ? code : null;
}

/**
 * One SIP.js 0.21 session (an `Invitation` we answer, an `Inviter` we place: its INVITE
 * is sent here) as the bridge's {@link SipSessionDriver}. `events` is read at each event, so an incoming session
 * the bridge rejected at once reports nothing.
 *
 * SIP.js traps handled here: a session delegate (`onBye`, `onInfo`, `onNotify`) replaces
 * SIP.js's own handling, so each handler accepts its request; hold only changes the SDP,
 * so the local tracks are disabled here too; the transferee's NOTIFYs all say
 * `Subscription-State: terminated`, even for `100 Trying`, so only a final sipfrag status
 * settles a transfer.
 */
export function sipJsSession(session: Session, mediaOptions: SessionDescriptionHandlerOptions, events: () => SipSessionEvents | null): SipSessionDriver<Session> {
  /** The final non-2xx status of our INVITE, once it came. */
  let failedWith: number | null = null;
  let endCause = 'terminated';
  let established = false;
  let held = false;
  let muted = false;
  /**
   * Whether our dialog is confirmed: an `Inviter` once established (its ACK is sent), an
   * `Invitation` once the caller's ACK came. SIP.js calls an answered `Invitation`
   * established as soon as its 200 is sent; a re-INVITE offered before the ACK leaves the
   * dialog in HaveLocalOffer, and SIP.js ends the call (BYE 488) when that ACK arrives.
   */
  let confirmed = false;
  let waitingForConfirm: ((error?: Error) => void)[] = [];
  const confirm = (error?: Error) => {
    if (!error) confirmed = true;
    const waiting = waitingForConfirm;
    waitingForConfirm = [];
    for (const wake of waiting) wake(error);
  };
  /** Resolves once the dialog is confirmed; rejects if the session ends first. */
  const dialogConfirmed = (): Promise<void> => {
    if (confirmed) return Promise.resolve();
    if (session.state === SessionState.Terminated) return Promise.reject(new Error('the session ended before its dialog was confirmed'));
    return new Promise<void>((resolve, reject) => waitingForConfirm.push((error) => (error ? reject(error) : resolve())));
  };

  /** What the local audio senders carry: nothing while muted or held (SIP.js's hold only changes the SDP). */
  const applyTracks = () => {
    for (const sender of peerConnectionOf(session)?.getSenders() ?? []) {
      if (sender.track?.kind === 'audio') sender.track.enabled = !muted && !held;
    }
  };

  session.delegate = {
    ...session.delegate,
    onBye(bye) {
      endCause = 'BYE';
      void bye.accept();
    },
    onInfo(info) {
      // An INFO we do not act on is still answered, or the other side times out (SIP.js would send 200 itself without a delegate).
      void info.accept();
    },
    onAck() {
      // The caller's ACK of our 200 (a later one, of a re-INVITE, changes nothing): a hold clicked meanwhile may go now.
      confirm();
    },
    onInvite() {
      // The other side's re-INVITE was answered from sessionDescriptionHandlerOptionsReInvite (our hold state); the media may be new.
      applyTracks();
    },
  };
  const invitation = session instanceof Inviter ? null : (session as Invitation);
  if (invitation) {
    invitation.delegate = {
      ...invitation.delegate,
      onCancel() {
        endCause = 'CANCEL';
      },
    };
  }

  session.stateChange.addListener((state) => {
    if (state === SessionState.Established) {
      established = true;
      if (!invitation) confirm();
      applyTracks();
      events()?.connected();
    }
    if (state === SessionState.Terminated) {
      if (!confirmed) confirm(new Error('the session ended before its dialog was confirmed'));
      // SIP.js moves an Inviter to Terminated before it hands the final response to our onReject: read the code after it.
      queueMicrotask(reportOver);
    }
  });

  function reportOver(): void {
    if (failedWith !== null) events()?.over({ type: 'failed', code: failedWith, cause: `final response ${failedWith}` });
    else if (!established && !invitation) events()?.over({ type: 'failed', code: null, cause: 'the INVITE got no final response' });
    else events()?.over({ type: 'ended', cause: endCause });
  }

  if (session instanceof Inviter && session.state === SessionState.Initial) {
    // Our own INVITE: its final non-2xx is the code the card hears in phone.failed.
    session
      .invite({ requestDelegate: { onReject: (response) => void (failedWith = statusOf(response)) } })
      .catch((error: unknown) => {
        endCause = `the INVITE could not be sent: ${String(error)}`;
        events()?.over({ type: 'failed', code: null, cause: endCause });
      });
  }

  const driver: SipSessionDriver<Session> = {
    session,
    direction: invitation ? 'incoming' : 'outgoing',
    sipCallId: sipCallIdOf(session),
    remoteUser: remoteUser(session),
    remoteName: remoteName(session),
    async answer() {
      await (session as Invitation).accept({ sessionDescriptionHandlerOptions: mediaOptions });
    },
    end(rejectStatus) {
      switch (session.state) {
        case SessionState.Initial:
          if (invitation) void invitation.reject({ statusCode: rejectStatus }).catch(() => {});
          else void (session as Inviter).cancel().catch(() => {});
          return;
        case SessionState.Establishing:
          if (!invitation) {
            void (session as Inviter).cancel().catch(() => {});
            return;
          }
          // Answered and waiting for the ACK: too late to reject, too early for BYE (SIP.js refuses both).
          session.stateChange.addListener((next) => void (next === SessionState.Established && session.bye().catch(() => {})));
          return;
        case SessionState.Established:
          void session.bye().catch(() => {});
          return;
        default:
          return;
      }
    },
    async hold(hold) {
      if (hold === held) return;
      // Answered and the ACK not in yet: the re-INVITE waits for it (RFC 3261 §14.1), or SIP.js ends the call.
      await dialogConfirmed();
      await new Promise<void>((resolve, reject) => {
        const before = held;
        held = hold;
        // Later re-INVITEs, ours and the other side's, keep the hold SDP (sendonly) until resumed.
        session.sessionDescriptionHandlerOptionsReInvite = { ...mediaOptions, hold } as SessionDescriptionHandlerOptions;
        applyTracks();
        const undo = (why: string) => {
          held = before;
          session.sessionDescriptionHandlerOptionsReInvite = { ...mediaOptions, hold: before } as SessionDescriptionHandlerOptions;
          applyTracks();
          reject(new Error(why));
        };
        session
          .invite({
            requestDelegate: {
              onAccept: () => {
                applyTracks();
                resolve();
              },
              onReject: (response) => undo(`the ${hold ? 'hold' : 'resume'} re-INVITE was rejected ${statusOf(response) ?? ''}`.trim()),
            },
          })
          .catch((error: unknown) => undo(`the ${hold ? 'hold' : 'resume'} re-INVITE could not be sent: ${String(error)}`));
      });
    },
    mute(mute) {
      muted = mute;
      applyTracks();
    },
    sendDtmf(key: DialKey, transport) {
      if (transport === 'info') {
        return new Promise<void>((resolve, reject) => {
          session
            .info({
              requestDelegate: { onAccept: () => resolve(), onReject: (response) => reject(new Error(`INFO ${key} rejected ${statusOf(response) ?? ''}`.trim())) },
              requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${key}\r\nDuration=160\r\n` } },
            })
            .catch(reject);
        });
      }
      const sender = peerConnectionOf(session)?.getSenders().find((s) => s.track?.kind === 'audio' && s.dtmf?.canInsertDTMF);
      if (!sender?.dtmf) throw new Error('no audio sender can play DTMF (RTCRtpSender.dtmf) on this session');
      sender.dtmf.insertDTMF(key, 160, 70);
    },
    refer(uri, refer: SipReferEvents, replaces?: SipSessionDriver<Session>) {
      // Attended: SIP.js builds the Refer-To with ?Replaces= from the consult session's dialog.
      const target = replaces ? replaces.session : UserAgent.makeURI(uri);
      if (!target) {
        refer.failed(null, `not a SIP URI: ${uri}`);
        return;
      }
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        outcome();
      };
      session
        .refer(target, {
          requestDelegate: {
            onReject: (response) => settle(() => refer.failed(statusOf(response), `REFER rejected ${statusOf(response) ?? ''}`.trim())),
          },
          onNotify: (notification) => {
            void notification.accept();
            const status = sipfragStatus(notification.request.body);
            // Every NOTIFY from a SIP.js transferee says Subscription-State: terminated, 100 Trying too: only a final status counts.
            if (!status || status.code < 200) return;
            settle(() => (status.code < 300 ? refer.accepted() : refer.failed(status.code, `NOTIFY ${status.line}`)));
          },
        })
        .catch((error: unknown) => settle(() => refer.failed(null, `REFER could not be sent: ${String(error)}`)));
    },
  };
  return driver;
}
