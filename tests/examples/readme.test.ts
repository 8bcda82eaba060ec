/**
 * The README's quick start and docs/how-it-works.md's one-frame block, run as written: each code
 * block is compiled with esbuild and executed against the host double, with its free names
 * (`BX24`, the SIP client, `saveCallToCrm`…) bound by the test. The quick start runs in three
 * frames of one storage partition (two portal tabs and the phone tab), each with the block's own
 * code; the partition's channels, locks and storage stand in for the browser's. Keeps the snippets
 * honest (one once transferred the call to the customer's own number).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import * as library from '../../index';
import { createPhone, type Phone, type PhoneOptions, type PhoneState } from '../../adapters/phone';
import { createHostSimulator, type HostSimulator } from '../../testing/host';
import { createFakePartition, type FakePartition } from '../../testing/phone/fakePartition';

const root = join(__dirname, '..', '..');

/** The first ts block after `heading` in `file`. */
function blockAfter(file: string, heading: string): string {
  const text = readFileSync(join(root, file), 'utf8');
  const at = text.indexOf(heading);
  if (at < 0) throw new Error(`${file}: no ${heading}`);
  const block = /```ts\n([\s\S]*?)```/.exec(text.slice(at))?.[1];
  if (!block) throw new Error(`${file}: no ts block after ${heading}`);
  return block;
}

/** A SIP client as the snippets call it: records what it was asked, and lets the test play the network. */
function sipClient(asked: string[]) {
  let network: (event: library.PhoneEvent) => void = () => undefined;
  const did = (what: string) => {
    asked.push(what);
    return Promise.resolve();
  };
  return {
    answer: () => did('answer'),
    decline: () => did('decline'),
    terminate: () => did('terminate'),
    dial: (n: string) => did(`dial ${n}`),
    setHold: (h: boolean) => did(`hold ${h}`),
    setMicrophoneMuted: (m: boolean) => did(`mute ${m}`),
    sendTone: (k: string) => void asked.push(`tone ${k}`),
    transfer: (to: unknown) => did(`transfer ${String(to)}`),
    commitTransfer: () => did('commitTransfer'),
    abortTransfer: () => did('abortTransfer'),
    onEvent: (listener: typeof network) => {
      network = listener;
    },
    network: (event: library.PhoneEvent) => network(event),
  };
}

const quietConsole = { warn: () => undefined, info: () => undefined };

/** Runs docs/how-it-works.md's one-frame block; returns what the SIP client was asked. */
function runOneFrame(host: HostSimulator) {
  const asked: string[] = [];
  const summaries: unknown[] = [];
  const sip = sipClient(asked);
  const source = blockAfter('docs/how-it-works.md', '# One frame').replace(/import \{ createCallCard \} from 'b24-call-card';/, 'const { createCallCard } = library;');
  const { code } = transformSync(`${source}\nreturn card;`, { loader: 'ts', format: 'cjs' });
  const run = new Function('library', 'BX24', 'sip', 'saveCallToCrm', 'console', code) as (...args: unknown[]) => library.CallCard;
  const card = run(library, { placement: host.placement }, sip, (s: unknown) => summaries.push(s), quietConsole);
  return { card, asked, summaries, network: sip.network };
}

describe("docs/how-it-works.md's one frame, as written", () => {
  test("transfers to the destination the operator chose, never to the customer's own number", async () => {
    const host = createHostSimulator();
    const { asked, network, card } = runOneFrame(host);
    host.raiseCall({ CALL_ID: 'readme-1', PHONE_NUMBER: '+4930123', CALL_DIRECTION: 'incoming' });
    await host.settle();
    host.click('answerButtonClick');
    network({ type: 'phone.connected' });
    await host.settle();
    host.transfer('+4930777'); // the host sends {phoneNumber: '+4930123', target: '+4930777'}
    await host.settle();
    expect(asked).toEqual(['answer', 'transfer +4930777']);
    card.dispose();
  });

  test('titles the card when it opens, and hands over one summary per call', async () => {
    const host = createHostSimulator();
    const { summaries, card } = runOneFrame(host);
    host.raiseCall({ CALL_ID: 'readme-2', PHONE_NUMBER: '+4930123', CALL_DIRECTION: 'incoming' });
    await host.settle();
    expect(host.card?.title).toBe('+4930123');
    host.click('skipButtonClick');
    await host.settle();
    expect(summaries).toEqual([expect.objectContaining({ callId: 'readme-2', endedBy: 'skipped' })]);
    card.dispose();
  });
});

const HEARTBEAT = 1_000;

/** One frame of the application running the README's quick start. */
interface Frame {
  readonly phone: Phone;
  /** What each SIP client this frame started was asked (one list per `startSipClient()`). */
  readonly sips: { readonly asked: string[]; network(event: library.PhoneEvent): void }[];
  readonly summaries: library.CallSummary[];
  readonly rendered: PhoneState[];
}

describe("the README's quick start, as written, in every frame", () => {
  let partition: FakePartition;
  let host: HostSimulator;
  const frames: Frame[] = [];

  beforeEach(() => {
    partition = createFakePartition();
    host = createHostSimulator({ windows: 2 });
  });
  afterEach(async () => {
    for (const frame of frames.splice(0)) await frame.phone.stop();
  });

  /** Runs the block in a new frame `id` of the partition; `window` is the host window its BX24 belongs to (none for the phone tab). */
  function open(id: string, frameKind: 'worker' | 'slider' | 'phoneTab', window: number | null): Frame {
    const sips: Frame['sips'] = [];
    const summaries: library.CallSummary[] = [];
    const rendered: PhoneState[] = [];
    let phone: Phone | undefined;
    const partitionFrame = partition.frame(id);
    // The browser's BroadcastChannel, Web Locks, localStorage and timers, as this frame of the partition has them.
    const phoneLibrary = {
      createPhone: (options: PhoneOptions) =>
        (phone = createPhone({
          ...options,
          platform: { frameId: id, channel: partitionFrame.channel, locks: partitionFrame.locks, storage: partition.storage, clock: partitionFrame.clock },
          timings: { heartbeatMs: HEARTBEAT, silenceMs: 10_000, handoverTimeoutMs: 5_000 },
        })),
    };
    const startSipClient = () => {
      const asked: string[] = [];
      const sip = sipClient(asked);
      sips.push({ asked, network: sip.network });
      return sip;
    };
    const BX24 = { getAuth: () => ({ member_id: 'a1b2c3' }), placement: window === null ? undefined : host.windows[window]!.placement };
    const source = blockAfter('README.md', '## Quick start').replace(/import \{ createPhone \} from 'b24-call-card\/phone';/, 'const { createPhone } = phoneLibrary;');
    const { code } = transformSync(source, { loader: 'ts', format: 'cjs' });
    const run = new Function('phoneLibrary', 'BX24', 'currentUserId', 'frameKind', 'startSipClient', 'saveCallToCrm', 'render', 'console', code) as (...args: unknown[]) => void;
    run(phoneLibrary, BX24, 7, frameKind, startSipClient, (summary: library.CallSummary) => summaries.push(summary), (state: PhoneState) => rendered.push(state), quietConsole);
    if (!phone) throw new Error('README: the quick start made no phone');
    const frame = { phone, sips, summaries, rendered };
    frames.push(frame);
    return frame;
  }

  async function settle(): Promise<void> {
    for (let round = 0; round < 8; round += 1) {
      await partition.settle();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  test("one tab owns the SIP client; the card in the other tab's window is answered, transferred to the operator's pick and hung up through it", async () => {
    const a = open('tabA', 'worker', 0);
    const b = open('tabB', 'worker', 1);
    const slider = open('slider', 'slider', null);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    // Only the owner started a SIP client.
    expect([a.sips.length, b.sips.length, slider.sips.length]).toEqual([1, 0, 0]);

    host.raiseCall({ CALL_ID: 'readme-3', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930123' }, { window: 1 });
    await settle();
    host.click('answerButtonClick');
    await settle();
    a.sips[0]!.network({ type: 'phone.connected' });
    await settle();
    expect(host.card?.uiState).toBe('connected');
    // Every frame renders the call, the slider too.
    expect(slider.rendered.at(-1)?.call).toMatchObject({ callId: 'readme-3', uiState: 'connected', holders: ['tabB'] });

    host.transfer('+4930777'); // the host sends {phoneNumber: '+4930123', target: '+4930777'}
    await settle();
    host.click('completeTransferButtonClick');
    await settle();
    a.sips[0]!.network({ type: 'phone.transferSucceeded' });
    await settle();
    expect(host.card?.uiState).toBe('transferConnected');
    // The slider's own Hang up button, with the card's effect.
    slider.phone.act({ type: 'hangup' });
    await settle();
    expect(a.sips[0]!.asked).toEqual(['answer', 'transfer +4930777', 'commitTransfer', 'terminate']);
    expect(host.card).toBeNull();
    expect(a.summaries).toEqual([expect.objectContaining({ callId: 'readme-3', endedBy: 'hungUp', connected: true })]);
    expect([b.summaries, slider.summaries]).toEqual([[], []]);
  });

  test('the phone tab takes the phone over while no call is live, and starts its own SIP client', async () => {
    const a = open('tabA', 'worker', 0);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    expect(a.phone.state.role).toBe('owner');
    const tab = open('phoneTab', 'phoneTab', null);
    for (let beat = 0; beat < 4; beat += 1) {
      await partition.advance(HEARTBEAT);
      await settle();
    }
    expect([a.phone.state.role, tab.phone.state.role]).toEqual(['waiting', 'owner']);
    expect(tab.sips).toHaveLength(1);

    host.raiseCall({ CALL_ID: 'readme-4', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930124' }, { window: 0 });
    await settle();
    // The phone tab's own Answer button, with the card's effect.
    tab.phone.act({ type: 'answer' });
    await settle();
    expect(tab.sips[0]!.asked).toEqual(['answer']);
    expect(host.card?.uiState).toBe('connectingIncoming');
  });
});
