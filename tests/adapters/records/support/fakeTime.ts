import type { RecordsClock } from '../../../../adapters/records';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly owner: number;
  readonly fn: () => void;
}

/** A clock a worker instance sees; `kill()` is the frame going away: its timers never fire, it sets no new ones. */
export interface InstanceClock extends RecordsClock {
  kill(): void;
  readonly dead: boolean;
}

/** Every microtask queued so far (promise chains included) runs before this resolves. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Fake time for the records layer and the REST double together: one `now()` for both,
 * timers that fire only when `advance` reaches them, the promise chains they start run
 * to completion before the next one fires.
 */
export function createScheduler(start = Date.parse('2026-01-05T09:00:00Z')) {
  let now = start;
  let nextId = 1;
  let nextOwner = 1;
  const timers: Timer[] = [];
  const deadOwners = new Set<number>();

  const instance = (): InstanceClock => {
    const owner = nextOwner++;
    return {
      now: () => now,
      setTimeout(fn, ms) {
        if (deadOwners.has(owner)) return 0;
        const timer = { id: nextId++, at: now + Math.max(0, Number.isFinite(ms) ? ms : 0), owner, fn };
        timers.push(timer);
        return timer.id;
      },
      clearTimeout(handle) {
        const index = timers.findIndex((timer) => timer.id === handle);
        if (index !== -1) timers.splice(index, 1);
      },
      kill() {
        deadOwners.add(owner);
        for (let index = timers.length - 1; index >= 0; index -= 1) if (timers[index]!.owner === owner) timers.splice(index, 1);
      },
      get dead() {
        return deadOwners.has(owner);
      },
    };
  };

  const earliest = (): Timer | undefined => {
    let best: Timer | undefined;
    for (const timer of timers) if (best === undefined || timer.at < best.at || (timer.at === best.at && timer.id < best.id)) best = timer;
    return best;
  };

  return {
    now: () => now,
    instance,
    /** A clock no one kills (for the test itself and the double). */
    clock: instance(),
    pendingTimers: () => timers.length,
    /** Moves time forward by `ms`, firing each timer on the way at its own time. */
    async advance(ms: number): Promise<void> {
      const target = now + ms;
      await flush();
      for (;;) {
        const next = earliest();
        if (next === undefined || next.at > target) break;
        timers.splice(timers.indexOf(next), 1);
        now = Math.max(now, next.at);
        next.fn();
        await flush();
      }
      now = Math.max(now, target);
      await flush();
    },
    /** Jumps `ms` ahead at once (days, say): the timers due on the way fire after, in their order, as after a sleep. */
    async jump(ms: number): Promise<void> {
      now += ms;
      await this.advance(0);
    },
    /** Advances in steps until `done()` or `limitMs` of fake time has passed; returns whether it got there. */
    async until(done: () => boolean, limitMs = 3_600_000, stepMs = 1000): Promise<boolean> {
      const end = now + limitMs;
      while (!done()) {
        if (now >= end) return false;
        await this.advance(Math.min(stepMs, end - now));
      }
      return true;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
