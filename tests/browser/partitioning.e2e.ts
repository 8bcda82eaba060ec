import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { findChromium, partitionedArgs, type FoundChromium } from '../../scripts/chromium';
import { startPartitionSites, type PartitionSites } from './fixtures/partitionSites';

// host-behaviour §10, on the Chromium the many-frames tests use: the application's frames
// under one portal share one partition across tabs; a first-party window of the application's
// origin, and the same application under another portal (site), share nothing with them.
// Playwright's defaults turn partitioning off; the last describe shows what a test launched
// with them would wrongly see, so this file proves the switch in scripts/chromium.ts matters.

interface Probe {
  readonly frame: Frame;
  heard(): Promise<string[]>;
}

let found: FoundChromium;
let sites: PartitionSites;

/** How long a message may take to cross frames before "not heard" is concluded (a wait, not a timing assertion). */
const SETTLE_MS = 400;
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

async function appFrameOf(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[name="worker"]');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the portal page has no application frame');
  await frame.waitForFunction(() => 'probe' in window);
  return frame;
}

async function probeOf(frame: Frame): Promise<Probe> {
  return { frame, heard: () => frame.evaluate(() => (window as unknown as { probe: { heard: string[] } }).probe.heard.slice()) };
}

type Call = 'say' | 'holdLock' | 'lockFree' | 'putDb' | 'getDb';
function call<T>(probe: Probe, what: Call): Promise<T> {
  return probe.frame.evaluate((name) => (window as unknown as { probe: Record<string, () => unknown> }).probe[name]!(), what) as Promise<T>;
}

/** Two portal tabs (each with the application's worker frame), a first-party application window, and the application under a second portal. */
async function openWorld(context: BrowserContext): Promise<{ tabA: Probe; tabB: Probe; firstParty: Probe; otherPortal: Probe }> {
  const tabA = await context.newPage();
  await tabA.goto(sites.portalUrl('A'));
  const tabB = await context.newPage();
  await tabB.goto(sites.portalUrl('B'));
  const popup = await context.newPage();
  await popup.goto(sites.appUrl('firstParty'));
  await popup.waitForFunction(() => 'probe' in window);
  const other = await context.newPage();
  await other.goto(sites.portalUrl('C', 'second'));
  return {
    tabA: await probeOf(await appFrameOf(tabA)),
    tabB: await probeOf(await appFrameOf(tabB)),
    firstParty: await probeOf(popup.mainFrame()),
    otherPortal: await probeOf(await appFrameOf(other)),
  };
}

beforeAll(async () => {
  found = await findChromium();
  sites = await startPartitionSites();
});

afterAll(async () => {
  await sites?.close();
});

describe('§10 with partitioning on (scripts/chromium.ts partitionedArgs)', () => {
  let browser: Browser;
  let world: Awaited<ReturnType<typeof openWorld>>;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: found.executablePath, args: partitionedArgs(found) });
    console.log(`partitioning test: ${found.description}, Chromium ${browser.version()}`);
    world = await openWorld(await browser.newContext());
    await call(world.tabA, 'holdLock');
    await call(world.tabA, 'putDb');
    await call(world.tabA, 'say');
    await settle();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('runs on a named Chromium', () => {
    expect(browser.version()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  test("the application's frames in two tabs of one portal share BroadcastChannel, localStorage, Web Locks and IndexedDB", async () => {
    expect(await world.tabB.heard()).toEqual(['channel:first:A', expect.stringMatching(/^storage:first:A:/)]);
    expect(await call(world.tabB, 'lockFree')).toBe(false);
    expect(await call(world.tabB, 'getDb')).toBe('first:A');
  });

  test("a first-party window of the application's origin shares none of them", async () => {
    expect(await world.firstParty.heard()).toEqual([]);
    expect(await call(world.firstParty, 'lockFree')).toBe(true);
    expect(await call(world.firstParty, 'getDb')).toBeNull();
  });

  test('the application under another portal (another site) shares none of them', async () => {
    expect(await world.otherPortal.heard()).toEqual([]);
    expect(await call(world.otherPortal, 'lockFree')).toBe(true);
    expect(await call(world.otherPortal, 'getDb')).toBeNull();
  });
});

describe("Playwright's default launch (partitioning off): what a test would wrongly see", () => {
  let browser: Browser;

  afterAll(async () => {
    await browser?.close();
  });

  test('the first-party window hears the frames and shares their lock, which no user’s browser allows', async () => {
    browser = await chromium.launch({ executablePath: found.executablePath, args: [...found.args, '--disable-gpu', '--disable-background-networking'] });
    const world = await openWorld(await browser.newContext());
    await call(world.tabA, 'holdLock');
    await call(world.tabA, 'say');
    await settle();
    expect(await world.firstParty.heard()).toContain('channel:first:A');
    expect(await call(world.firstParty, 'lockFree')).toBe(false);
  }, 60_000);
});
