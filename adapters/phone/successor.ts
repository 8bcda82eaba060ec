import type { PhoneSoftphone } from './ownerSession';

/**
 * @internal The softphone a frame readies before it takes the phone over from a living owner (statechart
 * SC-F5): made, holding new calls, registered (`ready()`), then handed to the owner's session
 * when the lock comes, or stopped when the handover does not happen.
 */
export function createSuccessor(create: () => PhoneSoftphone | Promise<PhoneSoftphone>) {
  let prepared: PhoneSoftphone | null = null;
  return {
    async prepare(): Promise<void> {
      const softphone = await create();
      try {
        // Registered but not yet owning: an INVITE that reaches it waits until it owns.
        softphone.holdIncomingCalls?.();
        await softphone.ready?.();
      } catch (error) {
        await stopQuietly(softphone);
        throw error;
      }
      prepared = softphone;
    },
    /** Whether a softphone is readied for the handover now. */
    readied(): boolean {
      return prepared !== null;
    },
    discard(): void {
      void stopQuietly(prepared);
      prepared = null;
    },
    /** The readied softphone, else a new one: what the owner's session runs on. */
    softphone(): PhoneSoftphone | Promise<PhoneSoftphone> {
      const ready = prepared;
      prepared = null;
      return ready ?? create();
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

async function stopQuietly(softphone: PhoneSoftphone | null): Promise<void> {
  try {
    await softphone?.stop?.();
  } catch {
    // Best effort: the frame gives the softphone up either way.
  }
}
