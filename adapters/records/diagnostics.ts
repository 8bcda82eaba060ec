import type { RestFailure } from './rest/port';
import type { DeadLetter } from './types';

/**
 * Everything the records layer reports instead of throwing. None of these loses a call:
 * a call is recorded, still pending, or a dead letter.
 */
export type RecordsDiagnostic =
  /** A REST call failed in a way that is safe to repeat; it will be, after `delayMs`. */
  | { readonly kind: 'retrying'; readonly key: string; readonly method: string; readonly failure: RestFailure; readonly attempt: number; readonly delayMs: number; readonly message: string }
  /** A finish may or may not have been carried out; the layer asks the statistics before anything else. */
  | { readonly kind: 'finishAmbiguous'; readonly key: string; readonly callId: string; readonly failure: RestFailure | null; readonly message: string }
  /** The statistics say what became of an ambiguous finish. */
  | { readonly kind: 'finishVerified'; readonly key: string; readonly callId: string; readonly recorded: boolean; readonly message: string }
  /** A second outcome for a call that already has one from the same source, or for a call already recorded; ignored. */
  | { readonly kind: 'duplicateOutcome'; readonly key: string | null; readonly callId: string | null; readonly message: string }
  /** The softphone's call data or outcome did not parse; nothing was registered from it. */
  | { readonly kind: 'invalidInput'; readonly field: string; readonly received: unknown; readonly message: string }
  /** The call was handed to the dead letters (also given to `onDeadLetter`). */
  | { readonly kind: 'deadLetter'; readonly letter: DeadLetter; readonly message: string }
  /** This worker instance became, or stopped being, the one that sends. */
  | { readonly kind: 'writer'; readonly held: boolean; readonly via: 'locks' | 'lease'; readonly message: string }
  /**
   * The storage refused a write (quota, private mode) or holds an unreadable entry. A refused write is
   * tried again after freeing its key: `recovered` says whether that worked; if not, the value is kept in
   * memory for this worker and written again at its next change.
   */
  | { readonly kind: 'storageFailed'; readonly key: string; readonly error: unknown; readonly recovered?: boolean; readonly message: string }
  /**
   * A SIP Call-ID the layer has seen before came again for another call (another number, or after the
   * first ended): a proxy passing the caller's Call-ID through. The call gets a key and an
   * `EXTERNAL_CALL_ID` of its own (`key`), so it is registered and recorded like any other.
   */
  | { readonly kind: 'repeatedCallId'; readonly sipCallId: string; readonly key: string; readonly previousKey: string; readonly message: string }
  /** A string from the softphone or the card was longer than its bound (`RECORD_BOUNDS`) and was cut to it; the call is kept. */
  | { readonly kind: 'truncated'; readonly field: string; readonly length: number; readonly bound: number; readonly key: string | null; readonly message: string }
  /** A dead letter reached its retention age (`deadLetterRetentionMs`) and was deleted with its phone number. */
  | { readonly kind: 'deadLetterExpired'; readonly letter: DeadLetter; readonly message: string }
  /**
   * A call had no outcome after `abandonAfterMs`: it is finished with what the journal knows
   * (`callId` set, STATUS_CODE `OTHER`, DURATION 0) or, never registered, dead-lettered (`callId` null).
   */
  | { readonly kind: 'callAbandoned'; readonly key: string; readonly callId: string | null; readonly ageMs: number; readonly message: string }
  /** The REST port could not be set up as it needs (the SDK's retry settings); calls still go, with the consequence the message names. */
  | { readonly kind: 'portSetupFailed'; readonly port: string; readonly error: unknown; readonly message: string }
  /**
   * The portal's `member_id` is known neither from the options nor from the REST port: the
   * outbox is kept apart by `USER_ID` only, so two portals' same-numbered users could meet.
   */
  | { readonly kind: 'portalUnknown'; readonly userId: number; readonly message: string }
  /**
   * A call (or a call's end known only by `CALL_ID`) an earlier version left under `b24cc.records.`
   * was past `abandonAfterMs` and is deleted, unsent (docs/records.md). No phone number nor other
   * personal field: what the integrator's server, which knows which portal issued the `CALL_ID`, needs to finish it.
   */
  | ({ readonly kind: 'legacyCallDropped' } & LegacyDrop)
  /** A dead letter an earlier version left under `b24cc.records.` was past `deadLetterRetentionMs` and is deleted, unsent; as {@link LegacyDrop}, with when it became one. */
  | ({ readonly kind: 'legacyDeadLetterDropped'; readonly deadLetterAt: number | null } & LegacyDrop)
  /** An integrator hook threw or rejected. */
  | { readonly kind: 'hookError'; readonly hook: string; readonly error: unknown; readonly message: string }
  /** Attaching the recording failed for good (the record itself is safe). */
  | { readonly kind: 'attachFailed'; readonly key: string; readonly callId: string; readonly failure: RestFailure | null; readonly message: string };

/**
 * An entry of an earlier version's outbox deleted past its retention, as reported: its old key, `CALL_ID`,
 * `USER_ID` and times (ms since the epoch; null where the entry has none), every string bounded.
 */
export interface LegacyDrop {
  readonly key: string;
  readonly callId: string | null;
  readonly userId: number | null;
  readonly startedAt: number | null;
  readonly connectedAt: number | null;
  readonly closedAt: number | null;
  /** How old the entry was when deleted (a dead letter: since it became one); null when it had no readable time. */
  readonly ageMs: number | null;
  readonly message: string;
}
