// One frame of the application in a portal tab, in the real-call tests of many frames: the phone
// (createPhone) over the BX24.placement of its host window (the host double in the test, through
// Playwright bindings), whose owner's softphone is a real SIP user agent (SIP.js or JsSIP) and
// whose records layer writes to the REST double in the test. Every tab runs the same code.
// Query: ?tab=<host window>&kind=worker|phoneTab&stack=sipjs|jssip&user=<SIP user>&server=<ws://…>;
// with &grant=<B24OAuthParams as JSON> the frame also runs connectRelay with @bitrix24/b24jssdk's
// B24OAuth on that grant: the owner's pull client hands each relayed dial request to phone.dialRequest.
import { B24OAuth } from '@bitrix24/b24jssdk';
import { UA, WebSocketInterface } from 'jssip';
import { Registerer, UserAgent, type Session } from 'sip.js';
import { connectRelay, createPhone, type DialRequest } from '../../../adapters/phone';
import { classifyResponse, createCallRecords, fromCallSummary, type CallRecords, type RestPort } from '../../../adapters/records';
import { jsSipSoftphone } from '../../../adapters/softphone/jssip/index';
import type { SipDiagnostic } from '../../../adapters/softphone/sip/diagnostics';
import type { SipSoftphone } from '../../../adapters/softphone/sip/softphone';
import { peerConnectionOf } from '../../../adapters/softphone/sipjs/session';
import { sipJsSoftphone } from '../../../adapters/softphone/sipjs/index';
import { bridgedPlacement } from '../../browser/fixtures/portalBridge';
import { mediaStats, playRemoteAudio } from './media';
import { userAgentOptions } from './plainUa';

const query = new URLSearchParams(location.search);
const tab = Number(query.get('tab') ?? '0');
const kind = (query.get('kind') ?? 'worker') as 'worker' | 'phoneTab';
const stack = query.get('stack') === 'jssip' ? 'jssip' : 'sipjs';
const user = query.get('user') ?? 'operator';
const server = query.get('server') ?? 'ws://127.0.0.1:8080';
const grantText = query.get('grant');
const grant = grantText === null ? null : (JSON.parse(grantText) as ConstructorParameters<typeof B24OAuth>[0]);
// The relay checks each request's portal against this one: with a grant, the REST double's member_id.
const identity = { memberId: grant?.memberId ?? 'a1b2c3', userId: 7 };
const page = window as unknown as Window & { restCall(method: string, params: string): Promise<{ status: number; body: unknown }> } & Record<string, unknown>;

const rest: RestPort = {
  async call(method, params) {
    try {
      const answer = await page.restCall(method, JSON.stringify(params));
      return classifyResponse(answer.status, answer.body);
    } catch (error) {
      return { ok: false, failure: { kind: 'ambiguous', cause: 'network', status: null, description: String(error) } };
    }
  },
};
/** The records layer runs in the owner only: made when this frame first needs it (a softphone, or a dead owner's call to end). */
let records: CallRecords | null = null;
const recordsOf = (): CallRecords => (records ??= createCallRecords({ rest, userId: 7 }));

const summaries: unknown[] = [];
const diagnostics: string[] = [];
const sessionDiagnostics: string[] = [];
const sipDiagnostics: SipDiagnostic[] = [];
/** Every softphone this frame made, in order, with what became of it. */
const made: Array<{ softphone: SipSoftphone<unknown>; peer(): RTCPeerConnection | undefined; stopped: boolean }> = [];

/**
 * How slow this frame's next softphone is, so that a test can hold a handover in one phase and
 * call into it: `registerMs` before its REGISTER is sent, `readyMs` between registered and ready.
 */
let slow = { registerMs: Number(query.get('registerMs') ?? 0), readyMs: Number(query.get('readyMs') ?? 0) };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sipJs(entry: { stopped: boolean }, registerMs: number): Omit<(typeof made)[number], 'stopped'> {
  const userAgent = new UserAgent({ ...userAgentOptions(user, server), delegate: {} });
  const registerer = new Registerer(userAgent, { expires: 600 });
  const softphone = sipJsSoftphone(userAgent, { registerer, onDiagnostic: (d) => void sipDiagnostics.push(d) });
  void userAgent
    .start()
    .then(() => wait(registerMs))
    .then(() => (entry.stopped ? undefined : registerer.register()))
    .catch(() => undefined);
  return { softphone, peer: () => (softphone.session ? peerConnectionOf(softphone.session as Session) : undefined) };
}

function jsSip(entry: { stopped: boolean }, registerMs: number): Omit<(typeof made)[number], 'stopped'> {
  const ua = new UA({ sockets: [new WebSocketInterface(server)], uri: `sip:${user}@127.0.0.1`, display_name: user, register: false, session_timers: false });
  const pcConfig = { iceServers: [] };
  const softphone = jsSipSoftphone(ua, { callOptions: { pcConfig }, answerOptions: { pcConfig }, onDiagnostic: (d) => void sipDiagnostics.push(d) });
  ua.once('connected', () => void wait(registerMs).then(() => (entry.stopped ? undefined : ua.register())));
  ua.start();
  return { softphone, peer: () => softphone.session?.connection };
}

const phone = createPhone({
  identity,
  kind,
  placement: bridgedPlacement(tab),
  createSoftphone: () => {
    const { registerMs, readyMs } = slow;
    const flags = { stopped: false };
    const entry = { ...(stack === 'jssip' ? jsSip(flags, registerMs) : sipJs(flags, registerMs)), get stopped() {
      return flags.stopped;
    } };
    made.push(entry);
    recordsOf().attach(entry.softphone);
    const { softphone } = entry;
    return Object.assign(Object.create(softphone) as SipSoftphone<unknown>, {
      ready: async () => {
        await softphone.ready();
        await wait(readyMs);
      },
      stop: async () => {
        flags.stopped = true;
        await softphone.stop();
      },
    });
  },
  session: {
    onCard: (change) => {
      if (change.type === 'opened' || change.type === 'reattached') recordsOf().cardShown(change.state.call.callId);
    },
    onSummary: (summary) => {
      summaries.push(summary);
      recordsOf().callEnded(fromCallSummary(summary));
    },
    // The owner's session reports its own (a dial request not dialled: repeated, busy, mobile) here, not to the phone's.
    onDiagnostic: (diagnostic) => void sessionDiagnostics.push(`${diagnostic.kind}: ${diagnostic.message.slice(0, 300)}`),
  },
  onDiagnostic: (diagnostic) => void diagnostics.push(diagnostic.kind),
  timings: { heartbeatMs: 200, silenceMs: 2_000, handoverTimeoutMs: 3_000 },
});

/** The dial requests the owner's pull client delivered, and what the relay reported. */
const relayed: DialRequest[] = [];
const relayDiagnostics: string[] = [];
if (grant !== null) {
  const b24 = new B24OAuth(grant, { clientId: 'local.app', clientSecret: 'app-secret' });
  connectRelay(phone, {
    identity,
    b24,
    onDialRequest: (request) => {
      relayed.push(request);
      phone.dialRequest(request);
    },
    onDiagnostic: (diagnostic) => void relayDiagnostics.push(diagnostic.kind),
  });
}

let stopAudio: (() => void) | null = null;
page.__phone = {
  frameId: phone.frameId,
  role: () => phone.state.role,
  state: () => JSON.parse(JSON.stringify(phone.state)) as unknown,
  /** Whether this frame's phone has its session (it owns and its softphone is wired). */
  owns: () => phone.session !== null,
  summaries: () => JSON.parse(JSON.stringify(summaries)) as unknown,
  diagnostics: () => diagnostics.slice(),
  sessionDiagnostics: () => sessionDiagnostics.slice(),
  sipDiagnostics: () => sipDiagnostics.map((d) => d.kind),
  /** How many softphones this frame made, and how many it stopped (unregistered). */
  softphones: () => ({ made: made.length, stopped: made.filter((entry) => entry.stopped).length }),
  handOver: () => phone.handOver(),
  slow: (next: { registerMs: number; readyMs: number }) => void (slow = next),
  relayed: () => JSON.parse(JSON.stringify(relayed)) as unknown,
  relayDiagnostics: () => relayDiagnostics.slice(),
  recordsIdle: () => records?.whenIdle() ?? Promise.resolve(),
  async stats() {
    const peer = made.at(-1)?.peer();
    if (peer && !stopAudio) stopAudio = playRemoteAudio(peer);
    return mediaStats(peer);
  },
};
