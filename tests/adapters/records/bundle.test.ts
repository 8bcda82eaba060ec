import { buildSync } from 'esbuild';

// The records entry goes into the worker page: it may not pull in a Node built-in or the SDK.
test('the records entry bundles for the browser with no Node built-in and without @bitrix24/b24jssdk', () => {
  const result = buildSync({ entryPoints: ['adapters/records/index.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', metafile: true });
  const inputs = Object.keys(result.metafile.inputs);
  expect(result.errors).toEqual([]);
  expect(inputs.filter((input) => input.startsWith('node:') || input.includes('b24jssdk/'))).toEqual([]);
  expect(inputs.some((input) => input.includes('testing/'))).toBe(false);
});
