import type { Frame } from 'playwright-core';
import { figure, median, type SectionResult } from '../stats';
import { inFrame, openFrame, until, withFrameSite } from './site';

const TITLE = '9. Cross-tab relay: a click on a card in one tab, the command back through the owner in another';
const PAIRS = 30;
const WARM_UP_PAIRS = 3;

/**
 * One call whose card the host shows in `holder`'s tab: raised, ringing everywhere, then Answer
 * clicked on that card; resolves with the time from the click to `CallCardSetUiState
 * connectingIncoming` reaching that card (the owner's statechart answered the click). The call is
 * then hung up from the owner's side and the phone left idle for the next one.
 */
async function answerOn(holder: Frame, owner: Frame, callId: string): Promise<number> {
  if (!(await inFrame(holder, (frame, id) => frame.raise(id), callId))) throw new Error(`the host raised no card for ${callId}`);
  await until(async () => (await inFrame(holder, (frame) => frame.card())) === 'incoming' && (await inFrame(owner, (frame) => frame.call())) === 'incoming', `${callId} to ring`);
  // Let the commands of the card's opening (title, status) settle before the click.
  await new Promise((done) => setTimeout(done, 20));
  const elapsed = await inFrame(holder, (frame) => frame.clickToCommand('answerButtonClick', 'CallCardSetUiState', 'connectingIncoming'));
  await inFrame(owner, (frame) => frame.hangup());
  await until(async () => (await inFrame(holder, (frame) => frame.card())) === null && (await inFrame(owner, (frame) => frame.call())) === null, `${callId} to end`);
  return elapsed;
}

export async function measureRelay(): Promise<SectionResult> {
  return withFrameSite(TITLE, async (site) => {
    const context = await site.browser.newContext();
    const a = await openFrame(context, site, '/frame');
    await until(async () => (await inFrame(a.frame, (frame) => frame.owns())) === true, 'tab A to own');
    const b = await openFrame(context, site, '/frame');
    await until(async () => (await inFrame(b.frame, (frame) => frame.role())) === 'waiting', 'tab B to wait');
    const cross: number[] = [];
    const local: number[] = [];
    for (let pair = 0; pair < WARM_UP_PAIRS + PAIRS; pair++) {
      // The two variants alternate which goes first, so drift and noise fall on both.
      const order = pair % 2 === 0 ? (['cross', 'local'] as const) : (['local', 'cross'] as const);
      for (const variant of order) {
        const elapsed = await answerOn(variant === 'cross' ? b.frame : a.frame, a.frame, `bench-${variant}-${pair}`);
        if (pair >= WARM_UP_PAIRS) (variant === 'cross' ? cross : local).push(elapsed);
      }
    }
    await context.close();
    const added = cross.map((time, index) => time - local[index]!);
    return {
      title: TITLE,
      figures: [
        figure('Card in tab B, owner in tab A: Answer click → `CallCardSetUiState connectingIncoming` on that card', 'ms', cross),
        figure('Card in the owner\'s own tab A: the same click → the same command', 'ms', local),
        figure('Added by the relay (cross-tab − one frame, paired runs)', 'ms', added),
      ],
      notes: [
        `${site.browserDescription}. Two portal tabs (127.0.0.1) in one browser context, each framing the application's page (127.0.0.2; \`bench/fixtures/phoneFrame.ts\`, ESM with code splitting): tab A owns (statechart, recording softphone), tab B waits. Each tab's page has its own host double as \`BX24.placement\`. Each run is one call: the host shows its card in tab B (cross-tab: B relays the click to A over \`BroadcastChannel\` and carries A's command out on its card) or in tab A (one frame); Answer is clicked on the card and the time runs, in that tab, from the click to the command reaching the card (\`performance.now()\`, 0.1 ms steps in a page without cross-origin isolation). The call is then hung up from A. ${PAIRS} pairs after ${WARM_UP_PAIRS} warm-up pairs, the variants alternating which goes first; "added" is the difference within each pair. Median of the differences: ${median(added).toFixed(2)} ms.`,
      ],
    };
  });
}
