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
  const pages = await startPageServer({ 'sip-bench.js': 'bench/sipPage.ts' });
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
        figure('DTMF through the adapter (`dtmf: info`): dial pad click → INFO leaves SIP.js, per key of 10 clicked at once', 'ms', samples.infoAdapter, 3),
        figure('DTMF, SIP.js alone: `session.info()` → INFO leaves SIP.js, per key of 10 sent at once', 'ms', samples.infoPlain, 3),
        figure('Ratio DTMF command adapter / SIP.js alone', '×', ratios(samples.infoAdapter, samples.infoPlain)),
        figure('DTMF, the adapter without the card: `softphone.sendDtmf()` → INFO leaves SIP.js, per key of 10 sent at once', 'ms', samples.infoAdapterOnly, 3),
        figure('Ratio DTMF adapter without the card / SIP.js alone', '×', ratios(samples.infoAdapterOnly, samples.infoPlain)),
        figure("DTMF: time inside the card's host-event handler (parse, statechart, adapter, SIP.js) per key; the rest of a click is the host double", 'ms', samples.infoInCard, 3),
      ],
      notes: [
        `${browser.description}; Kamailio (Debian) on ${sipServer()} in a private network namespace with only lo; SIP.js 0.21.2, ` +
          `iceGatheringTimeout 100 ms on both operators. One page holds the customer and both operators; each run makes one call through ` +
          `the adapter (card + host simulator + sipJsSoftphone) and one to SIP.js alone, alternating, and times them with performance.now(). ` +
          `"Leaves SIP.js" is the moment the request reaches the WebSocket transport's send(). The adapter's Answer also goes through the card's ` +
          `event parsing, the statechart and the command queue; "established" on the adapter side is the card showing connected. ` +
          `A page without cross-origin isolation sees performance.now() in 0.1 ms steps, so DTMF is timed over 10 keys at once and divided by 10. ` +
          `Both DTMF paths send the ten INFOs at once (neither waits for a 200 OK; they leave in order, one CSeq after another, on the one WebSocket). ` +
          `The adapter's DTMF path differs from SIP.js alone by the card: the host's event is parsed and goes through the statechart ` +
          `(xstate's macrostep: about four fifths of the card's time per key in a Node profile) before the command reaches the adapter; ` +
          `"the adapter without the card" shows the adapter's own share and "time inside the card's handler" shows that the host double's ` +
          `own click bookkeeping is not what the DTMF ratio measures.`,
      ],
    };
  } finally {
    await browser.close().catch(() => {});
    await pages.close().catch(() => {});
    await kamailio.stop();
  }
}
