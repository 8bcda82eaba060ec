/** Where the REST double reads the time (milliseconds since the epoch). */
export interface RestClock {
  now(): number;
}

/** A clock that moves only when told: for the 30-minute, 1-hour and 30-day rules and the bucket's drain. */
export interface FakeClock extends RestClock {
  /** Moves the time forward by `ms` (a negative or non-finite step is ignored). */
  advance(ms: number): void;
  /** Sets the time; it may go back, for a test that wants to. */
  set(ms: number): void;
}

/** The wall clock. */
export const REAL_CLOCK: RestClock = { now: () => Date.now() };

/** A fake clock starting at `start` (ms since the epoch; 2026-01-05T09:00:00Z by default). */
export function createFakeClock(start: number = Date.parse('2026-01-05T09:00:00Z')): FakeClock {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      if (Number.isFinite(ms) && ms > 0) now += ms;
    },
    set(ms) {
      if (Number.isFinite(ms)) now = ms;
    },
  };
}
