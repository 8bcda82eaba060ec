/**
 * Generated paths on real SIP calls: each path of the statechart runs through `runPath`, whose
 * softphone is the SIP.js adapter on a real user agent, with the customer and a colleague as
 * plain SIP.js user agents on the same network. Before each phone.* step of a path the network
 * is made to produce it (the customer answers, rejects with the code, hangs up; the REFER reaches
 * the colleague or a user nobody is) and the adapter must report exactly that event; what no real
 * network can produce at that point (a 402 on an established call) is sent as the path says and
 * counted as synthetic. Shared by `npm run check:softphone -- --sipjs` (an in-memory network,
 * examples/sipjs-tour/) and tests/sip/realPaths.sip.ts (Kamailio, Chromium, real media).
 * The recipe: docs/real-call-paths.md.
 */
import type { Session } from 'sip.js';
import type { CallCardState } from '../../machines/callCard.connect';
import type { CallCardInput, PhoneEvent, TransferTarget } from '../../machines/callCard.events';
import type { SipSoftphone } from '../../adapters/softphone/sip/bridge';
import type { CoverageRecorder } from '../../testing/model/coverage';
import { ModelPathError, runPath, type ExecutedStep, type RunnablePath } from '../../testing/model/execute';
import { pathName } from '../../testing/model/testModel';
import { isLiveUiState } from '../../protocol/uiStates';

/** A far end of the call (the customer, a colleague): a plain SIP.js user agent that does what a person with a phone does. */
export interface FarEnd {
  setIncomingPolicy(policy: { readonly kind: 'wait' } | { readonly kind: 'answer' } | { readonly kind: 'reject'; readonly statusCode: number }): void;
  call(user: string): void;
  answer(): Promise<void>;
  reject(statusCode: number): Promise<void>;
  hangup(): Promise<void>;
  /** The state of the newest session (`Initial`, `Establishing`, `Established`, `Terminating`, `Terminated`), or `none`. */
  sessionState(): string;
  readonly log: readonly string[];
}

/** The SIP users of the run: their names are dial strings of the adapter (`dialCharacters`). */
export interface TourUsers {
  readonly operator: string;
  readonly customer: string;
  readonly colleague: string;
  /** A user nobody is: a REFER to it fails (404). */
  readonly nobody: string;
}

export interface SipPathsOptions {
  readonly users: TourUsers;
  /** The SIP domain of the users (the host part of their URIs). */
  readonly domain: string;
  /** Makes the operator's softphone (the SIP.js adapter on its user agent) with the driver's transfer hook. */
  makeSoftphone(transferTargetToUri: (target: TransferTarget) => string): SipSoftphone<Session>;
  readonly customer: FarEnd;
  readonly colleague: FarEnd;
  /** Once a call connects: checks what flows on it (real media in a browser); nothing by default. */
  mediaFlows?(session: Session): Promise<void>;
  readonly coverage?: CoverageRecorder;
  /** How long the network may take to do a thing (default 5000 ms). */
  readonly waitMs?: number;
  /** Collect a failing path (`ModelPathError`) and go on with the next, rather than throw. */
  readonly collectFailures?: boolean;
}

export interface SipPathsResult {
  readonly paths: number;
  readonly steps: number;
  readonly calls: number;
  /** Phone events the network made and the adapter reported, by type. */
  readonly realized: Record<string, number>;
  /** Phone events no network can make at that point, sent as the path says. */
  readonly synthetic: Record<string, number>;
  /** What the softphone was asked, by method. */
  readonly asked: Record<string, number>;
  readonly failures: readonly { readonly path: string; readonly step: number; readonly message: string }[];
}

const uiOf = (state: CallCardState) => (state.status === 'call' ? state.uiState : null);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it gives a value, for at most `ms`; then throws naming `what` (a function: read when it fails, to say how things stood). */
export async function until<T>(what: string | (() => string), probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 5000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`real call: timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(10);
  }
}

/** Runs `paths` on real SIP calls (see the file's comment). */
export async function runPathsOnSip(paths: readonly RunnablePath[], options: SipPathsOptions): Promise<SipPathsResult> {
  const { users, customer, colleague } = options;
  const wait = <T>(what: string | (() => string), probe: () => T | undefined | false | Promise<T | undefined | false>) => until(what, probe, options.waitMs ?? 5000);
  colleague.setIncomingPolicy({ kind: 'answer' });
  let referTo = users.colleague;
  /** The transfer target the adapter turned into a Refer-To, and the destination the card's Transfer click chose. */
  let referredTarget: TransferTarget | null = null;
  let chosenDestination: string | null = null;
  const softphone = options.makeSoftphone((target) => {
    referredTarget = target;
    return `sip:${referTo}@${options.domain}`;
  });

  /** What the adapter told "the card": here a recorder, so that each event is checked against the path. */
  const heard: PhoneEvent[] = [];
  softphone.connect((event) => heard.push(event));
  let referSent = false;
  const asked: Record<string, number> = {};
  const observed = new Proxy(softphone, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (typeof key === 'string') asked[key] = (asked[key] ?? 0) + 1;
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
  /** Waiting for the customer to ring, with how things stood when it did not (a race seen once under load left no trace). */
  const customerRings = () =>
    wait(
      () => `the customer to ring (customer ${customer.sessionState()}, its log ends ${customer.log.slice(-4).join(', ') || '(empty)'}; our session ${live()?.state ?? 'none'}; the adapter reported ${JSON.stringify(heard)})`,
      () => customer.sessionState() === 'Initial',
    );

  /** Waits for the adapter to report `want` (earlier unmatched reports are dropped). */
  const hear = (want: PhoneEvent) =>
    wait(`the adapter to report ${JSON.stringify(want)} (heard ${JSON.stringify(heard)})`, () => {
      const at = heard.findIndex((e) => JSON.stringify(e) === JSON.stringify(want));
      if (at < 0) return undefined;
      heard.splice(0, at + 1);
      return true;
    });

  const mediaFlows = async () => {
    const session = await wait('a session', () => live() ?? undefined);
    await options.mediaFlows?.(session);
  };

  /** Makes the network produce the phone event the path takes next, in the UI state the card is in. */
  async function realize(event: PhoneEvent, ui: string | null): Promise<boolean> {
    switch (event.type) {
      case 'phone.connected':
        if (ui === 'connectingOutgoing') {
          await customerRings();
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
        await customerRings();
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
    await wait(`the far ends' calls to be over (customer ${customer.sessionState()}, colleague ${colleague.sessionState()}; customer log ${customer.log.slice(-4).join(', ')})`, () => !ongoing.includes(customer.sessionState()) && !ongoing.includes(colleague.sessionState()));
  }

  /** Our side ends its real call, if any (BYE, CANCEL or reject, as the card's Hang up would), and the far ends end theirs. */
  async function endRealCalls(): Promise<void> {
    if (live()) {
      try {
        softphone.hangup();
      } catch {
        // nothing live after all
      }
    }
    await wait('our real call to be over', () => live() === null);
    await endFarEnds();
  }

  /** No call in the model: none on the wire either. */
  async function hangUpEverything(): Promise<void> {
    await endRealCalls();
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
      await customerRings();
      return;
    }
    customer.call(users.operator);
    calls++;
    await wait('the INVITE to reach the adapter', () => live() !== null);
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
          await wait('our leg of the transferred call to end', () => live() === null);
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

  const failures: { path: string; step: number; message: string }[] = [];
  let steps = 0;
  for (const path of paths) {
    steps += path.steps.length - 1;
    const events = path.steps.map((s) => s.event as { type: string });
    const onStep = async (step: ExecutedStep) => {
      const ui = uiOf(step.card.state);
      const told = step.softphoneCalls.map((c) => c.method);
      // A replacing call: the old one is rejected or hung up first (its BYE, then the new INVITE).
      if (step.event.type === 'initialized' && (told.includes('hangup') || told.includes('reject'))) await wait('the replaced real call to be over', () => live() === null);
      if (step.event.type === 'initialized' && (ui === 'incoming' || ui === 'transferIncoming') && !live()) {
        await wait('the previous real call to be over', () => live() === null);
        await endFarEnds();
        customer.call(users.operator);
        calls++;
        await wait('the INVITE to reach the adapter', () => live() !== null);
      }
      if (step.event.type === 'initialized' && ui === 'connectingOutgoing' && !live()) {
        // An outgoing card opens for a call the softphone already places (the integrator dialled it).
        await wait('the previous real call to be over', () => live() === null);
        await endFarEnds();
        softphone.dial(users.customer);
        calls++;
      }
      if (step.event.type === 'makeCallButtonClick') calls++;
      // Mute and Hold: the statechart moved on the adapter's promise (runPath waited for it and
      // checked the region). The adapter reports nothing more: a phone.heldChanged / mutedChanged
      // of its own change would send the card the same CallCardSetHold / SetMute twice (issue 21 §7).
      // A failure no network makes at that point (a 402 on a ringing or established call) was sent as the path
      // says, and the real call still stands. The softphone reported that call failed: the model holds no live call
      // (error, moneyError; SC-P4, SC-P5, SC-L4), and what comes next may place a new one (a dial request, SC-L6).
      // So the real call ends here, as the failure would have ended it.
      if (step.event.type === 'phone.failed' && ui !== null && !isLiveUiState(ui) && live()) {
        await endRealCalls();
        heard.length = 0;
      }
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
      await runPath(path, { softphone: observed, ...(options.coverage ? { coverage: options.coverage } : {}), onStep });
      await hangUpEverything();
    } catch (error) {
      const name = pathName(path as Parameters<typeof pathName>[0]);
      if (options.collectFailures && error instanceof ModelPathError) {
        failures.push({ path: name, step: error.step, message: error.message.split('\n').slice(1).join(' ').trim() });
        await hangUpEverything().catch(() => undefined);
        continue;
      }
      throw new Error(`${name}: ${String(error instanceof Error ? error.message : error)}`);
    }
  }
  softphone.dispose();
  return { paths: paths.length, steps, calls, realized, synthetic, asked, failures };
}
