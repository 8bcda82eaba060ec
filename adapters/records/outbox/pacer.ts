import type { RestRateLimit } from '../../../protocol/rest';
import type { Store } from './store';

/** The pacing state every instance shares through storage, so together they stay under the portal's bucket. */
interface PaceState {
  /** The client's estimate of the portal's bucket level at `at`. */
  readonly level: number;
  readonly at: number;
  /** No request before this (a 429's `operating_reset_at`). */
  readonly blockedUntil: number;
}

/**
 * A client-side leaky bucket mirroring the portal's (host-behaviour §8: 50 burst, 2/s
 * drain on standard plans). Its level lives in storage: a worker that takes over inherits
 * what the previous one spent. On a 503 the bucket is known full; on a 429 everything
 * waits for `operating_reset_at`.
 */
export class Pacer {
  constructor(
    private readonly store: Store,
    private readonly limit: RestRateLimit | null,
  ) {}

  private state(now: number): PaceState {
    const saved = this.store.pace();
    if (!saved || !Number.isFinite(saved.level) || !Number.isFinite(saved.at)) return { level: 0, at: now, blockedUntil: 0 };
    if (this.limit === null) return { level: 0, at: now, blockedUntil: saved.blockedUntil || 0 };
    const drained = Math.max(0, ((now - saved.at) / 1000) * this.limit.drainPerSecond);
    return { level: Math.max(0, saved.level - drained), at: now, blockedUntil: saved.blockedUntil || 0 };
  }

  /** How long to wait before the next request may go, ms. */
  delay(now: number): number {
    const state = this.state(now);
    const blocked = Math.max(0, state.blockedUntil - now);
    if (this.limit === null) return blocked;
    const over = state.level + 1 - this.limit.burst;
    return Math.max(blocked, over > 0 ? Math.ceil((over / this.limit.drainPerSecond) * 1000) : 0);
  }

  /** A request is going out now. */
  spend(now: number): void {
    const state = this.state(now);
    this.store.setPace({ ...state, level: state.level + 1 });
  }

  /** The portal answered 503 `QUERY_LIMIT_EXCEEDED`: its bucket is full now. */
  saturate(now: number): void {
    const state = this.state(now);
    this.store.setPace({ ...state, level: Math.max(state.level, this.limit?.burst ?? 0) });
  }

  /** The portal answered 429: nothing goes before `until`. */
  block(until: number, now: number): void {
    const state = this.state(now);
    this.store.setPace({ ...state, blockedUntil: Math.max(state.blockedUntil, until) });
  }

  /** One request's worth of drain time, ms (for jitter). */
  get slotMs(): number {
    return this.limit === null ? 500 : 1000 / this.limit.drainPerSecond;
  }
}
