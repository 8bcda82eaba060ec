/**
 * What every section hands back to the report: figures measured several times, kept as
 * their samples so the report can give median, min and max.
 */
export interface Figure {
  /** What was measured, as the table shows it. */
  readonly label: string;
  /** `KB`, `ms`, `µs/event`, `×`… */
  readonly unit: string;
  /** One value per run; a ratio has one value per run too, both sides measured in that run. */
  readonly samples: readonly number[];
  /** Decimal places to show. */
  readonly digits: number;
}

/** A section's result: its figures, what a reader must know to read them, and extra tables. */
export interface SectionResult {
  readonly title: string;
  readonly figures: readonly Figure[];
  readonly notes: readonly string[];
  /** Free-form markdown (breakdowns) shown after the section's notes. */
  readonly details?: string;
  /** Set when the section could not run; the report says why instead of giving figures. */
  readonly skipped?: string;
}

export function figure(label: string, unit: string, samples: readonly number[], digits = 2): Figure {
  return { label, unit, samples: [...samples], digits };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function min(values: readonly number[]): number {
  return values.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
}

export function max(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
}

/** Pairs two series run by run: `ratio[i] = top[i] / bottom[i]`. */
export function ratios(top: readonly number[], bottom: readonly number[]): number[] {
  return top.map((value, index) => value / bottom[index]!);
}

/** Waits a macrotask: every microtask queued so far (promise callbacks) has run when it resolves. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `global.gc` exists only under `node --expose-gc`; the memory section needs it. */
export function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run node with --expose-gc');
  gc();
  gc();
}
