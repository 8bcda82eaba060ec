import type { BrowserContext } from 'playwright-core';
import { createRestDouble } from '../../testing/rest';
import { startRestServer, type RestServer } from '../../testing/rest/httpServer';
import { figure, ratios, type SectionResult } from '../stats';
import { inFrame, openFrame, until, withFrameSite, type FrameSite } from './site';

const TITLE = "10. The owner's tab closed mid-call: a new owner, and the call's record finished";
const RUNS = 12;

interface Run {
  readonly bare: number;
  readonly owner: number;
  readonly session: number;
  readonly finished: number;
}

/** A bare Web Lock handover: a tab holds a lock, another waits for it; the holder's tab closes. Wall-clock ms from the close to the grant. */
async function bareHandover(context: BrowserContext, site: FrameSite): Promise<number> {
  const holder = await context.newPage();
  await holder.goto(site.portalUrl('/lock?role=holder'));
  const waiterTab = await context.newPage();
  await waiterTab.goto(site.portalUrl('/lock?role=waiter'));
  const waiter = (await (await waiterTab.waitForSelector('iframe'))!.contentFrame())!;
  await holder.waitForTimeout(100);
  if ((await waiter.evaluate(() => (window as unknown as { __lock: { grantedAt: number | null } }).__lock.grantedAt)) !== null) throw new Error('the bare lock was granted before its holder closed');
  const closedAt = Date.now();
  await holder.close();
  let grantedAt: number | null = null;
  await until(async () => (grantedAt = await waiter.evaluate(() => (window as unknown as { __lock: { grantedAt: number | null } }).__lock.grantedAt)) !== null, 'the bare lock to pass');
  await waiterTab.close();
  return grantedAt! - closedAt;
}

/**
 * The phone: tab A owns and runs a connected call whose card tab B shows, its record registered
 * with the REST double; A's tab closes. From the close (the double's clock, the wall clock): B
 * owns (the lock granted), B runs the statechart (the owner's chunk loaded, the softphone made),
 * and the double records the call's finish (SC-F4: B ended the call once, `ownerLost`).
 */
async function ownerLost(context: BrowserContext, site: FrameSite, server: RestServer, rest: ReturnType<typeof createRestDouble>, run: number): Promise<Omit<Run, 'bare'>> {
  const grant = rest.auth.issueToken({ userId: 7 });
  const path = `/frame?rest=${encodeURIComponent(server.origin)}&grant=${encodeURIComponent(JSON.stringify(grant))}`;
  const a = await openFrame(context, site, path);
  await until(async () => (await inFrame(a.frame, (frame) => frame.owns())) === true, 'tab A to own');
  const b = await openFrame(context, site, path);
  await until(async () => (await inFrame(b.frame, (frame) => frame.role())) === 'waiting', 'tab B to wait');
  const callId = await inFrame(a.frame, (frame, id) => frame.startRecord(id), `sip-bench-${run}`);
  if (!(await inFrame(b.frame, (frame, id) => frame.raise(id), callId))) throw new Error('no card raised in tab B');
  await until(async () => (await inFrame(b.frame, (frame) => frame.card())) === 'incoming', 'the card in tab B to ring');
  await inFrame(b.frame, (frame) => frame.clickToCommand('answerButtonClick', 'CallCardSetUiState', 'connectingIncoming'));
  await inFrame(a.frame, (frame) => frame.connected());
  await until(async () => (await inFrame(b.frame, (frame) => frame.card())) === 'connected', 'the card in tab B to show connected');
  // A call of some length, so the record's duration is not zero.
  await new Promise((done) => setTimeout(done, 1_100));
  const closedAt = rest.clock.now();
  await a.tab.close();
  await until(async () => rest.records.some((record) => record.CALL_ID === callId), `the record of ${callId} to be finished`, 15_000);
  const record = rest.records.find((entry) => entry.CALL_ID === callId)!;
  const marks = await inFrame(b.frame, (frame) => frame.marks());
  if (marks.ownerAt === null || marks.sessionAt === null) throw new Error('tab B never owned');
  if (record.USER_ID !== 7 || record.DURATION < 1) throw new Error(`the record was finished wrong: ${JSON.stringify(record)}`);
  await b.tab.close();
  return { owner: marks.ownerAt - closedAt, session: marks.sessionAt - closedAt, finished: record.finishedAt - closedAt };
}

export async function measureOwnerLost(): Promise<SectionResult> {
  return withFrameSite(TITLE, async (site) => {
    const rest = createRestDouble();
    const server = await startRestServer({ rest });
    try {
      const runs: Run[] = [];
      for (let run = 0; run < RUNS; run++) {
        // Each run in a fresh context: one storage partition, no owner yet, no journal.
        const context = await site.browser.newContext();
        try {
          await context.exposeBinding('restFetch', async (_source, url: string, body: string) => {
            const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
            return { status: response.status, text: await response.text() };
          });
          // Which goes first alternates, so drift and noise fall on both.
          const bareFirst = run % 2 === 0;
          const bare1 = bareFirst ? await bareHandover(context, site) : null;
          const phone = await ownerLost(context, site, server, rest, run);
          const bare = bare1 ?? (await bareHandover(context, site));
          runs.push({ bare, ...phone });
        } finally {
          await context.close();
        }
      }
      const bare = runs.map((run) => run.bare);
      const owner = runs.map((run) => run.owner);
      return {
        title: TITLE,
        figures: [
          figure('Bare Web Lock: the holder\'s tab closed → the waiting tab granted the lock', 'ms', bare),
          figure('Phone: the owner\'s tab closed → tab B owns (the owner lock granted)', 'ms', owner),
          figure('Ratio new owner / bare Web Lock handover', '×', ratios(owner, bare)),
          figure('Phone: the owner\'s tab closed → tab B runs the statechart (owner\'s chunk loaded, softphone made)', 'ms', runs.map((run) => run.session)),
          figure('Phone: the owner\'s tab closed → the call\'s record finished (the REST double\'s clock)', 'ms', runs.map((run) => run.finished)),
        ],
        notes: [
          `${site.browserDescription}. Each run is a fresh browser context with two portal tabs (127.0.0.1) framing the application's page (127.0.0.2; \`bench/fixtures/phoneFrame.ts\`, ESM with code splitting, the call-record layer on): tab A owns; tab B waits in the owner lock's queue and shows the card. A call is registered (\`telephony.externalcall.register\` on the REST double, over HTTP), its card raised in tab B, answered there and connected in A; 1.1 s later tab A is closed. Times run from just before Playwright closes the tab (Node's \`Date.now()\`, which is the REST double's clock) to tab B's \`performance.timeOrigin + performance.now()\` when it owns and when its statechart runs, and to the double's \`finishedAt\` of the call's \`telephony.externalcall.finish\` (which B's record layer sends once B ends the call, \`endedBy: 'ownerLost'\`; every finish checked: \`USER_ID\` 7, a duration of at least 1 s). The bare handover is two tabs framing a page that holds, or waits for, a Web Lock, closed the same way in the same context. ${RUNS} runs, the two alternating which goes first; the ratio pairs the two of one run.`,
        ],
      };
    } finally {
      await server.close();
    }
  });
}
