// examples/worker-sipjs.html as it is, in Chromium with fake media, making a real call through
// Kamailio: the page loads the shipped fake BX24 (no portal: Bitrix24's script is refused) and
// the script-tag builds of the core, the records layer and the SIP.js adapter (sip.js inside),
// built here by scripts/build-iife.mjs as `npm run build` builds them. A far-end SIP.js user
// agent calls the operator; the records layer registers the call over the REST double, whose
// portal opens the card; the operator answers on the card, media flows both ways, the operator
// hangs up, and the call is registered and finished exactly once.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { assertPrivateNetwork, expectMediaFlowing, FarEnd, sipServer, STEP_MS, waitFor, type MediaEnd } from './harness';
import { launchSipBrowser, type SipBrowser } from './harness/browser';
import { startKamailio, type RunningKamailio } from './harness/kamailio';
import { PAGE_BUNDLES, startPageServer, type PageServer } from './harness/pages';
import { repoRoot } from './harness/root';

const root = repoRoot();

type WorkerWindow = Window & {
  b24FakePortal: import('../../testing/fakeBx24').FakeBx24World;
  BX24: { isFake?: boolean };
  callCard?: import('../../index').CallCard;
  callRecords?: import('../../adapters/records').CallRecords;
  callSoftphone?: { session: unknown };
  sipRegisterer?: { state: string };
};

let work: string;
let kamailio: RunningKamailio | undefined;
let pages: PageServer | undefined;
let browser: SipBrowser | undefined;
let server: Server | undefined;
let base: string;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

beforeAll(async () => {
  assertPrivateNetwork();
  work = mkdtempSync(join(tmpdir(), 'b24-worker-sipjs-'));
  execFileSync(process.execPath, [join(root, 'scripts', 'build-iife.mjs'), work], { cwd: root, stdio: 'pipe' });
  const files: Record<string, { type: string; body: string }> = {};
  for (const name of readdirSync(work).filter((file) => file.endsWith('.min.js'))) files[`/${name}`] = { type: 'text/javascript', body: readFileSync(join(work, name), 'utf8') };
  files['/worker-sipjs.html'] = { type: 'text/html', body: readFileSync(join(root, 'examples', 'worker-sipjs.html'), 'utf8') };
  files['/fake-portal.js'] = { type: 'text/javascript', body: readFileSync(join(root, 'examples', 'fake-portal.js'), 'utf8') };
  server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://127.0.0.1').pathname];
    if (file) response.writeHead(200, { 'content-type': file.type }).end(file.body);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  kamailio = await startKamailio();
  pages = await startPageServer(PAGE_BUNDLES);
  browser = await launchSipBrowser();
}, 60_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close().catch(() => {})));
  await browser?.close().catch(() => {});
  await pages?.close().catch(() => {});
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await kamailio?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
}, 30_000);

/** The worker page, its microphone granted, reaching nothing but its own origin (Bitrix24's script is refused). */
async function openWorker(query: string): Promise<Page> {
  const context = await browser!.browser.newContext();
  contexts.push(context);
  await context.grantPermissions(['microphone'], { origin: base });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    // Chromium's own line for the refused Bitrix24 script is the point of the test, not an error of the page.
    if ((message.type() === 'error' && !message.text().includes('ERR_FAILED')) || message.type() === 'warning') errors.push(message.text());
  });
  await page.route('**/*', (route) => (route.request().url().startsWith(`${base}/`) ? route.continue() : route.abort()));
  await page.goto(`${base}/worker-sipjs.html?${query}`);
  return page;
}

/** The operator's side of the media: the peer connection of the adapter's current session, read in the page. */
function operatorMedia(page: Page): MediaEnd {
  return {
    name: 'operator (worker-sipjs.html)',
    stats: () =>
      page.evaluate(async () => {
        const session = (window as unknown as WorkerWindow).callSoftphone?.session as { sessionDescriptionHandler?: { peerConnection?: RTCPeerConnection } } | null | undefined;
        const pc = session?.sessionDescriptionHandler?.peerConnection;
        if (!pc) return null;
        let packetsReceived = 0;
        let packetsSent = 0;
        let totalAudioEnergy = 0;
        (await pc.getStats()).forEach((s: Record<string, unknown>) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') {
            packetsReceived += Number(s.packetsReceived ?? 0);
            totalAudioEnergy += Number(s.totalAudioEnergy ?? 0);
          }
          if (s.type === 'outbound-rtp' && s.kind === 'audio') packetsSent += Number(s.packetsSent ?? 0);
        });
        return { packetsReceived, packetsSent, totalAudioEnergy, direction: pc.getTransceivers()[0]?.currentDirection ?? null };
      }),
  };
}

test('examples/worker-sipjs.html, with the fake BX24 and the script-tag builds, answers a real call through Kamailio: media both ways, registered and finished once', async () => {
  const operator = 'operator-page';
  const page = await openWorker(new URLSearchParams({ server: sipServer(), user: operator, domain: '127.0.0.1', ice: '' }).toString());
  await page.waitForFunction(() => (window as unknown as WorkerWindow).sipRegisterer?.state === 'Registered', undefined, { timeout: STEP_MS });
  expect(await page.evaluate(() => (window as unknown as WorkerWindow).BX24.isFake)).toBe(true);
  // The fake portal's panel offers no stand-in Ring here: calls come from the SIP network.
  expect(await page.locator('#fake-portal').textContent()).toContain('Call this operator from another SIP phone.');

  const farPage = await browser!.openPage(pages!.pageUrl('ua.js'), pages!.origin);
  contexts.push(farPage.context);
  await farPage.page.waitForFunction(() => 'b24sip' in window);
  // A number as the SIP user: the register's PHONE_NUMBER is the caller's user part, and Bitrix24 wants a phone number.
  const customer = await FarEnd.start(farPage.page, '4930123456');

  // The INVITE reaches the page: the records layer registers it, the portal opens its card.
  await customer.call(operator);
  await page.waitForFunction(() => (window as unknown as WorkerWindow).b24FakePortal.host.card?.uiState === 'incoming', undefined, { timeout: STEP_MS }).catch(async (error: Error) => {
    throw new Error(`${error.message}; REST log ${JSON.stringify(await page.evaluate(() => (window as unknown as WorkerWindow).b24FakePortal.rest.log))}; page said ${JSON.stringify(errors)}; ${customer.name}: ${JSON.stringify(await customer.log())}`);
  });
  const callId = await page.evaluate(() => (window as unknown as WorkerWindow).b24FakePortal.host.card!.call.CALL_ID);
  expect(await page.evaluate(() => (window as unknown as WorkerWindow).b24FakePortal.rest.log.map((entry) => entry.method))).toEqual(['telephony.externalcall.register']);

  // The operator answers on the card: 200 OK with the answer, media both ways.
  await page.evaluate(() => (window as unknown as WorkerWindow).b24FakePortal.host.click('answerButtonClick'));
  await page.waitForFunction(() => (window as unknown as WorkerWindow).b24FakePortal.host.card?.uiState === 'connected', undefined, { timeout: STEP_MS });
  await customer.waitForState('Established');
  await expectMediaFlowing(customer, operatorMedia(page));

  // The operator hangs up on the card: BYE reaches the customer, the card closes.
  await page.evaluate(() => (window as unknown as WorkerWindow).b24FakePortal.host.click('hangupButtonClick'));
  await customer.waitForLog('bye');
  await page.waitForFunction(() => (window as unknown as WorkerWindow).b24FakePortal.host.card === null, undefined, { timeout: STEP_MS });

  // The record: registered once, finished once, for this call, as answered.
  await waitFor('the call to be finished over REST', () => page.evaluate(() => ((window as unknown as WorkerWindow).b24FakePortal.rest.records.length > 0 ? true : undefined)));
  await page.evaluate(() => (window as unknown as WorkerWindow).callRecords!.whenIdle());
  expect(await page.evaluate(() => (window as unknown as WorkerWindow).b24FakePortal.rest.log.map((entry) => entry.method))).toEqual(['telephony.externalcall.register', 'telephony.externalcall.finish']);
  expect(await page.evaluate(() => (window as unknown as WorkerWindow).b24FakePortal.rest.records.map(({ CALL_ID, STATUS_CODE }) => ({ CALL_ID, STATUS_CODE })))).toEqual([{ CALL_ID: callId, STATUS_CODE: '200' }]);
  expect(errors.concat(farPage.errors)).toEqual([]);
}, 60_000);
