import { describeValue } from '../../diagnostics';
import type { RestRateLimit } from '../../protocol/rest';
import type { RecordsDiagnostic } from './diagnostics';
import type { RecordedCall, Recording } from './outbox/steps';
import type { RestPort } from './rest/port';
import type { RecordsStorage } from './storage/port';
import type { LockManagerLike } from './storage/writerLock';
import type { DeadLetter, RecordsClock } from './types';

/** The options of {@link createCallRecords}; every one is checked at creation (a mistake throws a TypeError naming it). */
export interface CallRecordsOptions {
  /** `fromBx24(BX24)` or `fromB24jssdk(b24)`. */
  readonly rest: RestPort;
  /** `USER_ID` of register and finish: the operator. */
  readonly userId: number;
  /**
   * The portal's `member_id`. Every frame of the application's origin shares one
   * `localStorage` whatever portal and user it serves (host-behaviour §10), so the outbox's
   * keys and its writer lock carry the portal and the user: `b24cc.records.<member_id>.<USER_ID>.`.
   * Default: what the REST port knows (`fromBx24`: `BX24.getAuth().member_id`).
   */
  readonly memberId?: string;
  /** Where the outbox lives: `localStorage` in a browser, memory in Node, by default. */
  readonly storage?: RecordsStorage;
  /**
   * Overrides the keys' prefix (default `b24cc.records.<member_id>.<USER_ID>.`, see {@link memberId}).
   * Under any other prefix than the earlier versions' fixed `b24cc.records.`, the writer finishes
   * this user's calls left there and deletes the rest once past their retention (docs/records.md).
   */
  readonly storagePrefix?: string;
  /** `LINE_NUMBER` of register (a call may override it). */
  readonly lineNumber?: string;
  /** `ADD_TO_CHAT` of finish, always sent explicitly (default true: the docs' default, which the code does not keep). */
  readonly addToChat?: boolean;
  readonly onDiagnostic?: (diagnostic: RecordsDiagnostic) => void;
  /** A call that cannot be recorded; it also stays in `deadLetters()`. */
  readonly onDeadLetter?: (letter: DeadLetter) => void;
  /** A call got its `CALL_ID` (reported by the instance that sent the register). */
  readonly onRegistered?: (call: { readonly key: string; readonly callId: string }) => void;
  /** A call is recorded in Bitrix24. */
  readonly onRecorded?: (call: RecordedCall) => void;
  /** After finish of an answered call: the recording to attach (`telephony.externalCall.attachRecord`), or null. */
  readonly attachRecording?: (call: RecordedCall) => Recording | null | Promise<Recording | null>;
  /** The client-side pacing shared by every instance (default 40 burst, 2/s: the standard plan's bucket with room for the application's other calls); false for none. */
  readonly pacing?: RestRateLimit | false;
  /** `navigator.locks` (default: the platform's), or null to use the storage lease. */
  readonly locks?: LockManagerLike | null;
  /** Life of the storage lease, ms (default 10 000). */
  readonly leaseMs?: number;
  /** How long a softphone's outcome waits for the card's summary of a call whose card was shown, ms (default 5000). */
  readonly cardGraceMs?: number;
  /**
   * How long a dead letter is kept, ms (default 7 days). It holds the call's phone number;
   * after this it is deleted and reported (`deadLetterExpired`). Deal with dead letters
   * before then (`onDeadLetter` hands each one over as it happens).
   */
  readonly deadLetterRetentionMs?: number;
  /**
   * How long a call may wait for its outcome, ms from `callStarted` (default 12 hours). A call
   * whose end never came is then finished with what is known (STATUS_CODE `OTHER`, DURATION 0),
   * or dead-lettered (`noOutcome`) if it never got a `CALL_ID`, and reported (`callAbandoned`).
   */
  readonly abandonAfterMs?: number;
  readonly clock?: RecordsClock;
  /** Jitter source in [0, 1) (default Math.random). */
  readonly random?: () => number;
}

/** `value`, checked; `fallback` when it is absent, or a TypeError when there is no fallback. */
export function positive(name: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0)) throw new TypeError(`createCallRecords: ${name} must be a positive finite number, got ${describeValue(value)}`);
  return value;
}

export function validate(options: CallRecordsOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError('createCallRecords: options are required ({ rest, userId })');
  if (typeof options.rest !== 'object' || options.rest === null || typeof options.rest.call !== 'function') {
    throw new TypeError('createCallRecords: rest must be a REST port (fromBx24(BX24) or fromB24jssdk(b24))');
  }
  if ((options.rest as { reportTo?: unknown }).reportTo !== undefined && typeof options.rest.reportTo !== 'function') throw new TypeError('createCallRecords: rest.reportTo must be a function when present');
  if (!Number.isInteger(options.userId) || options.userId <= 0) throw new TypeError(`createCallRecords: userId must be a positive integer, got ${describeValue(options.userId)}`);
  const storage = options.storage as Partial<RecordsStorage> | undefined;
  if (storage !== undefined && (typeof storage !== 'object' || storage === null || !['getItem', 'setItem', 'removeItem', 'keys'].every((m) => typeof (storage as Record<string, unknown>)[m] === 'function'))) {
    throw new TypeError('createCallRecords: storage must have getItem, setItem, removeItem and keys (fromWebStorage(localStorage) wraps a Web Storage)');
  }
  if (options.lineNumber !== undefined && typeof options.lineNumber !== 'string') throw new TypeError('createCallRecords: lineNumber must be a string');
  if (options.addToChat !== undefined && typeof options.addToChat !== 'boolean') throw new TypeError('createCallRecords: addToChat must be a boolean');
  for (const hook of ['onDiagnostic', 'onDeadLetter', 'onRegistered', 'onRecorded', 'attachRecording'] as const) {
    if (options[hook] !== undefined && typeof options[hook] !== 'function') throw new TypeError(`createCallRecords: ${hook} must be a function`);
  }
  if (options.pacing !== undefined && options.pacing !== false) {
    if (typeof options.pacing !== 'object' || options.pacing === null) throw new TypeError(`createCallRecords: pacing must be { burst, drainPerSecond } or false, got ${describeValue(options.pacing)}`);
    positive('pacing.burst', options.pacing.burst);
    positive('pacing.drainPerSecond', options.pacing.drainPerSecond);
  }
  if (options.storagePrefix !== undefined && (typeof options.storagePrefix !== 'string' || options.storagePrefix === '')) {
    throw new TypeError(`createCallRecords: storagePrefix must be a non-empty string, got ${describeValue(options.storagePrefix)}`);
  }
  if (options.memberId !== undefined && (typeof options.memberId !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(options.memberId))) {
    throw new TypeError(`createCallRecords: memberId must be the portal's member_id (1–64 letters, digits, '_', '.', '-'), got ${describeValue(options.memberId)}`);
  }
  if (options.random !== undefined && typeof options.random !== 'function') throw new TypeError('createCallRecords: random must be a function returning [0, 1)');
  const clock = options.clock as Partial<RecordsClock> | undefined;
  if (clock !== undefined && (typeof clock !== 'object' || clock === null || !(['now', 'setTimeout', 'clearTimeout'] as const).every((m) => typeof clock[m] === 'function'))) {
    throw new TypeError('createCallRecords: clock must have now, setTimeout and clearTimeout');
  }
  positive('leaseMs', options.leaseMs, 1);
  positive('cardGraceMs', options.cardGraceMs, 1);
  positive('deadLetterRetentionMs', options.deadLetterRetentionMs, 1);
  positive('abandonAfterMs', options.abandonAfterMs, 1);
  const locks = options.locks as Partial<LockManagerLike> | null | undefined;
  if (locks !== undefined && locks !== null && (typeof locks !== 'object' || typeof locks.request !== 'function')) {
    throw new TypeError('createCallRecords: locks must be a LockManager (navigator.locks) or null for the storage lease');
  }
}


/** Defaults of the time options, ms. */
export const RECORDS_DEFAULTS = {
  leaseMs: 10_000,
  cardGraceMs: 5000,
  deadLetterRetentionMs: 7 * 86_400_000,
  abandonAfterMs: 12 * 3_600_000,
} as const;
