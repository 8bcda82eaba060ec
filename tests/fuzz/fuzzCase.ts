import type { HostMode } from '../../testing/host';
import { expectedSequences, formatTally, fuzzPlan, MAX_STEPS, runFuzz } from './run';

/**
 * Issue 5: generated sequences of clicks, hostile payloads, softphone events, host and
 * softphone faults, new calls and dispose(), over the real stack, with every invariant
 * checked after every step. `npm test` runs a fast profile; `npm run test:fuzz` runs
 * FUZZ_RUNS sequences per host mode on a fresh seed, printed first. One test file per
 * mode, so that Jest runs the two modes on two workers.
 */
export function describeFuzz(mode: HostMode): void {
  const plan = fuzzPlan();
  const what = plan.path === undefined ? `${plan.runs} sequences` : `the sequence at path ${plan.path}`;
  describe(`fuzz, ${mode} host`, () => {
    it(`keeps every invariant over ${what} of up to ${MAX_STEPS} steps (seed ${plan.seed}, ${plan.origin})`, async () => {
      const rerun = plan.path === undefined ? `; rerun with FUZZ_SEED=${plan.seed} FUZZ_RUNS=${plan.runs}` : '';
      process.stdout.write(`fuzz [${mode}]: seed ${plan.seed} (${plan.origin}), ${what}${rerun}\n`);
      const started = performance.now();
      const tally = await runFuzz(mode, plan);
      process.stdout.write(`${formatTally(mode, tally, performance.now() - started, plan.seed)}\n`);
      expect(tally.sequences).toBeGreaterThanOrEqual(expectedSequences(plan));
    }, Math.max(60_000, plan.runs * 100));
  });
}
