import { createPhone, type Phone, type PhoneDiagnostic, type PhoneOptions } from '../../../adapters/phone/createPhone';
import { createCallRecords, type CallRecords } from '../../../adapters/records';
import type { CallSummary } from '../../../machines/callCard.types';
import { createHostSimulator, type HostSimulator } from '../../../testing/host';
import { createFakePartition, type FakePartition } from '../../../testing/phone/fakePartition';
import { createRestDouble, type RestDouble } from '../../../testing/rest';
import { createRecordingSoftphone, type RecordingSoftphone } from '../../../testing/softphone';
import { directPort } from '../records/support/world';

// statechart v3 SC-F8 (the records of an ownership go with its softphone) with SC-F5 (a
// handover's readied softphone): records made for a handover that did not happen are disposed,
// and only those.

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

const disposed: string[] = [];
let made = 0;
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
      const softphone_ = createRecordingSoftphone();
      softphones.push(softphone_);
      return softphone_;
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
});


test('a worker granted the lock while its handover softphone still readies: the running session\'s records are not disposed when the handover is then discarded', async () => {
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
  const running = w.phone.session!.records!;
  release(createRecordingSoftphone());
  await run(HEARTBEAT * 8); // the go never comes: the handover is discarded
  expect({ running: String(running), disposed }).toEqual({ running: expect.any(String), disposed: expect.not.arrayContaining([String(running)]) });
});
