// Real SIP calls in portal tabs, for one SIP stack (the harness of tests/sip/phoneTabs.ts and
// tests/sip/relay.ts): Chromium with storage partitioning on (scripts/chromium.ts), portal pages
// on 127.0.0.1 each framing the application's page (pages/phoneFrame.entry.ts) from 127.0.0.2, one
// host double per test whose windows are the tabs, the REST double behind the records layer,
// Kamailio of the suite's own, and far-end SIP.js user agents as customers. Jest hooks: call
// usePortalTabs at the top of a describe.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { findChromium, partitionedArgs } from '../../../scripts/chromium';
import { createHostSimulator, type HostSimulator } from '../../../testing/host';
import { createRestDouble, type CardCall, type RestDouble } from '../../../testing/rest';
import { exposeHostBindings } from '../../browser/fixtures/hostBindings';
import type { MediaStats } from '../pages/media';
import { mediaFlags, toneWav } from './browser';
import { FarEnd, STEP_MS, waitFor, type MediaEnd } from './farEnd';
import { assertPrivateNetwork } from './index';
import { sipServer, startKamailio, type RunningKamailio } from './kamailio';
import { PAGE_BUNDLES, startPageServer, type PageServer } from './pages';
import { repoRoot } from './root';

export type PortalTabsStack = 'sipjs' | 'jssip';

/** What a test reads of one frame's phone (`globalThis.__phone` of pages/phoneFrame.entry.ts). */
export interface FramePhone {
  role(): string;
  owns(): boolean;
  summaries(): Array<{ callId: string; endedBy: string; connected: boolean; direction: string }>;
  diagnostics(): string[];
  /** What the owner's card session reported (`session.onDiagnostic`), as `kind: message`. */
  sessionDiagnostics(): string[];
  sipDiagnostics(): string[];
  softphones(): { made: number; stopped: number };
  handOver(): Promise<boolean>;
  slow(next: { registerMs: number; readyMs: number }): void;
  /** The dial requests the owner's pull client delivered (a tab opened with a grant). */
  relayed(): Array<{ callId: string; phoneNumber: string; userId: number; callListId?: number }>;
  relayDiagnostics(): string[];
  recordsIdle(): Promise<void>;
  stats(): Promise<MediaStats | null>;
}
export type PhoneWindow = Window & { __phone: FramePhone };

/** What the test reads of one tab: its page and its application frame, the host window it is. */
export interface Tab {
  readonly page: Page;
  readonly frame: Frame;
  readonly window: number;
}

/** How a tab opens: a slow softphone (`slow`), the relay's grant (B24OAuthParams: connectRelay runs). */
export interface TabOptions {
  readonly slow?: { registerMs: number; readyMs: number };
  readonly grant?: unknown;
}

export const WEBHOOK = { userId: 7, secret: 'phone-tabs' };

export interface PortalTabs {
  /** This test's host double (4 windows), REST double, and the errors its pages threw. */
  readonly host: HostSimulator;
  readonly rest: RestDouble;
  readonly errors: string[];
  /** The window of each card the portal raised, and the CALL_IDs of the cards it dropped (`dropCards`). */
  readonly raisedIn: number[];
  readonly dropped: string[];
  /** The host window the portal shows the next card in. */
  cardWindow: number;
  /** While true, the tab's open card is another (a CRM call list's, §12): every external card is dropped. */
  dropCards: boolean;
  openTab(window: number, kind: 'worker' | 'phoneTab', operator: string, options?: TabOptions): Promise<Tab>;
  phone<T>(tab: Tab, read: (phone: FramePhone) => T | Promise<T>): Promise<T>;
  until(what: string, probe: () => Promise<boolean> | boolean, timeoutMs?: number): Promise<true>;
  /** The tab's phone is wired to its softphone (it owns). */
  owning(tab: Tab, label: string): Promise<true>;
  ownerMedia(tab: Tab): MediaEnd;
  /** The contact counts Kamailio logged after each REGISTER of `operator`. */
  contactCounts(operator: string): number[];
  /** The operator's last REGISTER shows one contact. */
  registered(operator: string): Promise<true>;
  /** Every written `telephony.externalcall.finish`. */
  finishes(): RestDouble['log'][number][];
  /**
   * A far end whose SIP user is a number (the REST double registers only numbers); `international`:
   * `+4930…`, the form a dial request names (`PHONE_NUMBER_INTERNATIONAL`, SC-L6), so that the
   * card's number and the request's reach the same user agent.
   */
  customer(options?: { international?: boolean }): Promise<FarEnd>;
}

const listen = async (server: Server, address: string): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return `http://${address}:${(server.address() as AddressInfo).port}`;
};

export function usePortalTabs(stack: PortalTabsStack): PortalTabs {
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
  const frames = new Map<number, Frame>();
  const errors: string[] = [];
  const raisedIn: number[] = [];
  const dropped: string[] = [];

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
    tabs.cardWindow = 0;
    tabs.dropCards = false;
    raisedIn.length = 0;
    dropped.length = 0;
    rest = createRestDouble({
      bucket: false,
      operating: false,
      host: {
        showCard: (call: CardCall) => {
          if (tabs.dropCards) return void dropped.push(call.CALL_ID);
          // What the host puts in `initialized` for a card it builds (testing/rest/hostLink.ts): not yet dialled, not a call list's.
          const raised = host.raiseCall({ ...call, CRM_BINDINGS: call.CRM_BINDINGS.map((binding) => ({ ...binding })), CALL_STATE: 'idle', CALL_LIST_MODE: false }, { window: tabs.cardWindow });
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

  const phone = <T>(tab: Tab, read: (phone: FramePhone) => T | Promise<T>): Promise<T> => tab.frame.evaluate(`(${read.toString()})(globalThis.__phone)`) as Promise<T>;
  const until = (what: string, probe: () => Promise<boolean> | boolean, timeoutMs = STEP_MS): Promise<true> => waitFor(what, async () => ((await probe()) ? true : undefined), timeoutMs);
  const contactCounts = (operator: string): number[] => [...(kamailio?.log() ?? '').matchAll(new RegExp(`contacts ${operator} (\\d+)`, 'g'))].map((match) => Number(match[1]));

  const tabs: PortalTabs = {
    get host() {
      return host;
    },
    get rest() {
      return rest;
    },
    errors,
    raisedIn,
    dropped,
    cardWindow: 0,
    dropCards: false,
    async openTab(window, kind, operator, options = {}) {
      const slow = options.slow ?? { registerMs: 0, readyMs: 0 };
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(String(error)));
      const query = new URLSearchParams({ tab: String(window), kind, stack, user: operator, server: sipServer(), registerMs: String(slow.registerMs), readyMs: String(slow.readyMs) });
      if (options.grant !== undefined) query.set('grant', JSON.stringify(options.grant));
      await page.goto(`${portalBase}/portal?${query}`);
      const frame = (await (await page.waitForSelector('iframe'))!.contentFrame())!;
      await frame.waitForFunction(() => '__phone' in globalThis);
      frames.set(window, frame);
      page.once('close', () => frames.get(window) === frame && frames.delete(window));
      return { page, frame, window };
    },
    phone,
    until,
    owning: (tab, label) => until(`${label} to own`, () => phone(tab, (p) => p.owns())),
    ownerMedia: (tab) => ({ name: 'the owner', stats: () => phone(tab, (p) => p.stats()) }),
    contactCounts,
    registered: (operator) => until(`${operator} to be registered`, () => contactCounts(operator).at(-1) === 1),
    finishes: () => rest.log.filter((entry) => entry.method === 'telephony.externalcall.finish' && entry.written),
    async customer(options = {}) {
      const opened = await browser!.newContext();
      await opened.grantPermissions(['microphone'], { origin: pages!.origin });
      const page = await opened.newPage();
      await page.goto(pages!.pageUrl('ua.js'));
      await page.waitForFunction(() => 'b24sip' in window);
      context.once('close', () => void opened.close().catch(() => undefined));
      // A number as the SIP user: the register's PHONE_NUMBER is the caller's user part.
      return FarEnd.start(page, `${options.international ? '+' : ''}49301${Math.floor(Math.random() * 1e6)}`);
    },
  };
  return tabs;
}
