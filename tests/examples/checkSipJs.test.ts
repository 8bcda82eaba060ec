import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { withOutput } from '../../examples/pageOutput';

// examples/check-sipjs-softphone.ts as `npm run check:sipjs` runs it: the SIP.js adapter on a
// SIP.js user agent, through the transition tour with real SIP behind each step. It runs as its
// own Node process (sip.js is an ES module, which Jest's module system does not load), bundled as
// the npm script bundles it. Its output is in the README and docs/check-your-softphone.md; a run
// that differs from either fails here (regenerate: npm run check:sipjs -- --write).

const root = join(__dirname, '..', '..');

// Known race, not understood yet: once in about four full `npm test` runs on a loaded 2-core
// machine (never alone, 3 of 3), one tour path timed out waiting for the customer to ring
// ("outgoing → connected → transfer(user 42) → cardLost → failed(402)"). A second run shows
// the first error (logged) and still fails on any deterministic bug. Not reproduced since in 7
// whole tours and 4 partial ones (in-process event-loop hogs and stalls, wire jitter, two busy
// loops, two tours at once beside the real-call suites at load 12); the timeout now says how the
// customer's session, ours and the adapter's reports stood, so the next occurrence names its cause.
jest.retryTimes(1, { logErrorsBeforeRetry: true });
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'b24-check-sipjs-'));
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the SIP.js softphone passes every path of the tour on real SIP, and the README and the docs page show this very run', () => {
  const bundle = join(work, 'check-sipjs.cjs');
  buildSync({ entryPoints: [join(root, 'examples', 'check-sipjs-softphone.ts')], bundle: true, platform: 'node', format: 'cjs', packages: 'external', outfile: bundle, logLevel: 'warning' });
  // Run where npm runs it (the package root: the pages), its packages found in the package's node_modules.
  const output = execFileSync(process.execPath, [bundle], { cwd: root, env: { ...process.env, NODE_PATH: join(root, 'node_modules') }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(output).toMatch(/^transition tour: \d+ paths, \d+ steps/);
  expect(output).toMatch(/phone\.connected +\d+/);
  expect(output).toContain('REFER');
  expect(output.trimEnd().split('\n').at(-1)).toBe('every path passed');
  for (const page of ['README.md', join('docs', 'check-your-softphone.md')]) {
    const text = readFileSync(join(root, page), 'utf8');
    expect([page, withOutput(text, 'output-sipjs', output)]).toEqual([page, text]);
  }
}, 300_000);
