// The statechart's generated paths on real calls through the SIP.js adapter (docs/real-call-paths.md).
import { formatCoverageTable, incompleteLines } from '../../testing/model/coverage';
import { sipServer, uniqueUser, useSipHarness } from './harness';
import { PAGE_BUNDLES } from './harness/pages';
import type { RealPathsResult } from './pages/realPaths.entry';
import { smallestCoveringPaths } from './paths/select';

const sip = useSipHarness({ ...PAGE_BUNDLES, 'real-paths.js': 'tests/sip/pages/realPaths.entry.ts' });

test('sipjs: the smallest set of shortest paths covering every transition and guard outcome, on real calls: 100% coverage', async () => {
  const selectedAt = performance.now();
  const selection = await smallestCoveringPaths('shortest');
  const selectionMs = performance.now() - selectedAt;
  const page = await sip.openPage('real-paths.js');
  const users = { operator: uniqueUser('operator'), customer: uniqueUser('customer'), colleague: uniqueUser('colleague'), nobody: uniqueUser('nobody') };
  const result = await page.evaluate(
    ({ indices, server, users }) =>
      (window as unknown as { b24sip: { realPaths: (...a: unknown[]) => Promise<RealPathsResult> } }).b24sip.realPaths('shortest', indices, server, users),
    { indices: selection.indices, server: sipServer(), users },
  );
  console.log(
    [
      `generated paths on real calls (SIP.js adapter, Kamailio, Chromium): ${result.paths} of ${selection.candidates} shortest paths ` +
        `(greedy cover, chosen in ${Math.round(selectionMs)} ms), ${result.steps} steps, ${result.calls} real calls, ${(result.ms / 1000).toFixed(1)} s`,
      `phone events made by the network and reported by the adapter: ${JSON.stringify(result.realized)}`,
      `phone events no network can make at that point, sent as the path says: ${JSON.stringify(result.synthetic)}`,
      formatCoverageTable({ 'real calls': { paths: result.paths, steps: result.steps, generationMs: selectionMs, coverage: result.coverage } }),
    ].join('\n'),
  );
  expect(incompleteLines(result.coverage)).toEqual([]);
  expect(result.realized['phone.connected']).toBeGreaterThan(0);
  // Paths end calls within milliseconds of starting them (a CANCEL while SIP.js still gathers ICE, a BYE
  // crossing the other side's): SIP.js logs those races through its own logger. Anything else is a failure.
  const stackLog = /^\w{3} \w{3} \d\d \d{4} [\d:]+ GMT.* \| sip\.|^Error: Peer connection undefined\.$/;
  console.log(`SIP.js teardown-race log lines: ${sip.pageErrors().filter((e) => stackLog.test(e)).length}`);
  expect(sip.pageErrors().filter((error) => !stackLog.test(error))).toEqual([]);
}, 300_000);
