import { createPhone, type Phone, type PhoneDiagnostic, type PhoneOptions } from '../../../adapters/phone/createPhone';
import { createCallRecords, type CallRecords } from '../../../adapters/records';
import type { CallSummary } from '../../../machines/callCard.types';
import { createHostSimulator, type HostSimulator } from '../../../testing/host';
import { createFakePartition, type FakePartition } from '../../../testing/phone/fakePartition';
import { createRestDouble, type RestDouble } from '../../../testing/rest';
import { createRecordingSoftphone, type RecordingSoftphone } from '../../../testing/softphone';
import { directPort } from '../records/support/world';

// statechart v3 SC-F8 (the records layer in the owner only, its outbox and journal shared by
// every frame of the portal's user) with SC-F4 (the owner dies mid-call): issue 18's "never
// finished after navigation" and "USER_ID of the wrong worker" on the phone's own wiring.

const HEARTBEAT = 1_000;
let partition: FakePartition;
let host: HostSimulator;
let rest: RestDouble;
const phones: Phone[] = [];

interface Frame {
  readonly phone: Phone;
  readonly softphones: RecordingSoftphone[];
  readonly records: (CallRecords | null)[];
  readonly summaries: CallSummary[];
  readonly diagnostics: PhoneDiagnostic[];
}

/** Each frame's records are named `<frame>#<n>`; `disposed` lists those disposed, in order. */
const disposed: string[] = [];
let made = 0;

/** A frame of the application; `softphone` replaces the recording one the phone's factory makes. */
function open(id: string, placement: PhoneOptions['placement'], userId = 7, storage: Storage = partition.storage, kind: PhoneOptions['kind'] = 'worker', softphone?: () => Promise<RecordingSoftphone>): Frame {
  const frame = partition.frame(id);
  const softphones: RecordingSoftphone[] = [];
  const records: (CallRecords | null)[] = [];
  const summaries: CallSummary[] = [];
  const diagnostics: PhoneDiagnostic[] = [];
  const phone = createPhone({
    identity: { memberId: 'portal-a', userId },
    kind,
    placement,
    createSoftphone: (owner) => {
      records.push(owner.records);
      if (softphone) return softphone();
      const recording = createRecordingSoftphone();
      softphones.push(recording);
      return recording;
    },
    records: (setup) => {
      const made_ = createCallRecords({ rest: directPort(rest), pacing: false, ...setup });
      const name = `${id}#${++made}`;
      const dispose = made_.dispose.bind(made_);
      return Object.assign(made_, { dispose: () => (disposed.push(name), dispose()), toString: () => name });
    },
    session: { onSummary: (summary) => summaries.push(summary), commandTimeoutMs: 60_000 },
    onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
    platform: { frameId: id, channel: frame.channel, locks: frame.locks, storage, clock: frame.clock },
    timings: { heartbeatMs: HEARTBEAT, silenceMs: 10_000, handoverTimeoutMs: 5_000 },
  });
  phones.push(phone);
  return { phone, softphones, records, summaries, diagnostics };
}

async function settle(): Promise<void> {
  for (let round = 0; round < 8; round += 1) {
    await partition.settle();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Moves time on in heartbeat steps, letting every relay settle between them. */
async function run(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= HEARTBEAT) {
    await partition.advance(Math.min(HEARTBEAT, left));
    await settle();
  }
}

const finishes = () => rest.log.filter((entry) => entry.method === 'telephony.externalcall.finish' && entry.status === 200).map((entry) => entry.params as Record<string, unknown>);

beforeEach(() => {
  partition = createFakePartition();
  host = createHostSimulator({ windows: 2 });
  // The portal raises the registered call's card in tab B's window (the host picks the window, §7).
  rest = createRestDouble({
    clock: { now: () => partition.now },
    operating: false,
    bucket: false,
    host: {
      showCard: (call) => void host.raiseCall({ ...call, CRM_BINDINGS: [], CALL_STATE: 'idle', CALL_LIST_MODE: false }, { window: 1 }),
      closeCard: (callId) => void host.hide(callId),
    },
  });
});

afterEach(async () => {
  for (const phone of phones.splice(0)) await phone.stop();
  disposed.length = 0;
});

describe('SC-F8 the call records run in the owner, over one outbox every frame of the user shares', () => {
  test('the owner’s tab navigates away mid-call: the next owner finishes the record once, with the call’s USER_ID and its talk time up to the owner’s last sign of life', async () => {
    const a = open('tabA', host.windows[0]!.placement);
    const b = open('tabB', host.windows[1]!.placement);
    // Another operator of the same portal, signed in in this browser too: never touches user 7's call.
    const other = open('otherUser', null, 8);
    await run(HEARTBEAT * 2);
    expect(a.phone.state.role).toBe('owner');
    expect(b.records).toEqual([]); // nothing of the records in a frame that does not own
    const records = a.records[0]!;
    expect(records).not.toBeNull();

    // An INVITE: the owner's softphone announces it; the register raises the card in tab B.
    const handle = records.callStarted({ direction: 'incoming', phoneNumber: '+4930111', sipCallId: 'nav-1@pbx' });
    await run(HEARTBEAT * 2);
    const callId = records.callIdOf(handle.key);
    expect(callId).toEqual(expect.any(String));
    expect(a.phone.state.call).toMatchObject({ callId, uiState: 'incoming', holders: ['tabB'] });
    host.click('answerButtonClick');
    await settle();
    a.phone.session!.card.send({ type: 'phone.connected' });
    await settle();
    const answeredAt = partition.now;
    await run(300_000);
    const lastSign = partition.now;

    partition.kill('tabA'); // a menu click in tab A: its frame, the call's media and the softphone are gone
    await run(HEARTBEAT * 30);
    expect(b.phone.state.role).toBe('owner');
    expect(b.summaries).toEqual([expect.objectContaining({ callId, endedBy: 'ownerLost', connectedAt: answeredAt })]);
    expect(host.card).toBeNull();
    expect(finishes()).toEqual([expect.objectContaining({ CALL_ID: callId, USER_ID: 7, STATUS_CODE: '200' })]);
    const duration = Number(finishes()[0]!['DURATION']);
    expect(duration).toBeGreaterThanOrEqual(Math.floor((lastSign - answeredAt) / 1000) - 1);
    expect(duration).toBeLessThanOrEqual(Math.ceil((lastSign - answeredAt) / 1000));
    // Exactly once: nothing more goes, whoever owns next.
    partition.kill('tabB');
    open('tabC', null);
    await run(HEARTBEAT * 30);
    expect(finishes()).toHaveLength(1);
    expect(rest.records).toHaveLength(1);
    expect(other.softphones).toHaveLength(1); // user 8's own phone, which never saw the call
    expect(other.summaries).toEqual([]);
  });

  test('the journal names the record the owner keeps: its key and EXTERNAL_CALL_ID, the call’s USER_ID, start and answer, holders', async () => {
    const a = open('tabA', host.windows[0]!.placement);
    open('tabB', host.windows[1]!.placement);
    await run(HEARTBEAT * 2);
    const handle = a.records[0]!.callStarted({ direction: 'incoming', phoneNumber: '+4930222', sipCallId: 'journal-1@pbx' });
    await run(HEARTBEAT * 2);
    const journal = JSON.parse(partition.storage.getItem('b24-call-card:portal-a:7:journal')!) as Record<string, unknown>;
    expect(journal).toMatchObject({ owner: 'tabA', recordKey: handle.key, externalCallId: 'journal-1@pbx', userId: 7, holders: ['tabB'], answeredAt: null });
    // The outbox lives under the phone's names: portal and user.
    expect(Object.keys(Object.fromEntries(Array.from({ length: partition.storage.length }, (_, i) => [partition.storage.key(i)!, 1]))).filter((key) => key.includes('records.'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^b24-call-card:portal-a:7:records\.s\./)]),
    );
  });

  test('storage blocked (every touch throws): a frame still owns, and its calls are recorded from the owner’s memory', async () => {
    const blocked = new Proxy(partition.storage, {
      get: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    const a = open('tabA', host.windows[0]!.placement, 7, blocked);
    open('tabB', host.windows[1]!.placement, 7, blocked);
    await run(HEARTBEAT * 2);
    expect(a.phone.state.role).toBe('owner');
    const records = a.records[0]!;
    const handle = records.callStarted({ direction: 'incoming', phoneNumber: '+4930333', sipCallId: 'blocked-1@pbx' });
    await run(HEARTBEAT * 2);
    expect(a.phone.state.call).toMatchObject({ uiState: 'incoming' });
    a.phone.session!.card.send({ type: 'phone.ended' });
    await run(HEARTBEAT * 5);
    expect(rest.records).toEqual([expect.objectContaining({ CALL_ID: records.callIdOf(handle.key) ?? 'settled', EXTERNAL_CALL_ID: 'blocked-1@pbx', STATUS_CODE: '304', USER_ID: 7 })]);
  });

  test('a call whose card the host never showed (another card was up): its owner dies, and the next owner still finishes its record once (missed: nobody saw it answered)', async () => {
    const a = open('tabA', host.windows[0]!.placement);
    const b = open('tabB', host.windows[1]!.placement);
    await run(HEARTBEAT * 2);
    host.raiseCall({ CALL_ID: 'leftover', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930000' }, { window: 1 }); // a card the host keeps up
    await run(HEARTBEAT);
    const records = a.records[0]!;
    const handle = records.callStarted({ direction: 'incoming', phoneNumber: '+4930444', sipCallId: 'nocard-1@pbx' });
    await run(HEARTBEAT * 2);
    expect(records.callIdOf(handle.key)).toEqual(expect.any(String));
    expect(a.phone.state.call?.callId).not.toBe(records.callIdOf(handle.key)); // the statechart never had this call: no journal entry
    await run(HEARTBEAT * 20);
    partition.kill('tabA');
    await run(HEARTBEAT * 30);
    expect(b.phone.state.role).toBe('owner');
    expect(rest.records.filter((record) => record.EXTERNAL_CALL_ID === 'nocard-1@pbx')).toEqual([expect.objectContaining({ STATUS_CODE: '304', USER_ID: 7 })]);
    const finish = rest.log.find((entry) => entry.method === 'telephony.externalcall.finish' && (entry.params as Record<string, unknown>)['CALL_ID'] === records.callIdOf(handle.key));
    expect(finish).toBeDefined();
  });
});

describe('SC-F8 with SC-F5 the records of a handover go with its readied softphone', () => {
  test('a worker granted the lock while its handover softphone still readies: the handover\'s records are disposed with it, the running session\'s are not', async () => {
    const p = open('phoneTab', null, 7, partition.storage, 'phoneTab');
    await run(HEARTBEAT * 3);
    expect(p.phone.state.role).toBe('owner');
    let release!: (s: RecordingSoftphone) => void;
    let calls = 0;
    const w = open('tabW', null, 7, partition.storage, 'worker', () => (++calls === 1 ? new Promise<RecordingSoftphone>((r) => (release = r)) : Promise.resolve(createRecordingSoftphone())));
    await run(HEARTBEAT);
    void p.phone.handOver();
    await settle();
    expect(calls).toBe(1); // W readies its softphone for the handover
    await p.phone.stop(); // the phone tab's page closes without waiting
    await settle();
    expect(w.phone.state.role).toBe('owner');
    const running = String(w.phone.session!.records);
    const handover = String(w.records[0]);
    release(createRecordingSoftphone());
    await run(HEARTBEAT * 8);
    expect({ running, handover: handover !== running, disposed: disposed.filter((name) => name.startsWith('tabW#')) }).toEqual({ running: expect.stringMatching(/^tabW#/), handover: true, disposed: [handover] });
  });
});
