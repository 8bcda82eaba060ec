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
 * Then the phone's frames (tests/adapters/phone/support/framesModel.ts): at least
 * RELIABILITY_FRAME_CALLS calls (10,000) through `createPhone` in two tabs, with frames that
 * die with their calls. The seed is fresh each run (RELIABILITY_SEED replays one) and printed
 * first; RELIABILITY_ONLY=frames|records runs one model.
 *
 * Run: `npm run reliability` (bundles this file with esbuild and runs it with node).
 */
import fc from 'fast-check';
import { addCounts, emptyCounts, formatCounts, runScenario, scenarioArb } from '../tests/adapters/records/support/reliability';
import { addFramesCounts, emptyFramesCounts, formatFramesCounts, runFramesScenario } from '../tests/adapters/phone/support/framesModel';

const CALLS = Number(process.env.RELIABILITY_CALLS ?? 10_000);
const RESTARTS = Number(process.env.RELIABILITY_RESTARTS ?? 1_000);
const FAULTS = Number(process.env.RELIABILITY_FAULTS ?? 1_000);
/** A fresh seed each run unless one is given (printed first, so a failure can be replayed). */
const SEED = Number(process.env.RELIABILITY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const FRAME_CALLS = Number(process.env.RELIABILITY_FRAME_CALLS ?? 10_000);
const CALLS_PER_FRAMES_SCENARIO = 40;
const STEPS = 120;

/**
 * The phone's frames (issue 18 item 7): `createPhone` in two portal tabs, the records in the
 * owner, frames that die with their calls — owner frames closed or reloaded mid-call, holder
 * frames reloaded, a tab switched to another operator, storage full or blocked.
 */
async function frames(): Promise<boolean> {
  const total = emptyFramesCounts();
  const started = Date.now();
  let scenarios = 0;
  while (total.calls < FRAME_CALLS) {
    const seed = SEED + 1_000_000 + scenarios;
    const counts = await runFramesScenario(seed, CALLS_PER_FRAMES_SCENARIO);
    scenarios += 1;
    addFramesCounts(total, counts);
    if (counts.problems.length > 0) process.stderr.write(`reliability (frames): scenario ${scenarios} (seed ${seed}) failed:\n  ${counts.problems.slice(0, 10).join('\n  ')}\n`);
    if (scenarios % 25 === 0) process.stderr.write(`reliability (frames): ${scenarios} scenarios, ${formatFramesCounts(total)}\n`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`reliability (frames): ${scenarios} scenarios in ${seconds} s (fake time), createPhone in two tabs, seed ${SEED}\n`);
  process.stdout.write(`${formatFramesCounts(total)}\n`);
  process.stdout.write(`frames: lost ${total.lost}, duplicated ${total.duplicates}, wrong ${total.wrong}\n`);
  return total.lost === 0 && total.duplicates === 0 && total.wrong === 0 && total.problems.length === 0;
}

async function main(): Promise<void> {
  process.stdout.write(`reliability: seed ${SEED}${process.env.RELIABILITY_SEED ? '' : ' (fresh)'}\n`);
  if (process.env.RELIABILITY_ONLY !== 'records' && !(await frames())) process.exitCode = 1;
  if (process.env.RELIABILITY_ONLY === 'frames') return;
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
  process.stdout.write(`reliability (records): ${scenarios} scenarios in ${seconds} s (fake time), two worker frames each, seed ${SEED}\n`);
  process.stdout.write(`${formatCounts(total)}\n`);
  process.stdout.write(`lost ${total.lost}, duplicated ${total.duplicates}, wrong ${total.wrong}, kept after 8 days ${total.keptAfterRetention}\n`);
  if (total.lost > 0 || total.duplicates > 0 || total.wrong > 0 || total.keptAfterRetention > 0 || total.problems.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`reliability: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
