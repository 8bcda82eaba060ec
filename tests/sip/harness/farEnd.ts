import type { Page } from 'playwright-core';
import type { MediaStats } from '../pages/media';
import type { IncomingPolicy, PlainUa, ReferPolicy } from '../pages/plainUa';
import { sipServer } from './kamailio';

declare global {
  interface Window {
    b24sip: { createPlainUa: typeof import('../pages/plainUa').createPlainUa };
    ua: PlainUa;
  }
}

/** How long a step may take to show up (a wait, never a timing assertion). */
export const STEP_MS = 8000;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value that is not undefined, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = STEP_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`);
    await sleep(25);
  }
}

/** Anything whose received audio a test can read. */
export interface MediaEnd {
  readonly name: string;
  stats(): Promise<MediaStats | null>;
}

/** A far-end user agent (the customer, a colleague) in its own page, driven from the test. */
export class FarEnd implements MediaEnd {
  constructor(
    readonly page: Page,
    readonly name: string,
  ) {}

  static async start(page: Page, user: string): Promise<FarEnd> {
    await page.evaluate(async ({ user, server }) => void (window.ua = await window.b24sip.createPlainUa({ user, server })), { user, server: sipServer() });
    return new FarEnd(page, user);
  }

  call(user: string): Promise<void> {
    return this.page.evaluate((u) => window.ua.call(u), user);
  }
  answer(): Promise<void> {
    return this.page.evaluate(() => window.ua.answer());
  }
  reject(statusCode: number): Promise<void> {
    return this.page.evaluate((code) => window.ua.reject(code), statusCode);
  }
  hangup(): Promise<void> {
    return this.page.evaluate(() => window.ua.hangup());
  }
  setIncomingPolicy(policy: IncomingPolicy): Promise<void> {
    return this.page.evaluate((p) => window.ua.setIncomingPolicy(p), policy);
  }
  setReferPolicy(policy: ReferPolicy): Promise<void> {
    return this.page.evaluate((p) => window.ua.setReferPolicy(p), policy);
  }
  /** Every ACK the far end sends from now on leaves `ms` later: the operator's answered dialog stays unconfirmed that long. */
  delayAcks(ms: number): Promise<void> {
    return this.page.evaluate((m) => window.ua.delayAcks(m), ms);
  }
  sessionState(): Promise<string> {
    return this.page.evaluate(() => window.ua.sessionState());
  }
  log(): Promise<string[]> {
    return this.page.evaluate(() => [...window.ua.log]);
  }
  stats(): Promise<MediaStats | null> {
    return this.page.evaluate(() => window.ua.stats());
  }
  /** Waits until the log has an entry matching `entry` (a string for an exact entry) and returns it. */
  async waitForLog(entry: string | RegExp, timeoutMs = STEP_MS): Promise<string> {
    const matches = (line: string) => (typeof entry === 'string' ? line === entry : entry.test(line));
    return waitFor(`${this.name} to log ${String(entry)}`, async () => (await this.log()).find(matches), timeoutMs).catch(async (error: Error) => {
      throw new Error(`${error.message}; ${this.name}'s log: ${JSON.stringify(await this.log())}`);
    });
  }
  async waitForState(state: string): Promise<void> {
    await waitFor(`${this.name}'s session to be ${state}`, async () => ((await this.sessionState()) === state ? true : undefined));
  }
}
