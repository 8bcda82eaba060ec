import fc from 'fast-check';
import { addCounts, emptyCounts, formatCounts, runScenario, scenarioArb } from './support/reliability';

// The fast profile of the reliability proof (the long one: `npm run reliability`).
test('reliability: every call is one record (right STATUS_CODE, DURATION, VOTE) or a dead letter, across faults, rate limits, crashes and two frames', async () => {
  const total = emptyCounts();
  await fc.assert(
    fc.asyncProperty(scenarioArb(60), async (scenario) => {
      const counts = await runScenario(scenario);
      addCounts(total, counts);
      expect(counts.problems).toEqual([]);
    }),
    { seed: 1313, numRuns: Number(process.env.RECORDS_RUNS ?? 12), endOnFailure: true },
  );
  process.stdout.write(`records reliability (fast): ${formatCounts(total)}\n`);
  expect(total.lost).toBe(0);
  expect(total.duplicates).toBe(0);
  expect(total.restarts).toBeGreaterThan(0);
  expect(total.faults).toBeGreaterThan(0);
  expect(total.repeatedCallIds).toBeGreaterThan(0);
}, 120_000);
