// A plain SIP.js user agent in a page: the far end of the real-call tests (the customer, a
// colleague). It does what a person with a softphone does, when the Node side asks, and logs
// what reached it, so that a test checks the operator's softphone from the other end of the wire.
import { Inviter, Registerer, RegistererState, SessionState, UserAgent, type Invitation, type Session, type UserAgentDelegate } from 'sip.js';
import { listenForDtmf, mediaStats, playRemoteAudio, type MediaStats } from './media';

export interface PlainUaOptions {
  /** The SIP user (`customer` registers as sip:customer@127.0.0.1). */
  readonly user: string;
  /** ws://127.0.0.1:8080 by default. */
  readonly server?: string;
}

/** What the far end does with the next INVITE: wait for `answer()`, answer at once, or reject with a status. */
export type IncomingPolicy = { readonly kind: 'wait' } | { readonly kind: 'answer' } | { readonly kind: 'reject'; readonly statusCode: number };

/** What the far end does with a REFER: follow it (call the target, NOTIFY the outcome), or accept it (202) and never NOTIFY. */
export type ReferPolicy = 'follow' | 'acceptOnly';

export interface PlainUa {
  readonly user: string;
  /** Everything that reached this user agent, in order: `invite`, `established`, `hearing audio` (the DTMF listener runs), `bye`, `cancel`, `reinvite sendonly`, `info Signal=5`, `dtmf 5`, `rejected 486`, `refer`… */
  readonly log: string[];
  setIncomingPolicy(policy: IncomingPolicy): void;
  setReferPolicy(policy: ReferPolicy): void;
  call(user: string): void;
  answer(): Promise<void>;
  reject(statusCode: number): Promise<void>;
  hangup(): Promise<void>;
  /** The state of the newest session (`Initial`, `Establishing`, `Established`, `Terminating`, `Terminated`), or `none`. */
  sessionState(): string;
  stats(): Promise<MediaStats | null>;
  stop(): Promise<void>;
}

const constraints = { audio: true, video: false };

/** SIP.js waits up to 5 s for ICE gathering by default; on loopback it is over in about 120 ms. */
export const ICE_GATHERING_TIMEOUT_MS = 100;

export function userAgentOptions(user: string, server = 'ws://127.0.0.1:8080') {
  const uri = UserAgent.makeURI(`sip:${user}@127.0.0.1`);
  if (!uri) throw new TypeError(`bad user ${user}`);
  return {
    uri,
    displayName: user,
    transportOptions: { server, traceSip: false },
    logLevel: 'error' as const,
    sessionDescriptionHandlerFactoryOptions: {
      iceGatheringTimeout: ICE_GATHERING_TIMEOUT_MS,
      peerConnectionConfiguration: { iceServers: [] },
    },
  };
}

/** Starts a user agent and resolves once Kamailio has its registration. */
export async function registeredUserAgent(user: string, server?: string, delegate?: UserAgentDelegate): Promise<{ userAgent: UserAgent; registerer: Registerer }> {
  const userAgent = new UserAgent({ ...userAgentOptions(user, server), delegate });
  await userAgent.start();
  const registerer = new Registerer(userAgent, { expires: 600 });
  const registered = new Promise<void>((resolve, reject) => {
    registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) resolve();
      if (state === RegistererState.Terminated) reject(new Error(`${user}: registration terminated`));
    });
  });
  await registerer.register({ requestDelegate: { onReject: (r) => console.error(`${user}: REGISTER rejected ${r.message.statusCode}`) } });
  await registered;
  return { userAgent, registerer };
}

function peerConnection(session: Session | undefined): RTCPeerConnection | undefined {
  return (session?.sessionDescriptionHandler as { peerConnection?: RTCPeerConnection } | undefined)?.peerConnection;
}

function sdpDirection(sdp: string | undefined): string {
  const match = /a=(sendrecv|sendonly|recvonly|inactive)/.exec(sdp ?? '');
  return match?.[1] ?? 'sendrecv';
}

export async function createPlainUa(options: PlainUaOptions): Promise<PlainUa> {
  const log: string[] = [];
  let policy: IncomingPolicy = { kind: 'wait' };
  let referPolicy: ReferPolicy = 'follow';
  let session: Session | undefined;
  let stopDtmf: () => void = () => {};

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
          const next = referral.makeInviter({ sessionDescriptionHandlerOptions: { constraints } });
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
        const pc = peerConnection(s);
        stopDtmf();
        if (pc) {
          const stopPlaying = playRemoteAudio(pc);
          const stopListening = listenForDtmf(
            pc,
            (key) => log.push(`dtmf ${key}`),
            () => log.push('hearing audio'),
          );
          stopDtmf = () => {
            stopPlaying();
            stopListening();
          };
        }
      }
      if (state === SessionState.Terminated) log.push('terminated');
    });
  };

  const { userAgent, registerer } = await registeredUserAgent(options.user, options.server, {
    onInvite: (invitation: Invitation) => {
      log.push(`invite ${invitation.remoteIdentity.uri.user ?? ''}`);
      watch(invitation);
      invitation.delegate = { ...invitation.delegate, onCancel: () => log.push('cancel') };
      if (policy.kind === 'answer') void invitation.accept({ sessionDescriptionHandlerOptions: { constraints } });
      if (policy.kind === 'reject') void invitation.reject({ statusCode: policy.statusCode });
    },
  });

  return {
    user: options.user,
    log,
    setIncomingPolicy: (next) => void (policy = next),
    setReferPolicy: (next) => void (referPolicy = next),
    call(user) {
      const target = UserAgent.makeURI(`sip:${user}@127.0.0.1`);
      if (!target) throw new TypeError(`bad user ${user}`);
      const inviter = new Inviter(userAgent, target, { sessionDescriptionHandlerOptions: { constraints } });
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
      if (!invitation || invitation.state !== SessionState.Initial) throw new Error(`${options.user}: no ringing call to answer`);
      await invitation.accept({ sessionDescriptionHandlerOptions: { constraints } });
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
    stats: () => mediaStats(peerConnection(session)),
    async stop() {
      stopDtmf();
      await registerer.unregister().catch(() => {});
      await userAgent.stop();
    },
  };
}
