// Generated paths on real calls: the statechart's paths (testing/model) run through runPath, whose
// softphone is the real SIP.js adapter on a registered user agent, with the customer and a
// colleague as plain SIP.js user agents in the same page. Before each phone.* step of a path the
// network is made to produce it (the customer answers, rejects with the code, hangs up; the
// REFER reaches the colleague or an unregistered user) and the adapter must report exactly that
// event; what no real network can produce at that point (a 402 on an established call) is sent
// as the path says and counted as synthetic. Every realized connection is checked for media.
import type { Session } from 'sip.js';
import { peerConnectionOf } from '../../../adapters/softphone/sipjs/session';
import type { CallCardState } from '../../../machines/callCard.connect';
import type { CallCardInput } from '../../../machines/callCard.events';
import type { PhoneEvent, TransferTarget } from '../../../machines/callCard.events';
import { sipJsSoftphone } from '../../../adapters/softphone/sipjs/index';
import { CoverageRecorder, coverageUniverse, type CoverageReport } from '../../../testing/model/coverage';
import { runPath, type ExecutedStep } from '../../../testing/model/execute';
import { generatePaths, type PathStrategy } from '../../../testing/model/generate';
import { pathName } from '../../../testing/model/testModel';
import { mediaStats, playRemoteAudio } from './media';
import { createPlainUa, registeredUserAgent, type PlainUa } from './plainUa';

export interface RealPathsResult {
  readonly paths: number;
  readonly steps: number;
  readonly calls: number;
  readonly realized: Record<string, number>;
  readonly synthetic: Record<string, number>;
  readonly ms: number;
  readonly coverage: CoverageReport;
}

const WAIT_MS = 5000;
const uiOf = (state: CallCardState) => (state.status === 'call' ? state.uiState : null);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = WAIT_MS): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`real call: timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function run(strategy: PathStrategy, indices: readonly number[] | null, server: string, users: { operator: string; customer: string; colleague: string; nobody: string }): Promise<RealPathsResult> {
  const started = performance.now();
  const { userAgent } = await registeredUserAgent(users.operator, server);
  const customer: PlainUa = await createPlainUa({ user: users.customer, server });
  const colleague: PlainUa = await createPlainUa({ user: users.colleague, server });
  colleague.setIncomingPolicy({ kind: 'answer' });
  let referTo = users.colleague;
  /** The transfer target the adapter turned into a Refer-To, and the destination the card's Transfer click chose. */
  let referredTarget: TransferTarget | null = null;
  let chosenDestination: string | null = null;

  /** What the adapter told "the card": here a recorder, so that each event is checked against the path. */
  const heard: PhoneEvent[] = [];
  const softphone = sipJsSoftphone(userAgent, {
    numberToUri: () => `sip:${users.customer}@127.0.0.1`,
    // The far ends are SIP users named `customer-2`: their names are dial strings here.
    dialCharacters: 'abcdefghijklmnopqrstuvwxyz-',
    transferTargetToUri: (target) => {
      referredTarget = target;
      return `sip:${referTo}@127.0.0.1`;
    },
  });
  softphone.connect((event) => heard.push(event));
  let referSent = false;
  const observed = new Proxy(softphone, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (key === 'completeTransfer') referSent = true;
        if (key === 'startTransfer' || key === 'cancelTransfer') referSent = false;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });

  const realized: Record<string, number> = {};
  const synthetic: Record<string, number> = {};
  const count = (bucket: Record<string, number>, event: PhoneEvent) => {
    const key = event.type === 'phone.failed' || event.type === 'phone.transferFailed' ? `${event.type}(${event.code ?? 'none'})` : event.type;
    bucket[key] = (bucket[key] ?? 0) + 1;
  };
  const live = () => softphone.session as Session | null;
  let calls = 0;
  const playing: { stop: (() => void) | null } = { stop: null };

  /** Waits for the adapter to report `want` (earlier unmatched reports are dropped). */
  const hear = (want: PhoneEvent) =>
    until(`the adapter to report ${JSON.stringify(want)} (heard ${JSON.stringify(heard)})`, () => {
      const at = heard.findIndex((e) => JSON.stringify(e) === JSON.stringify(want));
      if (at < 0) return undefined;
      heard.splice(0, at + 1);
      return true;
    });

  const mediaFlows = async () => {
    const pc = await until('a peer connection', () => {
      const s = live();
      return s ? peerConnectionOf(s) : undefined;
    });
    playing.stop?.();
    playing.stop = playRemoteAudio(pc);
    const before = (await mediaStats(pc))?.packetsReceived ?? 0;
    await until('media to reach the operator', async () => ((await mediaStats(pc))?.packetsReceived ?? 0) > before + 5);
  };

  /** Makes the network produce the phone event the path takes next, in the UI state the card is in. */
  async function realize(event: PhoneEvent, ui: string | null): Promise<boolean> {
    switch (event.type) {
      case 'phone.connected':
        if (ui === 'connectingOutgoing') {
          await until('the customer to ring', () => customer.sessionState() === 'Initial');
          await customer.answer();
        }
        await hear(event);
        await mediaFlows();
        return true;
      case 'phone.ended':
        if (ui === 'transferConnected' || ui === 'connectingOutgoing' || !live()) return false;
        await customer.hangup();
        await hear(event);
        return true;
      case 'phone.failed':
        if (ui !== 'connectingOutgoing' || event.code === null || event.code < 400) return false;
        await until('the customer to ring', () => customer.sessionState() === 'Initial');
        await customer.reject(event.code);
        await hear(event);
        return true;
      case 'phone.transferSucceeded':
      case 'phone.transferFailed':
        if (!referSent) return false;
        await hear(event.type === 'phone.transferFailed' ? { type: 'phone.transferFailed', code: 404 } : event);
        return event.type === 'phone.transferSucceeded' || event.code === 404;
      case 'phone.heldChanged':
      case 'phone.mutedChanged':
        // A hold or mute made outside the card (the softphone's own UI): the adapter makes none, so the path's event is sent as written.
        return false;
    }
  }

  /** The customer and the colleague end what they still have (a call transferred away from us goes on between them). */
  async function endFarEnds(): Promise<void> {
    const ongoing = ['Initial', 'Establishing', 'Established'];
    await sleep(0);
    if (ongoing.includes(customer.sessionState())) await customer.hangup().catch(() => {});
    if (ongoing.includes(colleague.sessionState())) await colleague.hangup().catch(() => {});
    await until(`the far ends' calls to be over (customer ${customer.sessionState()}, colleague ${colleague.sessionState()}; customer log ${customer.log.slice(-4).join(', ')})`, () => !ongoing.includes(customer.sessionState()) && !ongoing.includes(colleague.sessionState()));
  }

  /** No call in the model: none on the wire either. */
  async function hangUpEverything(): Promise<void> {
    // Our side ends its call (BYE, CANCEL or reject, as the card's Hang up would); the far ends end theirs (a transferred call).
    if (live()) {
      try {
        softphone.hangup();
      } catch {
        // nothing live after all
      }
    }
    await until('our real call to be over', () => live() === null);
    await endFarEnds();
    heard.length = 0;
    referSent = false;
    referredTarget = chosenDestination = null;
  }

  /**
   * A restarted worker adopts a call its softphone still holds: the softphone gets that call,
   * really, in the state the card is adopted in (answered, muted and held, with its transfer
   * started, REFERred) — so what the path does next happens on a real session.
   */
  async function prepareAdopted(event: Extract<CallCardInput, { type: 'card.adopted' }>): Promise<void> {
    await hangUpEverything();
    const { uiState } = event;
    if (uiState === 'connectingOutgoing') {
      softphone.dial(users.customer);
      calls++;
      await until('the customer to ring', () => customer.sessionState() === 'Initial');
      return;
    }
    customer.call(users.operator);
    calls++;
    await until('the INVITE to reach the adapter', () => live() !== null);
    if (uiState === 'incoming' || uiState === 'transferIncoming') return;
    await softphone.answer();
    // connectingIncoming: the answer is on its way; the path's phone.connected is the adapter's report of it.
    if (uiState === 'connectingIncoming') return;
    await hear({ type: 'phone.connected' });
    await mediaFlows();
    if (event.muted) await softphone.mute(true);
    if (event.held) await softphone.hold(true);
    if (uiState !== 'connected') {
      chosenDestination = '42';
      await softphone.startTransfer({ destination: chosenDestination, kind: 'user' });
      if (uiState === 'transferConnected' || uiState === 'transferFailed') {
        referTo = uiState === 'transferFailed' ? users.nobody : users.colleague;
        softphone.completeTransfer();
        if (uiState === 'transferFailed') await hear({ type: 'phone.transferFailed', code: 404 });
        else {
          await hear({ type: 'phone.transferSucceeded' });
          await until('our leg of the transferred call to end', () => live() === null);
        }
      }
    }
    heard.length = 0;
  }

  /** Before a step: what must already be true on the wire for it (a call to adopt, the network's phone event). */
  async function prepare(next: CallCardInput | undefined, ui: string | null): Promise<void> {
    if (!next) return;
    if (next.type === 'card.adopted') await prepareAdopted(next);
    else if (next.type.startsWith('phone.')) count((await realize(next as PhoneEvent, ui)) ? realized : synthetic, next as PhoneEvent);
  }

  const generated = generatePaths(strategy);
  const selected = indices ? indices.map((i) => generated.paths[i]!) : generated.paths;
  const coverage = new CoverageRecorder();
  let steps = 0;
  for (const path of selected) {
    steps += path.steps.length - 1;
    const events = path.steps.map((s) => s.event as { type: string });
    const onStep = async (step: ExecutedStep) => {
      const ui = uiOf(step.card.state);
      const told = step.softphoneCalls.map((c) => c.method);
      // A replacing call: the old one is rejected or hung up first (its BYE, then the new INVITE).
      if (step.event.type === 'initialized' && (told.includes('hangup') || told.includes('reject'))) await until('the replaced real call to be over', () => live() === null);
      if (step.event.type === 'initialized' && (ui === 'incoming' || ui === 'transferIncoming') && !live()) {
        await until('the previous real call to be over', () => live() === null);
        await endFarEnds();
        customer.call(users.operator);
        calls++;
        await until('the INVITE to reach the adapter', () => live() !== null);
      }
      if (step.event.type === 'initialized' && ui === 'connectingOutgoing' && !live()) {
        // An outgoing card opens for a call the softphone already places (the integrator dialled it).
        await until('the previous real call to be over', () => live() === null);
        await endFarEnds();
        softphone.dial(users.customer);
        calls++;
      }
      if (step.event.type === 'makeCallButtonClick') calls++;
      // Mute and Hold: the statechart moved on the adapter's promise (runPath waited for it and
      // checked the region). The adapter reports nothing more: a phone.heldChanged / mutedChanged
      // of its own change would send the card the same CallCardSetHold / SetMute twice (issue 21 §7).
      if (step.event.type === 'softphone.holdDone' || step.event.type === 'softphone.muteDone') {
        const echo = heard.find((e) => e.type === 'phone.heldChanged' || e.type === 'phone.mutedChanged');
        if (echo) throw new Error(`the adapter echoed its own ${step.event.type === 'softphone.holdDone' ? 'hold' : 'mute'} as ${JSON.stringify(echo)}`);
        if (live()) realized[step.event.type] = (realized[step.event.type] ?? 0) + 1;
        else synthetic[step.event.type] = (synthetic[step.event.type] ?? 0) + 1;
      }
      if (step.event.type === 'softphone.holdFailed' || step.event.type === 'softphone.muteFailed') synthetic[step.event.type] = (synthetic[step.event.type] ?? 0) + 1;
      if (step.event.type === 'transferButtonClick') chosenDestination = step.event.transfer.destination;
      if (step.event.type === 'completeTransferButtonClick' && referSent && live()) {
        // The REFER goes to what the operator chose on the card, never the customer's number.
        if (referredTarget?.destination !== chosenDestination) throw new Error(`the REFER was built from ${JSON.stringify(referredTarget)}, the card chose ${chosenDestination}`);
      }
      // Where the next REFER goes: the colleague, or nobody when the path's transfer fails.
      const rest = events.slice(step.index + 1);
      const outcome = rest.find((e) => e.type === 'phone.transferSucceeded' || e.type === 'phone.transferFailed' || e.type === 'initialized');
      referTo = outcome?.type === 'phone.transferFailed' ? users.nobody : users.colleague;
      if (step.card.state.status === 'idle') await hangUpEverything();
      await prepare(path.steps[step.index + 1]?.event as CallCardInput | undefined, uiOf(step.card.state));
    };
    try {
      // Before the first step there is no card: only a call to adopt can be prepared (a phone event there is ignored).
      const first = path.steps[1]?.event as CallCardInput | undefined;
      if (first?.type === 'card.adopted') await prepareAdopted(first);
      await runPath(path, { softphone: observed, coverage, onStep });
      await hangUpEverything();
    } catch (error) {
      throw new Error(`${pathName(path)}: ${String(error instanceof Error ? error.message : error)}`);
    }
  }
  playing.stop?.();
  softphone.dispose();
  await Promise.all([customer.stop(), colleague.stop(), userAgent.stop()]);
  return { paths: selected.length, steps, calls, realized, synthetic, ms: performance.now() - started, coverage: coverage.report(coverageUniverse()) };
}

Object.assign(window, { b24sip: { realPaths: run } });
