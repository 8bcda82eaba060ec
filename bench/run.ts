/**
 * `npm run bench`: runs every benchmark section in its own `node --expose-gc` process (so
 * one section's heap and JIT state do not colour the next), prints the results and writes
 * them to `bench/results.latest.md` (+ `.json`), both untracked: a run never dirties the
 * tree. `npm run bench:update` turns the last full run into the committed figures. A
 * section that fails is reported in the results; the others still run.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { measureDrain } from './drain';
import { measureEventCost } from './eventCost';
import { measureLightFrame } from './frames/lightFrame';
import { measureRelay } from './frames/relay';
import { measureOwnerLost } from './frames/ownerLost';
import { measureMemory } from './memory';
import { LATEST_FILE, LATEST_JSON } from './paths';
import { environment, renderResults, type BenchRun } from './report';
import { measureSip } from './sip';
import type { SectionResult } from './stats';
import { measureSuiteCost } from './suiteCost';
import { measureTimeToReady } from './timeToReady';
import { measureWeight } from './weight';

const SECTIONS: Record<string, { title: string; measure: () => Promise<SectionResult> }> = {
  weight: { title: '1. Worker weight', measure: measureWeight },
  timeToReady: { title: '2. Time to ready', measure: measureTimeToReady },
  eventCost: { title: '3. Event cost', measure: measureEventCost },
  suiteCost: { title: '4. Test-suite cost', measure: measureSuiteCost },
  memory: { title: '5. Memory', measure: measureMemory },
  drain: { title: '6. Call records: draining 1,000 pending finishes', measure: measureDrain },
  sip: { title: '7. Real SIP calls (SIP.js adapter)', measure: measureSip },
  lightFrame: { title: '8. A frame that does not own (issue 18 §4)', measure: measureLightFrame },
  relay: { title: '9. Cross-tab relay', measure: measureRelay },
  ownerLost: { title: "10. The owner's tab closed mid-call", measure: measureOwnerLost },
};

/** A child's result goes to stdout after this marker, as one JSON line. */
const RESULT_MARKER = '@@bench-result@@';
/** No section may hang the bench. */
const SECTION_TIMEOUT_MS = 4 * 60_000;

function runSectionInChild(name: string): Promise<SectionResult> {
  const title = SECTIONS[name]!.title;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', ...process.execArgv.filter((arg) => arg !== '--expose-gc'), process.argv[1]!, '--section', name], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), SECTION_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((text) => text.startsWith(RESULT_MARKER));
      if (line) resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as SectionResult);
      else resolve({ title, figures: [], notes: [], skipped: `the section failed (exit ${signal ?? code}); see the bench's stderr.` });
    });
  });
}

async function child(name: string): Promise<void> {
  const section = SECTIONS[name];
  if (!section) throw new Error(`no bench section ${name}`);
  let result: SectionResult;
  try {
    result = await section.measure();
  } catch (error) {
    process.stderr.write(`bench: ${section.title} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    result = { title: section.title, figures: [], notes: [], skipped: `the section failed: ${error instanceof Error ? error.message : String(error)}` };
    process.exitCode = 1;
  }
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  const sectionFlag = process.argv.indexOf('--section');
  if (sectionFlag !== -1) {
    await child(process.argv[sectionFlag + 1] ?? '');
    return;
  }
  const only = process.argv.slice(2).filter((arg) => arg in SECTIONS);
  const started = performance.now();
  const results: SectionResult[] = [];
  for (const name of only.length > 0 ? only : Object.keys(SECTIONS)) {
    const sectionStart = performance.now();
    process.stderr.write(`bench: ${SECTIONS[name]!.title}…\n`);
    results.push(await runSectionInChild(name));
    process.stderr.write(`bench: ${SECTIONS[name]!.title} done in ${((performance.now() - sectionStart) / 1000).toFixed(1)} s\n`);
  }
  const run: BenchRun = { environment: environment(), results, wallSeconds: (performance.now() - started) / 1000, partial: only.length > 0 };
  const rendered = renderResults(run);
  writeFileSync(LATEST_FILE, rendered);
  writeFileSync(LATEST_JSON, `${JSON.stringify(run, null, 2)}\n`);
  process.stdout.write(`${rendered}\n`);
  process.stderr.write(
    `bench: wrote ${LATEST_FILE} in ${run.wallSeconds.toFixed(0)} s (untracked)${run.partial ? '' : '; `npm run bench:update` makes it the committed figures'}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
