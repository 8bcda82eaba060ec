import type { HostMode } from '../../testing/host';
import { formatTally, FUZZ_RUNS, MAX_STEPS, runFuzz } from './run';

/**
 * Issue 5: generated sequences of clicks, hostile payloads, softphone events, host and
 * softphone faults, new calls and dispose(), over the real stack, with every invariant
 * checked after every step. `npm test` runs a fast profile; `npm run test:fuzz` runs
 * FUZZ_RUNS sequences per host mode. One test file per mode, so that Jest runs the two
 * modes on two workers.
 */
export function describeFuzz(mode: HostMode): void {
  describe(`fuzz, ${mode} host`, () => {
    it(`keeps every invariant over ${FUZZ_RUNS} sequences of up to ${MAX_STEPS} steps`, async () => {
      const started = performance.now();
      const tally = await runFuzz(mode);
      process.stdout.write(`${formatTally(mode, tally, performance.now() - started)}\n`);
      expect(tally.sequences).toBeGreaterThanOrEqual(FUZZ_RUNS);
    }, Math.max(60_000, FUZZ_RUNS * 100));
  });
}
