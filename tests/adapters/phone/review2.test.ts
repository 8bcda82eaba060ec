import { createPhone, type Phone, type PhoneDiagnostic } from '../../../adapters/phone/createPhone';
import type { FrameKind } from '../../../adapters/phone/ownership';
import type { CallSummary } from '../../../machines/callCard.types';
import { createHostSimulator, type HostSimulator } from '../../../testing/host';
import { createFakePartition, type FakePartition } from '../../../testing/phone/fakePartition';
import { createRecordingSoftphone, type RecordingSoftphone } from '../../../testing/softphone';
import type { PlacementPort } from '../../../protocol/placement';
import type { PhoneSoftphone } from '../../../adapters/phone/ownerSession';
import { incidentOf, withIncident } from '../../../adapters/phone/incidents';
import { phoneHealthOf } from '../../../adapters/phone/softphoneHealth';
import { IDLE_PHONE, MAX_INCIDENTS } from '../../../adapters/phone/state';
import { createSipSoftphone } from '../../../adapters/softphone/sip/bridge';
import { fakeStack } from '../softphone/sip/fakeStack';
import { loadOwnerCode } from '../../../adapters/phone/loadOwner';
import { createOwnerRetry } from '../../../adapters/phone/ownerRetry';
import { createPhoneBus } from '../../../adapters/phone/bus';
import { phoneScope } from '../../../adapters/phone/scope';

// The owner's code loads as it does in a bundle; a test may make one load fail (a chunk that does not come).
jest.mock('../../../adapters/phone/loadOwner', () => {
  const actual = jest.requireActual<typeof import('../../../adapters/phone/loadOwner')>('../../../adapters/phone/loadOwner');
  return { loadOwnerCode: jest.fn(actual.loadOwnerCode) };
});

// statechart v3 "One phone, many frames": SC-F3 (the card in any frame's window, relayed to
// the owner), SC-F4 (the owner dies mid-call), SC-F7 (one state, actions from any frame),
// SC-C4 v3 (another window's card while a call is live is a second call), SC-F9 (what happened,
// in every frame's state).

const identity = { memberId: 'a1b2c3', userId: 7 };
const HEARTBEAT = 1_000;

let partition: FakePartition;
let host: HostSimulator;
const phones: Phone[] = [];

interface Frame {
  readonly phone: Phone;
  readonly softphones: RecordingSoftphone[];
  readonly summaries: CallSummary[];
  readonly diagnostics: PhoneDiagnostic[];
}

/** A frame of the application; `tab` names the tab it lives in (a reloaded frame keeps its tab); `softphone` replaces the recording one; `lease` leaves it without Web Locks. */
function open(id: string, kind: FrameKind, placement: PlacementPort | null, tab?: string, softphone?: () => PhoneSoftphone | Promise<PhoneSoftphone>, lease = false): Frame {
  const frame = partition.frame(id);
  const softphones: RecordingSoftphone[] = [];
  const summaries: CallSummary[] = [];
  const diagnostics: PhoneDiagnostic[] = [];
  const phone = createPhone({
    identity,
    kind,
    placement,
    createSoftphone: () => {
      if (softphone) return softphone();
      const recording = createRecordingSoftphone();
      softphones.push(recording);
      return recording;
    },
    session: { onSummary: (summary) => summaries.push(summary), commandTimeoutMs: 60_000 },
    onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
    platform: { frameId: id, ...(tab === undefined ? {} : { tab }), channel: frame.channel, locks: lease ? null : frame.locks, storage: partition.storage, clock: frame.clock },
    timings: { heartbeatMs: HEARTBEAT, silenceMs: 10_000, handoverTimeoutMs: 5_000 },
  });
  phones.push(phone);
  return { phone, softphones, summaries, diagnostics };
}

/** Lets relayed messages, the host's postMessage hops and dynamic imports settle. */
async function settle(): Promise<void> {
  for (let round = 0; round < 8; round += 1) {
    await partition.settle();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A call rings in the card of host window `window`, is answered from that card and connects in the owner's softphone. */
async function connectedCall(owner: Frame, callId: string, window: number): Promise<void> {
  host.raiseCall({ CALL_ID: callId, CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930100' }, { window });
  await settle();
  host.click('answerButtonClick');
  await settle();
  owner.phone.session!.card.send({ type: 'phone.connected' });
  await settle();
}

beforeEach(() => {
  partition = createFakePartition();
  host = createHostSimulator({ windows: 2 });
});

afterEach(async () => {
  for (const phone of phones.splice(0)) await phone.stop();
});


function deferredSoftphone(log: string[], name: string) {
  let resolve!: (s: PhoneSoftphone) => void;
  const made = new Promise<PhoneSoftphone>((r) => (resolve = r));
  const softphone: PhoneSoftphone = Object.assign(createRecordingSoftphone(), {
    setAcceptingCalls: (a: boolean) => void log.push(`${name}: accepting ${a}`),
    stop: () => void log.push(`${name}: stopped`),
    ready: async () => void log.push(`${name}: registered`),
  });
  return { made, release: () => resolve(softphone) };
}

test('R1 stop() while the owner’s softphone is being made: the session started after stop is never stopped', async () => {
  const log: string[] = [];
  const slow = deferredSoftphone(log, 'A');
  const a = open('tabA', 'worker', null, undefined, () => slow.made);
  await partition.advance(HEARTBEAT * 2);
  await settle();
  await a.phone.stop();
  slow.release();
  await settle();
  expect({ session: a.phone.session !== null, log }).toEqual({ session: false, log: expect.arrayContaining(['A: stopped']) });
});

test('R2 the phone tab takes the phone over while the worker’s softphone is still being made: the worker’s session starts anyway', async () => {
  const log: string[] = [];
  const slow = deferredSoftphone(log, 'A');
  const a = open('tabA', 'worker', null, undefined, () => slow.made);
  await partition.advance(HEARTBEAT * 2);
  await settle();
  const tabSoft = deferredSoftphone(log, 'T');
  tabSoft.release();
  const t = open('phoneTab', 'phoneTab', null, undefined, () => tabSoft.made);
  for (let i = 0; i < 4; i += 1) { await partition.advance(HEARTBEAT); await settle(); }
  expect(t.phone.state.role).toBe('owner');
  expect(a.phone.state.role).toBe('waiting');
  slow.release();
  await settle();
  // The worker no longer owns: it must not run a session (a second registered softphone taking calls).
  expect({ workerSession: a.phone.session !== null, log, workerSaysOwner: a.phone.state.owner }).toEqual({ workerSession: false, log: expect.not.arrayContaining(['A: accepting true']), workerSaysOwner: expect.objectContaining({ frame: 'phoneTab' }) });
});

test('R3 an action and a dial request from another frame while the owner starts: reported, not lost silently', async () => {
  const log: string[] = [];
  const slow = deferredSoftphone(log, 'A');
  const a = open('tabA', 'worker', null, undefined, () => slow.made);
  const s = open('slider', 'slider', null);
  await partition.advance(HEARTBEAT * 2);
  await settle();
  expect(a.diagnostics.filter((d) => d.kind === 'ownership').map((d) => (d as { role: string }).role).pop()).toBe('owner');
  expect(a.phone.session).toBeNull();
  const before = [...a.diagnostics.map((d) => d.kind), ...s.diagnostics.map((d) => d.kind)];
  s.phone.dialRequest({ userId: 7, callId: 'r-1', phoneNumber: '+4930123' } as never);
  s.phone.act({ type: 'answer' });
  await settle();
  slow.release();
  await settle();
  const after = [...a.diagnostics.map((d) => d.kind), ...s.diagnostics.map((d) => d.kind)];
  expect(after.slice(before.length).filter((k) => k !== 'ownership')).not.toEqual([]);
});

test('R4 the phone tab’s owner code fails to load as it readies a handover: reported as ownerCodeFailed', async () => {
  const a = open('tabA', 'worker', null);
  await partition.advance(HEARTBEAT * 2);
  await settle();
  (loadOwnerCode as jest.Mock).mockImplementationOnce(() => Promise.reject(new Error('chunk 404')));
  const t = open('phoneTab', 'phoneTab', null);
  for (let i = 0; i < 3; i += 1) { await partition.advance(HEARTBEAT); await settle(); }
  expect(t.diagnostics.filter((d) => d.kind === 'softphoneFailed' || d.kind === 'ownerCodeFailed').map((d) => [d.kind, (d as { message: string }).message])).toEqual([['ownerCodeFailed', expect.anything()]]);
});

test('R5 card events queued while the owner’s code loaded, then the load failed: replayed into a later ownership', async () => {
  let rejectLoad!: (e: Error) => void;
  (loadOwnerCode as jest.Mock).mockImplementationOnce(() => new Promise((_, reject) => (rejectLoad = reject)));
  const a = open('tabA', 'worker', host.windows[0]!.placement);
  await partition.advance(HEARTBEAT * 2);
  await settle();
  const b = open('tabB', 'worker', host.windows[1]!.placement);
  await partition.advance(HEARTBEAT);
  await settle();
  host.raiseCall({ CALL_ID: 'c-old', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930100' }, { window: 1 });
  await settle();
  rejectLoad(new Error('chunk 404'));
  await settle();
  for (let i = 0; i < 3; i += 1) { await partition.advance(HEARTBEAT); await settle(); }
  expect(b.phone.state.role).toBe('owner');
  // B ends the call; the card is gone.
  b.phone.act({ type: 'hangup' });
  await settle();
  expect(b.phone.state.call).toBeNull();
  // B never heard of the card: the events went to A's queue (A's load failed) and stayed there.
  expect(b.summaries).toEqual([]);
  const stale = host.card?.uiState;
  await b.phone.stop();
  for (let i = 0; i < 5; i += 1) { await partition.advance(HEARTBEAT); await settle(); }
  expect(a.phone.state.role).toBe('owner');
  expect({ stale, call: a.phone.state.call }).toEqual({ stale: 'externalCard', call: null });
});

test('R6 the phone tab stops while its softphone readies for a handover: the readied softphone is stopped at once', async () => {
  const log: string[] = [];
  const a = open('tabA', 'worker', null);
  await partition.advance(HEARTBEAT * 2);
  await settle();
  const slow = deferredSoftphone(log, 'T');
  const t = open('phoneTab', 'phoneTab', null, undefined, () => slow.made);
  for (let i = 0; i < 2; i += 1) { await partition.advance(HEARTBEAT); await settle(); }
  expect(a.diagnostics.some((d) => d.kind === 'ownership' && (d as { role: string }).role === 'yielding')).toBe(true);
  await t.phone.stop();
  slow.release();
  await settle();
  const atOnce = [...log];
  await partition.advance(5_000);
  await settle();
  expect({ atOnce, later: log }).toEqual({ atOnce: ['T: registered', 'T: stopped'], later: ['T: registered', 'T: stopped'] });
});

test('R7 a worker readies a handover and is granted the lock while the owner’s code still loads: one owner half, the readied softphone used or stopped', async () => {
  const log: string[] = [];
  let n = 0;
  const make = () => {
    const name = `W${++n}`;
    return Object.assign(createRecordingSoftphone(), {
      setAcceptingCalls: (on: boolean) => void log.push(`${name}: accepting ${on}`),
      stop: () => void log.push(`${name}: stopped`),
      ready: async () => void log.push(`${name}: registered`),
    }) as PhoneSoftphone;
  };
  const p = open('phoneTab', 'phoneTab', null);
  await partition.advance(HEARTBEAT * 3);
  await settle();
  expect(p.phone.state.role).toBe('owner');
  let open_!: () => void;
  const gate = new Promise<void>((r) => (open_ = r));
  const actual = jest.requireActual<typeof import('../../../adapters/phone/loadOwner')>('../../../adapters/phone/loadOwner');
  (loadOwnerCode as jest.Mock).mockImplementation(() => gate.then(() => actual.loadOwnerCode()));
  const w = open('tabW', 'worker', null, undefined, make);
  await partition.advance(HEARTBEAT);
  await settle();
  void p.phone.handOver();
  await settle();
  // The phone tab's page closes without waiting for the handover.
  await p.phone.stop();
  await settle();
  open_();
  await settle();
  for (let i = 0; i < 12; i += 1) { await partition.advance(HEARTBEAT); await settle(); }
  (loadOwnerCode as jest.Mock).mockImplementation(actual.loadOwnerCode);
  expect(w.phone.state.role).toBe('owner');
  // Every softphone made is either the session's or stopped.
  // W1 was readied for the handover: the session runs on it, or it is stopped (no second registration left behind).
  expect(log.includes('W1: accepting true') || log.includes('W1: stopped')).toBe(true);
});
