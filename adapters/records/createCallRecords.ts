import { describeError } from '../../diagnostics';
import { REST_LIMITS } from '../../protocol/rest';
import type { RecordsDiagnostic } from './diagnostics';
import { cardShown, endCall, noteLife, startCall, type CallIdentity, type IntakeContext } from './intake';
import { RECORDS_DEFAULTS, validate, type CallRecordsOptions } from './options';
import { Pacer } from './outbox/pacer';
import { Store, type Progress } from './outbox/store';
import { Writer } from './outbox/writer';
import { createLegacyCleaner } from './outbox/legacy';
import { attachSoftphone, RegistrationWaiters, type AttachableSoftphone } from './attach';
import { platformStorage } from './storage/port';
import { createWriterLock, platformLocks } from './storage/writerLock';
import { SYSTEM_CLOCK, type CallOutcome, type CallStart, type DeadLetter, type NotAWithheldWord } from './types';

export type { CallRecordsOptions } from './options';

/** How long `finishPending` waits by default, and how often it looks again, ms. */
const FINISH_PENDING_WAIT_MS = 10_000;
const FINISH_PENDING_POLL_MS = 50;

/**
 * The keys' prefix: the portal and the user, so that two portals, or two users signing in one
 * after another, never share an outbox in the origin's one storage (host-behaviour §10).
 */
function defaultPrefix(options: CallRecordsOptions, report: (diagnostic: RecordsDiagnostic) => void): string {
  let memberId = options.memberId ?? null;
  if (memberId === null) {
    try {
      const known = options.rest.portal?.() ?? null;
      memberId = typeof known === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(known) ? known : null;
    } catch {
      memberId = null;
    }
  }
  if (memberId === null) {
    report({ kind: 'portalUnknown', userId: options.userId, message: `createCallRecords: the portal's member_id is not known (give memberId); the outbox is kept apart by USER_ID ${options.userId} only` });
    return `b24cc.records.-.${options.userId}.`;
  }
  return `b24cc.records.${memberId}.${options.userId}.`;
}

/** What the softphone keeps for a call it announced. */
export interface CallRecordHandle {
  /**
   * The call's key in the outbox: `sip:<Call-ID>` for the first call with a SIP Call-ID,
   * `sip:<Call-ID>#<id>` for another call that reuses it (the layer's own id, so no caller
   * can make two calls share a key); without a SIP Call-ID, `call:<CALL_ID>` for a call the
   * portal registered itself (`callId` given) and `gen:<id>` otherwise.
   */
  readonly key: string;
  /**
   * `EXTERNAL_CALL_ID` sent with register: the SIP Call-ID, `<Call-ID>#<id>` for a call that
   * reuses one, `b24cc-<id>` for a call without one; empty for a call the portal registered
   * itself (nothing is registered for it).
   */
  readonly externalCallId: string;
  /** The softphone's end of the call (for a call the card never showed, or without the card's rating). */
  ended(outcome: Omit<CallOutcome, 'source' | 'key'>): void;
}

/** A call still in the outbox, as {@link CallRecords.pending} lists it. */
export interface PendingCall {
  readonly key: string;
  /** Its `CALL_ID`, once the register answered (or given with `callStarted`). */
  readonly callId: string | null;
  /** `EXTERNAL_CALL_ID` of its register (empty for a call known only by its `CALL_ID`). */
  readonly externalCallId: string;
  /** When the layer first heard of it (epoch ms). */
  readonly startedAt: number;
  /** What `callAnswered` / `callAlive` kept of it (epoch ms), null when nothing was said. */
  readonly answeredAt: number | null;
  readonly aliveAt: number | null;
  /**
   * `registering`: no `CALL_ID` yet; `awaitingOutcome`: registered, its end not yet reported;
   * `finishing`: its end is known and finish is to be sent; `checking`: a finish went out and
   * its answer is not known (in flight, or lost), so it is checked before anything is sent
   * again; `attaching`: finished, its recording (`attachRecording`) still to be attached or
   * the call still to be cleared from storage.
   */
  readonly stage: 'registering' | 'awaitingOutcome' | 'finishing' | 'checking' | 'attaching';
  readonly attempts: number;
  readonly lastError: string | null;
}

/** The call-record layer: see {@link createCallRecords}. */
export interface CallRecords {
  /**
   * The softphone sees a call (ringing or dialling): it is registered before any card —
   * unless it has a `callId` (the portal registered it: click-to-call, a call list), then it
   * is only finished. The same SIP Call-ID, number and direction announced again while the
   * call is on is the same call (the same handle). A withheld number is
   * {@link WITHHELD_NUMBER} (such a call is dead-lettered, `withheldNumber`); a literal word
   * for one (`'anonymous'`…) is refused by the types, as it would otherwise be sent to the
   * portal as a number. Bad input is reported, never thrown: a call whose direction or
   * number cannot be read is dead-lettered (`invalidCall`), a bad optional field gets its default.
   */
  callStarted<const P extends string>(start: CallStart & { readonly phoneNumber: NotAWithheldWord<P> }): CallRecordHandle;
  /** A call is over: from the card (`fromCallSummary(summary)`) or the softphone. It is finished exactly once. */
  callEnded(outcome: CallOutcome): void;
  /** A card for this `CALL_ID` appeared (its `initialized`): the softphone's end then waits for the card's summary, at most `cardGraceMs`. */
  cardShown(callId: string): void;
  /**
   * The call was answered (`at`, epoch ms), by its key or `CALL_ID`: kept with the call, so a
   * call whose end never comes (its frame died) is finished with the talk time it had.
   */
  callAnswered(keyOrCallId: string, at: number): void;
  /** The frame holding the call's media is still alive (`at`): an abandoned call's talk time runs up to here. */
  callAlive(keyOrCallId: string, at: number): void;
  /** The `CALL_ID` a call got, once known. */
  callIdOf(key: string): string | null;
  /** What is still to be sent, in any instance. */
  pending(): PendingCall[];
  /**
   * Resolves once the call `callId` has no finish waiting to be sent (sent, a dead letter, or
   * none pending), or after `ms` (default 10 s). The portal reuses a `CALL_ID` it was not told
   * the end of for 30 minutes, sending its `ONEXTERNALCALLSTART` again: give this to the card's
   * `finishFirst` option so such a call is finished before it is dialled again (statechart SC-L6).
   */
  finishPending(callId: string, ms?: number): Promise<void>;
  /** The calls given up on, kept in storage until dismissed or `deadLetterRetentionMs` has passed. */
  deadLetters(): DeadLetter[];
  /** Removes a dead letter the integrator has dealt with. */
  dismissDeadLetter(key: string): void;
  /** Whether this instance is the one sending. */
  readonly isWriter: boolean;
  /**
   * Resolves when nothing is pending in storage — every call recorded, a dead letter or
   * abandoned — and no request of this instance is in flight, or once disposed. A call still
   * waiting for its end keeps it waiting (at most `abandonAfterMs`). For tests and shutdown.
   */
  whenIdle(): Promise<void>;
  /** Records every call of a SIP softphone (`sipJsSoftphone`, `jsSipSoftphone`): see docs/sip-records.md. Returns the detach function. */
  attach(softphone: AttachableSoftphone): () => void;
  /**
   * Stops this instance (its sending, its writer lock); everything pending stays in storage
   * for the next one. An attached softphone stays attached: detach it first, as a call it
   * starts afterwards is reported (`invalidInput`) and not recorded.
   */
  dispose(): void;
}

/**
 * The REST call record of every call, never lost and never written twice
 * (host-behaviour v2 §8). The softphone announces a call with `callStarted` — it is
 * registered at once, before any card — and its end comes from the card's summary
 * (`callEnded(fromCallSummary(summary))`) or the softphone (`handle.ended(...)`); the
 * layer finishes it exactly once. Everything goes through a durable outbox: written to
 * storage before it is sent, resumed by the next worker, sent by one instance at a time.
 *
 * With the SIP adapters one line does all of it: `records.attach(softphone)`
 * (docs/sip-records.md). By hand:
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
  const leaseMs = options.leaseMs ?? RECORDS_DEFAULTS.leaseMs;
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
  const platform = options.storage === undefined ? platformStorage() : { storage: options.storage, shared: true, blocked: undefined };
  const store = new Store(platform.storage, options.storagePrefix ?? defaultPrefix(options, report), report);
  /** Who waits for a register's CALL_ID (an attached softphone asked about a call another instance registers). */
  const registrations = new RegistrationWaiters(clock);
  const pacer = new Pacer(store, options.pacing === false ? null : (options.pacing ?? { burst: 40, drainPerSecond: REST_LIMITS.standard.drainPerSecond }));
  if (!platform.shared && platform.blocked !== undefined) {
    report({ kind: 'storageFailed', key: store.prefix, error: platform.blocked, recovered: false, message: `storage is blocked (${describeError(platform.blocked)}): this frame keeps its calls in memory and sends them itself; a frame that dies first loses what it had not sent` });
  }
  const locks = options.locks === undefined ? platformLocks() : options.locks;
  const abandonAfterMs = options.abandonAfterMs ?? RECORDS_DEFAULTS.abandonAfterMs;
  const deadLetterRetentionMs = options.deadLetterRetentionMs ?? RECORDS_DEFAULTS.deadLetterRetentionMs;
  const tombstoneMs = 15 * 60_000;
  // What an earlier version left under its fixed prefix names no portal: never sent, deleted past its retention (docs/records.md).
  const legacy = createLegacyCleaner({ ownPrefix: store.prefix, storage: platform.storage, clock, locks, instanceId, report, abandonAfterMs, deadLetterRetentionMs, tombstoneMs });
  const lock = createWriterLock({
    // An outbox in this instance's memory is nobody else's: it needs its own writer, never another tab's.
    name: platform.shared ? `${store.prefix}writer` : `${store.prefix}writer.${instanceId}`,
    instanceId,
    store,
    clock,
    report,
    locks,
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
    cardGraceMs: options.cardGraceMs ?? RECORDS_DEFAULTS.cardGraceMs,
    deadLetterRetentionMs,
    abandonAfterMs,
    orphanGraceMs: 60_000,
    pollMs: 1000,
    maxInFlight: 4,
    tombstoneMs,
    onRetention: () => legacy.run(),
  });

  const intake: IntakeContext = {
    store,
    clock,
    userId: options.userId,
    lineNumber: options.lineNumber,
    report,
    deadLetter: (letter) => {
      store.setDeadLetter(letter);
      store.settle(letter.key, null, 'deadLetter', clock.now());
      report({ kind: 'deadLetter', letter, message: letter.message });
      hook('onDeadLetter', options.onDeadLetter, letter);
    },
    nonce: () => `${instanceId}.${++counter}`,
    wake: () => writer.wake(),
  };

  const handleFor = ({ key, externalCallId }: CallIdentity): CallRecordHandle => ({
    key,
    externalCallId,
    ended: (outcome) => records.callEnded({ ...outcome, source: 'softphone', key }),
  });

  const records: CallRecords = {
    attach: (softphone) => attachSoftphone(records, registrations, softphone),
    callStarted(start) {
      if (disposed) {
        const nonce = intake.nonce();
        report({ kind: 'invalidInput', field: '(records)', received: start, message: `callStarted after dispose; the call is not recorded` });
        return handleFor({ key: `gen:${nonce}`, externalCallId: `b24cc-${nonce.replace('.', '-')}` });
      }
      return handleFor(startCall(intake, start));
    },

    callEnded: (outcome) => endCall(intake, outcome),
    callAnswered: (keyOrCallId, at) => noteLife(intake, keyOrCallId, { answeredAt: at, aliveAt: at }),
    callAlive: (keyOrCallId, at) => noteLife(intake, keyOrCallId, { aliveAt: at }),
    cardShown: (callId) => cardShown(intake, callId),

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
        const life = store.life(key);
        return [{ key, callId, externalCallId: start.externalCallId, startedAt: start.createdAt, answeredAt: life?.answeredAt ?? null, aliveAt: life?.aliveAt ?? null, stage, attempts: progress?.attempts ?? 0, lastError: progress?.lastError ?? null }];
      });
    },

    finishPending(callId, ms = FINISH_PENDING_WAIT_MS) {
      // An outcome is stored and not yet settled: by its start's key, or by the CALL_ID alone (a refusal, a card's summary).
      const waiting = () =>
        store.tombstoneByCallId(callId) === null &&
        (records.pending().some((call) => call.callId === callId && call.stage !== 'awaitingOutcome' && call.stage !== 'registering') ||
          store.outcomeByCallId(callId, 'card') !== null ||
          store.outcomeByCallId(callId, 'softphone') !== null);
      const deadline = clock.now() + ms;
      return new Promise<void>((resolve) => {
        const look = () => {
          if (disposed || !waiting() || clock.now() >= deadline) return resolve();
          writer.wake();
          clock.setTimeout(look, Math.min(FINISH_PENDING_POLL_MS, Math.max(0, deadline - clock.now())));
        };
        look();
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
