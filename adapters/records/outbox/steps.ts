import { describeError } from '../../../diagnostics';
import { REST_METHODS } from '../../../protocol/rest';
import { boundedResponse, clip } from '../bounds';
import type { RecordsDiagnostic } from '../diagnostics';
import { finishParamsOf, NO_OUTCOME } from '../outcome';
import { directionOfType } from '../register';
import { describeFailure, isUnprocessed, type RestFailure, type RestPort } from '../rest/port';
import type { DeadLetter, DeadLetterReason, FinishParams, RecordsClock } from '../types';
import { backoffDelay } from './backoff';
import type { Pacer } from './pacer';
import type { Job } from './scan';
import type { OutcomeFact, Progress, StartFact, Store } from './store';

/** What `attachRecording` returns: the file, by content (base64) or by URL. */
export interface Recording {
  readonly filename: string;
  /** Base64 file content (`FILE_CONTENT`). */
  readonly content?: string;
  /** A URL Bitrix24 downloads the file from (`RECORD_URL`). */
  readonly url?: string;
}

/** A call recorded in Bitrix24 (`onRecorded`, `attachRecording`). */
export interface RecordedCall {
  readonly key: string;
  readonly callId: string;
  readonly finish: FinishParams;
}

export interface StepOptions {
  readonly store: Store;
  readonly rest: RestPort;
  readonly clock: RecordsClock;
  readonly random: () => number;
  readonly userId: number;
  readonly addToChat: boolean;
  readonly pacer: Pacer;
  readonly report: (diagnostic: RecordsDiagnostic) => void;
  readonly onDeadLetter: (letter: DeadLetter) => void;
  readonly onRegistered: (call: { key: string; callId: string }) => void;
  readonly onRecorded: (call: RecordedCall) => void;
  readonly attachRecording: ((call: RecordedCall) => Recording | null | Promise<Recording | null>) | null;
}

function rowsOf(result: unknown): readonly unknown[] {
  if (Array.isArray(result)) return result;
  const items = typeof result === 'object' && result !== null ? (result as Record<string, unknown>)['items'] : undefined;
  return Array.isArray(items) ? items : [];
}

function callIdOfRow(row: unknown): string | null {
  const value = typeof row === 'object' && row !== null ? (row as Record<string, unknown>)['CALL_ID'] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** The `USER_ID` a call belongs to: its register's, else what was written with its start or outcome. */
function userOf(start: StartFact, outcome: OutcomeFact): number | null {
  const registered = start.register?.USER_ID;
  if (typeof registered === 'number' && Number.isSafeInteger(registered) && registered > 0) return registered;
  for (const user of [start.userId, outcome.userId]) if (typeof user === 'number' && Number.isSafeInteger(user) && user > 0) return user;
  return null;
}

/**
 * The requests of the outbox, one step of one call each: register, finish, check a
 * finish of unknown fate, attach the recording. Each writes its decision to storage
 * before the request it leads to, and its result after.
 */
export class Steps {
  constructor(private readonly o: StepOptions) {}

  perform(job: Job): Promise<void> {
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
      case 'abandon':
        return Promise.resolve();
    }
  }

  /**
   * A call with no outcome after `abandonAfterMs` (its end was never reported): with a
   * `CALL_ID` it is given the outcome the journal can vouch for — not connected, ended when
   * it was last heard of — and finished as usual; without one it is a dead letter.
   */
  abandon(job: Extract<Job, { kind: 'abandon' }>, now: number): void {
    const { store } = this.o;
    const { start } = job;
    const ageMs = now - start.createdAt;
    const hours = (ageMs / 3_600_000).toFixed(1);
    if (job.callId === null) {
      const ended = store.outcome(start.key, 'softphone') ?? store.outcome(start.key, 'card');
      const message = ended
        ? `call ${start.key} ended but never got a CALL_ID in ${hours} h (its register kept failing: ${job.progress.lastError ?? 'no answer'}); it is not recorded`
        : `call ${start.key} had no outcome and no CALL_ID after ${hours} h; it is not recorded`;
      this.o.report({ kind: 'callAbandoned', key: start.key, callId: null, ageMs, message });
      this.deadLetter(job, null, ended ? 'noCallId' : 'noOutcome', message, null);
      return;
    }
    const life = store.life(start.key);
    const lastKnown = Math.max(start.createdAt, store.cardShown(job.callId) ?? -Infinity, job.progress.registerSentAt ?? -Infinity, life?.aliveAt ?? -Infinity);
    // What the owner journalled: an answer it saw is claimed (up to its last sign of life), never a talk time it did not see.
    const answeredAt = life?.answeredAt ?? null;
    store.setOutcome(start.key, {
      source: 'softphone',
      key: start.key,
      callId: job.callId,
      direction: directionOfType(start.register?.TYPE),
      endedBy: NO_OUTCOME,
      failureCode: null,
      connectedAt: answeredAt,
      closedAt: Math.max(lastKnown, answeredAt ?? lastKnown),
      rating: null,
      at: now,
    });
    this.o.report({ kind: 'callAbandoned', key: start.key, callId: job.callId, ageMs, message: `call ${start.key} (${job.callId}) had no outcome after ${hours} h; it is finished with what is known: ${answeredAt === null ? 'STATUS_CODE OTHER, DURATION 0' : `answered, talk time up to its last sign of life (${Math.round((lastKnown - answeredAt) / 1000)} s)`}` });
  }

  retryLater(job: Job, method: string, failure: RestFailure, progress: Partial<Progress>): void {
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
    store.setProgress(job.start.key, { ...job.progress, ...progress, attempts: attempt, nextAt: now + delayMs, lastError: clip(describeFailure(failure)) });
    this.o.report({ kind: 'retrying', key: job.start.key, method, failure, attempt, delayMs, message: `${method} for ${job.start.key}: ${describeFailure(failure)}; again in ${delayMs} ms` });
  }

  deadLetter(job: Job, callId: string | null, reason: DeadLetterReason, message: string, finish: FinishParams | null, response?: unknown): void {
    const now = this.o.clock.now();
    const letter: DeadLetter = { key: job.start.key, callId, reason, message: clip(message), at: now, register: job.start.register, finish, ...(response === undefined ? {} : { response: boundedResponse(response) }) };
    this.o.store.setDeadLetter(letter);
    this.o.store.settle(job.start.key, callId, 'deadLetter', now);
    this.o.report({ kind: 'deadLetter', letter, message });
    this.o.onDeadLetter(letter);
  }

  private async send(method: string, params: Readonly<Record<string, unknown>>) {
    this.o.pacer.spend(this.o.clock.now());
    return this.o.rest.call(method, params);
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
    // The call's own user, whichever instance (and operator) resumes the outbox.
    const params = job.progress.finishParams ?? finishParamsOf(job.callId, userOf(job.start, job.outcome) ?? this.o.userId, outcome, this.o.addToChat);
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
      store.setProgress(job.start.key, { ...sending, attempts: attempt, nextAt: clock.now() + backoffDelay(attempt, this.o.random, { baseMs: 500 }), lastError: clip(describeFailure(failure)) });
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
