import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { findChromium, partitionedArgs } from '../../scripts/chromium';
import { ROOT } from '../paths';
import type { SectionResult } from '../stats';

/** How a bundler ships browser code with its lazy parts as chunks: ESM, code splitting, minified, in memory. */
export const SPLIT_BUILD = { bundle: true, splitting: true, format: 'esm', platform: 'browser', target: 'es2020', minify: true, write: false, logLevel: 'silent' } as const satisfies BuildOptions;

/** What `bench/fixtures/phoneFrame.ts` offers the bench on `window.__frame`. */
export interface FrameApi {
  role(): string;
  owns(): boolean;
  marks(): { ownerAt: number | null; sessionAt: number | null };
  card(): string | null;
  call(): string | null;
  methods(): string[];
  raise(callId: string): boolean;
  connected(): void;
  hangup(): void;
  clickToCommand(button: string, command: string, uiState: string): Promise<number>;
  startRecord(sipCallId: string): Promise<string>;
}

/** Runs `run(api, arg)` in the application's frame (the function's source is sent, so it must use its arguments only). */
export const inFrame = <T>(frame: Frame, run: (api: FrameApi, arg: string) => T | Promise<T>, arg = ''): Promise<T> =>
  frame.evaluate(([source, value]) => new Function('api', 'arg', `return (${source})(api, arg)`)((window as unknown as { __frame: FrameApi }).__frame, value), [run.toString(), arg] as const) as Promise<T>;

/** Starts the sites for a section and stops them after; a section that cannot start (no Chromium) is reported skipped with the reason. */
export async function withFrameSite(title: string, run: (site: FrameSite) => Promise<SectionResult>): Promise<SectionResult> {
  let site: FrameSite;
  try {
    site = await startFrameSite();
  } catch (error) {
    return { title, figures: [], notes: [], skipped: error instanceof Error ? error.message : String(error) };
  }
  try {
    return await run(site);
  } finally {
    await site.close();
  }
}

/**
 * The sites of the cross-tab benchmarks, as a portal and an application are two sites (host-behaviour
 * §10): portal pages on 127.0.0.1 framing the application's pages on 127.0.0.2, in Chromium with
 * storage partitioning on (`partitionedArgs`, as users have it). The application's pages:
 * - `/frame?…`: `bench/fixtures/phoneFrame.ts`, bundled as a bundler would (ESM, code splitting);
 * - `/script?…`: the script-tag build (`b24-call-card-phone.min.js`, which loads
 *   `b24-call-card-phone-owner.min.js` the first time its frame owns), or an empty script;
 * - `/lock`: a bare Web Lock holder or waiter, the floor of a handover.
 * Everything is served with `cache-control: no-store` (each load is cold).
 */
export interface FrameSite {
  readonly browser: Browser;
  readonly browserDescription: string;
  /** The portal page framing the application's `path` (e.g. `/frame?records=1`). */
  portalUrl(path: string): string;
  /** The application's `path` opened top-level. */
  appUrl(path: string): string;
  /** Sizes of the script-tag files (bytes). */
  readonly scriptFiles: Readonly<Record<string, Buffer>>;
  close(): Promise<void>;
}

/** Opens the portal page for `path` in a new tab of `context` and returns the tab and the application's frame in it. */
export async function openFrame(context: BrowserContext, site: FrameSite, path: string): Promise<{ tab: Page; frame: Frame }> {
  const tab = await context.newPage();
  await tab.goto(site.portalUrl(path));
  const frame = await (await tab.waitForSelector('iframe'))!.contentFrame();
  if (!frame) throw new Error('the portal page has no application frame');
  await frame.waitForFunction(() => '__frame' in window);
  return { tab, frame };
}

/** Polls `what` every 5 ms until it holds, at most `ms`. */
export async function until(what: () => Promise<boolean> | boolean, label: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await what()) return;
    await new Promise((done) => setTimeout(done, 5));
  }
  throw new Error(`bench: timed out waiting for ${label}`);
}

function listen(server: Server, address: string): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, address, () => done((server.address() as AddressInfo).port));
  });
}

const LOCK_PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script>
window.__lock = { grantedAt: null };
if (new URLSearchParams(location.search).get('role') === 'holder') navigator.locks.request('bench-bare', () => new Promise(() => {}));
else navigator.locks.request('bench-bare', () => { __lock.grantedAt = performance.timeOrigin + performance.now(); return new Promise(() => {}); });
window.__frame = true;
</script>`;

/**
 * The script-tag page: a fake BX24 whose 17th \`bindEvent\` marks ready (as in the worker's
 * time to ready), then the phone's script and its \`createPhone\`, or an empty script.
 */
function scriptPage(which: 'phone' | 'empty'): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>frame</title>
<script>
window.__bench = { binds: 0, ready: null, role: null, owns: false, scriptTag: null };
window.BX24 = { placement: {
  bindEvent: function () { __bench.binds += 1; if (__bench.binds === 17) __bench.ready = performance.now(); },
  call: function (command, params, callback) { setTimeout(function () { callback([]); }, 0); }
} };
</script>
<script>__bench.scriptTag = performance.now();</script>
<script src="/iife/${which === 'phone' ? 'b24-call-card-phone.min.js' : 'empty.js'}"></script>
<script>
if (window.B24CallCardPhone) {
  var noop = function () {};
  var softphone = { answer: noop, reject: noop, hangup: noop, call: noop, hold: noop, mute: noop, sendDtmf: noop, startTransfer: noop, completeTransfer: noop, cancelTransfer: noop };
  var phone = B24CallCardPhone.createPhone({ identity: { memberId: 'bench', userId: 7 }, kind: 'worker', placement: BX24.placement, createSoftphone: function () { return softphone; } });
  __bench.role = phone.state.role;
  phone.subscribe(function (state) { __bench.role = state.role; __bench.owns = phone.session !== null; });
} else if (__bench.ready === null) __bench.ready = performance.now();
</script>
</head><body></body></html>`;
}

export async function startFrameSite(): Promise<FrameSite> {
  const work = mkdtempSync(join(tmpdir(), 'b24-bench-frames-'));
  // The script-tag files exactly as `npm run build` makes them.
  execFileSync(process.execPath, [resolve(ROOT, 'scripts/build-iife.mjs'), join(work, 'iife')], { stdio: 'ignore' });
  const scriptFiles: Record<string, Buffer> = {};
  for (const file of readdirSync(join(work, 'iife'))) if (file.endsWith('.js')) scriptFiles[file] = readFileSync(join(work, 'iife', file));
  const bundle = await build({ ...SPLIT_BUILD, entryPoints: [resolve(ROOT, 'bench/fixtures/phoneFrame.ts')], outdir: '/esm' });
  const esm = new Map(bundle.outputFiles.map((file) => [file.path, file.text]));
  const entryFile = [...esm.keys()].find((path) => path.endsWith('/phoneFrame.js'))!;
  rmSync(work, { recursive: true, force: true });

  const send = (response: import('node:http').ServerResponse, type: string, body: string | Buffer): void =>
    void response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  const app = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://app');
    if (url.pathname === '/frame') return send(response, 'text/html', `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="${entryFile}"></script>`);
    if (url.pathname === '/script') return send(response, 'text/html', scriptPage(url.searchParams.get('which') === 'empty' ? 'empty' : 'phone'));
    if (url.pathname === '/lock') return send(response, 'text/html', LOCK_PAGE);
    if (url.pathname === '/iife/empty.js') return send(response, 'text/javascript', '');
    if (url.pathname.startsWith('/iife/') && scriptFiles[url.pathname.slice(6)]) return send(response, 'text/javascript', scriptFiles[url.pathname.slice(6)]!);
    const chunk = esm.get(url.pathname);
    if (chunk !== undefined) return send(response, 'text/javascript', chunk);
    response.writeHead(404).end();
  });
  const appPort = await listen(app, '127.0.0.2');
  const portal = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://portal').searchParams.get('app') ?? '/frame';
    send(response, 'text/html', `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>portal</title><iframe src="http://127.0.0.2:${appPort}${path}"></iframe>`);
  });
  const portalPort = await listen(portal, '127.0.0.1');
  const found = await findChromium();
  const browser = await chromium.launch({ executablePath: found.executablePath, args: partitionedArgs(found) });
  return {
    browser,
    browserDescription: `Headless Chromium ${browser.version()} (${found.description.replace(/, unpacked to .*$/, '')}), storage partitioning on`,
    portalUrl: (path) => `http://127.0.0.1:${portalPort}/portal?app=${encodeURIComponent(path)}`,
    appUrl: (path) => `http://127.0.0.2:${appPort}${path}`,
    scriptFiles,
    close: async () => {
      await browser.close();
      await Promise.all([app, portal].map((server) => new Promise<void>((done) => server.close(() => done()))));
    },
  };
}
