// In-page part of the SIP benchmark (bench/sip.ts): one page, three SIP.js user agents on
// Kamailio: the operator through b24-call-card/sipjs (card + host simulator), the same kind of
// operator on SIP.js alone, and the customer calling them in turn. Every figure is taken with
// performance.now() in this page, both sides of each ratio in the same run.
import type { Invitation, Session, UserAgent } from 'sip.js';
import { SessionState } from 'sip.js';
import { createCallCard, type CallCardState, type DialKey } from '../index';
import { createHostSimulator } from '../testing/index';
import { sipJsSoftphone } from '../adapters/softphone/sipjs/index';
import { createPlainUa, registeredUserAgent } from '../tests/sip/pages/plainUa';
import { createActor } from 'xstate';
import { callCardMachine, parseCardEvent } from '../machines/index';
import { INCOMING_CALL } from './fixtures/callScript';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
/** Rounds of DTMF bursts per call; each round times every path once. */
const DTMF_ROUNDS = 5;
type DtmfPath = 'card' | 'adapter' | 'plain' | 'statechart';
const DTMF_PATHS: readonly DtmfPath[] = ['card', 'adapter', 'plain', 'statechart'];

/** The card's statechart by itself, as `createCallCard` runs it but with nobody listening, in `connected`. */
function connectedStatechart() {
  const actor = createActor(callCardMachine).start();
  const initialized = parseCardEvent('initialized', INCOMING_CALL);
  if (!initialized.ok) throw new Error(`bench: ${initialized.diagnostic.message}`);
  actor.send(initialized.event);
  actor.send({ type: 'answerButtonClick' });
  actor.send({ type: 'phone.connected' });
  if (!actor.getSnapshot().hasTag('connected')) throw new Error('bench: the bare statechart is not connected');
  return actor;
}
const uiOf = (state: CallCardState) => (state.status === 'call' ? state.uiState : null);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what: string, probe: () => boolean, ms = 10_000): Promise<number> {
  const deadline = performance.now() + ms;
  while (!probe()) {
    if (performance.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return performance.now();
}

/** What left a user agent's transport, by method. */
interface Wire {
  /** When the `nth` request of `method` at or after `after` left SIP.js. */
  (method: string, after: number, nth?: number): number | undefined;
  /** How many requests of `method` have left so far. */
  count(method: string): number;
  /** When the last request of `method` left SIP.js. */
  last(method: string): number | undefined;
}

/** Records when each request leaves SIP.js (its transport's send), by method. */
function watchWire(userAgent: UserAgent): Wire {
  const sent: { method: string; at: number }[] = [];
  const counts = new Map<string, number>();
  const lastAt = new Map<string, number>();
  const transport = userAgent.transport as unknown as { send(message: string): Promise<void> };
  const send = transport.send.bind(transport);
  transport.send = (message: string) => {
    const method = message.slice(0, message.indexOf(' '));
    const at = performance.now();
    sent.push({ method, at });
    lastAt.set(method, at);
    counts.set(method, (counts.get(method) ?? 0) + 1);
    return send(message);
  };
  const wire = (method: string, after: number, nth = 1) => sent.filter((s) => s.method === method && s.at >= after)[nth - 1]?.at;
  return Object.assign(wire, { count: (method: string) => counts.get(method) ?? 0, last: (method: string) => lastAt.get(method) });
}

export interface SipBenchSamples {
  setupAdapter: number[];
  setupPlain: number[];
  holdAdapter: number[];
  holdPlain: number[];
  /** Time inside the card's dial pad handler (parse, statechart, adapter, SIP.js), per key. */
  infoAdapter: number[];
  /** Time inside `session.info()` on the adapter's own session, per key. */
  infoPlain: number[];
  /** The adapter without the card: time inside `softphone.sendDtmf()`, per key. */
  infoAdapterOnly: number[];
  /** Time inside the host double's dial pad click (its own bookkeeping, then the card's handler), per key. */
  infoClick: number[];
  /** The statechart by itself: time inside `actor.send(dialpadButtonClick)` in `connected`, nobody listening, per key. */
  statechart: number[];
  /** From the card's dial pad handler starting to the key's INFO leaving SIP.js, per key. */
  wireCard: number[];
  /** From `softphone.sendDtmf()` being called to the INFO leaving SIP.js, per key. */
  wireAdapter: number[];
  /** From `session.info()` being called to the INFO leaving SIP.js, per key. */
  wirePlain: number[];
  /** Whether the page was cross-origin isolated (performance.now() in 5 µs steps rather than 100 µs). */
  isolated: boolean;
}

async function run(server: string, runs: number, tag: string): Promise<SipBenchSamples> {
  const customer = await createPlainUa({ user: `bench-customer-${tag}`, server });

  // The operator through the adapter, as the README's quick start wires it.
  const op = await registeredUserAgent(`bench-operator-${tag}`, server);
  const sim = createHostSimulator();
  let callCount = 0;
  const softphone = sipJsSoftphone(op.userAgent, {
    dtmf: 'info',
    onIncoming: (call) => {
      const callId = `bench-${++callCount}`;
      sim.raiseCall({ CALL_ID: callId, PHONE_NUMBER: call.phoneNumber ?? 'hidden', CALL_DIRECTION: 'incoming' });
      return callId;
    },
  });
  // Times what the card's event handlers take, so the host double's own share of a click is known.
  let inCard = 0;
  /** When the card's handler last started: where the card's key → wire time starts. */
  let cardHandlerStart = 0;
  const placement = sim.placement;
  const bind = placement.bindEvent.bind(placement);
  placement.bindEvent = ((event: string, handler: (data: unknown) => void) =>
    bind(event, (data: unknown) => {
      const start = performance.now();
      cardHandlerStart = start;
      try {
        handler(data);
      } finally {
        inCard += performance.now() - start;
      }
    })) as typeof placement.bindEvent;
  const card = createCallCard({ placement, softphone });
  softphone.connect(card);
  const opWire = watchWire(op.userAgent);

  // The same operator on SIP.js alone: what an integrator's hand-written glue would call.
  let invitation: Invitation | undefined;
  const plain = await registeredUserAgent(`bench-plain-${tag}`, server, { onInvite: (i) => void (invitation = i) });
  const plainWire = watchWire(plain.userAgent);
  const media = { constraints: { audio: true, video: false } };

  const samples: SipBenchSamples = { setupAdapter: [], setupPlain: [], holdAdapter: [], holdPlain: [], infoAdapter: [], infoPlain: [], infoAdapterOnly: [], infoClick: [], statechart: [], wireCard: [], wireAdapter: [], wirePlain: [], isolated: crossOriginIsolated };
  for (let i = 0; i < runs; i++) {
    // Through the adapter: Answer on the card → both sides established.
    customer.call(`bench-operator-${tag}`);
    await until('the card to ring', () => sim.card?.uiState === 'incoming');
    let t0 = performance.now();
    sim.click('answerButtonClick');
    let t1 = await until('both sides established (adapter)', () => uiOf(card.state) === 'connected' && customer.sessionState() === 'Established');
    samples.setupAdapter.push(t1 - t0);
    await sleep(50);
    t0 = performance.now();
    sim.hold(true);
    await until('the hold re-INVITE to leave (adapter)', () => opWire('INVITE', t0) !== undefined);
    samples.holdAdapter.push(opWire('INVITE', t0)! - t0);
    await until('held', () => card.state.status === 'call' && card.state.held);
    sim.hold(false);
    await until('resumed', () => card.state.status === 'call' && !card.state.held);
    // DTMF on this one call, a few rounds of ten keys each, the order turned every round and the
    // bursts milliseconds apart, so that each ratio compares work done under the same load: the
    // card (the handler it binds for the dial pad click), the adapter without the card
    // (`softphone.sendDtmf`), SIP.js alone (`session.info` on the very session the adapter holds:
    // same user agent, same dialog, same WebSocket). Each is timed the same way: the time spent
    // inside the function a key is handed to, whose INFO must have left SIP.js when it returns.
    // The host double's own bookkeeping of a click is outside all three. Beside them, the card's
    // statechart by itself (no INFO), to show what of the card's time is its step per key.
    const adapterSession = softphone.session!;
    const info = (key: string) =>
      void adapterSession.info({ requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${key}\r\nDuration=160\r\n` } } });
    // Beside the time inside, each INFO path's time from the key to its INFO leaving SIP.js (the
    // transport's send): the latency the far end sees, without what either side does after the send.
    let toWire = 0;
    const timeEach = (path: DtmfPath, send: (key: string) => void, infos = 1, startOf = (start: number) => start): number => {
      let inside = 0;
      toWire = 0;
      for (const key of KEYS) {
        const before = opWire.count('INFO');
        const start = performance.now();
        send(key);
        inside += performance.now() - start;
        if (opWire.count('INFO') !== before + infos) throw new Error(`bench: the ${path} path sent ${opWire.count('INFO') - before} INFOs for ${key}, not ${infos}`);
        if (infos > 0) toWire += opWire.last('INFO')! - startOf(start);
      }
      toWire /= KEYS.length;
      return inside / KEYS.length;
    };
    const wired: Partial<Record<DtmfPath, number>> = {};
    const statechart = connectedStatechart();
    const bursts: Record<DtmfPath, () => number> = {
      card: () => {
        inCard = 0;
        // The card's key → wire starts where its handler starts, after the host double's share of the click.
        samples.infoClick.push(timeEach('card', (key) => void sim.dial(key), 1, () => cardHandlerStart));
        wired.card = toWire;
        // What the card's handlers took: the click without the host double's share of it.
        return inCard / KEYS.length;
      },
      adapter: () => {
        const took = timeEach('adapter', (key) => void softphone.sendDtmf(key as DialKey));
        wired.adapter = toWire;
        return took;
      },
      plain: () => {
        const took = timeEach('plain', info);
        wired.plain = toWire;
        return took;
      },
      statechart: () => timeEach('statechart', (key) => statechart.send({ type: 'dialpadButtonClick', key: key as DialKey }), 0),
    };
    for (let round = 0; round < DTMF_ROUNDS; round++) {
      const took: Partial<Record<DtmfPath, number>> = {};
      for (let k = 0; k < DTMF_PATHS.length; k++) {
        const path = DTMF_PATHS[(round + i + k) % DTMF_PATHS.length]!;
        took[path] = bursts[path]();
        // Their 200 OKs come back before the next burst.
        await sleep(20);
      }
      samples.infoAdapter.push(took.card!);
      samples.infoAdapterOnly.push(took.adapter!);
      samples.infoPlain.push(took.plain!);
      samples.statechart.push(took.statechart!);
      samples.wireCard.push(wired.card!);
      samples.wireAdapter.push(wired.adapter!);
      samples.wirePlain.push(wired.plain!);
    }
    if (!statechart.getSnapshot().context.dtmf.endsWith(KEYS.join(''))) throw new Error('bench: the bare statechart did not keep the keys');
    statechart.stop();
    sim.click('hangupButtonClick');
    await until('the adapter call to end', () => card.state.status === 'idle' && softphone.session === null && customer.sessionState() === 'Terminated');

    // SIP.js alone: accept() → both sides established.
    invitation = undefined;
    customer.call(`bench-plain-${tag}`);
    await until('the plain UA to ring', () => invitation !== undefined);
    const session: Session = invitation!;
    t0 = performance.now();
    void invitation!.accept({ sessionDescriptionHandlerOptions: media });
    t1 = await until('both sides established (SIP.js alone)', () => session.state === SessionState.Established && customer.sessionState() === 'Established');
    samples.setupPlain.push(t1 - t0);
    await sleep(50);
    t0 = performance.now();
    session.sessionDescriptionHandlerOptionsReInvite = { ...media, hold: true } as never;
    let accepted = false;
    void session.invite({ requestDelegate: { onAccept: () => void (accepted = true) } });
    await until('the hold re-INVITE to leave (SIP.js alone)', () => plainWire('INVITE', t0) !== undefined);
    samples.holdPlain.push(plainWire('INVITE', t0)! - t0);
    await until('held (SIP.js alone)', () => accepted);
    accepted = false;
    session.sessionDescriptionHandlerOptionsReInvite = { ...media, hold: false } as never;
    void session.invite({ requestDelegate: { onAccept: () => void (accepted = true) } });
    await until('resumed (SIP.js alone)', () => accepted);
    void session.bye();
    await until('the plain call to end', () => session.state === SessionState.Terminated && customer.sessionState() === 'Terminated');
  }
  softphone.dispose();
  card.dispose();
  await Promise.all([customer.stop(), op.userAgent.stop(), plain.userAgent.stop()]);
  return samples;
}

Object.assign(window, { b24sip: { benchSip: run } });
