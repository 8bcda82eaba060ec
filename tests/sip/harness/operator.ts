import type { Page } from 'playwright-core';
import type { CallSummary, Diagnostic } from '../../../index';
import type { SipDiagnostic } from '../../../adapters/softphone/sip/diagnostics';
import type { CardEventName } from '../../../protocol';
import type { ClickResult } from '../../../testing/index';
import type { MediaStats } from '../pages/media';
import type { OperatorCard, OperatorConfig, OperatorPage, OperatorRest } from '../pages/operator';
import { STEP_MS, waitFor, type MediaEnd } from './farEnd';
import { sipServer } from './kamailio';

declare global {
  interface Window {
    operator: OperatorPage;
  }
}

/**
 * The operator's worker page (tests/sip/pages/operator.ts) seen from the test: the call
 * card on the host simulator, driven by the adapter under test on a registered user agent.
 * Clicks go to the simulated card, exactly as the operator's would.
 */
export class Operator implements MediaEnd {
  private constructor(
    readonly page: Page,
    readonly name: string,
  ) {}

  /** Starts the worker in `page` (a worker bundle) registered as `user`. */
  static async start(page: Page, user: string, options: Omit<OperatorConfig, 'user' | 'server'> = {}): Promise<Operator> {
    const config: OperatorConfig = { user, server: sipServer(), ...options };
    await page.evaluate((c) => window.operator.start(c), config);
    return new Operator(page, user);
  }

  /** Opens the card for a callback to `user` (card `outgoing`, with its Call button); returns its CALL_ID. */
  raiseCallback(user: string): Promise<string> {
    return this.page.evaluate((u) => window.operator.raiseCallback(u), user);
  }
  /** The operator clicks `number` in Bitrix24 (config `records`): the portal's card opens with its CALL_ID; returns it. */
  clickToCall(number: string): Promise<string> {
    return this.page.evaluate((n) => window.operator.clickToCall(n), number);
  }
  /** The in-page REST double's requests and finishes (config `records`). */
  rest(): Promise<OperatorRest> {
    return this.page.evaluate(() => window.operator.rest());
  }
  /** Answers the held register of `caller`'s call (config `registers: 'held'`): the card opens; returns its CALL_ID. */
  answerRegister(caller: string): Promise<string> {
    return this.page.evaluate((c) => window.operator.answerRegister(c), caller);
  }
  /** The operator clicks the button emitting `event`; fails when the card shows no such button. */
  async click(event: CardEventName): Promise<void> {
    this.delivered(event, await this.page.evaluate((e) => window.operator.click(e), event));
  }
  async hold(held: boolean): Promise<void> {
    this.delivered('holdButtonClick', await this.page.evaluate((h) => window.operator.hold(h), held));
  }
  async mute(muted: boolean): Promise<void> {
    this.delivered('muteButtonClick', await this.page.evaluate((m) => window.operator.mute(m), muted));
  }
  async dial(key: string): Promise<void> {
    this.delivered('dialpadButtonClick', await this.page.evaluate((k) => window.operator.dial(k), key));
  }
  /** Clicks the dial pad keys one after another in one task of the page, as a quick operator's burst. */
  async dialAtOnce(keys: string): Promise<void> {
    const results = await this.page.evaluate((ks) => [...ks].map((k) => window.operator.dial(k)), keys);
    for (const result of results) this.delivered('dialpadButtonClick', result);
  }
  async transfer(target: string): Promise<void> {
    this.delivered('transferButtonClick', await this.page.evaluate((t) => window.operator.transfer(t), target));
  }
  card(): Promise<OperatorCard> {
    return this.page.evaluate(() => window.operator.card());
  }
  summaries(): Promise<CallSummary[]> {
    return this.page.evaluate(() => JSON.parse(JSON.stringify(window.operator.summaries)) as CallSummary[]);
  }
  /** The card session's diagnostics and the adapter's, as their messages. */
  async diagnostics(): Promise<{ card: string[]; sip: string[] }> {
    return this.page.evaluate(() => ({
      card: window.operator.diagnostics.map((d: Diagnostic) => `${d.kind}: ${d.message}`),
      sip: window.operator.sipDiagnostics.map((d: SipDiagnostic) => `${d.kind}: ${d.message}`),
    }));
  }
  stats(): Promise<MediaStats | null> {
    return this.page.evaluate(() => window.operator.stats());
  }

  /** Waits until the statechart and the simulated card both show `uiState`. */
  async waitUi(uiState: string, timeoutMs = STEP_MS): Promise<void> {
    await waitFor(`the operator's card to show ${uiState}`, async () => {
      const card = await this.card();
      return card.uiState === uiState && card.hostUiState === uiState ? true : undefined;
    }, timeoutMs).catch(async (error: Error) => {
      throw new Error(`${error.message}; card ${JSON.stringify(await this.card())}; diagnostics ${JSON.stringify(await this.diagnostics())}`);
    });
  }

  /** Waits until the statechart's view of the card satisfies `check` (`what` names it in the failure). */
  async waitCard(check: (card: OperatorCard) => boolean, what: string, timeoutMs = STEP_MS): Promise<OperatorCard> {
    return waitFor(`the operator's card to be ${what}`, async () => {
      const card = await this.card();
      return check(card) ? card : undefined;
    }, timeoutMs).catch(async (error: Error) => {
      throw new Error(`${error.message}; card ${JSON.stringify(await this.card())}; diagnostics ${JSON.stringify(await this.diagnostics())}`);
    });
  }

  /** Waits until the card is closed and the `n`-th summary (from 1) is out, and returns it. */
  async waitSummary(n = 1): Promise<CallSummary> {
    return waitFor(`summary #${n}`, async () => {
      const [card, summaries] = await Promise.all([this.card(), this.summaries()]);
      return card.status === 'idle' && card.hostUiState === null ? summaries[n - 1] : undefined;
    }).catch(async (error: Error) => {
      throw new Error(`${error.message}; card ${JSON.stringify(await this.card())}; summaries ${JSON.stringify(await this.summaries())}`);
    });
  }

  stop(): Promise<void> {
    return this.page.evaluate(() => window.operator.stop());
  }

  private delivered(event: string, result: ClickResult): void {
    if (!result.delivered) throw new Error(`the operator could not click ${event}: ${result.reason}`);
  }
}
