import type { PhoneSoftphone } from './ownerSession';
import type { CallRecords } from '../records/createCallRecords';

/** A softphone and the records made with it (SC-F8): they live and go together. */
export interface SoftphoneWithRecords {
  readonly softphone: PhoneSoftphone;
  readonly records: CallRecords | null;
}

/**
 * @internal The softphone a frame readies before it takes the phone over from a living owner (statechart
 * SC-F5): made with its own records, holding new calls, registered (`ready()`), then handed with
 * those records to the owner's session when the lock comes, or stopped (its records disposed)
 * when the handover does not happen. A discard while it is still being made stops it once made.
 */
export function createSuccessor(create: (records: CallRecords | null) => PhoneSoftphone | Promise<PhoneSoftphone>) {
  let prepared: SoftphoneWithRecords | null = null;
  /** Counts discards: a softphone whose making outlived a discard is not kept. */
  let generation = 0;
  return {
    async prepare(makeRecords: () => Promise<CallRecords | null>): Promise<void> {
      const began = generation;
      let records: CallRecords | null = null;
      let softphone: PhoneSoftphone | null = null;
      try {
        records = await makeRecords();
        softphone = await create(records);
        // Registered but not yet owning: an INVITE that reaches it waits until it owns.
        softphone.holdIncomingCalls?.();
        await softphone.ready?.();
      } catch (error) {
        await giveUp({ softphone, records });
        throw error;
      }
      if (began !== generation) return void giveUp({ softphone, records });
      void giveUp(prepared);
      prepared = { softphone, records };
    },
    /** The softphone readied for the handover now, with its records; null when none is. */
    readied(): SoftphoneWithRecords | null {
      return prepared;
    },
    /** The handover is off: the readied softphone stops and its records go, and one still being made follows once made. */
    discard(): void {
      generation += 1;
      void giveUp(prepared);
      prepared = null;
    },
    /** Hands the readied softphone (and its records) to the session: it no longer belongs here. */
    take(): SoftphoneWithRecords | null {
      const ready = prepared;
      prepared = null;
      return ready;
    },
  };
}

/** @internal Whether `softphone` takes new calls (false while its owner hands over: 480); its own affair if it throws. */
export function takeCalls(softphone: PhoneSoftphone | undefined, accepting: boolean): void {
  try {
    softphone?.setAcceptingCalls?.(accepting);
  } catch {
    // At worst it keeps taking calls during the handover.
  }
}

async function giveUp(made: { softphone: PhoneSoftphone | null; records: CallRecords | null } | null): Promise<void> {
  made?.records?.dispose();
  try {
    await made?.softphone?.stop?.();
  } catch {
    // Best effort: the frame gives the softphone up either way.
  }
}
