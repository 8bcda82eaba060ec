import { createPhone, type Phone, type PhoneDiagnostic } from '../../../../adapters/phone/createPhone';
import type { FrameKind } from '../../../../adapters/phone/ownership';
import type { PhoneSoftphone } from '../../../../adapters/phone/ownerSession';
import type { CallSummary } from '../../../../machines/callCard.types';
import type { PlacementPort } from '../../../../protocol/placement';
import type { FakePartition } from '../../../../testing/phone/fakePartition';
import { createRecordingSoftphone, type RecordingSoftphone } from '../../../../testing/softphone';

/** The portal and user of every phone these tests open. */
export const identity = { memberId: 'a1b2c3', userId: 7 };
export const HEARTBEAT = 1_000;

/** A frame running the phone, with what its softphones, summaries and diagnostics were. */
export interface Frame {
  readonly phone: Phone;
  readonly softphones: RecordingSoftphone[];
  readonly summaries: CallSummary[];
  readonly diagnostics: PhoneDiagnostic[];
}

/**
 * Frames of the application on the test's partition (`partition()`, made fresh for each test):
 * `open` one (or `track` one made otherwise), `settle` what is in flight, `stopAll` after the test.
 */
export function phoneFrames(partition: () => FakePartition) {
  const phones: Phone[] = [];
  /** A frame of the application; `tab` names the tab it lives in (a reloaded frame keeps its tab); `softphone` replaces the recording one; `lease` leaves it without Web Locks. */
  const open = (id: string, kind: FrameKind, placement: PlacementPort | null, tab?: string, softphone?: () => PhoneSoftphone | Promise<PhoneSoftphone>, lease = false): Frame => {
    const frame = partition().frame(id);
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
      platform: { frameId: id, ...(tab === undefined ? {} : { tab }), channel: frame.channel, locks: lease ? null : frame.locks, storage: partition().storage, clock: frame.clock },
      timings: { heartbeatMs: HEARTBEAT, silenceMs: 10_000, handoverTimeoutMs: 5_000 },
    });
    phones.push(phone);
    return { phone, softphones, summaries, diagnostics };
  };
  /** Lets relayed messages, the host's postMessage hops and dynamic imports settle. */
  const settle = async (): Promise<void> => {
    for (let round = 0; round < 8; round += 1) {
      await partition().settle();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const stopAll = async (): Promise<void> => {
    for (const phone of phones.splice(0)) await phone.stop();
  };
  const track = (phone: Phone): void => void phones.push(phone);
  return { open, track, settle, stopAll };
}
