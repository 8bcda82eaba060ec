/**
 * A far end of the call (the customer, a colleague): a plain SIP.js user agent that does what a
 * person with a phone does when asked, and logs what reached it, so that a check sees the
 * operator's softphone from the other end of the wire. It follows a REFER (calls the target and
 * NOTIFYs the outcome), as a SIP phone does. Used on the in-memory network by `npm run
 * check:sipjs` and over Kamailio by the real-call tests (tests/sip/pages/plainUa.ts adds media).
 */
import { Inviter, SessionState, UserAgent, type Invitation, type Session, type SessionDescriptionHandlerOptions } from 'sip.js';
import type { FarEnd } from './driver';
import { DOMAIN, loopbackUserAgent, type LoopbackNetwork } from './loopback';

/** What the far end does with a REFER: follow it (call the target, NOTIFY the outcome), or accept it (202) and never NOTIFY. */
export type ReferPolicy = 'follow' | 'acceptOnly';

export interface FarEndOptions {
  /** The domain of the users it calls. */
  readonly domain: string;
  /** Handed to SIP.js for each INVITE, answer and REFER-made call (a browser's media constraints). */
  readonly sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
  /** A session is established: start watching its media (logging into `log`); returns what stops it. */
  readonly onEstablished?: (session: Session, log: string[]) => () => void;
}

/** A far end on a started user agent. */
export interface SipFarEnd extends FarEnd {
  /** Everything that reached it, in order: `invite`, `established`, `bye`, `cancel`, `reinvite sendonly`, `info Signal=5`, `rejected 486`, `refer`… */
  readonly log: string[];
  setReferPolicy(policy: ReferPolicy): void;
  /** The newest session. */
  session(): Session | undefined;
  /** Stops watching the media (the user agent is the caller's to stop). */
  stopMedia(): void;
}

function sdpDirection(sdp: string | undefined): string {
  return /a=(sendrecv|sendonly|recvonly|inactive)/.exec(sdp ?? '')?.[1] ?? 'sendrecv';
}

/** Makes `userAgent` (started) a far end: its delegate takes every INVITE. */
export function farEndOn(userAgent: UserAgent, options: FarEndOptions): SipFarEnd {
  const log: string[] = [];
  const media = options.sessionDescriptionHandlerOptions;
  const withMedia = media ? { sessionDescriptionHandlerOptions: media } : {};
  let policy: Parameters<FarEnd['setIncomingPolicy']>[0] = { kind: 'wait' };
  let referPolicy: ReferPolicy = 'follow';
  let session: Session | undefined;
  let stopMedia: () => void = () => {};

  const watch = (s: Session) => {
    session = s;
    s.delegate = {
      // A delegate takes over SIP.js's own handling: each request must be accepted here.
      onBye: (bye) => {
        log.push('bye');
        void bye.accept();
      },
      onInfo: (info) => {
        log.push(`info ${(info.request.body ?? '').trim().replace(/\r?\n/g, ' ')}`);
        void info.accept();
      },
      onInvite: (request) => {
        log.push(`reinvite ${sdpDirection(request.body)}`);
      },
      onRefer: (referral) => {
        log.push(`refer ${referral.referTo.uri.user ?? ''}`);
        if (referPolicy === 'acceptOnly') {
          // A transferee that takes the REFER and then never reports how it went.
          void referral.accept();
          return;
        }
        void referral.accept().then(() => {
          const next = referral.makeInviter(withMedia);
          watch(next);
          // A transfer that fails leaves us on the call we had.
          let reached = false;
          next.stateChange.addListener((state) => {
            if (state === SessionState.Established) reached = true;
            if (state === SessionState.Terminated && !reached && session === next) session = s;
          });
          void next.invite();
        });
      },
      onNotify: (notification) => {
        log.push(`notify ${(notification.request.body ?? '').trim()}`);
        void notification.accept();
      },
    };
    s.stateChange.addListener((state) => {
      if (state === SessionState.Established && session === s) {
        log.push('established');
        stopMedia();
        stopMedia = options.onEstablished?.(s, log) ?? (() => {});
      }
      if (state === SessionState.Terminated) log.push('terminated');
    });
  };

  userAgent.delegate = {
    ...userAgent.delegate,
    onInvite: (invitation: Invitation) => {
      log.push(`invite ${invitation.remoteIdentity.uri.user ?? ''}`);
      watch(invitation);
      invitation.delegate = { ...invitation.delegate, onCancel: () => log.push('cancel') };
      if (policy.kind === 'answer') void invitation.accept(withMedia);
      if (policy.kind === 'reject') void invitation.reject({ statusCode: policy.statusCode });
    },
  };

  return {
    log,
    setIncomingPolicy: (next) => void (policy = next),
    setReferPolicy: (next) => void (referPolicy = next),
    call(user) {
      const target = UserAgent.makeURI(`sip:${user}@${options.domain}`);
      if (!target) throw new TypeError(`not a SIP user: ${user}`);
      const inviter = new Inviter(userAgent, target, withMedia);
      watch(inviter);
      void inviter.invite({
        requestDelegate: {
          onAccept: () => log.push('accepted'),
          onReject: (response) => log.push(`rejected ${response.message.statusCode}`),
        },
      });
    },
    async answer() {
      const invitation = session as Invitation | undefined;
      if (!invitation || invitation.state !== SessionState.Initial) throw new Error(`${userAgent.configuration.uri.user ?? ''}: no ringing call to answer`);
      await invitation.accept(withMedia);
    },
    async reject(statusCode) {
      await (session as Invitation).reject({ statusCode });
    },
    async hangup() {
      if (!session) return;
      if (session.state === SessionState.Established) await session.bye();
      else if (session instanceof Inviter) await session.cancel();
      else await (session as Invitation).reject();
    },
    sessionState: () => session?.state ?? 'none',
    session: () => session,
    stopMedia: () => stopMedia(),
  };
}

/** A far end of `user` on the loopback network, started. */
export async function loopbackFarEnd(network: LoopbackNetwork, user: string): Promise<SipFarEnd & { stop(): Promise<void> }> {
  const userAgent = loopbackUserAgent(network, user);
  await userAgent.start();
  return { ...farEndOn(userAgent, { domain: DOMAIN }), stop: () => userAgent.stop() };
}
