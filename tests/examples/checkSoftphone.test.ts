import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSoftphone, formatCheck, MySoftphone } from '../../examples/check-softphone';
import { withOutput } from '../../examples/pageOutput';

// examples/check-softphone.ts as `npm run check:softphone` runs it: an integrator's own
// softphone through the transition tour. Its output is in docs/check-your-softphone.md; a
// run that differs from the page fails here (regenerate: npm run check:softphone -- --write).

const page = readFileSync(join(__dirname, '..', '..', 'docs', 'check-your-softphone.md'), 'utf8');

test('MySoftphone passes every path of the tour, and the docs page shows this very run', async () => {
  const check = await checkSoftphone(() => new MySoftphone());
  expect(check.failures).toEqual([]);
  expect(check.asked.hold).toBeGreaterThan(0);
  expect(withOutput(page, 'output', formatCheck(check))).toBe(page);
}, 120_000);

test('a softphone whose resume fails is caught, with the path, the step and what differed', async () => {
  const check = await checkSoftphone(() => new MySoftphone({ resumeFails: true }));
  expect(check.failures.length).toBeGreaterThan(0);
  expect(check.failures[0]!.message).toMatch(/hold\(false\).*softphoneError/);
  expect(withOutput(page, 'output-bug', formatCheck(check))).toBe(page);
}, 120_000);
