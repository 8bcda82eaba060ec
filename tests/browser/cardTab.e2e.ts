import { chromium, type Browser, type Frame } from 'playwright-core';
import { findChromium, partitionedArgs } from '../../scripts/chromium';
import { until } from './fixtures/until';
import { CardTabWorld, startSites, type BrowserTab, type Sites } from './fixtures/cardTabWorld';

// statechart v3 "The card's tab" (SC-T2–T4) and host-behaviour §11 in real Chromium with storage
// partitioning on: two portal tabs on 127.0.0.1, the application's frames on 127.0.0.2. The phone
// is owned by tab A's worker; the host shows the card in tab B, and with it the CALL_CARD frame:
// examples/tab.html as it is (the script-tag builds of the phone and the tab). The portal double
// and the REST double run in Node; the owner's records layer registers each call over REST,
// whose push raises the card (SHOW=1), and finishes it, whose hide starts the host's auto-close.

/** How long a card that should stay is watched before concluding it stayed (a wait, not a timing assertion). */
const WATCH_MS = 1_500;

let browser: Browser;
let sites: Sites;
let world: CardTabWorld;

type PhoneWindow = Window & {
  __phone: {
    state(): { role: string; call: { callId: string; uiState: string } | null };
    methods(): string[];
    summaries(): Array<{ callId: string; endedBy: string }>;
    diagnostics(): string[];
    send(type: string): void;
    ring(sipCallId: string, phoneNumber: string): void;
    farEndHangsUp(sipCallId: string): void;
  };
};
const phone = <T>(tab: BrowserTab, read: (api: PhoneWindow['__phone']) => T): Promise<T> => tab.worker.evaluate((source) => new Function('api', `return (${source})(api)`)((window as unknown as PhoneWindow).__phone), read.toString()) as Promise<T>;
const text = (frame: Frame, selector: string): Promise<string> => frame.locator(selector).innerText();

const watch = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, WATCH_MS));

beforeAll(async () => {
  sites = await startSites();
  const found = await findChromium();
  browser = await chromium.launch({ executablePath: found.executablePath, args: partitionedArgs(found) });
  console.log(`card tab e2e: ${found.description}, Chromium ${browser.version()}, partitioning on`);
}, 90_000);

beforeEach(async () => {
  world = new CardTabWorld(await browser.newContext(), sites);
  await world.start();
});

afterEach(async () => {
  await world?.stop();
});

afterAll(async () => {
  await browser?.close();
  await sites?.close();
});

/**
 * Tab A owns, the card rings in tab B with its CALL_CARD tab, is answered on the card, the
 * operator starts the call-result form (the card is held), and the far end hangs up.
 */
async function heldAfterHangUp(maxHoldMs = { a: 300_000, b: 300_000 }) {
  // The push reaches tab A a second late: the card is built in tab B only (the viExternalCard flag, §7).
  const a = await world.openTab({ pushDelayMs: 1_000, maxHoldMs: maxHoldMs.a });
  await until(async () => (await phone(a, (api) => api.state().role)) === 'owner', 'tab A to own');
  const b = await world.openTab({ maxHoldMs: maxHoldMs.b });
  await until(async () => (await phone(b, (api) => api.state().role)) === 'waiting', 'tab B to wait');

  await a.worker.evaluate(() => (window as unknown as PhoneWindow).__phone.ring('sip-1', '+4930555'));
  await until(() => b.portalTab.card?.uiState === 'incoming', "the card in tab B's window to ring");
  const first = b.portalTab.card!.call.CALL_ID;
  const form = await world.cardTab(b);
  // SC-T3: the tab shows the call as the phone has it; the host's getStatus says connected from the first ring.
  await until(async () => (await text(form, '#true-state')) === 'incoming', 'the tab to show incoming');
  expect(await text(form, '#host-state')).toBe('connected');
  expect(await text(form, '#number')).toBe('+4930555');

  b.portalTab.click('answerButtonClick');
  await until(async () => (await phone(a, (api) => api.methods())).includes('answer'), "the owner's softphone to answer");
  await a.worker.evaluate(() => (window as unknown as PhoneWindow).__phone.send('phone.connected'));
  await until(async () => (await text(form, '#true-state')) === 'connected', 'the tab to show connected');

  // The operator starts the form: the card is held open (SC-T4).
  await form.selectOption('#outcome', 'callBack');
  await form.fill('#note', 'wants a quote');
  await until(async () => (await text(form, '#hold')).includes('stays open'), 'the hold');

  await a.worker.evaluate(() => (window as unknown as PhoneWindow).__phone.farEndHangsUp('sip-1'));
  await until(async () => (await phone(a, (api) => api.summaries().length)) === 1, 'the summary');
  // The record is finished; the portal hides the card, and the host's auto-close is held back by the tab (§11).
  await until(() => world.rest.records.length === 1 && b.portalTab.card?.closesAt !== null, "the finish, and the host's held-back auto-close");
  await until(async () => (await text(form, '#true-state')) === 'ended (remoteHungUp)', 'the tab to show how the call ended');
  await watch();
  expect(b.portalTab.card?.call.CALL_ID).toBe(first);
  expect(await phone(a, (api) => api.diagnostics())).toContain('closeDeferred');
  return { a, b, first };
}

test('SC-T3 SC-T4 the tab in tab B shows the call owned by tab A; the form holds the card after hang-up; a new call releases it, the card closes before the call is registered, and the next card is raised', async () => {
  const { a, b, first } = await heldAfterHangUp();

  await a.worker.evaluate(() => (window as unknown as PhoneWindow).__phone.ring('sip-2', '+4930777'));
  await until(() => (b.portalTab.card?.call.CALL_ID ?? first) !== first, "the next call's card in tab B");
  const next = b.portalTab.card!.call.CALL_ID;
  expect(world.timeline.slice(world.timeline.indexOf('register +4930777') - 1)).toEqual([`closed ${first} in tab 1`, 'register +4930777', `shown ${next} in tab 1`]);
  expect(world.portal.deliveries.filter((delivery) => delivery.callId === next && delivery.tab === 1).map((delivery) => delivery.outcome)).toEqual(['built']);
  await until(async () => (await phone(a, (api) => api.state().call?.callId)) === next, 'the owner to take the next call');
  // The tab heard why (SC-T4) before its frame went with the card: the form was kept as a draft.
  expect(JSON.parse((await b.worker.evaluate((key) => localStorage.getItem(key), `call-result:${first}`)) ?? 'null')).toEqual({ outcome: 'callBack', note: 'wants a quote', status: 'draft', why: 'newCall' });
  // The next card has its own tab, showing the next call.
  const form = await world.cardTab(b);
  await until(async () => (await text(form, '#true-state')) === 'incoming', "the next card's tab to show incoming");
}, 90_000);

test('SC-T4 SC-F4 the owner’s tab closes while the card is held: the new owner honours the hold and closes the card at its bound; the tab hears "timeout"', async () => {
  const { a, b, first } = await heldAfterHangUp({ a: 300_000, b: 3_000 });
  await world.closeTab(a);
  await until(async () => (await phone(b, (api) => api.state().role)) === 'owner', 'tab B to own');
  await until(async () => (await phone(b, (api) => api.diagnostics())).includes('cardHeld'), 'the tab to announce its hold to the new owner');
  expect(b.portalTab.card?.call.CALL_ID).toBe(first);
  await until(() => b.portalTab.card === null, 'the new owner to close the card at its bound');
  expect(JSON.parse((await b.worker.evaluate((key) => localStorage.getItem(key), `call-result:${first}`)) ?? 'null')).toEqual({ outcome: 'callBack', note: 'wants a quote', status: 'draft', why: 'timeout' });
}, 90_000);
