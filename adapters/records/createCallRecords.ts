import { describeError, describeValue } from '../../diagnostics';
import { attachSoftphone, RegistrationWaiters, type AttachableSoftphone } from './attach';
import { QUALITY_RATINGS, type QualityRating } from '../../protocol/buttons';
import { REST_LIMITS, type RestRateLimit } from '../../protocol/rest';
import type { RecordsDiagnostic } from './diagnostics';
import { Pacer } from './outbox/pacer';
import { Store, type Progress } from './outbox/store';
import { Writer, type RecordedCall, type Recording } from './outbox/writer';
import { isRecordDirection, registerParamsOf, WITHHELD_NUMBER } from './register';
import type { RestPort } from './rest/port';
import { defaultStorage, type RecordsStorage } from './storage/port';
import { createWriterLock, platformLocks, type LockManagerLike } from './storage/writerLock';
import { SYSTEM_CLOCK, type CallOutcome, type CallStart, type DeadLetter, type RecordsClock } from './types';

export interface CallRecordsOptions {
  /** `fromBx24(BX24)` or `fromB24jssdk(b24)`. */
  readonly rest: RestPort;
  /** `USER_ID` of register and finish: the operator. */
  readonly userId: number;
  /** Where the outbox lives: `localStorage` in a browser, memory in Node, by default. */
  readonly storage?: RecordsStorage;
  /** Keeps several portals or applications apart in one storage (default `b24cc.records.`). */
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
  readonly clock?: RecordsClock;
  /** Jitter source in [0, 1) (default Math.random). */
  readonly random?: () => number;
}

/** What the softphone keeps for a call it announced. */
export interface CallRecordHandle {
  /** The call's key in the outbox (`sip:<Call-ID>` when there is a SIP Call-ID). */
  readonly key: string;
  /** `EXTERNAL_CALL_ID` sent with register. */
  readonly externalCallId: string;
  /** The softphone's end of the call (for a call the card never showed, or without the card's rating). */
  ended(outcome: Omit<CallOutcome, 'source' | 'key'>): void;
}

export interface PendingCall {
  readonly key: string;
  readonly callId: string | null;
  readonly stage: 'registering' | 'awaitingOutcome' | 'finishing' | 'checking' | 'attaching';
  readonly attempts: number;
  readonly lastError: string | null;
}

/** The call-record layer: see {@link createCallRecords}. */
export interface CallRecords {
  /** The softphone sees a call (ringing or dialling): it is registered before any card. */
  callStarted(start: CallStart): CallRecordHandle;
  /** A call is over: from the card (`fromCallSummary(summary)`) or the softphone. It is finished exactly once. */
  callEnded(outcome: CallOutcome): void;
  /** A card for this `CALL_ID` appeared (its `initialized`): the softphone's end then waits for the card's summary. */
  cardShown(callId: string): void;
  /** The `CALL_ID` a call got, once known. */
  callIdOf(key: string): string | null;
  /** What is still to be sent, in any instance. */
  pending(): PendingCall[];
  deadLetters(): DeadLetter[];
  /** Removes a dead letter the integrator has dealt with. */
  dismissDeadLetter(key: string): void;
  /** Whether this instance is the one sending. */
  readonly isWriter: boolean;
  /** Resolves when nothing is due in this instance (for tests and shutdown). */
  whenIdle(): Promise<void>;
  /** Records every call of a SIP softphone (`sipJsSoftphone`, `jsSipSoftphone`): see docs/sip-records.md. Returns the detach function. */
  attach(softphone: AttachableSoftphone): () => void;
  /** Stops this instance; everything pending stays in storage for the next one. */
  dispose(): void;
}

/** `value`, checked; `fallback` when it is absent, or a TypeError when there is no fallback. */
function positive(name: string, value: unknown, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0)) throw new TypeError(`createCallRecords: ${name} must be a positive finite number, got ${describeValue(value)}`);
  return value;
}

function validate(options: CallRecordsOptions): void {
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
  if (options.random !== undefined && typeof options.random !== 'function') throw new TypeError('createCallRecords: random must be a function returning [0, 1)');
  const clock = options.clock as Partial<RecordsClock> | undefined;
  if (clock !== undefined && (typeof clock !== 'object' || clock === null || !(['now', 'setTimeout', 'clearTimeout'] as const).every((m) => typeof clock[m] === 'function'))) {
    throw new TypeError('createCallRecords: clock must have now, setTimeout and clearTimeout');
  }
  const locks = options.locks as Partial<LockManagerLike> | null | undefined;
  if (locks !== undefined && locks !== null && (typeof locks !== 'object' || typeof locks.request !== 'function')) {
    throw new TypeError('createCallRecords: locks must be a LockManager (navigator.locks) or null for the storage lease');
  }
}

function ratingOf(value: unknown): QualityRating | null | undefined {
  if (value === null || value === undefined) return null;
  const number = typeof value === 'string' ? Number(value) : value;
  return (QUALITY_RATINGS as readonly unknown[]).includes(number) ? (number as QualityRating) : undefined;
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * The REST call record of every call, never lost and never written twice
 * (host-behaviour v2 §8). The softphone announces a call with `callStarted` — it is
 * registered at once, before any card — and its end comes from the card's summary
 * (`callEnded(fromCallSummary(summary))`) or the softphone (`handle.ended(...)`); the
 * layer finishes it exactly once. Everything goes through a durable outbox: written to
 * storage before it is sent, resumed by the next worker, sent by one instance at a time.
 *
 * @example
 * const records = createCallRecords({ rest: fromBx24(BX24), userId: 1 });
 * const handle = records.callStarted({ direction: 'incoming', phoneNumber: '+4930123456', sipCallId });
 * const card = createCallCard({ placement: BX24.placement, softphone, onSummary: (s) => records.callEnded(fromCallSummary(s)) });
 */
export function createCallRecords(options: CallRecordsOptions): CallRecords {
  validate(options);
  const clock = options.clock ?? SYSTEM_CLOCK;
  const random = options.random ?? Math.random;
  const leaseMs = positive('leaseMs', options.leaseMs, 10_000);
  const cardGraceMs = positive('cardGraceMs', options.cardGraceMs, 5000);
  const addToChat = options.addToChat ?? true;
  const instanceId = `${clock.now().toString(36)}-${Math.floor(random() * 36 ** 6).toString(36)}`;
  let counter = 0;
  let disposed = false;
  let stopListening = () => undefined as void;

  const hook = <A>(name: string, fn: ((arg: A) => unknown) | undefined, arg: A) => {
    if (!fn) return;
    try {
      const result = fn(arg);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(undefined, (error: unknown) => report({ kind: 'hookError', hook: name, error, message: `${name} rejected: ${describeError(error)}` }));
      }
    } catch (error) {
      if (name !== 'onDiagnostic') report({ kind: 'hookError', hook: name, error, message: `${name} threw: ${describeError(error)}` });
    }
  };
  const report = (diagnostic: RecordsDiagnostic) => hook('onDiagnostic', options.onDiagnostic, diagnostic);

  options.rest.reportTo?.(report);
  const registrations = new RegistrationWaiters(clock);
  const store = new Store(options.storage ?? defaultStorage(), options.storagePrefix ?? 'b24cc.records.', report);
  const pacer = new Pacer(store, options.pacing === false ? null : (options.pacing ?? { burst: 40, drainPerSecond: REST_LIMITS.standard.drainPerSecond }));
  const lock = createWriterLock({
    name: `${store.prefix}writer`,
    instanceId,
    store,
    clock,
    report,
    locks: options.locks === undefined ? platformLocks() : options.locks,
    leaseMs,
  });
  const writer = new Writer({
    store,
    rest: options.rest,
    clock,
    random,
    userId: options.userId,
    addToChat,
    pacer,
    isHeld: () => lock.isHeld(),
    report,
    onDeadLetter: (letter) => (registrations.settle(letter.key, null), hook('onDeadLetter', options.onDeadLetter, letter)),
    onRegistered: (call) => (registrations.settle(call.key, call.callId), hook('onRegistered', options.onRegistered, call)),
    onRecorded: (call) => hook('onRecorded', options.onRecorded, call),
    attachRecording: options.attachRecording ?? null,
    cardGraceMs,
    orphanGraceMs: 60_000,
    pollMs: 1000,
    maxInFlight: 4,
    tombstoneMs: 15 * 60_000,
  });

  const deadLetterNow = (key: string, reason: DeadLetter['reason'], message: string, register: DeadLetter['register']) => {
    const letter: DeadLetter = { key, callId: null, reason, message, at: clock.now(), register, finish: null };
    store.setDeadLetter(letter);
    store.settle(key, null, 'deadLetter', clock.now());
    report({ kind: 'deadLetter', letter, message });
    hook('onDeadLetter', options.onDeadLetter, letter);
  };

  const invalid = (field: string, received: unknown, message: string) => report({ kind: 'invalidInput', field, received, message });

  const handleFor = (key: string, externalCallId: string): CallRecordHandle => ({
    key,
    externalCallId,
    ended: (outcome) => records.callEnded({ ...outcome, source: 'softphone', key }),
  });

  const records: CallRecords = {
    attach: (softphone) => attachSoftphone(records, registrations, softphone),
    callStarted(start) {
      const now = clock.now();
      const given = typeof start === 'object' && start !== null ? start : ({} as CallStart);
      const sipCallId = typeof given.sipCallId === 'string' && given.sipCallId !== '' ? given.sipCallId : null;
      const callId = typeof given.callId === 'string' && given.callId !== '' ? given.callId : null;
      const key = sipCallId !== null ? `sip:${sipCallId}` : callId !== null ? `call:${callId}` : `gen:${instanceId}.${++counter}`;
      const externalCallId = sipCallId ?? (callId === null ? `b24cc-${instanceId}-${counter}` : '');
      const handle = handleFor(key, externalCallId);
      if (disposed) {
        invalid('(records)', start, `callStarted after dispose; ${key} not recorded`);
        return handle;
      }
      if (store.start(key) !== null || store.tombstone(key) !== null) return handle; // the same call announced again
      if (typeof start !== 'object' || start === null) {
        invalid('(call)', start, `callStarted needs { direction, phoneNumber }, got ${describeValue(start)}`);
        deadLetterNow(key, 'invalidCall', `the softphone's call ${describeValue(start)} could not be read`, null);
        return handle;
      }
      if (!isRecordDirection(given.direction)) {
        invalid('direction', given.direction, `direction must be outgoing, incoming, incomingRedirect, callback or informational, got ${describeValue(given.direction)}`);
        deadLetterNow(key, 'invalidCall', `call ${key} has no usable direction (${describeValue(given.direction)})`, null);
        return handle;
      }
      if (typeof given.phoneNumber !== 'string' || given.phoneNumber.trim() === '') {
        invalid('phoneNumber', given.phoneNumber, `phoneNumber must be a non-empty string, got ${describeValue(given.phoneNumber)}`);
        deadLetterNow(key, 'invalidCall', `call ${key} has no phone number`, null);
        return handle;
      }
      // The optional fields: a bad one is reported and replaced by its default; the call is kept.
      const optional = <T>(field: keyof CallStart, ok: (value: unknown) => value is T, fallback: string): T | undefined => {
        const value = given[field];
        if (value === undefined || ok(value)) return value as T | undefined;
        invalid(field, value, `call ${key}: ${field} must be ${fallback}, got ${describeValue(value)}; the default is used`);
        return undefined;
      };
      const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
      const lineNumber = optional('lineNumber', (value): value is string => typeof value === 'string' && value.trim() !== '', `a non-empty string (the layer's lineNumber is used instead)`);
      const crmCreate = optional('crmCreate', isBoolean, 'a boolean (CRM_CREATE 0)');
      const show = optional('show', isBoolean, 'a boolean (SHOW 1)');
      const startedAt = optional('startedAt', isTime, "epoch ms (the layer's clock is used)") ?? now;
      const clean: CallStart = {
        direction: given.direction,
        phoneNumber: given.phoneNumber,
        ...(lineNumber === undefined ? {} : { lineNumber }),
        ...(crmCreate === undefined ? {} : { crmCreate }),
        ...(show === undefined ? {} : { show }),
      };
      const register = callId === null ? registerParamsOf(clean, externalCallId, startedAt, options.userId, options.lineNumber) : null;
      if (register !== null && given.phoneNumber === WITHHELD_NUMBER) {
        deadLetterNow(key, 'withheldNumber', `call ${key} is from a withheld number: Bitrix24 cannot register it ("Unsupported phone number format"), so it gets no record`, register);
        return handle;
      }
      store.setStart({ key, externalCallId, register, callId, createdAt: now });
      writer.wake();
      return handle;
    },

    callEnded(outcome) {
      if (typeof outcome !== 'object' || outcome === null) return invalid('(outcome)', outcome, `callEnded needs an outcome, got ${describeValue(outcome)}`);
      const source: CallOutcome['source'] | null = outcome.source === 'card' ? 'card' : outcome.source === 'softphone' ? 'softphone' : null;
      if (source === null) return invalid('source', outcome.source, `outcome.source must be 'card' or 'softphone', got ${describeValue(outcome.source)}`);
      const rating = ratingOf(outcome.rating);
      const bad =
        typeof outcome.endedBy !== 'string' ? (['endedBy', outcome.endedBy] as const)
        : !isTime(outcome.closedAt) ? (['closedAt', outcome.closedAt] as const)
        : !(outcome.connectedAt === null || isTime(outcome.connectedAt)) ? (['connectedAt', outcome.connectedAt] as const)
        : !(outcome.failureCode === null || (Number.isInteger(outcome.failureCode) && outcome.failureCode > 0)) ? (['failureCode', outcome.failureCode] as const)
        : null;
      const key = typeof outcome.key === 'string' && outcome.key !== '' ? outcome.key : null;
      const callId = typeof outcome.callId === 'string' && outcome.callId !== '' ? outcome.callId : null;
      if (bad !== null) {
        invalid(bad[0], bad[1], `outcome.${bad[0]} is unusable: ${describeValue(bad[1])}; the call ${key ?? callId ?? '(unknown)'} stays pending until a usable outcome comes`);
        return;
      }
      // The rating is the one field a record can do without: dropping the outcome for it could leave the call unfinished.
      if (rating === undefined) invalid('rating', outcome.rating, `outcome.rating must be 1–5 or null, got ${describeValue(outcome.rating)}; the call ${key ?? callId ?? '(unknown)'} is recorded without VOTE`);
      const fact = { ...outcome, source, rating: rating ?? null, key: key ?? undefined, callId, at: clock.now() };
      const duplicate = (why: string) => report({ kind: 'duplicateOutcome', key, callId, message: `${source} outcome for ${key ?? callId}: ${why}; ignored` });
      if (key !== null && store.start(key) !== null) {
        if (store.outcome(key, source) !== null) return duplicate(`the call already has one from the ${source}`);
        store.setOutcome(key, fact);
      } else if (key !== null && store.tombstone(key) !== null) {
        return duplicate(store.tombstone(key)!.result === 'recorded' ? 'the call is already recorded' : 'the call is a dead letter');
      } else if (callId !== null) {
        const stone = store.tombstoneByCallId(callId);
        if (stone !== null) return duplicate(stone.result === 'recorded' ? 'the call is already recorded' : 'the call is a dead letter');
        if (store.outcomeByCallId(callId, source) !== null) return duplicate(`the call already has one from the ${source}`);
        store.setOutcomeByCallId(callId, fact);
      } else {
        invalid('key', key, `an outcome with neither a known key nor a CALL_ID cannot be tied to a call (${describeValue(outcome)})`);
        return;
      }
      writer.wake();
    },

    cardShown(callId) {
      if (typeof callId !== 'string' || callId === '') return invalid('callId', callId, `cardShown needs a CALL_ID, got ${describeValue(callId)}`);
      if (store.tombstoneByCallId(callId) === null && store.cardShown(callId) === null) store.setCardShown(callId, clock.now());
    },

    callIdOf(key) {
      return store.progress(key)?.callId ?? store.start(key)?.callId ?? store.tombstone(key)?.callId ?? null;
    },

    pending() {
      return store.startKeys().flatMap((key): PendingCall[] => {
        const start = store.start(key);
        if (start === null) return [];
        const progress: Progress | null = store.progress(key);
        const callId = progress?.callId ?? start.callId;
        const stage: PendingCall['stage'] =
          callId === null ? 'registering'
          : progress?.finish === 'sending' ? 'checking'
          : progress?.finish === 'done' ? 'attaching'
          : progress?.finishParams || store.outcome(key, 'softphone') || store.outcome(key, 'card') || store.outcomeByCallId(callId, 'card') || store.outcomeByCallId(callId, 'softphone') ? 'finishing'
          : 'awaitingOutcome';
        return [{ key, callId, stage, attempts: progress?.attempts ?? 0, lastError: progress?.lastError ?? null }];
      });
    },

    deadLetters: () => store.deadLetterKeys().flatMap((key) => store.deadLetter(key) ?? []),
    dismissDeadLetter: (key) => store.removeDeadLetter(key),

    get isWriter() {
      return lock.isHeld();
    },
    whenIdle: () => writer.whenIdle(),
    dispose() {
      if (disposed) return;
      disposed = true;
      writer.stop();
      lock.stop();
      stopListening();
    },
  };

  lock.start((held) => {
    report({ kind: 'writer', held, via: lock.via, message: `this worker ${held ? 'now sends' : 'no longer sends'} the call records (${lock.via})` });
    if (held) writer.wake();
  });
  // Another tab's writes: look at once instead of at the next poll.
  const target = globalThis as { addEventListener?: (type: string, listener: () => void) => void; removeEventListener?: (type: string, listener: () => void) => void };
  const onStorage = () => writer.wake();
  if (typeof target.addEventListener === 'function' && options.storage === undefined) {
    target.addEventListener('storage', onStorage);
    stopListening = () => target.removeEventListener?.('storage', onStorage);
  }
  return records;
}
