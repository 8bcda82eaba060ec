import { build, type Metafile } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { FLOOR_ENTRY, WORKER_ENTRY } from './paths';
import { figure, ratios, type SectionResult } from './stats';

/** A browser bundle as a worker page would load it. */
export interface BrowserBundle {
  readonly code: string;
  readonly minified: number;
  readonly gzipped: number;
  readonly metafile: Metafile;
}

/** Bundles, minifies (browser platform, one classic script: iife) and gzips (level 9) an entry. */
export async function bundleForBrowser(entry: string): Promise<BrowserBundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  return {
    code: output.text,
    minified: output.contents.byteLength,
    gzipped: gzipSync(output.contents, { level: 9 }).byteLength,
    metafile: result.metafile,
  };
}

/** Where the worker's minified bytes come from: xstate, and each folder of ours. */
function breakdown(bundle: BrowserBundle): string {
  const output = Object.values(bundle.metafile.outputs)[0];
  if (!output) return '';
  const byGroup = new Map<string, number>();
  const modules = Object.entries(output.inputs).map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }));
  for (const { path, bytes } of modules) {
    if (bytes === 0) continue;
    const group = path.includes('node_modules/xstate/') ? 'xstate' : path.includes('node_modules/') ? 'other packages' : path.includes('/') ? `${path.split('/')[0]}/` : path;
    byGroup.set(group, (byGroup.get(group) ?? 0) + bytes);
  }
  const groups = [...byGroup].sort((a, b) => b[1] - a[1]).map(([group, bytes]) => `| ${group} | ${bytes} |`);
  const top = modules
    .filter(({ bytes }) => bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 12)
    .map(({ path, bytes }) => `| \`${path}\` | ${bytes} |`);
  return [
    'Where the worker bundle\'s minified bytes come from (esbuild metafile, before gzip):',
    '',
    '| Group | Minified bytes |',
    '|---|---:|',
    ...groups,
    '',
    '| Largest modules | Minified bytes |',
    '|---|---:|',
    ...top,
  ].join('\n');
}

const RUNS = 3;

export async function measureWeight(): Promise<SectionResult> {
  const worker: number[] = [];
  const floor: number[] = [];
  const workerMin: number[] = [];
  const floorMin: number[] = [];
  let last: BrowserBundle | undefined;
  for (let run = 0; run < RUNS; run++) {
    const [w, f] = await Promise.all([bundleForBrowser(WORKER_ENTRY), bundleForBrowser(FLOOR_ENTRY)]);
    worker.push(w.gzipped / 1000);
    floor.push(f.gzipped / 1000);
    workerMin.push(w.minified / 1000);
    floorMin.push(f.minified / 1000);
    last = w;
  }
  return {
    title: '1. Worker weight',
    figures: [
      figure('Worker (`examples/worker.browser.ts`), minified + gzip -9', 'kB', worker),
      figure('Floor (`bench/fixtures/xstateFloor.ts`: xstate `setup` + `createActor`, two states), minified + gzip -9', 'kB', floor),
      figure('Ratio worker / floor (gzip)', '×', ratios(worker, floor)),
      figure('Worker, minified only', 'kB', workerMin),
      figure('Floor, minified only', 'kB', floorMin),
    ],
    notes: [
      'esbuild: bundle, minify, platform browser, format iife, target es2020; gzip: node:zlib level 9. 1 kB = 1000 bytes. Sizes are deterministic (min = max).',
    ],
    details: last ? breakdown(last) : '',
  };
}
