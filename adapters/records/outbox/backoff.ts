/** Exponential backoff with "equal jitter": half the step fixed, half random, so instances never march in step. */
export interface BackoffOptions {
  /** The first step, ms (default 1000). */
  readonly baseMs?: number;
  /** The largest step, ms (default 60 000). */
  readonly maxMs?: number;
}

export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 60_000;
  const step = Math.min(max, base * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  return Math.round(step / 2 + random() * (step / 2));
}
