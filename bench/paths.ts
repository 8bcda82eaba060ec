import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root: `npm run bench` runs from it; the bench is bundled elsewhere, so `__dirname` cannot tell. */
export const ROOT = process.cwd();

export const WORKER_ENTRY = resolve(ROOT, 'examples/worker.browser.ts');
export const FLOOR_ENTRY = resolve(ROOT, 'bench/fixtures/xstateFloor.ts');
/** The committed results: only `npm run bench:update` writes it. */
export const RESULTS_FILE = resolve(ROOT, 'bench/results.md');
/** What `npm run bench` writes: the last run, untracked (gitignored), so a run leaves the tree clean. */
export const LATEST_FILE = resolve(ROOT, 'bench/results.latest.md');
/** The last run as data, for `npm run bench:update` (untracked too). */
export const LATEST_JSON = resolve(ROOT, 'bench/results.latest.json');
/** The benchmarks' document; `bench:update` copies the results table into it. */
export const DOCS_FILE = resolve(ROOT, 'docs/benchmarks.md');
/** The README, whose headline figures `bench:update` refreshes. */
export const README_FILE = resolve(ROOT, 'README.md');

if (!existsSync(WORKER_ENTRY)) throw new Error(`run the bench from the repository root (no ${WORKER_ENTRY})`);
