import { buildSync } from 'esbuild';

// Integrators bundle these entries into a worker page or browser tests: none may pull in a
// Node built-in. (`inspect` is left out: it loads its Node server only on demand.)
test.each(['index.ts', 'internals.ts', 'testing.ts', 'b24jssdk.ts'])('%s bundles for the browser with no Node built-in', (entry) => {
  const result = buildSync({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', metafile: true });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((input) => input.startsWith('node:'))).toEqual([]);
  expect(result.errors).toEqual([]);
});
