import type { QualityRating } from '../../protocol/buttons';
import type { CallTypeName, StatusCode } from '../../protocol/rest';
import type { DurationSeconds, EpochMs } from '../../protocol/units';
import type { CallEnd } from '../../machines/callCard.types';
import type { WITHHELD_NUMBER } from './register';
import type { NO_OUTCOME } from './outcome';

/** Where the layer reads the time and sets its timers; injectable so tests can pin them. */
export interface RecordsClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The default clock: `Date.now` and the global timers. */
export const SYSTEM_CLOCK: RecordsClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The softphone's direction of a call, as `register`'s `TYPE` names it. */
export type RecordDirection = CallTypeName;

/**
 * The one value that says "the number was withheld": {@link WITHHELD_NUMBER} (`'hidden'`,
 * as the host says it). Such a call cannot be registered; it is dead-lettered as
 * `withheldNumber`, never sent to the portal as if it were a number.
 */
export type WithheldNumber = typeof WITHHELD_NUMBER;

/**
 * What softphones and SIP stacks write where a withheld caller's number would be. Written
 * as a literal, each is refused by the types (`callStarted`): pass {@link WITHHELD_NUMBER}.
 */
export type WithheldNumberWord = 'anonymous' | 'private' | 'restricted' | 'unavailable' | 'unknown' | 'withheld' | 'blocked';

/** `P`, unless it is (in any case) a word for a withheld number, which is not a number. */
export type NotAWithheldWord<P extends string> = Lowercase<P> extends WithheldNumberWord ? `pass WITHHELD_NUMBER for a withheld number, not '${P}'` : P;

/** What the softphone knows when it sees a call: enough to register it before any card. */
export interface CallStart {
  readonly direction: RecordDirection;
  /** The other party's number, or {@link WITHHELD_NUMBER} when it was withheld (such a call cannot be registered). */
  readonly phoneNumber: string | WithheldNumber;
  /** The SIP Call-ID, used as `EXTERNAL_CALL_ID`; one is generated when absent. */
  readonly sipCallId?: string | null;
  /** Epoch ms; the layer's clock when absent. */
  readonly startedAt?: EpochMs;
  /** Click-to-call: Bitrix24 registered the call itself (`ONEXTERNALCALLSTART`); it is only finished. */
  readonly callId?: string | null;
  /** Overrides the layer's `lineNumber` for this call. */
  readonly lineNumber?: string;
  /** `CRM_CREATE`: let the portal create a lead for an unknown number (default false). */
  readonly crmCreate?: boolean;
  /** `SHOW`: raise the card (default true). */
  readonly show?: boolean;
}

/**
 * How a call ended, as the layer takes it: the card's {@link CallEnd} (`hungUp`, `skipped`,
 * `remoteHungUp`…), or a softphone's own word for a call that had no card: `rejected` (the
 * operator declined it ringing) or `cancelled` (our side gave up before it connected); or
 * the layer's own {@link NO_OUTCOME} for a call finished by retention with no outcome. Who
 * ended it decides the record's status (603 declined or 304 missed for an unanswered
 * incoming call), so a word outside this list (`'hangup'`) does not compile.
 */
export type RecordEnd = CallEnd | 'rejected' | 'cancelled' | typeof NO_OUTCOME;

/**
 * How a call ended, in the layer's own words. Built from the card's summary with
 * `fromCallSummary`, or by the softphone for a call that never had a card.
 */
export interface CallOutcome {
  /** Where it came from: the card's summary carries the operator's rating, the softphone's end does not. */
  readonly source: 'card' | 'softphone';
  /** The `CALL_ID`, when known (the card's summary has it). */
  readonly callId?: string | null;
  /** The handle's key (from `callStarted`), when the softphone reports it. */
  readonly key?: string;
  readonly direction?: RecordDirection | null;
  /** How it ended: the card's `endedBy` (`hungUp`, `skipped`, `remoteHungUp`, …) or the softphone's word ({@link RecordEnd}). */
  readonly endedBy: RecordEnd;
  /** The SIP code of the failure, if any. */
  readonly failureCode: number | null;
  /** Epoch ms the call connected; null if it never did. */
  readonly connectedAt: EpochMs | null;
  /** Epoch ms the call ended. */
  readonly closedAt: EpochMs;
  readonly rating: QualityRating | null;
}

/** The parameters of `telephony.externalcall.register`, as sent. */
export type RegisterParams = {
  readonly USER_ID: number;
  readonly PHONE_NUMBER: string;
  readonly TYPE: number;
  readonly LINE_NUMBER?: string;
  readonly EXTERNAL_CALL_ID: string;
  readonly CRM_CREATE: 0 | 1;
  readonly SHOW: 0 | 1;
  readonly CALL_START_DATE: string;
};

/** The parameters of `telephony.externalcall.finish`, as sent. */
export type FinishParams = {
  readonly CALL_ID: string;
  readonly USER_ID: number;
  readonly DURATION: DurationSeconds;
  readonly STATUS_CODE: StatusCode;
  readonly FAILED_REASON?: string;
  readonly VOTE?: QualityRating;
  readonly ADD_TO_CHAT: 0 | 1;
};

/** Why a call could not be recorded. */
export type DeadLetterReason =
  /** A withheld number: the portal answers "Unsupported phone number format". */
  | 'withheldNumber'
  /** The softphone's call data did not parse. */
  | 'invalidCall'
  /** The portal refused the register or finish (a 4xx other than the transient ones). */
  | 'refused'
  /** `Call is not found` and no statistics row: never registered, or expired. */
  | 'notFound'
  /** An ambiguous finish whose fate the portal would not tell (statistics not readable). */
  | 'unverified'
  /** The call ended but no `CALL_ID` was ever tied to it. */
  | 'noCallId'
  /** No outcome and no `CALL_ID` came within `abandonAfterMs`. */
  | 'noOutcome';

/** A call the layer gave up on, kept in storage and handed to `onDeadLetter`; nothing is dropped silently. */
export interface DeadLetter {
  readonly key: string;
  readonly callId: string | null;
  readonly reason: DeadLetterReason;
  readonly message: string;
  readonly at: number;
  readonly register: RegisterParams | null;
  readonly finish: FinishParams | null;
  /** The portal's answer, when there was one. */
  readonly response?: unknown;
}
