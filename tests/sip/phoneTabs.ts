// Real SIP calls across portal tabs (statechart "One phone, many frames": SC-F2, SC-F4, SC-F5),
// for one SIP stack: Chromium with storage partitioning on (scripts/chromium.ts), portal pages on
// 127.0.0.1 each framing the application's page from 127.0.0.2, one host double per test whose
// windows are the tabs, the REST double behind the records layer, Kamailio of the suite's own,
// and a far-end SIP.js user agent as the customer. Run by `npm run test:sip` (5 handovers) and
// `npm run test:long` (PHONE_TAB_HANDOVERS=50).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { findChromium, partitionedArgs } from '../../scripts/chromium';
import { createHostSimulator, type HostSimulator } from '../../testing/host';
import { createRestDouble, type RestDouble } from '../../testing/rest';
import { assertPrivateNetwork, expectMediaFlowing, FarEnd, sipServer, STEP_MS, uniqueUser, waitFor, type MediaEnd } from './harness';
import { mediaFlags, toneWav } from './harness/browser';
import { startKamailio, type RunningKamailio } from './harness/kamailio';
import { PAGE_BUNDLES, startPageServer, type PageServer } from './harness/pages';
import { repoRoot } from './harness/root';
import { exposeHostBindings } from '../browser/fixtures/hostBindings';
import type { MediaStats } from './pages/media';

export type PhoneTabsStack = 'sipjs' | 'jssip';

interface FramePhone {
  role(): string;
  owns(): boolean;
  summaries(): Array<{ callId: string; endedBy: string; connected: boolean }>;
  diagnostics(): string[];
  sipDiagnostics(): string[];
  softphones(): { made: number; stopped: number };
  handOver(): Promise<boolean>;
  slow(next: { registerMs: number; readyMs: number }): void;
  recordsIdle(): Promise<void>;
  stats(): Promise<MediaStats | null>;
}
type PhoneWindow = Window & { __phone: FramePhone };

const WEBHOOK = { userId: 7, secret: 'phone-tabs' };
const PHONE_TAB = 3;

/** What the test reads of one tab: its page and its application frame, the host window it is. */
interface Tab {
  readonly page: Page;
  readonly frame: Frame;
  readonly window: number;
}

export function phoneTabsSuite(stack: PhoneTabsStack, handovers: number): void {
  let kamailio: RunningKamailio | undefined;
  let pages: PageServer | undefined;
  let browser: Browser | undefined;
  let portal: Server | undefined;
  let app: Server | undefined;
  let portalBase = '';
  let appBase = '';
  let context: BrowserContext;
  let host: HostSimulator;
  let rest: RestDouble;
  /** The host window the portal shows the next card in. */
  let cardWindow = 0;
  /** The window of each card the portal raised. */
  let raisedIn: number[] = [];
  const frames = new Map<number, Frame>();
  const errors: string[] = [];

  const listen = async (server: Server, address: string): Promise<string> => {
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    return `http://${address}:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    assertPrivateNetwork();
    const bundle = buildSync({ entryPoints: [join(repoRoot(), 'tests', 'sip', 'pages', 'phoneFrame.entry.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', write: false, logLevel: 'silent' });
    const script = bundle.outputFiles[0]!.text;
    app = createServer((request, response) => {
      if (request.url?.startsWith('/phone.js')) return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><script src="/phone.js"></script>');
    });
    appBase = await listen(app, '127.0.0.2');
    portal = createServer((request, response) => {
      const search = new URL(request.url ?? '/', 'http://portal').search;
      // The portal frames the application with the microphone allowed (the phone's softphone lives in a frame).
      response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>portal</title><iframe allow="microphone; autoplay" src="${appBase}/app${search}"></iframe>`);
    });
    portalBase = await listen(portal, '127.0.0.1');
    kamailio = await startKamailio();
    pages = await startPageServer(PAGE_BUNDLES);
    const found = await findChromium();
    browser = await chromium.launch({ executablePath: found.executablePath, headless: true, args: [...partitionedArgs(found), ...mediaFlags(toneWav())] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await pages?.close().catch(() => undefined);
    await Promise.all([portal, app].map((server) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))));
    await kamailio?.stop();
  }, 30_000);

  beforeEach(async () => {
    host = createHostSimulator({ windows: 4 });
    cardWindow = 0;
    raisedIn = [];
    rest = createRestDouble({
      bucket: false,
      operating: false,
      host: {
        showCard: (call) => {
          const raised = host.raiseCall({ ...call, CRM_BINDINGS: call.CRM_BINDINGS.map((binding) => ({ ...binding })) }, { window: cardWindow });
          if (raised.raised) raisedIn.push(raised.window);
        },
        closeCard: (callId) => void host.hide(callId),
      },
    });
    rest.auth.addWebhook(WEBHOOK);
    frames.clear();
    errors.length = 0;
    context = await browser!.newContext();
    // Granted, not only prompted away: Chromium then offers real host candidates, not mDNS names nobody resolves here.
    await context.grantPermissions(['microphone'], { origin: appBase });
    await exposeHostBindings(context, () => host, frames);
    await context.exposeBinding('restCall', async (_source, method: string, params: string) => {
      const answer = await rest.call(method, JSON.parse(params) as Record<string, unknown>, { webhook: WEBHOOK });
      return { status: answer.status, body: answer.body };
    });
  });

  afterEach(async () => {
    await context?.close().catch(() => undefined);
  });

  async function openTab(window: number, kind: 'worker' | 'phoneTab', operator: string, slow = { registerMs: 0, readyMs: 0 }): Promise<Tab> {
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(String(error)));
    const query = new URLSearchParams({ tab: String(window), kind, stack, user: operator, server: sipServer(), registerMs: String(slow.registerMs), readyMs: String(slow.readyMs) });
    await page.goto(`${portalBase}/portal?${query}`);
    const frame = (await (await page.waitForSelector('iframe'))!.contentFrame())!;
    await frame.waitForFunction(() => '__phone' in globalThis);
    frames.set(window, frame);
    page.once('close', () => frames.get(window) === frame && frames.delete(window));
    return { page, frame, window };
  }

  const phone = <T>(tab: Tab, read: (phone: FramePhone) => T | Promise<T>): Promise<T> =>
    tab.frame.evaluate(`(${read.toString()})(globalThis.__phone)`) as Promise<T>;
  const until = (what: string, probe: () => Promise<boolean> | boolean, timeoutMs = STEP_MS): Promise<true> =>
    waitFor(what, async () => ((await probe()) ? true : undefined), timeoutMs);
  /** The owner's softphone is wired and registered at Kamailio (its last REGISTER line shows a contact). */
  const owning = (tab: Tab, label: string) => until(`${label} to own`, () => phone(tab, (p) => p.owns()));
  const ownerMedia = (tab: Tab): MediaEnd => ({ name: 'the owner', stats: () => phone(tab, (p) => p.stats()) });
  /** The contact counts Kamailio logged after each REGISTER of `operator`. */
  const contactCounts = (operator: string): number[] => [...(kamailio?.log() ?? '').matchAll(new RegExp(`contacts ${operator} (\\d+)`, 'g'))].map((match) => Number(match[1]));
  const registered = (operator: string) => until(`${operator} to be registered`, () => contactCounts(operator).at(-1) === 1);
  const finishes = () => rest.log.filter((entry) => entry.method === 'telephony.externalcall.finish' && entry.written);

  async function customer(): Promise<FarEnd> {
    const opened = await browser!.newContext();
    await opened.grantPermissions(['microphone'], { origin: pages!.origin });
    const page = await opened.newPage();
    await page.goto(pages!.pageUrl('ua.js'));
    await page.waitForFunction(() => 'b24sip' in window);
    context.once('close', () => void opened.close().catch(() => undefined));
    // A number as the SIP user: the register's PHONE_NUMBER is the caller's user part.
    return FarEnd.start(page, `49301${Math.floor(Math.random() * 1e6)}`);
  }

  test(`${stack}: the owner in one tab, the card in another: answered from the card, media both ways, hung up, the record finished once`, async () => {
    const operator = uniqueUser('operator');
    const tabA = await openTab(0, 'worker', operator);
    await owning(tabA, 'tab A');
    await registered(operator);
    const tabB = await openTab(1, 'worker', operator);
    await until('tab B to wait', async () => (await phone(tabB, (p) => p.role())) === 'waiting');
    cardWindow = 1;
    const caller = await customer();

    await caller.call(operator);
    await until("the card in tab B's window to ring", () => host.card?.uiState === 'incoming');
    expect(raisedIn).toEqual([1]);
    const callId = host.card!.call.CALL_ID;
    host.click('answerButtonClick');
    await until('the card to show connected', () => host.card?.uiState === 'connected');
    await caller.waitForState('Established');
    await expectMediaFlowing(caller, ownerMedia(tabA));

    host.click('hangupButtonClick');
    await caller.waitForLog('bye');
    await until('the card to close', () => host.card === null);
    await until('the record to be finished', () => finishes().length > 0);
    await phone(tabA, (p) => p.recordsIdle());
    expect(rest.log.filter((entry) => entry.written).map((entry) => entry.method)).toEqual(['telephony.externalcall.register', 'telephony.externalcall.finish']);
    expect(rest.records.map(({ CALL_ID, STATUS_CODE }) => ({ CALL_ID, STATUS_CODE }))).toEqual([{ CALL_ID: callId, STATUS_CODE: '200' }]);
    // One registration: tab B never made a softphone.
    expect(await phone(tabB, (p) => p.softphones())).toEqual({ made: 0, stopped: 0 });
    expect(Math.max(...contactCounts(operator))).toBe(1);
    expect(errors).toEqual([]);
  }, 90_000);

  test(`${stack}: the owner's tab closed mid-call: tab B owns, ends the call once (ownerLost), finishes its record exactly once and closes its card`, async () => {
    const operator = uniqueUser('operator');
    const tabA = await openTab(0, 'worker', operator);
    await owning(tabA, 'tab A');
    await registered(operator);
    const tabB = await openTab(1, 'worker', operator);
    cardWindow = 1;
    const caller = await customer();
    await caller.call(operator);
    await until('the card to ring', () => host.card?.uiState === 'incoming');
    const callId = host.card!.call.CALL_ID;
    host.click('answerButtonClick');
    await until('the card to show connected', () => host.card?.uiState === 'connected');
    await caller.waitForState('Established');

    await tabA.page.close();
    await owning(tabB, 'tab B');
    await until("the dead owner's card to close", () => host.card === null);
    await until('the record to be finished', () => finishes().length > 0);
    await phone(tabB, (p) => p.recordsIdle());
    const summaries = await phone(tabB, (p) => p.summaries());
    expect(summaries.map(({ callId: id, endedBy, connected }) => ({ id, endedBy, connected }))).toEqual([{ id: callId, endedBy: 'ownerLost', connected: true }]);
    expect(finishes().map((entry) => entry.params['CALL_ID'])).toEqual([callId]);
    expect(rest.activeCalls).toEqual([]);
    expect(await phone(tabB, (p) => p.diagnostics())).toContain('ownerLost');
    await caller.hangup().catch(() => undefined);
  }, 90_000);

  test(`${stack}: ${handovers} handovers to and from the phone tab, an INVITE arriving during each, none refused`, async () => {
    const operator = uniqueUser('operator');
    const worker = await openTab(0, 'worker', operator);
    await owning(worker, 'the worker');
    await registered(operator);
    cardWindow = 0;
    const caller = await customer();
    let invites = 0;
    let phoneTab: Tab | null = null;

    /** One call, answered from the card wherever the phone is, then hung up by the customer; its record finished. */
    const call = async (): Promise<void> => {
      const before = rest.records.length;
      invites += 1;
      const rejectedBefore = (await caller.log()).filter((line) => line.startsWith('rejected')).length;
      await caller.call(operator);
      let refusedNow = false;
      await until(`call ${invites}'s card to ring (or the caller to be refused)`, async () => {
        refusedNow = (await caller.log()).filter((line) => line.startsWith('rejected')).length > rejectedBefore;
        return refusedNow || host.card?.uiState === 'incoming';
      }, STEP_MS * 2);
      // A refused INVITE is counted below (the test fails on it); the handover goes on.
      if (refusedNow) return;
      host.click('answerButtonClick');
      await caller.waitForState('Established');
      await until(`call ${invites} to connect on the card`, () => host.card?.uiState === 'connected');
      await caller.hangup();
      await until(`call ${invites}'s card to close`, () => host.card === null);
      await until(`call ${invites}'s record to be finished`, () => rest.records.length === before + 1);
    };
    const SLOW_MS = 1_500;
    /** Which phase of the handover each INVITE met, for the count printed at the end. */
    const phases: Record<string, number> = {};

    for (let done = 0; done < handovers; done += 1) {
      // The successor is held in one phase while the INVITE arrives: before its REGISTER (only the
      // old owner is registered), or registered but not yet ready (both are: the proxy forks).
      const phase = Math.floor(done / 2) % 2 === 0 ? 'successor registering' : 'both registered';
      const slow = phase === 'successor registering' ? { registerMs: SLOW_MS, readyMs: 0 } : { registerMs: 0, readyMs: SLOW_MS };
      phases[phase] = (phases[phase] ?? 0) + 1;
      const contactsBefore = contactCounts(operator).length;
      const inPhase = () =>
        until(`the handover to reach "${phase}" (handover ${done + 1})`, () => (phase === 'both registered' ? contactCounts(operator).at(-1) === 2 : contactCounts(operator).length === contactsBefore && successorMade()));
      let successorMade: () => boolean;
      if (phoneTab === null) {
        // To the phone tab: it opens beside the idle worker and asks for the phone.
        let made = false;
        successorMade = () => made;
        const opening = openTab(PHONE_TAB, 'phoneTab', operator, slow).then(async (tab) => {
          await until('the phone tab to make its softphone', async () => (await phone(tab, (p) => p.softphones().made)) > 0);
          made = true;
          return tab;
        });
        await inPhase();
        await call();
        phoneTab = await opening;
        await owning(phoneTab, `the phone tab (handover ${done + 1})`);
      } else {
        // From the phone tab: it offers the phone before it closes; the worker takes it.
        const tab = phoneTab;
        await worker.frame.evaluate((next) => (globalThis as unknown as PhoneWindow).__phone.slow(next), slow);
        const madeBefore = (await phone(worker, (p) => p.softphones())).made;
        let workerMade = false;
        successorMade = () => workerMade;
        const watching = until('the worker to make its softphone', async () => (await phone(worker, (p) => p.softphones().made)) > madeBefore).then(() => (workerMade = true));
        const handing = phone(tab, (p) => p.handOver());
        await watching;
        await inPhase();
        await call();
        // A call the phone tab took keeps the phone there; it hands over once idle.
        await until(`the phone tab to hand over (handover ${done + 1})`, async () => (await handing) || (await phone(tab, (p) => p.handOver())), STEP_MS * 3);
        await owning(worker, `the worker (handover ${done + 1})`);
        await worker.frame.evaluate(() => (globalThis as unknown as PhoneWindow).__phone.slow({ registerMs: 0, readyMs: 0 }));
        await tab.page.close();
        phoneTab = null;
      }
      await registered(operator);
    }

    const refused = (await caller.log()).filter((line) => line.startsWith('rejected'));
    const counts = contactCounts(operator);
    console.log(`phone tabs (${stack}): ${handovers} handovers, ${invites} INVITEs during them (${Object.entries(phases).map(([phase, n]) => `${n} with the ${phase}`).join(', ')}), ${refused.length} refused; the operator's contacts after each REGISTER: max ${Math.max(...counts)}, last ${counts.at(-1)}`);
    expect(refused).toEqual([]);
    expect(invites).toBe(handovers);
    expect(rest.records).toHaveLength(invites);
    expect(new Set(rest.records.map((record) => record.CALL_ID)).size).toBe(invites);
    expect(rest.activeCalls).toEqual([]);
    // One registration at a time, two only while a handover overlaps them.
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    expect(counts.at(-1)).toBe(1);
    expect(errors).toEqual([]);
  }, 60_000 + handovers * 20_000);
}
