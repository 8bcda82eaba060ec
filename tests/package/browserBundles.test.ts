import { buildSync } from 'esbuild';

// Integrators bundle these entries into a worker page or browser tests: none may pull in a
// Node built-in. (`inspect` is left out: it loads its Node server only on demand.)
test.each(['index.ts', 'internals.ts', 'testing.ts', 'b24jssdk.ts', 'records.ts', 'sipjs.ts', 'jssip.ts'])('%s bundles for the browser with no Node built-in', (entry) => {
  const result = buildSync({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', metafile: true });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((input) => input.startsWith('node:'))).toEqual([]);
  expect(result.errors).toEqual([]);
});

// The SIP adapters are entries of their own (sip.js and jssip are optional peers): the core
// worker bundle carries neither a SIP stack nor the adapters' code.
test('index.ts pulls in no SIP stack and no SIP adapter', () => {
  const result = buildSync({ entryPoints: ['index.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', metafile: true });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((input) => /node_modules\/(sip\.js|jssip)\/|adapters\/softphone\/(sip|sipjs|jssip)\//.test(input))).toEqual([]);
});

test('sipjs.ts bundles sip.js only as an external import', () => {
  const result = buildSync({ entryPoints: ['sipjs.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', metafile: true, packages: 'external' });
  const output = Object.values(result.metafile.outputs)[0];
  expect([...new Set(output?.imports.map((i) => i.path))]).toEqual(['sip.js']);
});
