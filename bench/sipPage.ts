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

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
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

/** Records when each request leaves SIP.js (its transport's send), by method. */
function watchWire(userAgent: UserAgent): (method: string, after: number, nth?: number) => number | undefined {
  const sent: { method: string; at: number }[] = [];
  const transport = userAgent.transport as unknown as { send(message: string): Promise<void> };
  const send = transport.send.bind(transport);
  transport.send = (message: string) => {
    sent.push({ method: message.slice(0, message.indexOf(' ')), at: performance.now() });
    return send(message);
  };
  return (method, after, nth = 1) => sent.filter((s) => s.method === method && s.at >= after)[nth - 1]?.at;
}

export interface SipBenchSamples {
  setupAdapter: number[];
  setupPlain: number[];
  holdAdapter: number[];
  holdPlain: number[];
  infoAdapter: number[];
  infoPlain: number[];
  /** The adapter without the card: `softphone.sendDtmf()` called directly, on the adapter's call. */
  infoAdapterOnly: number[];
  /** Time inside the card's host-event handlers (parse, statechart, command to the adapter, adapter, SIP.js), per key. */
  infoInCard: number[];
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
  const placement = sim.placement;
  const bind = placement.bindEvent.bind(placement);
  placement.bindEvent = ((event: string, handler: (data: unknown) => void) =>
    bind(event, (data: unknown) => {
      const start = performance.now();
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

  const samples: SipBenchSamples = { setupAdapter: [], setupPlain: [], holdAdapter: [], holdPlain: [], infoAdapter: [], infoPlain: [], infoAdapterOnly: [], infoInCard: [] };
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
    // Ten keys at once: one INFO takes about one 0.1 ms tick of performance.now() here.
    inCard = 0;
    t0 = performance.now();
    for (const key of KEYS) sim.dial(key);
    await until('the ten INFOs to leave (adapter)', () => opWire('INFO', t0, KEYS.length) !== undefined);
    samples.infoAdapter.push((opWire('INFO', t0, KEYS.length)! - t0) / KEYS.length);
    samples.infoInCard.push(inCard / KEYS.length);
    await sleep(20);
    // The same ten keys to the adapter directly, as code without the card would send them.
    t0 = performance.now();
    for (const key of KEYS) void softphone.sendDtmf(key as DialKey);
    await until('the ten INFOs to leave (adapter alone)', () => opWire('INFO', t0, KEYS.length) !== undefined);
    samples.infoAdapterOnly.push((opWire('INFO', t0, KEYS.length)! - t0) / KEYS.length);
    await sleep(20);
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
    t0 = performance.now();
    for (const key of KEYS) void session.info({ requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${key}\r\nDuration=160\r\n` } } });
    await until('the ten INFOs to leave (SIP.js alone)', () => plainWire('INFO', t0, KEYS.length) !== undefined);
    samples.infoPlain.push((plainWire('INFO', t0, KEYS.length)! - t0) / KEYS.length);
    await sleep(20);
    void session.bye();
    await until('the plain call to end', () => session.state === SessionState.Terminated && customer.sessionState() === 'Terminated');
  }
  softphone.dispose();
  card.dispose();
  await Promise.all([customer.stop(), op.userAgent.stop(), plain.userAgent.stop()]);
  return samples;
}

Object.assign(window, { b24sip: { benchSip: run } });
