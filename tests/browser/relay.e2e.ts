import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { findChromium, partitionedArgs } from '../../scripts/chromium';
import { b24OAuthParamsOf, createRestDouble, type RestDouble } from '../../testing/rest';
import { startRestServer, type RestServer } from '../../testing/rest/httpServer';
import { callWithEventAuth, createRelayHandler } from '../../adapters/relay';
import { listen, servePortal } from './fixtures/portalPages';
import { until } from './fixtures/until';

// SC-L6 and host-behaviour §12 in real Chromium, storage partitioning on: portal tabs on
// 127.0.0.1 frame the application on 127.0.0.2; each frame runs the phone and connectRelay with
// @bitrix24/b24jssdk's own pull client. The REST double (with its push server) and the relay
// handler run in this process. Only the owner of a user's phone holds a pull connection, however
// many of that user's frames are open; a click-to-call reaches that owner once, and after the
// owner's tab closes, the next owner connects and receives the next one.

const APP = 'local.app';
let browser: Browser;
let context: BrowserContext;
let pages: Awaited<ReturnType<typeof servePortal>>;
let relayServer: Server;
let portalBase: string;
let rest: RestDouble;
let restServer: RestServer;
const frames = new Map<number, Frame>();

async function openTab(tab: number, userId: number): Promise<Page> {
  const grant = JSON.stringify(b24OAuthParamsOf(rest.auth.issueToken({ userId, app: APP })));
  const page = await context.newPage();
  await page.goto(`${portalBase}/portal?grant=${encodeURIComponent(grant)}`);
  const frame = await (await page.waitForSelector('iframe'))!.contentFrame();
  await frame!.waitForFunction(() => '__relay' in window);
  frames.set(tab, frame!);
  return page;
}

type Relay = { role(): string; requests(): unknown[]; diagnostics(): string[]; storageKeys(): string[] };
const relayOf = <T>(tab: number, read: (relay: Relay) => T): Promise<T> => frames.get(tab)!.evaluate((source) => new Function('relay', `return (${source})(relay)`)((window as unknown as { __relay: Relay }).__relay), read.toString()) as Promise<T>;

beforeAll(async () => {
  rest = createRestDouble({ bucket: false, operating: false });
  restServer = await startRestServer({ rest, cors: true });
  const handler = createRelayHandler({ applicationToken: rest.apps.applicationToken(APP), rest: callWithEventAuth });
  relayServer = createServer((request, response) => void handler(request, response));
  const relayBase = await listen(relayServer, '127.0.0.1');
  const admin = rest.auth.issueToken({ userId: 1, app: APP }).access_token;
  expect(rest.callSync('event.bind', { EVENT: 'ONEXTERNALCALLSTART', HANDLER: `${relayBase}/b24/events` }, { token: admin }).status).toBe(200);

  const bundle = buildSync({ entryPoints: [join(__dirname, 'fixtures', 'relayFrame.ts')], bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent', splitting: false });
  pages = await servePortal(bundle.outputFiles[0]!.text, 'module');
  portalBase = pages.portalBase;
  const found = await findChromium();
  browser = await chromium.launch({ executablePath: found.executablePath, args: partitionedArgs(found) });
  console.log(`relay e2e: ${found.description}, Chromium ${browser.version()}, partitioning on`);
}, 60_000);

beforeEach(async () => {
  frames.clear();
  context = await browser.newContext();
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await new Promise<void>((resolve) => (relayServer ? relayServer.close(() => resolve()) : resolve()));
  await restServer?.close();
});

test('SC-L6 one pull connection per user across tabs; click-to-call reaches the owner once; the next owner takes over the connection', async () => {
  const tabA = await openTab(0, 7);
  await until(async () => (await relayOf(0, (relay) => relay.role())) === 'owner', 'tab A to own');
  await openTab(1, 7);
  await openTab(2, 8);
  await until(async () => (await relayOf(1, (relay) => relay.role())) === 'waiting', 'tab B to wait');
  await until(() => rest.pull.connections(APP, 7) === 1 && rest.pull.connections(APP, 8) === 1, 'one pull connection for each user');

  expect(rest.callSync('voximplant.call.startViaRest', { NUMBER: '+4930111', SHOW: 'Y' }, { session: { userId: 7 } }).status).toBe(200);
  await rest.apps.settle();
  await until(async () => (await relayOf(0, (relay) => relay.requests().length)) === 1, 'tab A to receive the dial request');
  const [first] = rest.activeCalls;
  expect(await relayOf(0, (relay) => relay.requests())).toEqual([{ callId: first!.CALL_ID, phoneNumber: '+4930111', phoneNumberInternational: '+4930111', userId: 7, isMobile: false, crmEntityType: 'LEAD', crmEntityId: first!.CRM_ENTITY_ID }]);
  expect(await relayOf(1, (relay) => relay.requests())).toEqual([]);
  expect(await relayOf(2, (relay) => relay.requests())).toEqual([]);
  expect(rest.pull.connections(APP, 7)).toBe(1);
  // The SDK caches its config under the user and `b24CallCard_<member_id>` (SC-F1: every key carries both).
  const keys = await relayOf(0, (relay) => relay.storageKeys());
  expect(keys).toContainEqual(expect.stringMatching(/^@bitrix24\/b24jssdk-pull-7-b24CallCard_[0-9a-f]{32}-bx-pull-config$/));

  await tabA.close();
  await until(async () => (await relayOf(1, (relay) => relay.role())) === 'owner', 'tab B to own');
  await until(() => rest.pull.connections(APP, 7) === 1, "the new owner's pull connection");
  expect(rest.callSync('voximplant.call.startViaRest', { NUMBER: '+4930222' }, { session: { userId: 7 } }).status).toBe(200);
  await rest.apps.settle();
  await until(async () => (await relayOf(1, (relay) => relay.requests().length)) === 1, 'tab B to receive the next dial request');
  expect(await relayOf(1, (relay) => relay.requests())).toEqual([expect.objectContaining({ phoneNumber: '+4930222', userId: 7 })]);
  expect(await relayOf(2, (relay) => relay.requests())).toEqual([]);
}, 60_000);
