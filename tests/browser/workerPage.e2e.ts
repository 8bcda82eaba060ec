import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../../scripts/chromium';

// examples/worker.html as Bitrix24 would load it, unchanged, in Chromium: the script-tag
// build (dist/iife, built here by the same script as `npm run build`), Bitrix24's BX24
// script replaced by a shim over the host simulator, the SIP client by a recording one.
// A whole incoming call runs through it, and its summary reaches the application's server.

const root = join(__dirname, '..', '..');
const BX24_URL = 'https://api.bitrix24.com/api/v1/';
/** How long one step may take to show (a wait, not a timing assertion). */
const STEP = 15_000;

/** The SIP client the page finds: records what it is asked, and lets the test play the network. */
const RECORDING_SIP_CLIENT = `(function () {
  var asked = [];
  var listener = function () {};
  var did = function (what) { return function () { asked.push(what + '(' + Array.prototype.map.call(arguments, String).join(', ') + ')'); return Promise.resolve(); }; };
  window.sipClient = {
    answer: did('answer'), decline: did('decline'), terminate: did('terminate'), dial: did('dial'),
    setHold: did('setHold'), setMicrophoneMuted: did('setMicrophoneMuted'), sendTone: did('sendTone'),
    transfer: did('transfer'), commitTransfer: did('commitTransfer'), abortTransfer: did('abortTransfer'),
    onEvent: function (next) { listener = next; }
  };
  window.sipAsked = asked;
  window.network = function (event) { listener(event); };
})();`;

let work: string;
let server: Server;
let browser: Browser;
let page: Page;
let base: string;
const summaries: unknown[] = [];
const pageErrors: string[] = [];
const warnings: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'b24-worker-page-'));
  const iife = join(work, 'b24-call-card.min.js');
  execFileSync(process.execPath, [join(root, 'scripts', 'build-iife.mjs'), iife], { cwd: root, stdio: 'pipe' });
  const shim = buildSync({ entryPoints: [join(__dirname, 'fixtures', 'bx24Shim.ts')], bundle: true, platform: 'browser', format: 'iife', write: false, logLevel: 'silent' });
  const files: Record<string, { type: string; body: string }> = {
    '/worker.html': { type: 'text/html', body: readFileSync(join(root, 'examples', 'worker.html'), 'utf8') },
    '/b24-call-card.min.js': { type: 'text/javascript', body: readFileSync(iife, 'utf8') },
    '/sip-client.js': { type: 'text/javascript', body: RECORDING_SIP_CLIENT },
  };
  server = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/calls/summary') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        summaries.push(JSON.parse(body));
        response.writeHead(204).end();
      });
      return;
    }
    const file = files[request.url ?? ''];
    if (file) response.writeHead(200, { 'content-type': file.type }).end(file.body);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const found = await findChromium();
  console.log(`browser: ${found.description}`);
  browser = await chromium.launch({ executablePath: found.executablePath, args: [...found.args, '--disable-gpu', '--disable-background-networking'] });
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
    if (message.type() === 'warning') warnings.push(message.text());
  });
  // Nothing leaves 127.0.0.1: Bitrix24's script is the shim, anything else foreign is refused.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === BX24_URL) return route.fulfill({ contentType: 'text/javascript', body: shim.outputFiles[0]!.text });
    if (url.startsWith(`${base}/`)) return route.continue();
    return route.abort();
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (work) rmSync(work, { recursive: true, force: true });
});

type PageWindow = Window & {
  host: import('../../testing/host').HostSimulator;
  callCard?: import('../../index').CallCard;
  B24CallCard?: Record<string, unknown>;
  sipAsked: string[];
  network(event: unknown): void;
};

/** The card's UI state as the operator sees it, once the host has settled. */
async function uiState(): Promise<string | null> {
  return page.evaluate(async () => {
    const w = window as unknown as PageWindow;
    await w.host.settle();
    return w.host.card?.uiState ?? null;
  });
}

test('examples/worker.html runs a whole incoming call with the script-tag build and the global BX24', async () => {
  await page.goto(`${base}/worker.html`);
  await page.waitForFunction(() => (window as unknown as PageWindow).callCard !== undefined, undefined, { timeout: STEP });
  // The script tag defines one global, with the whole public API on it.
  expect(await page.evaluate(() => typeof (window as unknown as PageWindow).B24CallCard?.createCallCard)).toBe('function');
  expect(await page.evaluate(() => (window as unknown as PageWindow).host.boundHandlerCount('initialized'))).toBe(1);

  await page.evaluate(() => (window as unknown as PageWindow).host.raiseCall({ CALL_ID: 'page-1', PHONE_NUMBER: '+4930123', CALL_DIRECTION: 'incoming' }));
  expect(await uiState()).toBe('incoming');

  await page.evaluate(() => (window as unknown as PageWindow).host.click('answerButtonClick'));
  expect(await uiState()).toBe('connectingIncoming');
  await page.evaluate(() => (window as unknown as PageWindow).network({ type: 'phone.connected' }));
  expect(await uiState()).toBe('connected');

  // Separate clicks, as an operator makes them: the softphone's hold() settles before the next one.
  await page.evaluate(() => (window as unknown as PageWindow).host.hold(true));
  await page.waitForFunction(() => ((s) => s?.status === 'call' && s.held)((window as unknown as PageWindow).callCard?.state), undefined, { timeout: STEP });
  await page.evaluate(() => {
    const { host } = window as unknown as PageWindow;
    host.dial('5');
    host.rate(4);
    host.transfer('17', 'user');
  });
  expect(await uiState()).toBe('transferring');
  await page.evaluate(() => (window as unknown as PageWindow).host.click('completeTransferButtonClick'));
  await page.evaluate(() => (window as unknown as PageWindow).network({ type: 'phone.transferSucceeded' }));
  expect(await uiState()).toBe('transferConnected');
  await page.evaluate(() => (window as unknown as PageWindow).host.click('hangupButtonClick'));
  expect(await uiState()).toBeNull();

  expect(await page.evaluate(() => (window as unknown as PageWindow).sipAsked)).toEqual([
    'answer()',
    'setHold(true)',
    'sendTone(5)',
    // The app has spoken by now, so the host sends {phoneNumber, target}: no kind.
    'transfer(17, null)',
    'commitTransfer()',
    'terminate()',
  ]);
  await page.waitForFunction(() => (window as unknown as PageWindow).callCard?.state.status === 'idle', undefined, { timeout: STEP });
  const deadline = Date.now() + STEP;
  while (summaries.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(summaries).toEqual([
    expect.objectContaining({ callId: 'page-1', phoneNumber: '+4930123', direction: 'incoming', endedBy: 'hungUp', dtmf: '5', rating: 4, connected: true }),
  ]);
  expect(pageErrors).toEqual([]);
  expect(warnings).toEqual([]);
}, 60_000);
