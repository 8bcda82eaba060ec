import { createPhoneBus, type FrameMessageRejected } from '../../../adapters/phone/bus';
import { createOwnership, type FrameKind, type Ownership, type OwnershipReason, type OwnershipRole } from '../../../adapters/phone/ownership';
import { phoneScope, type PhoneScope } from '../../../adapters/phone/scope';
import { createFakePartition, type FakePartition } from '../../../testing/phone/fakePartition';

// statechart v3, "One phone, many frames": SC-F2 (one owner, who may own, the phone tab
// preferred and never mid-call), SC-F5 (the new owner ready before the old stops), SC-F6 (a
// frozen owner replaced only while no call is live), SC-F1 (portals and users never mix).

const HEARTBEAT = 1_000;
const SILENCE = 10_000;
const HANDOVER = 5_000;

interface TestFrame {
  readonly id: string;
  readonly ownership: Ownership;
  readonly roles: Array<[OwnershipRole, OwnershipReason]>;
  readonly rejected: FrameMessageRejected[];
  callLive: boolean;
  prepared: number;
  prepare: () => Promise<void>;
  /** What the frame was told of a handover, in order, with the other frame's role at that moment where it matters. */
  readonly steps: string[];
}

let partition: FakePartition;
const portal = phoneScope({ memberId: 'a1b2c3', userId: 7 });

function open(id: string, kind: FrameKind, options: { scope?: PhoneScope; lease?: boolean } = {}): TestFrame {
  const frame = partition.frame(id);
  const scope = options.scope ?? portal;
  const rejected: FrameMessageRejected[] = [];
  const bus = createPhoneBus({ scope, frameId: id, channel: frame.channel, onRejected: (d) => rejected.push(d) });
  const test: TestFrame = {
    id,
    roles: [],
    rejected,
    callLive: false,
    prepared: 0,
    steps: [],
    prepare: async () => {
      test.prepared += 1;
    },
    ownership: undefined as unknown as Ownership,
  };
  (test as { ownership: Ownership }).ownership = createOwnership({
    scope,
    bus,
    kind,
    locks: options.lease ? null : frame.locks,
    storage: partition.storage,
    clock: frame.clock,
    isCallLive: () => test.callLive,
    prepare: async () => {
      await test.prepare();
      test.steps.push('prepared');
    },
    // As the phone does: a failed handover holds the frame off (here for a minute).
    prepareFailed: () => {
      test.steps.push('prepareFailed');
      return test.ownership.holdOff(60_000) ? { attempt: 1, retryInMs: 60_000 } : null;
    },
    discard: () => void test.steps.push('discarded'),
    stopTaking: () => void test.steps.push('stopTaking'),
    onRole: (role, reason) => test.roles.push([role, reason]),
    heartbeatMs: HEARTBEAT,
    silenceMs: SILENCE,
    handoverTimeoutMs: HANDOVER,
  });
  test.ownership.start();
  return test;
}

const owners = (...frames: TestFrame[]): string[] => frames.filter((frame) => frame.ownership.role === 'owner' || frame.ownership.role === 'yielding').map((frame) => frame.id);

beforeEach(() => {
  partition = createFakePartition();
});

describe('SC-F2 exactly one frame owns the softphone', () => {
  test('three tabs’ workers: one owner, the others wait; when its tab closes another owns at once', async () => {
    const a = open('tabA', 'worker');
    const b = open('tabB', 'worker');
    const c = open('tabC', 'worker');
    await partition.advance(HEARTBEAT * 3);
    expect(owners(a, b, c)).toEqual(['tabA']);
    expect(partition.holderOf(portal.ownerLock)).toBe('tabA');

    partition.kill('tabA');
    await partition.settle();
    expect(owners(b, c)).toEqual(['tabB']);
    expect(b.roles.at(-1)).toEqual(['owner', 'granted']);
    await partition.advance(HEARTBEAT * 3);
    expect(owners(b, c)).toEqual(['tabB']);
  });

  test('a slider’s frame and the card’s tab never own, even alone', async () => {
    const slider = open('slider', 'slider');
    const cardTab = open('cardTab', 'cardTab');
    await partition.advance(SILENCE * 2);
    expect(owners(slider, cardTab)).toEqual([]);
    expect(slider.roles).toEqual([['never', 'started']]);
    expect(partition.holderOf(portal.ownerLock)).toBeNull();
  });

  test('a slider hears who owns', async () => {
    open('tabA', 'worker');
    const slider = open('slider', 'slider');
    await partition.advance(HEARTBEAT * 2);
    expect(slider.ownership.owner).toMatchObject({ frame: 'tabA', kind: 'worker' });
  });
});

describe('SC-F2 / SC-F5 the phone tab is the preferred owner', () => {
  test('a phone tab opened beside an idle owner takes over, its softphone ready before the worker lets go', async () => {
    const worker = open('tabA', 'worker');
    await partition.advance(HEARTBEAT);
    let workerRoleWhenPrepared: OwnershipRole | null = null;
    const phone = open('phoneTab', 'phoneTab');
    phone.prepare = async () => {
      phone.prepared += 1;
      workerRoleWhenPrepared = worker.ownership.role;
    };
    await partition.advance(HEARTBEAT * 3);
    expect(owners(worker, phone)).toEqual(['phoneTab']);
    expect(phone.prepared).toBe(1);
    // While the phone tab got ready the worker still owned and still took calls (yielding): it
    // stops taking them only once the phone tab is ready, and loses the lock after that.
    expect(workerRoleWhenPrepared).toBe('yielding');
    expect(worker.steps).toEqual(['stopTaking']);
    expect(phone.steps).toEqual(['prepared']);
    expect(worker.roles.map(([role]) => role)).toEqual(['waiting', 'owner', 'yielding', 'waiting']);
    expect(phone.roles.at(-1)).toEqual(['owner', 'handover']);
  });

  test('a call that starts in the owner while the phone tab gets ready: the owner keeps the phone and its calls, the phone tab drops its softphone, and takes over after the call', async () => {
    const worker = open('tabA', 'worker');
    await partition.advance(HEARTBEAT);
    const phone = open('phoneTab', 'phoneTab');
    phone.prepare = async () => {
      phone.prepared += 1;
      // An INVITE reached the owner before the phone tab's registration did.
      worker.callLive = phone.prepared === 1;
    };
    await partition.advance(HEARTBEAT * 3);
    expect(owners(worker, phone)).toEqual(['tabA']);
    expect(worker.steps).toEqual([]);
    expect(phone.steps).toEqual(['prepared', 'discarded']);
    expect(worker.roles.at(-1)).toEqual(['owner', 'yieldCancelled']);

    worker.callLive = false;
    await partition.advance(HEARTBEAT * 3);
    expect(owners(worker, phone)).toEqual(['phoneTab']);
    expect(phone.prepared).toBe(2);
    expect(worker.steps).toEqual(['stopTaking']);
  });

  test('a phone tab stopped while its readied softphone waits for the owner’s go drops it at once, not at the handover’s timeout', async () => {
    const worker = open('tabA', 'worker');
    await partition.advance(HEARTBEAT);
    const phone = open('phoneTab', 'phoneTab');
    // The owner's go has not come yet (its tab is in the background) when the phone tab's page closes.
    phone.prepare = async () => {
      phone.prepared += 1;
      partition.freeze('tabA');
    };
    await partition.advance(HEARTBEAT * 2);
    expect(phone.steps).toEqual(['prepared']);
    phone.ownership.stop();
    await partition.advance(1);
    expect(phone.steps).toEqual(['prepared', 'discarded']);
    partition.thaw('tabA');
    await partition.advance(HANDOVER * 2);
    expect(phone.steps).toEqual(['prepared', 'discarded']);
    expect(owners(worker, phone)).toEqual(['tabA']);
  });

  test('the phone tab that stops hands the phone to a waiting worker, whose softphone is ready before the phone tab stops taking calls', async () => {
    const phone = open('phoneTab', 'phoneTab');
    await partition.advance(HEARTBEAT * 2);
    const worker = open('tabA', 'worker');
    await partition.advance(HEARTBEAT * 2);
    expect(owners(worker, phone)).toEqual(['phoneTab']);
    const taken = phone.ownership.handOver();
    await partition.advance(HEARTBEAT);
    expect(await taken).toBe(true);
    expect(owners(worker, phone)).toEqual(['tabA']);
    expect(worker.steps).toEqual(['prepared']);
    expect(phone.steps).toEqual(['stopTaking']);
    expect(worker.roles.at(-1)).toEqual(['owner', 'handover']);
  });

  test('handOver() with nobody waiting, or with a live call, hands nothing over', async () => {
    const phone = open('phoneTab', 'phoneTab');
    await partition.advance(HEARTBEAT * 2);
    const alone = phone.ownership.handOver();
    await partition.advance(HANDOVER * 3);
    expect(await alone).toBe(false);
    open('tabA', 'worker');
    phone.callLive = true;
    expect(await phone.ownership.handOver()).toBe(false);
    expect(phone.steps).toEqual([]);
    expect(phone.ownership.role).toBe('owner');
  });

  test('never in the middle of a call: the handover waits for the call to end', async () => {
    const worker = open('tabA', 'worker');
    await partition.advance(HEARTBEAT);
    worker.callLive = true;
    const phone = open('phoneTab', 'phoneTab');
    await partition.advance(HEARTBEAT * 20);
    expect(owners(worker, phone)).toEqual(['tabA']);
    expect(phone.prepared).toBe(0);
    worker.callLive = false;
    await partition.advance(HANDOVER + HEARTBEAT * 3);
    expect(owners(worker, phone)).toEqual(['phoneTab']);
  });

  test('a phone tab whose softphone cannot get ready leaves the owner in place', async () => {
    const worker = open('tabA', 'worker');
    await partition.advance(HEARTBEAT);
    const phone = open('phoneTab', 'phoneTab');
    phone.prepare = () => Promise.reject(new Error('microphone denied'));
    await partition.advance(HANDOVER + HEARTBEAT);
    expect(owners(worker, phone)).toEqual(['tabA']);
    expect(worker.roles.map(([, reason]) => reason)).toContain('yieldCancelled');
  });

  test('a phone tab held off after its softphone failed asks no more, and refuses at once a handover offered meanwhile', async () => {
    const worker = open('tabA', 'worker');
    await partition.advance(HEARTBEAT);
    const phone = open('phoneTab', 'phoneTab');
    phone.prepare = () => Promise.reject(new Error('microphone denied'));
    await partition.advance(HEARTBEAT);
    expect(phone.steps).toEqual(['prepareFailed']);
    // Refused at once, not after the handover timeout.
    expect(worker.roles.slice(-2)).toEqual([['yielding', 'yielding'], ['owner', 'yieldCancelled']]);
    await partition.advance(HANDOVER * 4);
    expect(phone.steps).toEqual(['prepareFailed']);
    expect(worker.roles.filter(([role]) => role === 'yielding')).toHaveLength(1);
    // An owner that accepts a request made before (or another frame's) hears the refusal at once.
    const other = createPhoneBus({ scope: portal, frameId: 'other', channel: partition.frame('other').channel, onRejected: () => undefined });
    const heard: string[] = [];
    other.subscribe((message) => void heard.push(message.kind));
    other.post('handover.accept', {}, 'phoneTab');
    await partition.settle();
    expect(heard).toContain('handover.refused');
    expect(phone.steps).toEqual(['prepareFailed']);
    expect(owners(worker, phone)).toEqual(['tabA']);
  });

  test('the phone tab alone owns at once; a worker opened later waits behind it', async () => {
    const phone = open('phoneTab', 'phoneTab');
    await partition.advance(HEARTBEAT * 3);
    const worker = open('tabA', 'worker');
    await partition.advance(HEARTBEAT * 3);
    expect(owners(worker, phone)).toEqual(['phoneTab']);
    partition.kill('phoneTab');
    await partition.settle();
    expect(owners(worker)).toEqual(['tabA']);
  });
});

describe('SC-F6 a frozen owner loses ownership after a bounded silence, only while no call is live', () => {
  test('an idle owner frozen in a background tab is replaced; when it thaws it knows it lost', async () => {
    const a = open('tabA', 'worker');
    const b = open('tabB', 'worker');
    await partition.advance(HEARTBEAT * 2);
    partition.freeze('tabA');
    await partition.advance(SILENCE + HEARTBEAT * 3);
    expect(b.ownership.role).toBe('owner');
    expect(b.roles.at(-1)).toEqual(['owner', 'frozenOwner']);
    partition.thaw('tabA');
    await partition.advance(HEARTBEAT);
    expect(owners(a, b)).toEqual(['tabB']);
    expect(a.roles.at(-1)).toEqual(['waiting', 'lost']);
  });

  test('an owner frozen before a new tab heard a word from it is replaced after the silence too', async () => {
    const a = open('tabA', 'worker');
    await partition.advance(HEARTBEAT * 2);
    partition.freeze('tabA');
    const b = open('tabB', 'worker');
    await partition.advance(SILENCE + HEARTBEAT * 3);
    expect(b.roles.at(-1)).toEqual(['owner', 'frozenOwner']);
    expect(partition.holderOf(portal.ownerLock)).toBe('tabB');
    partition.thaw('tabA');
    await partition.advance(HEARTBEAT * 3);
    expect(owners(a, b)).toEqual(['tabB']);
  });

  test('an owner frozen with a live call keeps it (the call’s media lives there)', async () => {
    const a = open('tabA', 'worker');
    const b = open('tabB', 'worker');
    await partition.advance(HEARTBEAT * 2);
    a.callLive = true;
    await partition.advance(HEARTBEAT * 2);
    partition.freeze('tabA');
    await partition.advance(SILENCE * 3);
    expect(b.ownership.role).toBe('waiting');
    expect(partition.holderOf(portal.ownerLock)).toBe('tabA');
  });
});

describe('SC-F1 portals and users never mix', () => {
  test('two portals and two users in one partition each get their own owner', async () => {
    const otherPortal = phoneScope({ memberId: 'ffee00', userId: 7 });
    const otherUser = phoneScope({ memberId: 'a1b2c3', userId: 8 });
    const a = open('a', 'worker');
    const b = open('b', 'worker', { scope: otherPortal });
    const c = open('c', 'worker', { scope: otherUser });
    await partition.advance(HEARTBEAT * 3);
    expect(owners(a, b, c)).toEqual(['a', 'b', 'c']);
    expect(new Set([portal.ownerLock, otherPortal.ownerLock, otherUser.ownerLock]).size).toBe(3);
  });

  test('a setup without portal or user throws a TypeError naming it', () => {
    expect(() => phoneScope({ memberId: '', userId: 7 })).toThrow(/memberId/);
    expect(() => phoneScope({ memberId: 'a1', userId: 0 })).toThrow(/userId/);
    expect(() => phoneScope({ memberId: 'a:b', userId: 7 })).toThrow(TypeError);
  });
});

describe('without Web Locks (Firefox before 116): a storage lease', () => {
  test('one owner; a dead owner’s lease runs out and another frame takes over', async () => {
    const a = open('tabA', 'worker', { lease: true });
    const b = open('tabB', 'worker', { lease: true });
    await partition.advance(HEARTBEAT * 3);
    expect(owners(a, b)).toHaveLength(1);
    const first = owners(a, b)[0]!;
    partition.kill(first);
    await partition.advance(SILENCE + HEARTBEAT * 3);
    expect(owners(a, b).filter((id) => id !== first)).toHaveLength(1);
  });
});

describe('messages from other frames are input', () => {
  test('a malformed message on the channel is reported, not thrown', async () => {
    const a = open('tabA', 'worker');
    const rogue = partition.frame('rogue').channel(portal.channel);
    rogue.addEventListener('message', () => undefined);
    rogue.postMessage({ v: 1, from: 'x'.repeat(500), kind: 'owner.heartbeat', body: {} });
    rogue.postMessage('hello');
    rogue.postMessage({ v: 1, from: 'r', kind: 'takeOver', body: {} });
    await partition.settle();
    expect(a.rejected.map((d) => d.reason)).toEqual(['from is not a frame id', 'not an object', 'unknown kind takeOver']);
    expect(a.ownership.role).toBe('owner');
  });
});
