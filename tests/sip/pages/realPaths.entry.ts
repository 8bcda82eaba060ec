// Generated paths on real calls: the statechart's paths (testing/model) run through runPath, whose
// softphone is the real SIP.js adapter on a registered user agent, with the customer and a
// colleague as plain SIP.js user agents in the same page, over Kamailio. The driver
// (examples/sipjs-tour/driver.ts, shared with `npm run check:sipjs`) makes the network produce
// each phone.* step of a path and checks the adapter reports exactly that event; here every
// realized connection is also checked for media.
import { peerConnectionOf } from '../../../adapters/softphone/sipjs/session';
import { sipJsSoftphone } from '../../../adapters/softphone/sipjs/index';
import { CoverageRecorder, coverageUniverse, type CoverageReport } from '../../../testing/model/coverage';
import { generatePaths, type PathStrategy } from '../../../testing/model/generate';
import { runPathsOnSip, until, type SipPathsResult } from '../../../examples/sipjs-tour/driver';
import { mediaStats, playRemoteAudio } from './media';
import { createPlainUa, registeredUserAgent, type PlainUa } from './plainUa';

export interface RealPathsResult extends Pick<SipPathsResult, 'paths' | 'steps' | 'calls' | 'realized' | 'synthetic'> {
  readonly ms: number;
  readonly coverage: CoverageReport;
}

const WAIT_MS = 5000;

async function run(strategy: PathStrategy, indices: readonly number[] | null, server: string, users: { operator: string; customer: string; colleague: string; nobody: string }): Promise<RealPathsResult> {
  const started = performance.now();
  const { userAgent } = await registeredUserAgent(users.operator, server);
  const customer: PlainUa = await createPlainUa({ user: users.customer, server });
  const colleague: PlainUa = await createPlainUa({ user: users.colleague, server });
  const playing: { stop: (() => void) | null } = { stop: null };
  const generated = generatePaths(strategy);
  const selected = indices ? indices.map((i) => generated.paths[i]!) : generated.paths;
  const coverage = new CoverageRecorder();
  const result = await runPathsOnSip(selected, {
    users,
    domain: '127.0.0.1',
    customer,
    colleague,
    coverage,
    waitMs: WAIT_MS,
    makeSoftphone: (transferTargetToUri) =>
      sipJsSoftphone(userAgent, {
        numberToUri: () => `sip:${users.customer}@127.0.0.1`,
        // The far ends are SIP users named `customer-2`: their names are dial strings here.
        dialCharacters: 'abcdefghijklmnopqrstuvwxyz-',
        transferTargetToUri,
      }),
    // Every realized connection carries media into the operator.
    async mediaFlows(session) {
      const pc = await until('a peer connection', () => peerConnectionOf(session), WAIT_MS);
      playing.stop?.();
      playing.stop = playRemoteAudio(pc);
      const before = (await mediaStats(pc))?.packetsReceived ?? 0;
      await until('media to reach the operator', async () => ((await mediaStats(pc))?.packetsReceived ?? 0) > before + 5, WAIT_MS);
    },
  });
  playing.stop?.();
  await Promise.all([customer.stop(), colleague.stop(), userAgent.stop()]);
  return { paths: result.paths, steps: result.steps, calls: result.calls, realized: result.realized, synthetic: result.synthetic, ms: performance.now() - started, coverage: coverage.report(coverageUniverse()) };
}

Object.assign(window, { b24sip: { realPaths: run } });
