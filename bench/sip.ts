/**
 * 7. Real SIP calls: call setup and per-command cost through b24-call-card/sipjs beside SIP.js
 * alone, in one page, same run. Needs what `npm run test:sip` needs (Linux, root, Debian's
 * Kamailio): the section re-runs itself inside a private network namespace with only `lo`,
 * and is skipped with a note otherwise.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { launchSipBrowser } from '../tests/sip/harness/browser';
import { sipServer, startKamailio } from '../tests/sip/harness/kamailio';
import { startPageServer } from '../tests/sip/harness/pages';
import { ROOT } from './paths';
import type { SipBenchSamples } from './sipPage';
import { figure, ratios, type SectionResult } from './stats';

const TITLE = '7. Real SIP calls (SIP.js adapter)';
const RUNS = 20;
const MARKER = '@@bench-result@@';
const INSTALL = 'apt-get install -y --no-install-recommends kamailio kamailio-websocket-modules';

function skipped(why: string): SectionResult {
  return { title: TITLE, figures: [], notes: [], skipped: why };
}

/** Runs this section again inside `unshare --net` and hands back what it measured there. */
function inPrivateNetwork(): Promise<SectionResult> {
  return new Promise((resolve) => {
    const argv = [process.execPath, ...process.execArgv, process.argv[1]!, '--section', 'sip'].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('unshare', ['--net', 'sh', '-c', `ip link set lo up && exec ${argv}`], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, B24_SIP_NETNS: '1' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (code) => {
      const line = stdout.split('\n').find((text) => text.startsWith(MARKER));
      resolve(line ? (JSON.parse(line.slice(MARKER.length)) as SectionResult) : skipped(`the run in the private network namespace failed (exit ${code}); see the bench's stderr.`));
    });
  });
}

export async function measureSip(): Promise<SectionResult> {
  if (process.env.B24_SIP_NETNS !== '1') {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return skipped('needs Linux and root (Kamailio and Chromium run in a private network namespace, as in `npm run test:sip`): run `sudo npm run bench`.');
    const dpkg = spawnSync('dpkg-query', ['-W', '-f=${Status}', 'kamailio', 'kamailio-websocket-modules'], { encoding: 'utf8' });
    if (!existsSync('/usr/sbin/kamailio') || !/install ok installed.*install ok installed/s.test(dpkg.stdout ?? '')) return skipped(`Kamailio is not installed: run \`npm run test:sip\` once (it installs it) or \`${INSTALL}\`.`);
    return inPrivateNetwork();
  }
  const names = Object.keys(networkInterfaces());
  if (names.some((name) => name !== 'lo')) throw new Error(`not in a private network namespace (${names.join(', ')})`);
  const kamailio = await startKamailio(8080);
  const pages = await startPageServer({ 'sip-bench.js': 'bench/sipPage.ts' }, { isolated: true, root: ROOT });
  const browser = await launchSipBrowser();
  try {
    const { page } = await browser.openPage(pages.pageUrl('sip-bench.js'), pages.origin);
    await page.waitForFunction(() => 'b24sip' in window);
    const samples = await page.evaluate(
      ({ server, runs }) => (window as unknown as { b24sip: { benchSip(server: string, runs: number, tag: string): Promise<SipBenchSamples> } }).b24sip.benchSip(server, runs, 'b'),
      { server: sipServer(), runs: RUNS },
    );
    return {
      title: TITLE,
      figures: [
        figure('Call setup through the adapter: Answer click → both sides established', 'ms', samples.setupAdapter, 1),
        figure('Call setup, SIP.js alone: `invitation.accept()` → both sides established', 'ms', samples.setupPlain, 1),
        figure('Ratio setup adapter / SIP.js alone', '×', ratios(samples.setupAdapter, samples.setupPlain)),
        figure('Hold through the adapter: Hold click → re-INVITE leaves SIP.js', 'ms', samples.holdAdapter, 2),
        figure('Hold, SIP.js alone: `session.invite()` (hold) → re-INVITE leaves SIP.js', 'ms', samples.holdPlain, 2),
        figure('Ratio hold command adapter / SIP.js alone', '×', ratios(samples.holdAdapter, samples.holdPlain)),
        figure("DTMF through the adapter (`dtmf: info`): time inside the card's dial pad handler (parse, statechart, adapter, SIP.js) until the INFO has left SIP.js, per key of 10 clicked at once", 'ms', samples.infoAdapter, 3),
        figure('DTMF, SIP.js alone: time inside `session.info()` until the INFO has left SIP.js, per key of 10 sent at once', 'ms', samples.infoPlain, 3),
        figure('Ratio DTMF command adapter / SIP.js alone', '×', ratios(samples.infoAdapter, samples.infoPlain)),
        figure('DTMF, the adapter without the card: time inside `softphone.sendDtmf()`, per key of 10 sent at once', 'ms', samples.infoAdapterOnly, 3),
        figure('Ratio DTMF adapter without the card / SIP.js alone', '×', ratios(samples.infoAdapterOnly, samples.infoPlain)),
        figure("DTMF, the card's statechart by itself: time inside `actor.send(dialpadButtonClick)` in `connected`, nobody listening, per key of 10", 'ms', samples.statechart, 3),
        figure("Ratio DTMF statechart by itself / SIP.js alone", '×', ratios(samples.statechart, samples.infoPlain)),
        figure("DTMF key → wire through the card: from the card's dial pad handler starting to the key's INFO leaving SIP.js, per key of 10", 'ms', samples.wireCard, 3),
        figure('DTMF key → wire, SIP.js alone: from `session.info()` being called to the INFO leaving SIP.js, per key of 10', 'ms', samples.wirePlain, 3),
        figure('Ratio DTMF key → wire, card / SIP.js alone', '×', ratios(samples.wireCard, samples.wirePlain)),
        figure('DTMF key → wire, the adapter without the card: from `softphone.sendDtmf()` being called to the INFO leaving SIP.js, per key of 10', 'ms', samples.wireAdapter, 3),
        figure('Ratio DTMF key → wire, adapter without the card / SIP.js alone', '×', ratios(samples.wireAdapter, samples.wirePlain)),
        figure("DTMF: time inside the host double's dial pad click (its own bookkeeping of the click, then the card's handler), per key of 10", 'ms', samples.infoClick, 3),
      ],
      notes: [
        `${browser.description}; Kamailio (Debian) on ${sipServer()} in a private network namespace with only lo; SIP.js 0.21.2, ` +
          `iceGatheringTimeout 100 ms on both operators. One page holds the customer and both operators, timed with performance.now() ` +
          `(the page is ${samples.isolated ? '' : 'not '}cross-origin isolated: ${samples.isolated ? '5 µs' : '0.1 ms'} steps). Setup and hold: each run makes one call through ` +
          `the adapter (card + host simulator + sipJsSoftphone) and one to SIP.js alone, one after the other. "Leaves SIP.js" is the moment the ` +
          `request reaches the WebSocket transport's send(). The adapter's Answer also goes through the card's event parsing, the statechart and the ` +
          `command queue; "established" on the adapter side is the card showing connected.`,
        `DTMF: all on the adapter's call, ${samples.infoPlain.length / RUNS} rounds per call, each round ten keys down every path in an order turned ` +
          `every round, the bursts 20 ms apart, so that each ratio divides figures taken under the same load. The three INFO paths are timed alike: the ` +
          `time inside the function a key is handed to, each checked to have sent its INFO before it returns — the card's handler for the dial pad ` +
          `click (parsing, the statechart, the command, the adapter, SIP.js), \`softphone.sendDtmf()\`, and \`session.info()\` on the very session ` +
          `the adapter holds (same user agent, dialog and WebSocket: SIP.js alone does exactly the SIP work the adapter asks of it). The host ` +
          `double's own bookkeeping of a click is in none of them (its row shows it). The card's statechart by itself is a bare actor in connected ` +
          `that nobody listens to: its step per key (xstate's macrostep: transition selection, a new snapshot for the key kept for the summary, the ` +
          `eventless check) is most of what the card adds to the adapter: the card's DTMF ratio is about the adapter's plus the statechart's, ` +
          `and cannot come near 1 while the statechart takes each key; the adapter's own ratio is the SIP adapter's cost.`,
      ],
    };
  } finally {
    await browser.close().catch(() => {});
    await pages.close().catch(() => {});
    await kamailio.stop();
  }
}
