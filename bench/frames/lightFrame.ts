import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext } from 'playwright-core';
import { FLOOR_ENTRY, ROOT } from '../paths';
import { figure, ratios, type SectionResult } from '../stats';
import { bundleForBrowser } from '../weight';
import { SPLIT_BUILD, until, withFrameSite, type FrameSite } from './site';

const TITLE = '8. A frame that does not own (issue 18 §4)';
const LOADS = 41;
const WARM_UP_LOADS = 3;

const gzip = (bytes: Uint8Array): number => gzipSync(bytes, { level: 9 }).byteLength;

/**
 * What a frame that does not own loads of `adapters/phone/index.ts` bundled as a bundler would
 * (ESM, code splitting, minified): the entry chunk and the chunks it imports statically — not
 * the owner's chunk, which it imports dynamically. Gzip of each file, summed (each is its own request).
 */
async function nonOwnerChunks(): Promise<{ gzipped: number; ownerGzipped: number; files: number }> {
  const result = await build({ ...SPLIT_BUILD, entryPoints: [resolve(ROOT, 'adapters/phone/index.ts')], outdir: '/out', metafile: true });
  const outputs = result.metafile.outputs;
  // The metafile names outputs relative to the working directory, the files by absolute path: both end in the file's name.
  const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
  const files = new Map(result.outputFiles.map((file) => [baseName(file.path), file.contents]));
  const entry = Object.keys(outputs).find((path) => outputs[path]!.entryPoint !== undefined)!;
  const loaded = new Set<string>();
  const visit = (path: string): void => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imported of outputs[path]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  const sizeOf = (path: string): number => {
    const contents = files.get(baseName(path));
    if (!contents) throw new Error(`bench: no output file for ${path}`);
    return gzip(contents);
  };
  const all = Object.keys(outputs);
  return {
    gzipped: [...loaded].reduce((sum, path) => sum + sizeOf(path), 0),
    ownerGzipped: all.filter((path) => !loaded.has(path)).reduce((sum, path) => sum + sizeOf(path), 0),
    files: loaded.size,
  };
}

interface Load {
  readonly ready: number | null;
  /** When the page reached the script's tag (the script's own cost runs from here to ready). */
  readonly scriptTag: number;
  readonly binds: number;
  readonly role: string | null;
  readonly ownerScriptLoaded: boolean;
}

async function load(context: BrowserContext, url: string): Promise<Load> {
  const tab = await context.newPage();
  try {
    await tab.goto(url, { waitUntil: 'load' });
    return await tab.evaluate(() => {
      const bench = (window as unknown as { __bench: { ready: number | null; scriptTag: number; binds: number; role: string | null } }).__bench;
      return { ...bench, ownerScriptLoaded: performance.getEntriesByType('resource').some((entry) => entry.name.includes('phone-owner')) };
    });
  } finally {
    await tab.close();
  }
}

/** Time to ready of a non-owner frame (script-tag build) against the same page with an empty script, in pairs. */
async function timeToReady(site: FrameSite): Promise<{ phone: number[]; empty: number[]; phoneOwn: number[]; emptyOwn: number[] }> {
  const phone: number[] = [];
  const empty: number[] = [];
  const phoneOwn: number[] = [];
  const emptyOwn: number[] = [];
  for (let round = 0; round < WARM_UP_LOADS + LOADS; round++) {
    // A fresh context each round (cold: no HTTP or code cache), with its owner already running in another tab.
    const context = await site.browser.newContext();
    try {
      const owner = await context.newPage();
      await owner.goto(site.appUrl('/script?which=phone'));
      await until(() => owner.evaluate(() => (window as unknown as { __bench: { owns: boolean } }).__bench.owns), 'the owner tab to run its statechart');
      // The owner's own start (its script, its statechart, its first heartbeat) is over before the measured loads.
      await owner.waitForTimeout(300);
      const order = round % 2 === 0 ? (['phone', 'empty'] as const) : (['empty', 'phone'] as const);
      for (const which of order) {
        const result = await load(context, site.appUrl(`/script?which=${which}`));
        if (result.ready === null) throw new Error(`the ${which} page never marked ready`);
        if (which === 'phone' && (result.binds !== 17 || result.role !== 'waiting' || result.ownerScriptLoaded)) {
          throw new Error(`the non-owner frame was not what it should be: ${result.binds} bindEvent calls, role ${result.role}, owner script loaded: ${result.ownerScriptLoaded}`);
        }
        if (round >= WARM_UP_LOADS) {
          (which === 'phone' ? phone : empty).push(result.ready);
          (which === 'phone' ? phoneOwn : emptyOwn).push(result.ready - result.scriptTag);
        }
      }
    } finally {
      await context.close();
    }
  }
  return { phone, empty, phoneOwn, emptyOwn };
}

export async function measureLightFrame(): Promise<SectionResult> {
  const floor = (await bundleForBrowser(FLOOR_ENTRY)).gzipped / 1000;
  const chunks = await nonOwnerChunks();
  return withFrameSite(TITLE, async (site) => {
    const script = gzip(site.scriptFiles['b24-call-card-phone.min.js']!) / 1000;
    const ownerScript = gzip(site.scriptFiles['b24-call-card-phone-owner.min.js']!) / 1000;
    const times = await timeToReady(site);
    return {
      title: TITLE,
      figures: [
        figure(`Non-owner frame, bundler build: the entry chunk and its static imports (${chunks.files} files), minified + gzip -9`, 'kB', [chunks.gzipped / 1000]),
        figure('Non-owner frame, script-tag build (`b24-call-card-phone.min.js`), gzip -9', 'kB', [script]),
        figure('xstate floor (`bench/fixtures/xstateFloor.ts`, as in section 1), minified + gzip -9', 'kB', [floor]),
        figure('Ratio non-owner frame / floor, bundler build (gzip)', '×', [chunks.gzipped / 1000 / floor]),
        figure('Ratio non-owner frame / floor, script-tag build (gzip)', '×', [script / floor]),
        figure("For information: the owner's half, bundler build (the chunks a frame loads once it owns), minified + gzip -9", 'kB', [chunks.ownerGzipped / 1000]),
        figure("For information: the owner's half, script-tag build (`b24-call-card-phone-owner.min.js`), gzip -9", 'kB', [ownerScript]),
        figure('Non-owner frame page (script-tag build): navigation start → 17th `bindEvent`, role `waiting`', 'ms', times.phone),
        figure('Empty page (the same page, an empty script): navigation start → script run', 'ms', times.empty),
        figure('Ratio non-owner frame / empty', '×', ratios(times.phone, times.empty)),
        figure('Difference non-owner frame − empty', 'ms', times.phone.map((time, index) => time - times.empty[index]!)),
        figure("The script's own part: its tag reached → ready (fetch, parse, run), non-owner frame", 'ms', times.phoneOwn),
        figure("The script's own part, empty script (its fetch)", 'ms', times.emptyOwn),
      ],
      notes: [
        'Weight: esbuild (minify, platform browser, target es2020); bundler build: `adapters/phone/index.ts` as ESM with code splitting, counting what a frame that does not own loads at once (the entry chunk and the chunks it imports statically; the owner\'s chunk is a dynamic import); script-tag build: the file `npm run build` writes, which loads `b24-call-card-phone-owner.min.js` beside it the first time its frame owns. Sizes are deterministic (one figure each). 1 kB = 1000 bytes.',
        `Time to ready: ${site.browserDescription}, pages served from 127.0.0.2 with \`cache-control: no-store\`. Each round is a fresh browser context in which a first tab of the same page already owns (its statechart running, the owner's script loaded), then the measured pages load in new tabs: the phone's page must end with 17 \`bindEvent\` calls, role \`waiting\` and no request for the owner's script. ${LOADS} rounds after ${WARM_UP_LOADS} warm-up rounds (the measured loads start 300 ms after the owner runs), the two pages alternating which goes first; a ratio pairs the two loads of one round. Times are \`performance.now()\` in the page, from navigation start; the last two rows start when the page reaches the script's tag, which leaves out the page's own load (the largest and noisiest part on a busy machine).`,
      ],
    };
  });
}
