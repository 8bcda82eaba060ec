// A plain SIP.js user agent in a page: the far end of the real-call tests (the customer, a
// colleague). It does what a person with a softphone does, when the Node side asks, and logs
// what reached it, so that a test checks the operator's softphone from the other end of the wire.
import { Registerer, RegistererState, UserAgent, type Session, type UserAgentDelegate } from 'sip.js';
import { farEndOn, type ReferPolicy } from '../../../examples/sipjs-tour/farEnd';
import { listenForDtmf, mediaStats, playRemoteAudio, type MediaStats } from './media';

export interface PlainUaOptions {
  /** The SIP user (`customer` registers as sip:customer@127.0.0.1). */
  readonly user: string;
  /** ws://127.0.0.1:8080 by default. */
  readonly server?: string;
}

/** What the far end does with the next INVITE: wait for `answer()`, answer at once, or reject with a status. */
export type IncomingPolicy = { readonly kind: 'wait' } | { readonly kind: 'answer' } | { readonly kind: 'reject'; readonly statusCode: number };

export type { ReferPolicy };

export interface PlainUa {
  readonly user: string;
  /** Everything that reached this user agent, in order: `invite`, `established`, `hearing audio` (the DTMF listener runs), `bye`, `cancel`, `reinvite sendonly`, `info Signal=5`, `dtmf 5`, `rejected 486`, `refer`… */
  readonly log: string[];
  setIncomingPolicy(policy: IncomingPolicy): void;
  setReferPolicy(policy: ReferPolicy): void;
  /**
   * From now on every ACK this user agent sends leaves `ms` later (a slow network, a busy
   * phone): the other side's dialog stays unconfirmed that long after its 200. Each
   * delayed ACK logs `ack sent` as it leaves.
   */
  delayAcks(ms: number): void;
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

/** The far end of examples/sipjs-tour/farEnd.ts on a registered user agent, with real media: it plays what it hears and listens for DTMF. */
export async function createPlainUa(options: PlainUaOptions): Promise<PlainUa> {
  const { userAgent, registerer } = await registeredUserAgent(options.user, options.server);
  const farEnd = farEndOn(userAgent, {
    domain: '127.0.0.1',
    sessionDescriptionHandlerOptions: { constraints },
    onEstablished: (session, log) => {
      const pc = peerConnection(session);
      if (!pc) return () => {};
      const stopPlaying = playRemoteAudio(pc);
      const stopListening = listenForDtmf(
        pc,
        (key) => log.push(`dtmf ${key}`),
        () => log.push('hearing audio'),
      );
      return () => {
        stopPlaying();
        stopListening();
      };
    },
  });
  let ackDelayMs = 0;
  const transport = userAgent.transport;
  const send = transport.send.bind(transport);
  transport.send = (message: string) => {
    if (ackDelayMs <= 0 || !message.startsWith('ACK ')) return send(message);
    return new Promise<void>((resolve) => setTimeout(resolve, ackDelayMs)).then(() => {
      farEnd.log.push('ack sent');
      return send(message);
    });
  };
  return {
    user: options.user,
    log: farEnd.log,
    setIncomingPolicy: farEnd.setIncomingPolicy,
    setReferPolicy: farEnd.setReferPolicy,
    delayAcks: (ms) => void (ackDelayMs = ms),
    call: farEnd.call,
    answer: farEnd.answer,
    reject: farEnd.reject,
    hangup: farEnd.hangup,
    sessionState: farEnd.sessionState,
    stats: () => mediaStats(peerConnection(farEnd.session())),
    async stop() {
      farEnd.stopMedia();
      await registerer.unregister().catch(() => {});
      await userAgent.stop();
    },
  };
}
