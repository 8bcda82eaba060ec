import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { findChromium } from '../scripts/chromium';
import { WORKER_ENTRY } from './paths';
import { figure, ratios, type SectionResult } from './stats';
import { bundleForBrowser } from './weight';

const LOADS = 25;
const WARM_UP_LOADS = 3;
const CARD_EVENTS = 17;

/**
 * The fake `BX24` the worker page finds, as Bitrix24's frame library would provide it:
 * `bindEvent` records the binding and marks the time of the 17th; `call` answers later.
 * The trailing script (run once the page's script has run) checks that the statechart
 * is `idle`, and for the empty page marks its ready time.
 */
function page(script: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>worker</title>
<script>
window.__bench = { binds: 0, ready: null, status: null };
window.BX24 = { placement: {
  bindEvent: function (event, handler) {
    __bench.binds += 1;
    if (__bench.binds === ${CARD_EVENTS}) __bench.ready = performance.now();
  },
  call: function (command, params, callback) { setTimeout(function () { callback([]); }, 0); }
} };
</script>
<script src="/${script}"></script>
<script>
if (window.callCard) __bench.status = window.callCard.state.status;
else if (__bench.ready === null) __bench.ready = performance.now();
</script>
</head><body></body></html>`;
}

function serve(files: Record<string, { type: string; body: string }>): Promise<Server> {
  const server = createServer((request, response) => {
    const file = files[(request.url ?? '/').split('?')[0]!];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

interface Load {
  readonly ready: number;
  readonly binds: number;
  readonly status: string | null;
}

/** One cold load in a fresh browser context (no cache, no code cache shared with the previous load). */
async function load(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(url, { waitUntil: 'load' });
    return await tab.evaluate(() => (window as unknown as { __bench: Load }).__bench);
  } finally {
    await context.close();
  }
}

export async function measureTimeToReady(): Promise<SectionResult> {
  const title = '2. Time to ready';
  let found: Awaited<ReturnType<typeof findChromium>>;
  try {
    found = await findChromium();
  } catch (error) {
    return { title, figures: [], notes: [], skipped: error instanceof Error ? error.message : String(error) };
  }
  process.stderr.write(`bench: browser: ${found.description}\n`);
  const worker = await bundleForBrowser(WORKER_ENTRY);
  const server = await serve({
    '/worker.html': { type: 'text/html', body: page('worker.js') },
    '/empty.html': { type: 'text/html', body: page('empty.js') },
    '/worker.js': { type: 'text/javascript', body: worker.code },
    '/empty.js': { type: 'text/javascript', body: '' },
  });
  const browser = await chromium.launch({
    executablePath: found.executablePath,
    args: [...found.args, '--headless', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const workerTimes: number[] = [];
    const emptyTimes: number[] = [];
    for (let index = 0; index < WARM_UP_LOADS + LOADS; index++) {
      // Alternating (and swapping who goes first) spreads the machine's noise over both pages.
      const order = index % 2 === 0 ? (['worker', 'empty'] as const) : (['empty', 'worker'] as const);
      for (const which of order) {
        const result = await load(browser, `${base}/${which}.html`);
        if (which === 'worker' && (result.binds !== CARD_EVENTS || result.status !== 'idle')) {
          throw new Error(`the worker page was not ready: ${result.binds} bindEvent calls, statechart ${result.status}`);
        }
        if (result.ready === null) throw new Error(`the ${which} page never marked ready`);
        if (index >= WARM_UP_LOADS) (which === 'worker' ? workerTimes : emptyTimes).push(result.ready);
      }
    }
    return {
      title,
      figures: [
        figure('Worker page: navigation start → 17th `bindEvent`, statechart in `waiting`', 'ms', workerTimes),
        figure('Same page, empty script: navigation start → script run', 'ms', emptyTimes),
        figure('Ratio worker / empty', '×', ratios(workerTimes, emptyTimes)),
        figure('Difference worker − empty (the worker script\'s own cost)', 'ms', workerTimes.map((time, index) => time - emptyTimes[index]!)),
      ],
      notes: [
        `Headless Chromium ${browser.version()} (${found.description}) via playwright-core, pages served from 127.0.0.1 with \`cache-control: no-store\`; each load in a fresh browser context (cold: no HTTP or code cache). ${LOADS} loads of each page after ${WARM_UP_LOADS} warm-up pairs, alternating; a ratio pairs the two loads of one pair. Times are \`performance.now()\` in the page, i.e. from navigation start.`,
      ],
    };
  } finally {
    await browser.close();
    server.close();
  }
}
