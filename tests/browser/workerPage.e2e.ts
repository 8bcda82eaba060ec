import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../../scripts/chromium';

// examples/worker.html as it is, in Chromium, with no portal: Bitrix24's script does not load
// (no internet), so the page loads the shipped fake BX24 (dist/iife/b24-call-card-fake-bx24.min.js,
// the host and REST doubles) and the script-tag builds of the core and the records layer, all
// built here by scripts/build-iife.mjs as `npm run build` builds them. A whole call runs: the
// network rings, the call is registered over REST, the portal shows its card, the operator
// answers, holds, dials, rates, transfers and hangs up, and the REST call record is finished once.

const root = join(__dirname, '..', '..');
const BX24_URL = 'https://api.bitrix24.com/api/v1/';
/** How long one step may take to show (a wait, not a timing assertion). */
const STEP = 15_000;

/** The SIP client the page finds: records what it is asked, and lets the test play the network. */
const RECORDING_SIP_CLIENT = `(function () {
  var asked = [];
  var listener = function () {};
  var started = function () {};
  var did = function (what) { return function () { asked.push(what + '(' + Array.prototype.map.call(arguments, String).join(', ') + ')'); return Promise.resolve(); }; };
  window.sipClient = {
    answer: did('answer'), decline: did('decline'), terminate: did('terminate'), dial: did('dial'),
    setHold: did('setHold'), setMicrophoneMuted: did('setMicrophoneMuted'), sendTone: did('sendTone'),
    transfer: did('transfer'), commitTransfer: did('commitTransfer'), abortTransfer: did('abortTransfer'),
    onEvent: function (next) { listener = next; },
    onCallStarted: function (next) { started = next; }
  };
  window.sipAsked = asked;
  window.network = function (event) { listener(event); };
  window.ring = function (phoneNumber) { started({ direction: 'incoming', phoneNumber: phoneNumber }); };
})();`;

let work: string;
let server: Server;
let browser: Browser;
let base: string;
const files: Record<string, { type: string; body: string }> = {};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'b24-worker-page-'));
  execFileSync(process.execPath, [join(root, 'scripts', 'build-iife.mjs'), work], { cwd: root, stdio: 'pipe' });
  for (const name of readdirSync(work).filter((file) => file.endsWith('.min.js'))) files[`/${name}`] = { type: 'text/javascript', body: readFileSync(join(work, name), 'utf8') };
  files['/worker.html'] = { type: 'text/html', body: readFileSync(join(root, 'examples', 'worker.html'), 'utf8') };
  files['/fake-portal.js'] = { type: 'text/javascript', body: readFileSync(join(root, 'examples', 'fake-portal.js'), 'utf8') };
  files['/sip-client.js'] = { type: 'text/javascript', body: RECORDING_SIP_CLIENT };
  server = createServer((request, response) => {
    const file = files[request.url ?? ''];
    if (file) response.writeHead(200, { 'content-type': file.type }).end(file.body);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const found = await findChromium();
  console.log(`browser: ${found.description}`);
  browser = await chromium.launch({ executablePath: found.executablePath, args: [...found.args, '--disable-gpu', '--disable-background-networking'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (work) rmSync(work, { recursive: true, force: true });
});

type PageWindow = Window & {
  b24FakePortal: import('../../testing/fakeBx24').FakeBx24World;
  BX24: { isFake?: boolean };
  callCard?: import('../../index').CallCard;
  callRecords?: import('../../adapters/records').CallRecords;
  B24CallCard?: Record<string, unknown>;
  B24CallCardRecords?: Record<string, unknown>;
  sipAsked: string[];
  network(event: unknown): void;
  ring(phoneNumber: string): void;
};

/** A page that reports its errors and warnings, with nothing let out of the machine. */
async function openPage(allowed: (url: string) => boolean): Promise<{ page: Page; errors: string[]; warnings: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const warnings: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Chromium's own line for the refused Bitrix24 script is the point of the test, not an error of the page.
    if (message.type() === 'error' && !message.text().includes('ERR_FAILED')) errors.push(message.text());
    if (message.type() === 'warning') warnings.push(message.text());
  });
  // Bitrix24's script is refused, as offline; only the page's own origin is reached.
  await page.route('**/*', (route) => (allowed(route.request().url()) ? route.continue() : route.abort()));
  return { page, errors, warnings };
}

test('examples/worker.html runs a whole call with the fake BX24 and the script-tag builds of the core and the records layer', async () => {
  const { page, errors, warnings } = await openPage((url) => url.startsWith(`${base}/`));
  const uiState = () =>
    page.evaluate(async () => {
      const { host } = (window as unknown as PageWindow).b24FakePortal;
      await host.settle();
      return host.card?.uiState ?? null;
    });
  await page.goto(`${base}/worker.html`);
  await page.waitForFunction(() => (window as unknown as PageWindow).callCard !== undefined, undefined, { timeout: STEP });
  // Each script tag defines its global; BX24 is the fake, as Bitrix24's did not load.
  expect(await page.evaluate(() => [typeof (window as unknown as PageWindow).B24CallCard?.createCallCard, typeof (window as unknown as PageWindow).B24CallCardRecords?.createCallRecords, (window as unknown as PageWindow).BX24.isFake])).toEqual(['function', 'function', true]);
  expect(await page.evaluate(() => (window as unknown as PageWindow).b24FakePortal.host.boundHandlerCount('initialized'))).toBe(1);

  // The network rings: the page registers the call over REST, and the portal shows its card.
  await page.evaluate(() => (window as unknown as PageWindow).ring('+4930123'));
  await page.waitForFunction(() => (window as unknown as PageWindow).b24FakePortal.host.card?.uiState === 'incoming', undefined, { timeout: STEP });
  const callId = await page.evaluate(() => (window as unknown as PageWindow).b24FakePortal.host.card!.call.CALL_ID);
  expect(await page.evaluate(() => (window as unknown as PageWindow).b24FakePortal.rest.log.map((entry) => entry.method))).toEqual(['telephony.externalcall.register']);

  await page.evaluate(() => (window as unknown as PageWindow).b24FakePortal.host.click('answerButtonClick'));
  expect(await uiState()).toBe('connectingIncoming');
  await page.evaluate(() => (window as unknown as PageWindow).network({ type: 'phone.connected' }));
  expect(await uiState()).toBe('connected');
  await page.evaluate(() => (window as unknown as PageWindow).b24FakePortal.host.hold(true));
  await page.waitForFunction(() => ((s) => s?.status === 'call' && s.held)((window as unknown as PageWindow).callCard?.state), undefined, { timeout: STEP });
  await page.evaluate(() => {
    const { host } = (window as unknown as PageWindow).b24FakePortal;
    host.dial('5');
    host.rate(4);
    host.transfer('17', 'user');
  });
  expect(await uiState()).toBe('transferring');
  await page.evaluate(() => (window as unknown as PageWindow).b24FakePortal.host.click('completeTransferButtonClick'));
  await page.evaluate(() => (window as unknown as PageWindow).network({ type: 'phone.transferSucceeded' }));
  expect(await uiState()).toBe('transferConnected');
  await page.evaluate(() => (window as unknown as PageWindow).b24FakePortal.host.click('hangupButtonClick'));
  expect(await uiState()).toBeNull();
  expect(await page.evaluate(() => (window as unknown as PageWindow).sipAsked)).toEqual(['answer()', 'setHold(true)', 'sendTone(5)', 'transfer(17, null)', 'commitTransfer()', 'terminate()']);

  // The records layer finished the call once, from the card's summary (the rating included).
  await page.waitForFunction(() => (window as unknown as PageWindow).b24FakePortal.rest.records.length > 0, undefined, { timeout: STEP });
  await page.evaluate(() => (window as unknown as PageWindow).callRecords!.whenIdle());
  expect(await page.evaluate(() => (window as unknown as PageWindow).b24FakePortal.rest.records.map(({ CALL_ID, STATUS_CODE, VOTE }) => ({ CALL_ID, STATUS_CODE, VOTE })))).toEqual([
    { CALL_ID: callId, STATUS_CODE: '200', VOTE: 4 },
  ]);
  expect(await page.evaluate(() => (window as unknown as PageWindow).b24FakePortal.rest.log.map((entry) => entry.method))).toEqual(['telephony.externalcall.register', 'telephony.externalcall.finish']);
  expect(errors).toEqual([]);
  expect(warnings).toEqual([]);
  await page.close();
}, 60_000);

test('opened from file://, the page and its stand-in SIP client run a call an operator clicks through in the fake portal panel', async () => {
  const dir = join(work, 'file-page');
  execFileSync('mkdir', ['-p', dir]);
  for (const name of ['worker.html', 'fake-portal.js', 'sip-client.js']) copyFileSync(join(root, 'examples', name), join(dir, name));
  for (const name of readdirSync(work).filter((file) => file.endsWith('.min.js'))) copyFileSync(join(work, name), join(dir, name));
  const { page, errors } = await openPage((url) => url.startsWith('file://'));
  await page.goto(`file://${join(dir, 'worker.html')}`);
  await page.getByRole('button', { name: /^Ring/ }).click({ timeout: STEP });
  await page.getByRole('button', { name: 'Answer' }).click({ timeout: STEP });
  await page.waitForFunction(() => document.getElementById('fake-card')?.textContent?.startsWith('Card: connected'), undefined, { timeout: STEP });
  await page.getByRole('button', { name: 'Hang up' }).click({ timeout: STEP });
  await page.waitForFunction(() => document.getElementById('fake-records')?.textContent?.includes('"STATUS_CODE":"200"'), undefined, { timeout: STEP });
  expect(await page.locator('#fake-card').textContent()).toBe('No card open.');
  expect(errors).toEqual([]);
  await page.close();
}, 60_000);
