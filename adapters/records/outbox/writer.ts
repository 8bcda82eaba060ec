import { describeError } from '../../../diagnostics';
import type { RecordsDiagnostic } from '../diagnostics';
import type { RecordsClock } from '../types';
import { backoffDelay } from './backoff';
import { applyRetention } from './retention';
import { scanCalls, type Candidate, type Job } from './scan';
import { Steps, type StepOptions } from './steps';

export type { Recording, RecordedCall } from './steps';

export interface WriterOptions extends StepOptions {
  readonly clock: RecordsClock;
  readonly isHeld: () => boolean;
  readonly report: (diagnostic: RecordsDiagnostic) => void;
  /** How long a softphone outcome waits for the card's summary (which has the rating) when a card was shown, ms. */
  readonly cardGraceMs: number;
  /** How long an outcome known only by `CALL_ID` waits for a pending register to claim it, ms. */
  readonly orphanGraceMs: number;
  /** How often a waiting writer looks at storage for other instances' calls, ms. */
  readonly pollMs: number;
  /** Requests out at once, at most (each for a different call). */
  readonly maxInFlight: number;
  readonly tombstoneMs: number;
  readonly deadLetterRetentionMs: number;
  readonly abandonAfterMs: number;
  /** Runs with retention, once a minute while this instance writes: deletes what an earlier version left, past its retention (`legacy.ts`). */
  readonly onRetention?: () => void;
}

/** How often retention runs, ms. */
const RETENTION_EVERY_MS = 60_000;

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
  private retainedAt = -Infinity;
  private idleWaiters: (() => void)[] = [];
  private readonly steps: Steps;
  private scanned: { candidates: Candidate[]; wakeAt: number; version: number; at: number } | null = null;

  constructor(private readonly o: WriterOptions) {
    this.steps = new Steps(o);
  }

  wake(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    this.releaseIdle();
  }

  /**
   * Resolves when no call is pending in storage (each recorded, a dead letter or abandoned)
   * and no request of this instance is in flight, or when the writer stops. Whichever
   * instance holds the lock does the sending; this one looks every `pollMs`.
   */
  whenIdle(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wake();
    });
  }

  private checkIdle(): void {
    if (this.idleWaiters.length === 0) return;
    if (this.inFlight.size > 0) return;
    const { starts, outcomeCallIds } = this.o.store.scanKeys();
    if (starts.length > 0 || outcomeCallIds.length > 0) {
      this.schedule(this.o.pollMs);
      return;
    }
    this.releaseIdle();
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
      this.checkIdle();
      return;
    }
    while (this.inFlight.size < this.o.maxInFlight) {
      const now = clock.now();
      if (now - this.retainedAt >= RETENTION_EVERY_MS) {
        this.retainedAt = now;
        applyRetention(this.o, now);
        this.o.onRetention?.();
      }
      // Nothing may go before the pacer allows: no need to look for what would.
      const wait = pacer.delay(now);
      if (wait > 0) {
        this.schedule(wait);
        return;
      }
      const { job, dueAt } = this.nextJob(now);
      if (job === null || dueAt > now) {
        this.schedule(Math.min(pollMs, Math.max(0, dueAt - now)));
        this.checkIdle();
        return;
      }
      if (job.kind === 'settle') {
        this.o.store.settle(job.start.key, job.callId, 'recorded', now);
        continue;
      }
      if (job.kind === 'abandon') {
        this.steps.abandon(job, now);
        continue;
      }
      this.start(job);
    }
  }

  private start(job: Job): void {
    const { clock } = this.o;
    const key = job.start.key;
    this.inFlight.add(key);
    void this.steps
      .perform(job)
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

  /** The due job with the earliest time, or the time to look again; the scan is reused until storage changes or a poll is due. */
  private nextJob(now: number): { job: Job | null; dueAt: number } {
    const { store } = this.o;
    const cached = this.scanned;
    if (cached === null || cached.version !== store.version || now - cached.at >= this.o.pollMs) {
      // The version before the scan: a scan that writes (an orphan's start) leaves itself stale.
      const version = store.version;
      this.scanned = { ...scanCalls(this.o, now, this.inFlight), version, at: now };
    }
    const { candidates, wakeAt } = this.scanned!;
    let best: Candidate | null = null;
    for (const candidate of candidates) {
      if (this.inFlight.has(candidate.job.start.key)) continue;
      if (best === null || candidate.dueAt < best.dueAt) best = candidate;
    }
    return best === null || best.dueAt > wakeAt ? { job: null, dueAt: wakeAt } : best;
  }
}
