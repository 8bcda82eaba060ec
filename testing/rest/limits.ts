import { REST_LIMITS } from '../../protocol';
import type { RestClock } from './clock';

/** The portal's request bucket: `burst` requests at once, drained at `drainPerSecond`. */
export interface BucketOptions {
  readonly burst: number;
  readonly drainPerSecond: number;
}

/** Bitrix24's default plans: 50 requests burst, 2 per second. */
export const DEFAULT_BUCKET: BucketOptions = Object.freeze({ ...REST_LIMITS.standard });
/** The Enterprise plan: 250 burst, 5 per second. */
export const ENTERPRISE_BUCKET: BucketOptions = Object.freeze({ ...REST_LIMITS.enterprise });

/**
 * A leaky bucket: each admitted request adds one; the level drains continuously. A request
 * that would overflow it is refused (503 `QUERY_LIMIT_EXCEEDED`) and does not fill it.
 */
export class LeakyBucket {
  private fill = 0;
  private at: number;

  constructor(
    readonly options: BucketOptions,
    private readonly clock: RestClock,
  ) {
    this.at = clock.now();
  }

  /** The current level, drained up to now. */
  level(): number {
    const now = this.clock.now();
    if (now > this.at) {
      this.fill = Math.max(0, this.fill - ((now - this.at) / 1000) * this.options.drainPerSecond);
    }
    this.at = now;
    return this.fill;
  }

  /** Admits one request, or refuses it when the bucket is full. */
  admit(): boolean {
    if (this.level() + 1 > this.options.burst) return false;
    this.fill += 1;
    return true;
  }

  empty(): void {
    this.fill = 0;
    this.at = this.clock.now();
  }
}

/**
 * The operating limit: each method may run `limitMs` in any `windowMs` (480 s in 10 min);
 * past it the method is blocked (429 `OPERATION_TIME_LIMIT`) until old runs leave the window.
 */
export interface OperatingOptions {
  readonly windowMs: number;
  readonly limitMs: number;
  /** How long one call of a method runs, as the portal counts it (10 ms by default). */
  readonly costMs: number | ((method: string) => number);
}

export const DEFAULT_OPERATING: OperatingOptions = Object.freeze({ windowMs: 600_000, limitMs: 480_000, costMs: 10 });

export class OperatingLimit {
  private readonly runs = new Map<string, { at: number; ms: number }[]>();

  constructor(
    readonly options: OperatingOptions,
    private readonly clock: RestClock,
  ) {}

  private window(method: string): { at: number; ms: number }[] {
    const now = this.clock.now();
    const kept = (this.runs.get(method) ?? []).filter((run) => run.at > now - this.options.windowMs);
    this.runs.set(method, kept);
    return kept;
  }

  /** Milliseconds the method has run within the window. */
  used(method: string): number {
    return this.window(method).reduce((sum, run) => sum + run.ms, 0);
  }

  /** Whether the method is blocked now. */
  blocked(method: string): boolean {
    return this.used(method) >= this.options.limitMs;
  }

  /** Counts one run of the method. */
  charge(method: string): void {
    const cost = typeof this.options.costMs === 'function' ? this.options.costMs(method) : this.options.costMs;
    this.window(method).push({ at: this.clock.now(), ms: Number.isFinite(cost) && cost > 0 ? cost : 0 });
  }

  /** Fills the method's window up to the limit now: the next call of it is blocked. */
  exhaust(method: string): void {
    const missing = this.options.limitMs - this.used(method);
    if (missing > 0) this.window(method).push({ at: this.clock.now(), ms: missing });
  }

  /** When part of the method's limit is freed (ms since the epoch): the oldest run leaves the window. */
  resetAt(method: string): number {
    const oldest = this.window(method)[0];
    return (oldest?.at ?? this.clock.now()) + this.options.windowMs;
  }

  clear(): void {
    this.runs.clear();
  }
}
