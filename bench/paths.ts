import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root: `npm run bench` runs from it; the bench is bundled elsewhere, so `__dirname` cannot tell. */
export const ROOT = process.cwd();

export const WORKER_ENTRY = resolve(ROOT, 'examples/worker.browser.ts');
export const FLOOR_ENTRY = resolve(ROOT, 'bench/fixtures/xstateFloor.ts');
export const RESULTS_FILE = resolve(ROOT, 'bench/results.md');
/** The benchmarks' README; the bench copies the latest table into it. */
export const DOCS_FILE = resolve(ROOT, 'docs/benchmarks.md');
export const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(WORKER_ENTRY)) throw new Error(`run the bench from the repository root (no ${WORKER_ENTRY})`);
