import type { BrowserContext, Frame, Page } from 'playwright-core';
import { b24OAuthParamsOf, type RestDouble } from '../../testing/rest';
import { APP, startRelayPortal, type RelayPortal } from './fixtures/relayPortal';
import { until } from './fixtures/until';

// SC-L6 and host-behaviour §12 in real Chromium, storage partitioning on: portal tabs on
// 127.0.0.1 frame the application on 127.0.0.2; each frame runs the phone and connectRelay with
// @bitrix24/b24jssdk's own pull client. The REST double (with its push server) and the relay
// handler run in this process. Only the owner of a user's phone holds a pull connection, however
// many of that user's frames are open; a click-to-call reaches that owner once, and after the
// owner's tab closes, the next owner connects and receives the next one.

let portal: RelayPortal;
let context: BrowserContext;
let portalBase: string;
let rest: RestDouble;
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
  portal = await startRelayPortal('relayFrame.ts');
  ({ rest, portalBase } = portal);
  console.log(`relay e2e: ${portal.chromium}, partitioning on`);
}, 60_000);

beforeEach(async () => {
  frames.clear();
  context = await portal.browser.newContext();
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await portal?.close();
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
