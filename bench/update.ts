/**
 * `npm run bench:update`: makes the last full `npm run bench` run the committed figures:
 * `bench/results.md`, the results table of `docs/benchmarks.md` and the README's headline
 * table. Refuses a partial run, a run with a skipped section, or no run at all, so the
 * committed figures are always one whole run at one commit.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DOCS_FILE, LATEST_JSON, README_FILE, RESULTS_FILE } from './paths';
import { quoteResults, renderReadmeFigures, renderResults, replaceBetween, type BenchRun } from './report';

function fail(message: string): never {
  process.stderr.write(`bench:update: ${message}\n`);
  process.exit(1);
}

if (!existsSync(LATEST_JSON)) fail(`no ${LATEST_JSON}: run \`npm run bench\` first.`);
const run = JSON.parse(readFileSync(LATEST_JSON, 'utf8')) as BenchRun;
if (run.partial) fail('the last run was partial (only some sections); run the whole `npm run bench`.');
const skipped = run.results.filter((result) => result.skipped);
if (skipped.length > 0) fail(`the last run skipped ${skipped.map((result) => `${result.title} (${result.skipped})`).join('; ')}.`);

const rendered = renderResults(run);
writeFileSync(RESULTS_FILE, rendered);
const docs = quoteResults(readFileSync(DOCS_FILE, 'utf8'), rendered);
if (docs === null) fail(`${DOCS_FILE} lost its bench:results markers.`);
writeFileSync(DOCS_FILE, docs);
const readme = replaceBetween(readFileSync(README_FILE, 'utf8'), 'bench:figures', renderReadmeFigures(run));
if (readme === null) fail(`${README_FILE} lost its bench:figures markers.`);
writeFileSync(README_FILE, readme);
process.stderr.write(`bench:update: wrote ${RESULTS_FILE}, ${DOCS_FILE} and the README's figures from the run of ${run.environment.date}\n`);
