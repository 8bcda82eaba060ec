// The real-call harness: a fresh Kamailio per suite, the page server, one headless Chromium,
// and a page (its own browser context, microphone granted) per user agent. Everything runs
// inside the private network namespace that `npm run test:sip` makes (only `lo`).
import { networkInterfaces } from 'node:os';
import type { BrowserContext, Page } from 'playwright-core';
import { launchSipBrowser, type SipBrowser } from './browser';
import { FarEnd } from './farEnd';
import { startKamailio, type RunningKamailio } from './kamailio';
import { PAGE_BUNDLES, startPageServer, type PageServer } from './pages';

export { FarEnd, sleep, STEP_MS, waitFor, type MediaEnd } from './farEnd';
export { sipServer, suitePort } from './kamailio';
export { expectMediaFlowing, expectNoPacketsAt, expectSilenceAt, receivedOver } from './media';

/** Refuses to run outside a namespace that has only the loopback interface (the project's network rule). */
export function assertPrivateNetwork(): void {
  const names = Object.keys(networkInterfaces());
  if (names.some((name) => name !== 'lo')) {
    throw new Error(`the real-call tests run only in a private network namespace with just lo (found ${names.join(', ')}): use \`npm run test:sip\` (as root)`);
  }
}

export interface SipHarness {
  /** A page (own context, microphone granted) that loaded `bundle` (a key of PAGE_BUNDLES). Closed after the test. */
  openPage(bundle: string): Promise<Page>;
  /** A plain SIP.js user agent registered as `user`, in its own page. */
  farEnd(user: string): Promise<FarEnd>;
  /** Errors the test's pages threw or logged, for a test to assert there were none. */
  pageErrors(): string[];
  /** Kamailio's log so far. */
  kamailioLog(): string;
  /** Stops Kamailio by its pid: every WebSocket to it drops (a transport lost mid-call). */
  stopKamailio(): Promise<void>;
  /** Starts a fresh Kamailio (no registrations) if it is not running; the next tests need it. */
  ensureKamailio(): Promise<void>;
}

let userCounter = 0;
/** A SIP user name no earlier test of this run registered (`customer-3`). */
export function uniqueUser(role: string): string {
  userCounter += 1;
  return `${role}-${userCounter}`;
}

/** Sets up the harness for one suite (Jest `beforeAll` / `afterEach` / `afterAll`). */
export function useSipHarness(bundles: Record<string, string> = PAGE_BUNDLES): SipHarness {
  let kamailio: RunningKamailio | undefined;
  let pages: PageServer | undefined;
  let browser: SipBrowser | undefined;
  let open: { context: BrowserContext; errors: string[] }[] = [];

  beforeAll(async () => {
    assertPrivateNetwork();
    kamailio = await startKamailio();
    // Both start at once; whichever did start is kept, so that afterAll stops it even if the other failed.
    const [served, launched] = await Promise.allSettled([startPageServer(bundles), launchSipBrowser()]);
    if (served.status === 'fulfilled') pages = served.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (served.status === 'rejected') throw served.reason;
    if (launched.status === 'rejected') throw launched.reason;
  }, 60_000);

  afterEach(async () => {
    const closing = open;
    open = [];
    await Promise.all(closing.map((p) => p.context.close().catch(() => {})));
    // A test that stopped Kamailio (transport lost) leaves a fresh one for the next.
    kamailio ??= await startKamailio();
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await pages?.close().catch(() => {});
    await kamailio?.stop();
  }, 30_000);

  const harness: SipHarness = {
    async openPage(bundle) {
      if (!pages || !browser) throw new Error('the SIP harness is not started (call useSipHarness() at the top of the suite)');
      const opened = await browser.openPage(pages.pageUrl(bundle), pages.origin);
      open.push(opened);
      await opened.page.waitForFunction(() => 'b24sip' in window);
      return opened.page;
    },
    async farEnd(user) {
      return FarEnd.start(await harness.openPage('ua.js'), user);
    },
    pageErrors: () => open.flatMap((p) => p.errors),
    kamailioLog: () => kamailio?.log() ?? '',
    async stopKamailio() {
      const running = kamailio;
      kamailio = undefined;
      await running?.stop();
    },
    async ensureKamailio() {
      kamailio ??= await startKamailio();
    },
  };
  return harness;
}
