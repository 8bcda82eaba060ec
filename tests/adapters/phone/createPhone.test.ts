import { createPhone, type Phone, type PhoneDiagnostic } from '../../../adapters/phone/createPhone';
import { HEARTBEAT, identity, phoneFrames, type Frame } from './support/phoneFrames';
import type { FrameKind } from '../../../adapters/phone/ownership';
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

let partition: FakePartition;
let host: HostSimulator;
const { open, track, settle, stopAll } = phoneFrames(() => partition);

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
  await stopAll();
});

describe('SC-F3 the card in another tab’s window is driven by the owner', () => {
  test('tab A owns, the host shows the card in tab B: the call is answered from B’s card and B’s card follows the statechart', async () => {
    const a = open('tabA', 'worker', host.windows[0]!.placement);
    const b = open('tabB', 'worker', host.windows[1]!.placement);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    expect(a.phone.state.role).toBe('owner');
    expect(b.phone.state.role).toBe('waiting');
    expect(a.softphones).toHaveLength(1);
    expect(b.softphones).toHaveLength(0);

    expect(host.raiseCall({ CALL_ID: 'c-1', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930111' }, { window: 1 })).toMatchObject({ raised: true, window: 1 });
    await settle();
    expect(host.card?.uiState).toBe('incoming');
    expect(a.phone.state.call).toMatchObject({ callId: 'c-1', uiState: 'incoming', holders: ['tabB'] });
    // Every frame reads the same state (SC-F7).
    expect(b.phone.state.call).toMatchObject({ callId: 'c-1', uiState: 'incoming' });

    host.click('answerButtonClick');
    await settle();
    expect(a.softphones[0]!.methods).toEqual(['answer']);
    expect(host.card?.uiState).toBe('connectingIncoming');

    a.phone.session!.card.send({ type: 'phone.connected' });
    await settle();
    expect(host.card?.uiState).toBe('connected');

    host.click('hangupButtonClick');
    await settle();
    expect(a.softphones[0]!.methods).toEqual(['answer', 'hangup']);
    expect(host.card).toBeNull();
    expect(a.summaries).toHaveLength(1);
    expect(a.summaries[0]).toMatchObject({ callId: 'c-1', endedBy: 'hungUp', connected: true });
    // SC-F7: every frame reads the last call's outcome from the phone's state.
    expect(a.phone.state.lastCall).toMatchObject({ callId: 'c-1', endedBy: 'hungUp', connected: true });
    expect(b.phone.state.lastCall).toMatchObject({ callId: 'c-1', endedBy: 'hungUp', connected: true });
  });

  test('SC-F7 another frame’s UI answers and hangs up through the owner, with the effect of the card’s buttons', async () => {
    const a = open('tabA', 'worker', host.windows[0]!.placement);
    const slider = open('slider', 'slider', null);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    host.raiseCall({ CALL_ID: 'c-2', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930222' }, { window: 0 });
    await settle();
    expect(slider.phone.state.call?.uiState).toBe('incoming');
    slider.phone.act({ type: 'answer' });
    await settle();
    expect(a.softphones[0]!.methods).toEqual(['answer']);
    expect(host.card?.uiState).toBe('connectingIncoming');
    slider.phone.act({ type: 'hangup' });
    await settle();
    expect(a.softphones[0]!.methods).toEqual(['answer', 'hangup']);
    expect(host.card).toBeNull();
    expect(slider.phone.state.call).toBeNull();
    // The last call's outcome after an ordinary hang-up, in the frame that asked for it.
    const summary = a.summaries[0]!;
    expect(slider.phone.state.lastCall).toEqual({ callId: 'c-2', endedBy: summary.endedBy, endedAt: summary.closedAt, connected: false });
    // A softphone that says nothing of its health (no onHealth): the phone does not claim one.
    expect(slider.phone.state.health).toBe('unknown');
  });
});

describe('SC-F4 the owner’s frame dies mid-call', () => {
  test('the next owner ends the call once (ownerLost), timed to the owner’s last sign of life, and closes its card', async () => {
    const a = open('tabA', 'worker', host.windows[0]!.placement);
    const b = open('tabB', 'worker', host.windows[1]!.placement);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    await connectedCall(a, 'c-3', 1);
    const answeredAt = partition.now;
    await partition.advance(HEARTBEAT * 60);
    await settle();
    const lastSign = partition.now - (partition.now % HEARTBEAT);

    partition.kill('tabA');
    await settle();
    await partition.advance(HEARTBEAT);
    await settle();
    expect(b.phone.state.role).toBe('owner');
    expect(b.summaries).toHaveLength(1);
    const summary = b.summaries[0]!;
    expect(summary).toMatchObject({ callId: 'c-3', endedBy: 'ownerLost', connected: true, connectedAt: answeredAt });
    expect(summary.closedAt).toBeGreaterThanOrEqual(lastSign - HEARTBEAT);
    expect(summary.closedAt).toBeLessThanOrEqual(lastSign + HEARTBEAT);
    expect(b.diagnostics.some((d) => d.kind === 'ownerLost')).toBe(true);
    // The card in tab B, which nobody else manages, is closed.
    expect(host.card).toBeNull();
    expect(a.summaries).toHaveLength(0);
  });
});

describe('SC-C4 v3 a second call’s card in another window while a call is live', () => {
  test('is refused and closed; the live call goes on', async () => {
    // Tab B's window: a placement this test drives, where the host raced a second call's card.
    const handlers = new Map<string, (data?: unknown) => void>();
    const commandsToB: string[] = [];
    const windowB: PlacementPort = {
      bindEvent: (event, handler) => void handlers.set(event, handler),
      call: (command, _params, callback) => {
        commandsToB.push(command);
        void Promise.resolve().then(() => callback([]));
      },
    };
    const a = open('tabA', 'worker', host.windows[0]!.placement);
    open('tabB', 'worker', windowB);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    host.raiseCall({ CALL_ID: 'c-4', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930444' }, { window: 0 });
    await settle();
    host.click('answerButtonClick');
    await settle();
    handlers.get('BackgroundCallCard::initialized')!({ CALL_ID: 'c-5', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930555', CALL_STATE: 'idle', CALL_LIST_MODE: false, LINE_NUMBER: '', LINE_NAME: '', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0, CRM_BINDINGS: [] });
    await settle();
    handlers.get('BackgroundCallCard::hangupButtonClick')!(undefined);
    await settle();
    expect(a.diagnostics.filter((d) => d.kind === 'secondCard')).toHaveLength(1);
    // SC-F9: and in the phone's state.
    expect(a.phone.state.incidents.at(-1)).toEqual({ kind: 'secondCard', holder: 'tabB', callId: 'c-5', currentCallId: 'c-4', at: expect.any(Number) });
    // Tab B's frame probed its window at start (no card then), and later closed the refused card once.
    expect(commandsToB).toEqual(['CallCardSetUiState', 'CallCardClose']);
    // The second card's click never reached the live call.
    expect(a.phone.state.call).toMatchObject({ callId: 'c-4', uiState: 'connectingIncoming' });
    expect(a.softphones[0]!.methods).toEqual(['answer']);
    // Refused busy as SC-L6 says: its summary (486) goes to onSummary, for its record; the live call has none yet.
    expect(a.summaries).toEqual([expect.objectContaining({ callId: 'c-5', endedBy: 'refusedBusy', failureCode: 486, connected: false })]);
  });
});

describe('SC-L6 the dial request reaches the owner from any frame', () => {
  const request = { callId: 'portal-1', phoneNumber: '+4930123', userId: identity.userId, isMobile: false };

  test('relayed by a frame that does not own, dialled once by the owner with no card (card none)', async () => {
    const a = open('tabA', 'worker', host.windows[0]!.placement);
    const b = open('tabB', 'worker', host.windows[1]!.placement);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    expect(a.phone.state.role).toBe('owner');
    // The relay reaches every frame of the user: both hand it on, the owner dials it once.
    b.phone.dialRequest(request);
    a.phone.dialRequest(request);
    await settle();
    expect(a.softphones[0]!.calls).toEqual([{ method: 'call', phoneNumber: '+4930123' }]);
    expect(b.softphones).toHaveLength(0);
    expect(b.phone.state.call).toMatchObject({ callId: 'portal-1', uiState: 'connectingOutgoing', card: 'none' });
    expect(host.log.filter((entry) => entry.command !== 'CallCardSetUiState' || (entry.params as { uiState?: string }).uiState !== 'b24CallCardProbe')).toEqual([]);
  });

  test('a request for another user is reported and ignored in any frame', async () => {
    const a = open('tabA', 'worker', host.windows[0]!.placement);
    const b = open('tabB', 'worker', null);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    b.phone.dialRequest({ ...request, userId: 8 });
    a.phone.dialRequest({ ...request, userId: 8 });
    await settle();
    expect(a.softphones[0]!.calls).toEqual([]);
    expect([...a.diagnostics, ...b.diagnostics].filter((d) => d.kind === 'dialRequestNotDialled')).toEqual([
      expect.objectContaining({ reason: 'otherUser', callId: 'portal-1' }),
      expect.objectContaining({ reason: 'otherUser', callId: 'portal-1' }),
    ]);
  });
});

/** A frame whose softphone logs its part in a handover (SC-F5); `session` is its live SIP session, if any. */
function handoverFrame(id: string, kind: FrameKind, log: string[], session: () => object | null = () => null): Phone {
  const frame = partition.frame(id);
  return createPhone({
    identity,
    kind,
    placement: null,
    createSoftphone: () => ({
      ...createRecordingSoftphone(),
      get session() {
        return session();
      },
      ready: async () => void log.push(`${id}: registered`),
      holdIncomingCalls: () => void log.push(`${id}: holding new calls`),
      setAcceptingCalls: (accepting: boolean) => void log.push(`${id}: accepting ${accepting}`),
      stop: () => void log.push(`${id}: unregistered`),
    }),
    platform: { frameId: id, channel: frame.channel, locks: frame.locks, storage: partition.storage, clock: frame.clock },
    timings: { heartbeatMs: HEARTBEAT, silenceMs: 10_000, handoverTimeoutMs: 5_000 },
  });
}

describe('SC-F5 a new owner takes over an idle phone', () => {
  test('the phone tab’s softphone is registered before the old owner’s stops; meanwhile the old one refuses new calls (480)', async () => {
    const log: string[] = [];
    const frameOptions = (id: string, kind: FrameKind) => handoverFrame(id, kind, log);
    const worker = frameOptions('tabA', 'worker');
    track(worker);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    log.push('phone tab opens');
    const phoneTab = frameOptions('phoneTab', 'phoneTab');
    track(phoneTab);
    await partition.advance(HEARTBEAT * 3);
    await settle();
    expect(phoneTab.state.role).toBe('owner');
    expect(worker.state.role).toBe('waiting');
    // The old owner stops taking calls only once the phone tab is registered, so an INVITE is
    // never refused by both; the phone tab's softphone holds what reaches it until it owns.
    expect(log).toEqual(['tabA: accepting true', 'phone tab opens', 'phoneTab: holding new calls', 'phoneTab: registered', 'tabA: accepting false', 'tabA: unregistered', 'phoneTab: accepting true']);
  });
});

describe('SC-F5 a call ringing in the owner before its card keeps the phone there', () => {
  test('the softphone has a session and no card is open yet: the phone tab waits, then takes over once the session is gone', async () => {
    const log: string[] = [];
    let ringing: object | null = null;
    // The SIP adapters' live session, there from the INVITE on, before any card.
    const frameOptions = (id: string, kind: FrameKind) => handoverFrame(id, kind, log, () => (id === 'tabA' ? ringing : null));
    const worker = frameOptions('tabA', 'worker');
    track(worker);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    ringing = { invite: 'from +4930111' };
    const phoneTab = frameOptions('phoneTab', 'phoneTab');
    track(phoneTab);
    await partition.advance(HEARTBEAT * 6);
    await settle();
    expect(worker.state.role).toBe('owner');
    expect(log).not.toContain('tabA: accepting false');
    ringing = null;
    await partition.advance(HEARTBEAT * 8);
    await settle();
    expect(phoneTab.state.role).toBe('owner');
    expect(log.slice(-3)).toEqual(['tabA: accepting false', 'tabA: unregistered', 'phoneTab: accepting true']);
  });
});

describe('SC-F3 / SC-W1 a frame reloaded while its window shows a card', () => {
  test('the live call’s card: the reloaded frame holds it again, brought up to date, and its clicks reach the call', async () => {
    const a = open('tabA', 'worker', host.windows[0]!.placement, 'tab-0');
    open('tabB', 'worker', host.windows[1]!.placement, 'tab-1');
    await partition.advance(HEARTBEAT * 2);
    await settle();
    await connectedCall(a, 'c-6', 1);
    expect(host.card?.uiState).toBe('connected');

    // Tab B's frame reloads alone: the host keeps the card and sends no initialized again (§6).
    partition.kill('tabB');
    const placement = host.windows[1]!.reloadWorker();
    await partition.advance(HEARTBEAT * 2);
    await settle();
    const before = host.log.length;
    open('tabB2', 'worker', placement, 'tab-1');
    await partition.advance(HEARTBEAT * 2);
    await settle();
    expect(a.diagnostics.filter((d) => d.kind === 'cardTakenBack')).toHaveLength(1);
    expect(host.log.slice(before).map((entry) => entry.command)).toContain('CallCardSetUiState');
    expect(a.phone.state.call).toMatchObject({ callId: 'c-6', uiState: 'connected', card: 'attached', holders: ['tabB2'] });
    host.click('hangupButtonClick');
    await settle();
    expect(a.softphones[0]!.methods).toEqual(['answer', 'hangup']);
    expect(host.card).toBeNull();
    expect(a.summaries).toHaveLength(1);
  });

  test('a card no live call explains (left by an earlier session): closed and reported as orphaned', async () => {
    host.raiseCall({ CALL_ID: 'c-7', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930777' }, { window: 1 });
    await settle();
    expect(host.card).not.toBeNull();
    const a = open('tabA', 'worker', host.windows[0]!.placement);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    const b = open('tabB', 'worker', host.windows[1]!.placement);
    await partition.advance(HEARTBEAT * 3);
    await settle();
    expect(host.card).toBeNull();
    expect(b.diagnostics.filter((d) => d.kind === 'orphanedCard')).toHaveLength(1);
    expect(a.softphones[0]!.methods).toEqual([]);
  });
});

describe('SC-F7 the softphone’s registration health is in every frame’s state', () => {
  test('the owner’s SIP softphone: online, offline when its transport drops, online again, offline when its REGISTER fails — read in every frame', async () => {
    const stack = fakeStack();
    const a = open('tabA', 'worker', host.windows[0]!.placement, undefined, () => createSipSoftphone('testSoftphone', stack.driver, {}));
    const slider = open('slider', 'slider', null);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    expect(a.phone.state.role).toBe('owner');
    expect(a.phone.state.health).toBe('online');
    expect(slider.phone.state.health).toBe('online');
    stack.dropTransport('WebSocket closed (1006)');
    await settle();
    expect(a.phone.state.health).toBe('offline');
    expect(slider.phone.state.health).toBe('offline');
    stack.health({ transport: 'connected' });
    await settle();
    expect(slider.phone.state.health).toBe('online');
    stack.health({ registration: 'failed', reason: 'Authentication Error' });
    await settle();
    expect(slider.phone.state.health).toBe('offline');
  });

  test('what a softphone says of its health: unknown until it has seen its transport or its registration work, and for anything else', () => {
    expect(phoneHealthOf({ online: true, transport: 'unknown', registration: 'unknown', reason: null })).toBe('unknown');
    expect(phoneHealthOf({ online: true, transport: 'connected', registration: 'unknown', reason: null })).toBe('online');
    expect(phoneHealthOf({ online: false, transport: 'down', registration: 'registered', reason: 'dropped' })).toBe('offline');
    expect(phoneHealthOf(undefined)).toBe('unknown');
    expect(phoneHealthOf('online')).toBe('unknown');
  });
});

describe('a frame whose phone is stopped (its page goes on)', () => {
  test('lets its life lock go: the owner learns at its next look that the card holder is gone', async () => {
    const a = open('tabA', 'worker', host.windows[0]!.placement);
    const b = open('tabB', 'worker', host.windows[1]!.placement);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    await connectedCall(a, 'c-stop', 1);
    expect(a.phone.state.call).toMatchObject({ callId: 'c-stop', holders: ['tabB'] });
    await b.phone.stop();
    await partition.advance(HEARTBEAT);
    await settle();
    expect(a.diagnostics.filter((d) => d.kind === 'holderLost')).toHaveLength(1);
    expect(a.phone.state.call).toMatchObject({ callId: 'c-stop', holders: [] });
  });
});

describe('SC-F9 ownership, card holders, lost holders and a lost owner are in every frame’s state', () => {
  test('the owner, the card’s holder, then the holder gone: the holders kept current and each incident read by another frame', async () => {
    const a = open('tabA', 'worker', host.windows[0]!.placement);
    open('tabB', 'worker', host.windows[1]!.placement);
    const slider = open('slider', 'slider', null);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    expect(slider.phone.state.incidents).toEqual([expect.objectContaining({ kind: 'ownership', frame: 'tabA', role: 'owner' })]);
    await connectedCall(a, 'c-8', 1);
    expect(slider.phone.state.call).toMatchObject({ callId: 'c-8', uiState: 'connected', holders: ['tabB'] });
    expect(slider.phone.state.incidents.at(-1)).toEqual({ kind: 'cardHolder', holder: 'tabB', callId: 'c-8', at: expect.any(Number) });

    // A second window shows the same call's card (tab C, a placement this test drives): both hold it.
    const handlers = new Map<string, (data?: unknown) => void>();
    const windowC: PlacementPort = {
      bindEvent: (event, handler) => void handlers.set(event, handler),
      call: (_command, _params, callback) => void Promise.resolve().then(() => callback([])),
    };
    open('tabC', 'worker', windowC);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    handlers.get('BackgroundCallCard::initialized')!({ CALL_ID: 'c-8', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930100', CALL_STATE: 'connected', CALL_LIST_MODE: false, LINE_NUMBER: '', LINE_NAME: '', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0, CRM_BINDINGS: [] });
    await settle();
    expect(slider.phone.state.call).toMatchObject({ callId: 'c-8', card: 'attached', holders: ['tabB', 'tabC'] });

    // Tab C closes mid-call: its life lock frees, the owner finds it gone at its next look; the call, its card in B, goes on unchanged.
    partition.kill('tabC');
    await partition.advance(HEARTBEAT);
    await settle();
    expect(a.diagnostics.filter((d) => d.kind === 'holderLost')).toHaveLength(1);
    expect(slider.phone.state.call).toMatchObject({ callId: 'c-8', uiState: 'connected', card: 'attached', holders: ['tabB'] });
    expect(slider.phone.state.incidents.at(-1)).toEqual({ kind: 'holderLost', holder: 'tabC', at: expect.any(Number) });
  });

  test('a lost owner: the next owner’s state says who owns now and which call died with the last one', async () => {
    const a = open('tabA', 'worker', host.windows[0]!.placement);
    const b = open('tabB', 'worker', host.windows[1]!.placement);
    const slider = open('slider', 'slider', null);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    await connectedCall(a, 'c-9', 1);
    partition.kill('tabA');
    await settle();
    await partition.advance(HEARTBEAT);
    await settle();
    expect(b.phone.state.role).toBe('owner');
    expect(b.diagnostics.filter((d) => d.kind === 'ownerLost')).toHaveLength(1);
    expect(slider.phone.state.owner).toEqual({ frame: 'tabB', kind: 'worker' });
    expect(slider.phone.state.incidents.slice(-2)).toEqual([
      expect.objectContaining({ kind: 'ownership', frame: 'tabB', role: 'owner' }),
      { kind: 'ownerLost', owner: 'tabA', callId: 'c-9', at: expect.any(Number) },
    ]);
    expect(slider.phone.state.lastCall).toMatchObject({ callId: 'c-9', endedBy: 'ownerLost', connected: true });
  });

  test('the state keeps the last incidents only, each string bounded', () => {
    const long = 'x'.repeat(5_000);
    const incident = incidentOf({ kind: 'secondCard', holder: long, callId: long, currentCallId: long, message: long }, 1, long);
    expect(incident).toEqual({ kind: 'secondCard', holder: 'x'.repeat(64), callId: 'x'.repeat(64), currentCallId: 'x'.repeat(64), at: 1 });
    expect(incidentOf({ kind: 'eventDropped', event: 'initialized', message: 'dropped' }, 1, 'f')).toBeNull();
    let state = IDLE_PHONE;
    for (let at = 0; at < MAX_INCIDENTS * 3; at += 1) state = withIncident(state, { kind: 'holderLost', holder: 'f', at });
    expect(state.incidents.map((kept) => kept.at)).toEqual(Array.from({ length: MAX_INCIDENTS }, (_, i) => MAX_INCIDENTS * 2 + i));
    // The state an older owner sent (no list): the list starts, nothing is thrown.
    const older = { ...IDLE_PHONE, incidents: undefined } as unknown as typeof IDLE_PHONE;
    expect(withIncident(older, { kind: 'holderLost', holder: 'f', at: 1 }).incidents).toEqual([{ kind: 'holderLost', holder: 'f', at: 1 }]);
  });
});

describe('SC-F2 / SC-F9 an owner that cannot run the phone lets it go', () => {
  const OWNER_LOCK = `b24-call-card:${identity.memberId}:${identity.userId}:owner`;
  /** A factory that fails its first `failures` calls (a throw, or a rejection), then gives recording softphones. */
  const failing = (failures: number, made: RecordingSoftphone[], how: 'throw' | 'reject' = 'throw') => {
    let calls = 0;
    return (): PhoneSoftphone | Promise<PhoneSoftphone> => {
      calls += 1;
      // Not even printable: the phone must not throw while it reports it.
      const error = { toString: () => { throw new Error('unprintable'); } };
      if (calls <= failures) {
        if (how === 'reject') return Promise.reject(new Error(`no microphone (call ${calls})`));
        throw error;
      }
      const recording = createRecordingSoftphone();
      made.push(recording);
      return recording;
    };
  };

  test('tab A’s softphone factory throws: A releases the owner’s lock at once, tab B owns and answers the call shown in A’s window', async () => {
    const madeInA: RecordingSoftphone[] = [];
    const a = open('tabA', 'worker', host.windows[0]!.placement, undefined, failing(1, madeInA));
    const b = open('tabB', 'worker', host.windows[1]!.placement);
    await partition.advance(HEARTBEAT * 2);
    await settle();
    expect(a.diagnostics.filter((d) => d.kind === 'softphoneFailed')).toEqual([
      { kind: 'softphoneFailed', attempt: 1, retryInMs: 1_000, message: expect.stringContaining('unprintable error') },
    ]);
    expect(partition.holderOf(OWNER_LOCK)).toBe('tabB');
    expect(b.phone.state.role).toBe('owner');
    expect(a.phone.state.role).toBe('waiting');
    // SC-F9: every frame reads why tab A gave the phone up, the new owner included.
    expect(b.phone.state.incidents).toContainEqual({ kind: 'softphoneFailed', frame: 'tabA', attempt: 1, retryInMs: 1_000, at: expect.any(Number) });
    expect(a.phone.state.owner).toEqual({ frame: 'tabB', kind: 'worker' });

    await connectedCall(b, 'c-f1', 0);
    expect(b.softphones[0]!.methods).toEqual(['answer']);
    expect(b.phone.state.call).toMatchObject({ callId: 'c-f1', uiState: 'connected', holders: ['tabA'] });
    // A's backoff is over: it waits behind B (the lock's queue), and B keeps the phone.
    await partition.advance(HEARTBEAT * 5);
    await settle();
    expect(partition.holderOf(OWNER_LOCK)).toBe('tabB');
    expect(madeInA).toHaveLength(0);
  });

  test('a frame alone whose factory rejects twice tries again after 1 s, then 2 s, and then owns and answers', async () => {
    const made: RecordingSoftphone[] = [];
    const a = open('tabA', 'worker', host.windows[0]!.placement, undefined, failing(2, made, 'reject'));
    // Alone, the frame is granted the lock at once: its first attempt is at time 0.
    await settle();
    expect(a.diagnostics.filter((d) => d.kind === 'softphoneFailed').map((d) => (d as { attempt: number }).attempt)).toEqual([1]);
    // Released during the wait: a frame opened now could own.
    expect(partition.holderOf(OWNER_LOCK)).toBeNull();
    expect(a.phone.state.role).toBe('waiting');
    await partition.advance(1_000);
    await settle();
    expect(a.diagnostics.filter((d) => d.kind === 'softphoneFailed')).toEqual([
      expect.objectContaining({ attempt: 1, retryInMs: 1_000, message: expect.stringContaining('no microphone (call 1)') }),
      expect.objectContaining({ attempt: 2, retryInMs: 2_000, message: expect.stringContaining('no microphone (call 2)') }),
    ]);
    expect(partition.holderOf(OWNER_LOCK)).toBeNull();
    await partition.advance(2_000);
    await settle();
    expect(a.phone.state.role).toBe('owner');
    expect(partition.holderOf(OWNER_LOCK)).toBe('tabA');
    expect(made).toHaveLength(1);
    host.raiseCall({ CALL_ID: 'c-f2', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930100' }, { window: 0 });
    await settle();
    host.click('answerButtonClick');
    await settle();
    expect(made[0]!.methods).toEqual(['answer']);
  });

  test('the owner’s code does not load: the frame is not stopped for good; it owns once a later load works', async () => {
    (loadOwnerCode as jest.Mock).mockRejectedValueOnce(new Error('chunk b24-call-card-phone-owner failed'));
    const a = open('tabA', 'worker', host.windows[0]!.placement);
    await settle();
    expect(a.diagnostics.filter((d) => d.kind === 'ownerCodeFailed')).toEqual([
      { kind: 'ownerCodeFailed', attempt: 1, retryInMs: 1_000, message: expect.stringContaining('chunk b24-call-card-phone-owner failed') },
    ]);
    expect(a.phone.state.role).toBe('waiting');
    expect(partition.holderOf(OWNER_LOCK)).toBeNull();
    await partition.advance(1_000);
    await settle();
    expect(a.phone.state.role).toBe('owner');
    expect(a.softphones).toHaveLength(1);
  });

  test('the phone tab’s softphone fails as it readies a handover from a worker: reported with its attempt, asked again only after 1 s, 2 s, 4 s…; the worker keeps the phone', async () => {
    const worker = open('tabA', 'worker', host.windows[0]!.placement);
    await settle();
    expect(worker.phone.state.role).toBe('owner');
    let made = 0;
    const tab = open('phoneTab', 'phoneTab', null, undefined, () => {
      made += 1;
      throw new Error(`no microphone (call ${made})`);
    });
    for (let second = 0; second < 60; second += 1) {
      await partition.advance(1_000);
      await settle();
    }
    const failures = tab.diagnostics.filter((d) => d.kind === 'softphoneFailed') as Array<{ attempt: number; retryInMs: number; message: string }>;
    // Asked at 0 s, then each time the wait is over: 1 s, 3 s, 7 s, 15 s, 31 s (the next is past 60 s).
    expect(failures.map((d) => [d.attempt, d.retryInMs])).toEqual([[1, 1_000], [2, 2_000], [3, 4_000], [4, 8_000], [5, 16_000], [6, 32_000]]);
    expect(failures[0]!.message).toContain('no microphone (call 1)');
    expect(made).toBe(6);
    // The worker went out of `yielding` at once each time (the tab refused), and owned throughout.
    const yielding = worker.diagnostics.filter((d) => d.kind === 'ownership' && d.role === 'yielding');
    expect(yielding).toHaveLength(6);
    expect(partition.holderOf(OWNER_LOCK)).toBe('tabA');
    expect(worker.phone.state.role).toBe('owner');
    // SC-F9: every frame reads why the phone tab did not take the phone.
    const last = { kind: 'softphoneFailed', frame: 'phoneTab', attempt: 6, retryInMs: 32_000, at: expect.any(Number) };
    expect(worker.phone.state.incidents).toContainEqual(last);
    expect(tab.phone.state.incidents).toContainEqual(last);
    await connectedCall(worker, 'c-f5', 0);
    expect(worker.softphones[0]!.methods).toEqual(['answer']);
  });

  test('a refusal that says a softphone failed but not how is reported by the owner, not recorded, not thrown', async () => {
    const worker = open('tabA', 'worker', host.windows[0]!.placement);
    await settle();
    const other = createPhoneBus({ scope: phoneScope(identity), frameId: 'other', channel: partition.frame('other').channel, onRejected: () => undefined });
    other.post('handover.refused', { softphoneFailed: { attempt: 'x'.repeat(10_000), retryInMs: -1 } }, 'tabA');
    other.post('handover.refused', { softphoneFailed: { attempt: 2, retryInMs: 2_000 } }, 'tabA');
    await settle();
    expect(worker.diagnostics.filter((d) => d.kind === 'frameMessageRejected')).toEqual([expect.objectContaining({ reason: expect.stringContaining('handover.refused') })]);
    expect((worker.phone.state.incidents ?? []).filter((incident) => incident.kind === 'softphoneFailed')).toEqual([{ kind: 'softphoneFailed', frame: 'other', attempt: 2, retryInMs: 2_000, at: expect.any(Number) }]);
    expect(worker.phone.state.role).toBe('owner');
  });

  test('with the storage lease (no Web Locks): a frame whose factory always throws lets the lease go, and the other frame owns', async () => {
    const never: RecordingSoftphone[] = [];
    const a = open('tabA', 'worker', host.windows[0]!.placement, undefined, failing(Infinity, never), true);
    const b = open('tabB', 'worker', host.windows[1]!.placement, undefined, undefined, true);
    await partition.advance(HEARTBEAT * 12);
    await settle();
    expect(b.phone.state.role).toBe('owner');
    expect(b.softphones).toHaveLength(1);
    expect(JSON.parse(partition.storage.getItem(`b24-call-card:${identity.memberId}:${identity.userId}:owner-lease`)!)).toMatchObject({ owner: 'tabB' });
    expect(a.phone.state.role).toBe('waiting');
    expect(never).toHaveLength(0);
  });
});

test('the owner’s retry waits 1 s, doubling, at most 1 min, and starts again from 1 s after a success', () => {
  const waits: number[] = [];
  const retry = createOwnerRetry({ report: () => undefined, giveUp: (ms, announce) => (announce(), waits.push(ms), true) });
  for (let failure = 0; failure < 9; failure += 1) retry.failed('softphoneFailed', new Error('x'));
  retry.succeeded();
  retry.failed('ownerCodeFailed', new Error('x'));
  expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 1_000]);
});

test('the owner’s retry counts nothing and says so when the frame no longer owned (nothing let go)', () => {
  const reports: PhoneDiagnostic[] = [];
  let owns = false;
  const waits: number[] = [];
  const retry = createOwnerRetry({ report: (d) => reports.push(d), giveUp: (ms, announce) => (owns ? (announce(), waits.push(ms), true) : false) });
  retry.failed('softphoneFailed', new Error('gone'));
  expect(reports).toEqual([{ kind: 'softphoneFailed', attempt: 0, retryInMs: 0, message: expect.stringContaining('no longer owned') }]);
  expect(reports[0]!.message).not.toContain('tried again');
  owns = true;
  retry.failed('softphoneFailed', new Error('again'));
  // The first failure counted nothing: this one is the first attempt, with the first wait.
  expect(waits).toEqual([1_000]);
  expect(reports[1]).toEqual({ kind: 'softphoneFailed', attempt: 1, retryInMs: 1_000, message: expect.stringContaining('tried again in 1000 ms') });
});
