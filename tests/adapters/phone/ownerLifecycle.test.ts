import { createPhone, type PhoneDiagnostic } from '../../../adapters/phone/createPhone';
import { HEARTBEAT, identity, phoneFrames, type Frame } from './support/phoneFrames';
import { EARLY_MAX } from '../../../adapters/phone/earlyQueue';
import { createHostSimulator, type HostSimulator } from '../../../testing/host';
import { createFakePartition, type FakePartition } from '../../../testing/phone/fakePartition';
import { createRecordingSoftphone } from '../../../testing/softphone';
import type { PhoneSoftphone } from '../../../adapters/phone/ownerSession';
import { loadOwnerCode } from '../../../adapters/phone/loadOwner';

// The owner's code loads as it does in a bundle; a test may make one load fail (a chunk that does not come).
jest.mock('../../../adapters/phone/loadOwner', () => {
  const actual = jest.requireActual<typeof import('../../../adapters/phone/loadOwner')>('../../../adapters/phone/loadOwner');
  return { loadOwnerCode: jest.fn(actual.loadOwnerCode) };
});

// statechart v3 "One phone, many frames", the owner's start and end while its code or softphone
// is still loading (issue 18 §4: the owner's half loads lazily): SC-F2 (one owner, one
// registration), SC-F5 (a handover's readied softphone), SC-F7 (actions and dial requests from
// any frame), SC-F9 (failures reported, with what failed).

let partition: FakePartition;
let host: HostSimulator;
const { open, track, settle, stopAll } = phoneFrames(() => partition);

beforeEach(() => {
  partition = createFakePartition();
  host = createHostSimulator({ windows: 2 });
});

afterEach(async () => {
  await stopAll();
  const actual = jest.requireActual<typeof import('../../../adapters/phone/loadOwner')>('../../../adapters/phone/loadOwner');
  (loadOwnerCode as jest.Mock).mockImplementation(actual.loadOwnerCode);
});

/** The kinds a frame reported other than its role changes. */
const reported = (frame: Frame): string[] => frame.diagnostics.map((d) => d.kind).filter((kind) => kind !== 'ownership');


/** A softphone whose factory resolves when the test says, logging what is done to it. */
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

/** The first frame opened owns and starts; then frame B (window 1) opens and a card of c-old shows there, its events going to the starting owner. */
async function cardWhileOwnerStarts(): Promise<Frame> {
  await partition.advance(HEARTBEAT * 2);
  await settle();
  const b = open('tabB', 'worker', host.windows[1]!.placement);
  await partition.advance(HEARTBEAT);
  await settle();
  host.raiseCall({ CALL_ID: 'c-old', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930100' }, { window: 1 });
  await settle();
  return b;
}

test('a worker stopped while its softphone is being made: the session made after stop is stopped, none runs', async () => {
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

test('a phone tab takes the phone over while the worker’s softphone is still being made: the worker starts no session and does not say it owns', async () => {
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

test('a dial request and an action from another frame while the owner starts: they wait for its session, then are dialled and done', async () => {
  const log: string[] = [];
  const slow = deferredSoftphone(log, 'A');
  const a = open('tabA', 'worker', null, undefined, () => slow.made);
  const s = open('slider', 'slider', null);
  await partition.advance(HEARTBEAT * 2);
  await settle();
  expect(a.diagnostics.filter((d) => d.kind === 'ownership').map((d) => (d as { role: string }).role).pop()).toBe('owner');
  expect(a.phone.session).toBeNull();
  s.phone.dialRequest({ userId: 7, callId: 'r-1', phoneNumber: '+4930123' } as never);
  await settle();
  s.phone.act({ type: 'hangup' });
  await settle();
  slow.release();
  await settle();
  // The call was dialled, then hung up: it ended as the last call, nothing was dropped.
  expect({ call: a.phone.state.call, last: a.phone.state.lastCall?.callId, reports: [...reported(a), ...reported(s)] }).toEqual({ call: null, last: 'r-1', reports: [] });
});

test('the starting owner’s own dial request waits for its session too', async () => {
  const log: string[] = [];
  const slow = deferredSoftphone(log, 'A');
  const a = open('tabA', 'worker', null, undefined, () => slow.made);
  await partition.advance(HEARTBEAT * 2);
  await settle();
  a.phone.dialRequest({ userId: 7, callId: 'r-own', phoneNumber: '+4930123' } as never);
  slow.release();
  await settle();
  expect(a.phone.state.call?.callId).toBe('r-own');
});

test('past the bound, what comes while the owner starts is reported, not dropped silently', async () => {
  const slow = deferredSoftphone([], 'A');
  const a = open('tabA', 'worker', null, undefined, () => slow.made);
  const s = open('slider', 'slider', null);
  await partition.advance(HEARTBEAT * 2);
  await settle();
  for (let i = 0; i < EARLY_MAX; i += 1) s.phone.act({ type: 'mute' } as never);
  s.phone.dialRequest({ userId: 7, callId: 'r-late', phoneNumber: '+4930123' } as never);
  s.phone.act({ type: 'hangup' });
  await settle();
  expect(a.diagnostics.filter((d) => d.kind !== 'ownership')).toEqual([
    expect.objectContaining({ kind: 'dialRequestNotDialled', callId: 'r-late', reason: 'noOwner' }),
    expect.objectContaining({ kind: 'eventDropped', event: 'action' }),
  ]);
  slow.release();
  await settle();
});

test('a dial request waiting for an owner whose code fails to load is reported (noOwner), not replayed later', async () => {
  let rejectLoad!: (e: Error) => void;
  (loadOwnerCode as jest.Mock).mockImplementationOnce(() => new Promise((_, reject) => (rejectLoad = reject)));
  const a = open('tabA', 'worker', null);
  const s = open('slider', 'slider', null);
  await partition.advance(HEARTBEAT * 2);
  await settle();
  s.phone.dialRequest({ userId: 7, callId: 'r-lost', phoneNumber: '+4930123' } as never);
  await settle();
  rejectLoad(new Error('chunk 404'));
  await settle();
  expect(reported(a)).toEqual(['ownerCodeFailed', 'dialRequestNotDialled']);
  for (let i = 0; i < 3; i += 1) { await partition.advance(HEARTBEAT); await settle(); }
  expect({ role: a.phone.state.role, call: a.phone.state.call }).toEqual({ role: 'owner', call: null });
});

test('the phone tab’s owner code fails to load as it readies a handover: ownerCodeFailed, the handover refused', async () => {
  const a = open('tabA', 'worker', null);
  await partition.advance(HEARTBEAT * 2);
  await settle();
  (loadOwnerCode as jest.Mock).mockImplementationOnce(() => Promise.reject(new Error('chunk 404')));
  const t = open('phoneTab', 'phoneTab', null);
  for (let i = 0; i < 3; i += 1) { await partition.advance(HEARTBEAT); await settle(); }
  expect(t.diagnostics.filter((d) => d.kind === 'softphoneFailed' || d.kind === 'ownerCodeFailed').map((d) => [d.kind, (d as { message: string }).message])).toEqual([
    ['ownerCodeFailed', expect.stringMatching(/chunk 404; handover refused, asks again in 1000 ms$/)],
  ]);
});

test('card events waiting for an owner whose code failed to load are dropped (reported), not replayed into a later ownership', async () => {
  let rejectLoad!: (e: Error) => void;
  (loadOwnerCode as jest.Mock).mockImplementationOnce(() => new Promise((_, reject) => (rejectLoad = reject)));
  const a = open('tabA', 'worker', host.windows[0]!.placement);
  const b = await cardWhileOwnerStarts();
  rejectLoad(new Error('chunk 404'));
  await settle();
  expect(a.diagnostics).toContainEqual(expect.objectContaining({ kind: 'eventDropped' }));
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

test('the phone tab stops while its softphone readies for a handover: the readied softphone is stopped at once', async () => {
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

test('a worker readies a handover and is granted the lock while the owner’s code still loads: one owner half, the readied softphone used or stopped', async () => {
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
  expect(w.phone.state.role).toBe('owner');
  // Every softphone made is either the session's or stopped.
  // W1 was readied for the handover: the session runs on it, or it is stopped (no second registration left behind).
  expect(log.includes('W1: accepting true') || log.includes('W1: stopped')).toBe(true);
});

test('a throw as the owner’s part is made (here an integrator’s getter) is reported and retried, not an unhandled rejection', async () => {
  const frame = partition.frame('tabA');
  const diagnostics: PhoneDiagnostic[] = [];
  let reads = 0;
  const phone = createPhone({
    identity,
    kind: 'worker',
    placement: null,
    createSoftphone: () => createRecordingSoftphone(),
    cardTab: {
      get closingNoticeMs() {
        reads += 1;
        if (reads === 1) throw new Error('bad setup');
        return 1_000;
      },
    },
    onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
    platform: { frameId: 'tabA', channel: frame.channel, locks: frame.locks, storage: partition.storage, clock: frame.clock },
    timings: { heartbeatMs: HEARTBEAT, silenceMs: 10_000, handoverTimeoutMs: 5_000 },
  });
  track(phone);
  await partition.advance(HEARTBEAT * 2);
  await settle();
  expect(diagnostics.filter((d) => d.kind === 'softphoneFailed')).toEqual([expect.objectContaining({ attempt: 1, message: expect.stringContaining('bad setup') })]);
  await partition.advance(HEARTBEAT * 2);
  await settle();
  expect(phone.session).not.toBeNull();
});

test('a phone tab takes over while the worker starts, after card events reached its remote card: they are dropped (reported), not replayed when the worker owns again', async () => {
  const log: string[] = [];
  const slow = deferredSoftphone(log, 'A');
  let made = 0;
  const a = open('tabA', 'worker', host.windows[0]!.placement, undefined, () => (made++ === 0 ? slow.made : createRecordingSoftphone()));
  // A's remote card exists (its softphone is being made): B's card events go into it.
  const b = await cardWhileOwnerStarts();
  const t = open('phoneTab', 'phoneTab', null);
  for (let i = 0; i < 4; i += 1) { await partition.advance(HEARTBEAT); await settle(); }
  expect(t.phone.state.role).toBe('owner');
  slow.release();
  await settle();
  expect(a.phone.session).toBeNull();
  // The card's frame goes, then the phone tab: A is the only frame left and owns again.
  await b.phone.stop();
  await t.phone.stop();
  for (let i = 0; i < 5; i += 1) { await partition.advance(HEARTBEAT); await settle(); }
  expect(a.phone.state.role).toBe('owner');
  expect(a.phone.session).not.toBeNull();
  // The call of the bailed start is not A's ownership's (its holder is gone): it is not replayed as a call that ended (c-old, cardLost), its events were reported as dropped.
  expect({ lastCall: a.phone.state.lastCall, holders: a.phone.state.incidents.filter((i) => i.kind === 'cardHolder' || i.kind === 'holderLost'), dropped: reported(a) }).toEqual({ lastCall: null, holders: [], dropped: ['eventDropped'] });
});

test('a start that fails after card events reached its remote card reports them dropped, not reset silently', async () => {
  let fail!: (e: Error) => void;
  const a = open('tabA', 'worker', host.windows[0]!.placement, undefined, () => new Promise<PhoneSoftphone>((_, reject) => (fail = reject)));
  await cardWhileOwnerStarts();
  fail(new Error('no SIP'));
  await settle();
  expect({ session: a.phone.session, reports: reported(a) }).toEqual({ session: null, reports: ['eventDropped', 'softphoneFailed'] });
});
