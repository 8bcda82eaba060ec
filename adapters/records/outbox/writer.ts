import { describeError } from '../../../diagnostics';
import { REST_METHODS } from '../../../protocol/rest';
import type { RecordsDiagnostic } from '../diagnostics';
import { finishParamsOf } from '../outcome';
import { directionOfType } from '../register';
import { describeFailure, isUnprocessed, type RestFailure, type RestPort } from '../rest/port';
import type { DeadLetter, DeadLetterReason, FinishParams, RecordsClock } from '../types';
import { backoffDelay } from './backoff';
import type { Pacer } from './pacer';
import type { OutcomeFact, Progress, StartFact, Store } from './store';

/** What `attachRecording` returns: the file, by content (base64) or by URL. */
export interface Recording {
  readonly filename: string;
  /** Base64 file content (`FILE_CONTENT`). */
  readonly content?: string;
  /** A URL Bitrix24 downloads the file from (`RECORD_URL`). */
  readonly url?: string;
}

export interface RecordedCall {
  readonly key: string;
  readonly callId: string;
  readonly finish: FinishParams;
}

export interface WriterOptions {
  readonly store: Store;
  readonly rest: RestPort;
  readonly clock: RecordsClock;
  readonly random: () => number;
  readonly userId: number;
  readonly addToChat: boolean;
  readonly pacer: Pacer;
  readonly isHeld: () => boolean;
  readonly report: (diagnostic: RecordsDiagnostic) => void;
  readonly onDeadLetter: (letter: DeadLetter) => void;
  readonly onRegistered: (call: { key: string; callId: string }) => void;
  readonly onRecorded: (call: RecordedCall) => void;
  readonly attachRecording: ((call: RecordedCall) => Recording | null | Promise<Recording | null>) | null;
  /** How long a softphone outcome waits for the card's summary (which has the rating) when a card was shown, ms. */
  readonly cardGraceMs: number;
  /** How long an outcome known only by `CALL_ID` waits for a pending register to claim it, ms. */
  readonly orphanGraceMs: number;
  /** How often a waiting writer looks at storage for other instances' calls, ms. */
  readonly pollMs: number;
  /** Requests out at once, at most (each for a different call). */
  readonly maxInFlight: number;
  readonly tombstoneMs: number;
}

type Job =
  | { readonly kind: 'register'; readonly start: StartFact; readonly progress: Progress }
  | { readonly kind: 'finish'; readonly start: StartFact; readonly progress: Progress; readonly callId: string; readonly outcome: OutcomeFact }
  | { readonly kind: 'verify'; readonly start: StartFact; readonly progress: Progress; readonly callId: string }
  | { readonly kind: 'attach'; readonly start: StartFact; readonly progress: Progress; readonly callId: string }
  | { readonly kind: 'settle'; readonly start: StartFact; readonly progress: Progress; readonly callId: string };

const INITIAL: Omit<Progress, 'callId'> = { finish: 'pending', finishParams: null, attempts: 0, nextAt: 0, attach: 'none' };

function rowsOf(result: unknown): readonly unknown[] {
  if (Array.isArray(result)) return result;
  const items = typeof result === 'object' && result !== null ? (result as Record<string, unknown>)['items'] : undefined;
  return Array.isArray(items) ? items : [];
}

function callIdOfRow(row: unknown): string | null {
  const value = typeof row === 'object' && row !== null ? (row as Record<string, unknown>)['CALL_ID'] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/**
 * The outbox's one sender: while this instance holds the writer lock it takes the due
 * call with the earliest `nextAt` and moves it one step (register, finish, check, attach),
 * one request at a time under the pacer. Every decision is written to storage before the
 * request it leads to, so a worker that dies at any point leaves its successor enough to
 * carry on without sending anything twice that must not be.
 */
export class Writer {
  private timer: unknown = null;
  private timerAt = Infinity;
  /** Keys of the calls with a request out now. */
  private readonly inFlight = new Set<string>();
  private stopped = false;
  private prunedAt = -Infinity;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly o: WriterOptions) {}

  wake(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    this.releaseIdle();
  }

  /** Resolves when nothing is due now (calls may still wait for an outcome, a retry time or the lock). */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wake();
    });
  }

  private releaseIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    const at = this.o.clock.now() + Math.max(0, ms);
    if (this.timer !== null && this.timerAt <= at) return;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.run();
    }, Math.max(0, ms));
  }

  /**
   * Starts every due job it may, up to `maxInFlight` requests at once (a request that hangs
   * until its timeout must not hold the others up), each only when the pacer allows; one
   * job per call at a time.
   */
  private run(): void {
    const { clock, pacer, pollMs } = this.o;
    if (this.stopped) return;
    if (!this.o.isHeld()) {
      if (this.inFlight.size === 0) this.releaseIdle();
      return;
    }
    while (this.inFlight.size < this.o.maxInFlight) {
      const now = clock.now();
      // Nothing may go before the pacer allows: no need to look for what would.
      const wait = pacer.delay(now);
      if (wait > 0) {
        this.schedule(wait);
        return;
      }
      const { job, dueAt } = this.nextJob(now);
      if (job === null || dueAt > now) {
        if (this.inFlight.size === 0) this.releaseIdle();
        this.schedule(Math.min(pollMs, Math.max(0, dueAt - now)));
        return;
      }
      if (job.kind === 'settle') {
        this.o.store.settle(job.start.key, job.callId, 'recorded', now);
        continue;
      }
      const key = job.start.key;
      this.inFlight.add(key);
      void this.perform(job)
        .catch((error: unknown) => {
          // A bug or a throwing port must not stop the outbox: the call stays, retried later.
          this.o.report({ kind: 'hookError', hook: 'outbox', error, message: `the outbox step for ${key} failed: ${describeError(error)}; retried later` });
          this.o.store.setProgress(key, { ...job.progress, attempts: job.progress.attempts + 1, nextAt: clock.now() + backoffDelay(job.progress.attempts + 1, this.o.random) });
        })
        .finally(() => {
          this.inFlight.delete(key);
          this.schedule(0);
        });
    }
  }

  private pickOutcome(key: string, callId: string): OutcomeFact | null {
    const { store } = this.o;
    return store.outcomeByCallId(callId, 'card') ?? store.outcome(key, 'card') ?? store.outcome(key, 'softphone') ?? store.outcomeByCallId(callId, 'softphone');
  }

  /** The due job with the earliest time, or the time to look again; the scan is reused until storage changes or a poll is due. */
  private nextJob(now: number): { job: Job | null; dueAt: number } {
    const { store } = this.o;
    const cached = this.scanned;
    if (cached === null || cached.version !== store.version || now - cached.at >= this.o.pollMs) {
      // The version before the scan: a scan that writes (an orphan's start) leaves itself stale.
      const version = store.version;
      this.scanned = { ...this.scan(now), version, at: now };
    }
    const { candidates, wakeAt } = this.scanned!;
    let best: { job: Job; dueAt: number } | null = null;
    for (const candidate of candidates) {
      if (this.inFlight.has(candidate.job.start.key)) continue;
      if (best === null || candidate.dueAt < best.dueAt) best = candidate;
    }
    return best === null || best.dueAt > wakeAt ? { job: null, dueAt: wakeAt } : best;
  }

  private scanned: { candidates: { job: Job; dueAt: number }[]; wakeAt: number; version: number; at: number } | null = null;

  /** Every call's next step and when it is due. */
  private scan(now: number): { candidates: { job: Job; dueAt: number }[]; wakeAt: number } {
    const { store } = this.o;
    if (now - this.prunedAt >= 60_000) {
      this.prunedAt = now;
      store.pruneTombstones(now - this.o.tombstoneMs);
    }
    const scan = store.scanKeys();
    const candidates: { job: Job; dueAt: number }[] = [];
    let bestAt = Infinity;
    const consider = (job: Job, at: number) => {
      candidates.push({ job, dueAt: at });
    };
    const claimed = new Set<string>();
    let registering = false;
    // The earliest first send of a register still unanswered (in any instance, crashed ones included).
    let inDoubtSince = Infinity;
    for (const key of scan.starts) {
      const start = store.start(key);
      if (start === null) continue;
      if (this.inFlight.has(key)) {
        const progress = store.progress(key);
        const callId = progress?.callId ?? start.callId;
        if (callId === null) {
          registering = true;
          inDoubtSince = Math.min(inDoubtSince, progress?.registerSentAt ?? -Infinity);
        } else claimed.add(callId);
        continue;
      }
      const progress = store.progress(key) ?? { ...INITIAL, callId: start.callId };
      const callId = progress.callId ?? start.callId;
      if (callId === null) {
        registering = true;
        if (progress.registerSentAt !== undefined) inDoubtSince = Math.min(inDoubtSince, progress.registerSentAt);
        consider({ kind: 'register', start, progress }, progress.nextAt);
        continue;
      }
      claimed.add(callId);
      if (progress.finish === 'done') {
        consider(progress.attach === 'pending' ? { kind: 'attach', start, progress, callId } : { kind: 'settle', start, progress, callId }, progress.nextAt);
        continue;
      }
      if (progress.finish === 'sending') {
        consider({ kind: 'verify', start, progress, callId }, progress.nextAt);
        continue;
      }
      const outcome = this.pickOutcome(key, callId);
      if (outcome === null) continue;
      const waitsForCard = outcome.source === 'softphone' && store.cardShown(callId) !== null ? outcome.at + this.o.cardGraceMs : 0;
      consider({ kind: 'finish', start, progress, callId, outcome }, Math.max(progress.nextAt, waitsForCard));
    }
    // Outcomes known only by CALL_ID (a card's summary) that no local call has claimed.
    for (const callId of scan.outcomeCallIds) {
      if (claimed.has(callId)) continue;
      const outcome = store.outcomeByCallId(callId, 'card') ?? store.outcomeByCallId(callId, 'softphone');
      if (outcome === null) continue;
      if (store.tombstoneByCallId(callId) !== null) {
        store.removeStrayOutcome(callId);
        this.o.report({ kind: 'duplicateOutcome', key: null, callId, message: `an outcome for ${callId}, which is already settled; ignored` });
        continue;
      }
      // A register sent before this outcome and not yet answered may be this very call (its answer
      // lost, its card shown). Finished alone now, the register's retry would no longer match the
      // finished call and would create a second one, recorded a second time: wait for its answer,
      // however long it is held back; it gives this CALL_ID back and claims the outcome.
      if (inDoubtSince <= outcome.at) continue;
      const claimAt = outcome.at + this.o.orphanGraceMs;
      if (registering && now < claimAt) {
        bestAt = Math.min(bestAt, claimAt);
        continue;
      }
      // A call this worker never saw start (a previous worker's, click-to-call not announced): finish it by CALL_ID.
      store.setStart({ key: `cid:${callId}`, externalCallId: '', register: null, callId, createdAt: now });
      bestAt = now;
    }
    return { candidates, wakeAt: bestAt };
  }

  private retryLater(job: Job, method: string, failure: RestFailure, progress: Partial<Progress>): void {
    const { clock, pacer, random, store } = this.o;
    const now = clock.now();
    const attempt = job.progress.attempts + 1;
    let delayMs: number;
    if (failure.kind === 'queryLimit') {
      pacer.saturate(now);
      delayMs = backoffDelay(attempt, random, { baseMs: pacer.slotMs, maxMs: 30_000 });
    } else if (failure.kind === 'operationLimit') {
      const until = failure.resetAt !== null && failure.resetAt > now ? failure.resetAt : now + 60_000;
      pacer.block(until, now);
      delayMs = until - now + Math.round(random() * pacer.slotMs);
    } else {
      delayMs = backoffDelay(attempt, random);
    }
    store.setProgress(job.start.key, { ...job.progress, ...progress, attempts: attempt, nextAt: now + delayMs, lastError: describeFailure(failure) });
    this.o.report({ kind: 'retrying', key: job.start.key, method, failure, attempt, delayMs, message: `${method} for ${job.start.key}: ${describeFailure(failure)}; again in ${delayMs} ms` });
  }

  private deadLetter(job: Job, callId: string | null, reason: DeadLetterReason, message: string, finish: FinishParams | null, response?: unknown): void {
    const now = this.o.clock.now();
    const letter: DeadLetter = { key: job.start.key, callId, reason, message, at: now, register: job.start.register, finish, ...(response === undefined ? {} : { response }) };
    this.o.store.setDeadLetter(letter);
    this.o.store.settle(job.start.key, callId, 'deadLetter', now);
    this.o.report({ kind: 'deadLetter', letter, message });
    this.o.onDeadLetter(letter);
  }

  private async send(method: string, params: Readonly<Record<string, unknown>>) {
    this.o.pacer.spend(this.o.clock.now());
    return this.o.rest.call(method, params);
  }

  private perform(job: Job): Promise<void> {
    switch (job.kind) {
      case 'register':
        return this.register(job);
      case 'finish':
        return this.finish(job);
      case 'verify':
        return this.verify(job, false);
      case 'attach':
        return this.attach(job);
      case 'settle':
        return Promise.resolve();
    }
  }

  private async register(job: Extract<Job, { kind: 'register' }>): Promise<void> {
    const { store } = this.o;
    const params = job.start.register;
    if (params === null) {
      this.deadLetter(job, null, 'noCallId', `${job.start.key} has neither a CALL_ID nor anything to register`, null);
      return;
    }
    // Safe to repeat: the same EXTERNAL_CALL_ID (and number, type, user, line) gives back the same CALL_ID for 30 minutes.
    if (job.progress.registerSentAt === undefined) {
      job = { ...job, progress: { ...job.progress, registerSentAt: this.o.clock.now() } };
      store.setProgress(job.start.key, job.progress);
    }
    const reply = await this.send(REST_METHODS.register, params);
    if (reply.ok) {
      const raw = typeof reply.result === 'object' && reply.result !== null ? (reply.result as Record<string, unknown>)['CALL_ID'] : undefined;
      if (typeof raw !== 'string' && typeof raw !== 'number') {
        this.retryLater(job, REST_METHODS.register, { kind: 'ambiguous', cause: 'server', status: 200, description: 'register answered without a CALL_ID' }, {});
        return;
      }
      const callId = String(raw);
      store.setProgress(job.start.key, { ...job.progress, callId, attempts: 0, nextAt: 0 });
      this.o.onRegistered({ key: job.start.key, callId });
      return;
    }
    const failure = reply.failure;
    if (failure.kind === 'refused' || failure.kind === 'notFound') {
      this.deadLetter(job, null, 'refused', `Bitrix24 refused to register ${job.start.register?.PHONE_NUMBER}: ${describeFailure(failure)}`, null, failure);
      return;
    }
    this.retryLater(job, REST_METHODS.register, failure, {});
  }

  private async finish(job: Extract<Job, { kind: 'finish' }>): Promise<void> {
    const { store, clock } = this.o;
    const outcome = { ...job.outcome, direction: job.outcome.direction ?? directionOfType(job.start.register?.TYPE) };
    const params = job.progress.finishParams ?? finishParamsOf(job.callId, this.o.userId, outcome, this.o.addToChat);
    const sending: Progress = { ...job.progress, callId: job.callId, finish: 'sending', finishParams: params };
    // Written before the request: whoever finds it so does not know whether the portal recorded it.
    store.setProgress(job.start.key, sending);
    const reply = await this.send(REST_METHODS.finish, params);
    const next = { ...job, progress: sending };
    if (reply.ok) {
      this.recorded(next, job.callId, params);
      return;
    }
    const failure = reply.failure;
    if (isUnprocessed(failure)) {
      this.retryLater(next, REST_METHODS.finish, failure, { finish: 'pending' });
      return;
    }
    if (failure.kind === 'ambiguous') {
      const attempt = job.progress.attempts + 1;
      store.setProgress(job.start.key, { ...sending, attempts: attempt, nextAt: clock.now() + backoffDelay(attempt, this.o.random, { baseMs: 500 }), lastError: describeFailure(failure) });
      this.o.report({ kind: 'finishAmbiguous', key: job.start.key, callId: job.callId, failure, message: `finish of ${job.callId} may have been recorded (${describeFailure(failure)}); the statistics are asked before anything is sent again` });
      return;
    }
    if (failure.kind === 'notFound') {
      // Either never there (expired), or already finished by an earlier attempt or another instance.
      await this.verify({ kind: 'verify', start: job.start, progress: sending, callId: job.callId }, true, failure);
      return;
    }
    this.deadLetter(next, job.callId, 'refused', `Bitrix24 refused to finish ${job.callId}: ${describeFailure(failure)}`, params, failure);
  }

  /**
   * Whether a finish of unknown fate was recorded: `voximplant.statistic.get` filtered by
   * `CALL_ID`. Recorded → done; not recorded → send it (or, after `Call is not found`,
   * a dead letter: the call is gone without a record).
   */
  private async verify(job: Extract<Job, { kind: 'verify' }>, afterNotFound: boolean, notFound?: RestFailure): Promise<void> {
    const { store } = this.o;
    const params = job.progress.finishParams;
    const reply = await this.send(REST_METHODS.statisticGet, { FILTER: { CALL_ID: job.callId } });
    if (reply.ok) {
      const recorded = rowsOf(reply.result).some((row) => callIdOfRow(row) === job.callId);
      this.o.report({ kind: 'finishVerified', key: job.start.key, callId: job.callId, recorded, message: `the statistics ${recorded ? 'have' : 'have no'} a record of ${job.callId}` });
      if (recorded) {
        this.recorded(job, job.callId, params);
        return;
      }
      if (afterNotFound) {
        const age = this.o.clock.now() - job.start.createdAt;
        this.deadLetter(job, job.callId, 'notFound', `Bitrix24 has no call ${job.callId} and no record of it: it was never registered or it expired (registered ${Math.round(age / 60_000)} min ago)`, params, notFound);
        return;
      }
      store.setProgress(job.start.key, { ...job.progress, finish: 'pending', nextAt: 0 });
      return;
    }
    const failure = reply.failure;
    if (failure.kind === 'refused' || failure.kind === 'notFound') {
      // The statistics cannot be read (no permission): the portal will not say.
      if (afterNotFound || job.progress.lastError === 'unverifiable') {
        this.deadLetter(job, job.callId, 'unverified', `finish of ${job.callId} may have been recorded by an earlier attempt, and the statistics cannot be read to tell (${describeFailure(failure)})`, params, failure);
        return;
      }
      // Not found now would then mean recorded-or-expired: mark it so that it becomes a dead letter, not a loop.
      store.setProgress(job.start.key, { ...job.progress, finish: 'pending', nextAt: 0, lastError: 'unverifiable' });
      return;
    }
    this.retryLater(job, REST_METHODS.statisticGet, failure, {});
  }

  private recorded(job: Job, callId: string, params: FinishParams | null): void {
    const { store, clock } = this.o;
    const finish = params ?? job.progress.finishParams;
    if (finish !== null) this.o.onRecorded({ key: job.start.key, callId, finish });
    if (this.o.attachRecording !== null && finish !== null && finish.DURATION > 0) {
      store.setProgress(job.start.key, { ...job.progress, callId, finish: 'done', attach: 'pending', attempts: 0, nextAt: 0 });
      return;
    }
    store.settle(job.start.key, callId, 'recorded', clock.now());
  }

  private async attach(job: Extract<Job, { kind: 'attach' }>): Promise<void> {
    const { store, clock } = this.o;
    const finish = job.progress.finishParams;
    const settle = () => store.settle(job.start.key, job.callId, 'recorded', clock.now());
    if (this.o.attachRecording === null || finish === null) return settle();
    let recording: Recording | null;
    try {
      recording = await this.o.attachRecording({ key: job.start.key, callId: job.callId, finish });
    } catch (error) {
      this.o.report({ kind: 'hookError', hook: 'attachRecording', error, message: `attachRecording threw for ${job.callId}: ${describeError(error)}; no recording attached` });
      return settle();
    }
    if (recording === null || recording === undefined) return settle();
    const params = {
      CALL_ID: job.callId,
      FILENAME: recording.filename,
      ...(recording.content === undefined ? {} : { FILE_CONTENT: recording.content }),
      ...(recording.url === undefined ? {} : { RECORD_URL: recording.url }),
    };
    const reply = await this.send(REST_METHODS.attachRecord, params);
    if (reply.ok) return settle();
    if (isUnprocessed(reply.failure) && job.progress.attempts < 10) {
      this.retryLater(job, REST_METHODS.attachRecord, reply.failure, {});
      return;
    }
    this.o.report({ kind: 'attachFailed', key: job.start.key, callId: job.callId, failure: reply.failure, message: `the recording of ${job.callId} was not attached: ${describeFailure(reply.failure)}` });
    settle();
  }
}
