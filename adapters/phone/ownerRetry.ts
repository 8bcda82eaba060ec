import { OWNER_RETRY_FIRST_MS, OWNER_RETRY_MAX_MS } from './limits';
import type { PhoneDiagnostic } from './phone.types';

/** What failed when a frame became owner: the owner's code (its chunk or script) or the integrator's softphone (its factory, or the records made with it). */
export type OwnerFailure = 'ownerCodeFailed' | 'softphoneFailed';

/**
 * @internal Lets go after a failure: true when it did (and then calls `announce` first, while the
 * frame still owns, so the report goes into the state it publishes); false when there was
 * nothing to let go (the frame no longer owned): no wait is set.
 */
export type OwnerLetGo = (retryInMs: number, announce: () => void) => boolean;

/** @internal A failure that counted: its attempt and the wait before this frame tries again. */
export interface OwnerRetryWait {
  readonly attempt: number;
  readonly retryInMs: number;
}

/**
 * @internal A frame that cannot run the phone as owner must not keep the owner's lock (nobody
 * else could own, and incoming calls would never be handled): each failure is reported (with
 * its attempt and the wait before this frame tries again) while the frame still owns, so it
 * goes into the state it publishes (SC-F9); then `giveUp` lets the lock or lease go and keeps
 * this frame out of the race for a backoff of 1 s, 2 s, 4 s… at most 1 min. Another waiting
 * frame owns at once; alone, this frame tries again when the wait is over. A success resets it.
 * A phone tab whose softphone fails as it readies a handover passes its own `letGo` (it holds
 * nothing: it only stops asking for the phone for the wait). When nothing was let go (the frame
 * no longer owned), the failure is reported as such and not counted.
 */
export function createOwnerRetry(options: { report(diagnostic: PhoneDiagnostic): void; giveUp: OwnerLetGo }) {
  let failures = 0;
  return {
    /** `outcome` says what the frame does for the wait (an owner lets go; a phone tab readying a handover refuses it and asks again later). */
    failed(kind: OwnerFailure, error: unknown, letGo: OwnerLetGo = options.giveUp, outcome = 'ownership let go, tried again'): OwnerRetryWait | null {
      const attempt = failures + 1;
      const retryInMs = Math.min(OWNER_RETRY_MAX_MS, OWNER_RETRY_FIRST_MS * 2 ** Math.min(attempt - 1, 16));
      // One short message for both (every frame carries this file): the kind says what failed.
      const what = `${kind} (attempt ${attempt}): ${describe(error)}`;
      const announce = (): void => options.report({ kind, attempt, retryInMs, message: `${what}; ${outcome} in ${retryInMs} ms` });
      if (letGo(retryInMs, announce)) {
        failures = attempt;
        return { attempt, retryInMs };
      }
      options.report({ kind, attempt: failures, retryInMs: 0, message: `${kind}: ${describe(error)}; this frame no longer owned the phone: nothing let go, no wait` });
      return null;
    },
    succeeded(): void {
      failures = 0;
    },
  };
}

/** An integrator's error as bounded text; one whose `toString` throws is not a reason to throw. */
function describe(error: unknown): string {
  try {
    return String(error).slice(0, 300);
  } catch {
    return 'unprintable error';
  }
}
