/**
 * The long reliability run of the call records (issue 13 item 5): the model of
 * tests/adapters/records/reliability.test.ts, scenario after scenario, until at least
 * RELIABILITY_CALLS calls (10,000), RELIABILITY_RESTARTS worker crashes (1,000) and
 * RELIABILITY_FAULTS injected REST faults (1,000) have gone through two worker frames at
 * once. One SIP call in eight reuses an earlier call's Call-ID (a proxy passing the caller's
 * through): it must still be a record of its own. After each scenario 8 days pass, and
 * nothing but the lease and the pacing state may be left in storage (retention). Fake
 * time, so hours of calls take seconds. Prints the counts and `lost 0, duplicated 0,
 * wrong 0`; exits 1 on any lost, duplicated or wrong record or anything kept.
 *
 * Run: `npm run reliability` (bundles this file with esbuild and runs it with node).
 */
import fc from 'fast-check';
import { addCounts, emptyCounts, formatCounts, runScenario, scenarioArb } from '../tests/adapters/records/support/reliability';

const CALLS = Number(process.env.RELIABILITY_CALLS ?? 10_000);
const RESTARTS = Number(process.env.RELIABILITY_RESTARTS ?? 1_000);
const FAULTS = Number(process.env.RELIABILITY_FAULTS ?? 1_000);
const SEED = Number(process.env.RELIABILITY_SEED ?? 20261201);
const STEPS = 120;

async function main(): Promise<void> {
  const total = emptyCounts();
  const started = Date.now();
  let scenarios = 0;
  let batch = 0;
  while (total.calls < CALLS || total.restarts < RESTARTS || total.faults < FAULTS) {
    for (const scenario of fc.sample(scenarioArb(STEPS), { seed: SEED + batch, numRuns: 20 })) {
      const counts = await runScenario(scenario);
      scenarios += 1;
      addCounts(total, counts);
      if (counts.problems.length > 0) {
        process.stderr.write(`reliability: scenario ${scenarios} (seed ${scenario.seed}) failed:\n  ${counts.problems.slice(0, 10).join('\n  ')}\n`);
      }
    }
    batch += 1;
    process.stderr.write(`reliability: ${scenarios} scenarios, ${formatCounts(total)}\n`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`reliability: ${scenarios} scenarios in ${seconds} s (fake time), two worker frames each\n`);
  process.stdout.write(`${formatCounts(total)}\n`);
  process.stdout.write(`lost ${total.lost}, duplicated ${total.duplicates}, wrong ${total.wrong}, kept after 8 days ${total.keptAfterRetention}\n`);
  if (total.lost > 0 || total.duplicates > 0 || total.wrong > 0 || total.keptAfterRetention > 0 || total.problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`reliability: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
