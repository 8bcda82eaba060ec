import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { findChromium, partitionedArgs } from '../../scripts/chromium';
import { until } from './fixtures/until';
import { createHostSimulator, type HostSimulator } from '../../testing/host';
import { servePortal } from './fixtures/portalPages';

// statechart v3 "One phone, many frames" in real Chromium with storage partitioning on (as
// users have it): portal tabs on 127.0.0.1, the application's frames on 127.0.0.2, one
// BroadcastChannel and one Web Lock family across the tabs. The host (one per tab) is the host
// double in this process, reached through Playwright bindings. The owner in one tab drives the
// card the host shows in another (SC-F3); the owner's tab closed mid-call ends the call once
// in the next owner, which closes the card (SC-F4).

let browser: Browser;
let context: BrowserContext;
let pages: Awaited<ReturnType<typeof servePortal>>;
let portalBase: string;
let host: HostSimulator;
const frames = new Map<number, Frame>();

async function openTab(tab: number, kind = 'worker'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${portalBase}/portal?tab=${tab}&kind=${kind}`);
  const frame = await (await page.waitForSelector('iframe'))!.contentFrame();
  await frame!.waitForFunction(() => '__phone' in window);
  frames.set(tab, frame!);
  return page;
}

const phoneOf = (tab: number) => frames.get(tab)!;
const roleOf = (tab: number) => phoneOf(tab).evaluate(() => (window as unknown as { __phone: { state(): { role: string } } }).__phone.state().role);

beforeAll(async () => {
  const bundle = buildSync({ entryPoints: [join(__dirname, 'fixtures', 'phoneFrame.ts')], bundle: true, format: 'iife', platform: 'browser', write: false, logLevel: 'silent' });
  pages = await servePortal(bundle.outputFiles[0]!.text, 'classic');
  portalBase = pages.portalBase;
  const found = await findChromium();
  browser = await chromium.launch({ executablePath: found.executablePath, args: partitionedArgs(found) });
  console.log(`phone e2e: ${found.description}, Chromium ${browser.version()}, partitioning on`);
}, 60_000);

beforeEach(async () => {
  host = createHostSimulator({ windows: 3 });
  frames.clear();
  context = await browser.newContext();
  await context.exposeBinding('hostCall', ({ frame }, tab: number, id: number, command: string, params: string) => {
    host.windows[tab]!.placement.call(command, JSON.parse(params), (result) => {
      void frame.evaluate(([answerId, value]) => (window as unknown as { __answer(id: number, result: unknown): void }).__answer(answerId as number, value), [id, result] as const).catch(() => undefined);
    });
  });
  const bound = new Set<string>();
  await context.exposeBinding('hostBind', (_source, tab: number, event: string) => {
    if (bound.has(`${tab}:${event}`)) return;
    bound.add(`${tab}:${event}`);
    host.windows[tab]!.placement.bindEvent(event, (payload?: unknown) => {
      void frames.get(tab)?.evaluate(([name, value]) => (window as unknown as { __emit(event: string, payload: unknown): void }).__emit(name as string, value), [event, payload ?? null] as const).catch(() => undefined);
    });
  });
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
});

test('SC-F3 the owner in tab A answers and hangs up the card the host shows in tab B', async () => {
  await openTab(0);
  await until(async () => (await roleOf(0)) === 'owner', 'tab A to own');
  await openTab(1);
  await until(async () => (await roleOf(1)) === 'waiting', 'tab B to wait');

  host.raiseCall({ CALL_ID: 'c-1', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930111' }, { window: 1 });
  await until(() => host.card?.uiState === 'incoming', "the card in tab B's window to show incoming");
  host.click('answerButtonClick');
  await until(() => host.card?.uiState === 'connectingIncoming', 'the card to show connectingIncoming');
  expect(await phoneOf(0).evaluate(() => (window as unknown as { __phone: { methods(): string[] } }).__phone.methods())).toEqual(['answer']);
  await phoneOf(0).evaluate(() => (window as unknown as { __phone: { send(type: string): void } }).__phone.send('phone.connected'));
  await until(() => host.card?.uiState === 'connected', 'the card to show connected');
  // Tab B reads the call from the owner (SC-F7).
  await until(async () => (await phoneOf(1).evaluate(() => (window as unknown as { __phone: { state(): { call: { uiState: string } | null } } }).__phone.state().call?.uiState)) === 'connected', 'tab B to read connected');
  host.click('hangupButtonClick');
  await until(() => host.card === null, 'the card to close');
  expect(await phoneOf(0).evaluate(() => (window as unknown as { __phone: { methods(): string[] } }).__phone.methods())).toEqual(['answer', 'hangup']);
  expect(await phoneOf(1).evaluate(() => (window as unknown as { __phone: { methods(): string[] } }).__phone.methods())).toEqual([]);
}, 60_000);

test('SC-F4 the owner’s tab closed mid-call: tab B becomes owner, ends the call once (ownerLost) and closes its card', async () => {
  const tabA = await openTab(0);
  await until(async () => (await roleOf(0)) === 'owner', 'tab A to own');
  await openTab(1);
  host.raiseCall({ CALL_ID: 'c-2', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930222' }, { window: 1 });
  await until(() => host.card?.uiState === 'incoming', 'incoming');
  host.click('answerButtonClick');
  // The click crosses to the owner's tab and back before the softphone's answer can connect.
  await until(() => host.card?.uiState === 'connectingIncoming', 'connectingIncoming');
  await phoneOf(0).evaluate(() => (window as unknown as { __phone: { send(type: string): void } }).__phone.send('phone.connected'));
  await until(() => host.card?.uiState === 'connected', 'connected');
  await new Promise((resolve) => setTimeout(resolve, 600));

  await tabA.close();
  await until(async () => (await roleOf(1)) === 'owner', 'tab B to own');
  await until(() => host.card === null, "the dead owner's call's card to close");
  const summaries = (await phoneOf(1).evaluate(() => (window as unknown as { __phone: { summaries(): unknown[] } }).__phone.summaries())) as Array<{ callId: string; endedBy: string; connected: boolean; connectedAt: number; closedAt: number }>;
  expect(summaries).toHaveLength(1);
  expect(summaries[0]).toMatchObject({ callId: 'c-2', endedBy: 'ownerLost', connected: true });
  expect(summaries[0]!.closedAt).toBeGreaterThanOrEqual(summaries[0]!.connectedAt);
}, 60_000);
