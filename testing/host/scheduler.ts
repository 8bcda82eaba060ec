/** A timer of the simulated clock. */
export interface Timer {
  readonly at: number;
  cancelled: boolean;
}

interface Scheduled extends Timer {
  readonly seq: number;
  readonly run: () => void;
}

/**
 * The portal double's fake clock: timers run in time order (ties in the order they were
 * set) as `advance` passes them, so a 100 ms flag and a 65 s hold need no real waiting.
 */
export class Scheduler {
  now = 0;
  private timers: Scheduled[] = [];
  private seq = 0;

  /** Runs `run` `delay` ms from now (at once for 0 is the caller's business: this always waits for `advance`). */
  at(delay: number, run: () => void): Timer {
    const timer: Scheduled = { at: this.now + Math.max(0, delay), seq: this.seq++, run, cancelled: false };
    this.timers.push(timer);
    return timer;
  }

  /** Moves the clock `ms` forward, running every timer that falls due, each at its own time. */
  advance(ms: number, onStep: (now: number) => void): void {
    const end = this.now + ms;
    for (;;) {
      const due = this.next(end);
      if (due === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      if (due.at > this.now) {
        this.now = due.at;
        onStep(this.now);
      }
      if (!due.cancelled) {
        try {
          due.run();
        } catch {
          // A timer's work never breaks the clock.
        }
      }
    }
    this.now = end;
    onStep(this.now);
  }

  /** Runs the timers due now (a delay of 0), in order. */
  runDue(): void {
    this.advance(0, () => undefined);
  }

  private next(end: number): Scheduled | undefined {
    let best: Scheduled | undefined;
    for (const timer of this.timers) {
      if (timer.at > end) continue;
      if (best === undefined || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    }
    return best;
  }
}
