import { build, buildSync, type Plugin } from 'esbuild';
import { resolve } from 'node:path';
import { entries, scripts } from '../../scripts/entries.json';

/** Entry name → its source, from the one list of published entries. */
const SOURCES: Record<string, string> = Object.fromEntries(entries.filter((entry) => entry.platform === 'neutral' && entry.name !== 'inspect').map((entry) => [entry.name, entry.source]));

// Integrators bundle these entries into a worker page or browser tests: none may pull in a
// Node built-in. (`inspect` is left out: it loads its Node server only on demand.)
test.each(Object.keys(SOURCES))('%s bundles for the browser with no Node built-in', (entry) => {
  const result = buildSync({ entryPoints: [SOURCES[entry]!], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', metafile: true });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((input) => input.startsWith('node:'))).toEqual([]);
  expect(result.errors).toEqual([]);
});

// The SIP adapters are entries of their own (sip.js and jssip are optional peers): the core
// worker bundle carries neither a SIP stack nor the adapters' code.
test('the main entry pulls in no SIP stack and no SIP adapter', () => {
  const result = buildSync({ entryPoints: ['index.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', metafile: true });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((input) => /node_modules\/(sip\.js|jssip)\/|adapters\/softphone\/(sip|sipjs|jssip)\//.test(input))).toEqual([]);
});

test('the sipjs entry bundles sip.js only as an external import', () => {
  const result = buildSync({ entryPoints: [SOURCES.sipjs!], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', metafile: true, packages: 'external' });
  const output = Object.values(result.metafile.outputs)[0];
  expect([...new Set(output?.imports.map((i) => i.path))]).toEqual(['sip.js']);
});

// Each script-tag build says in its banner which packages it carries (scripts/entries.json
// `bundles`): the list must be what the bundle really pulls in.
// A script's `fromGlobal` modules come from another script's global, and its `replace` swaps a
// module, as scripts/build-iife.mjs does: the phone's script loads its owner's half as the second
// file, so xstate is in b24-call-card-phone-owner.min.js alone (issue 18 §4).
function fromGlobal(script: { fromGlobal?: { modules: string[] } }): Plugin[] {
  const wanted = new Set((script.fromGlobal?.modules ?? []).map((module) => resolve(module)));
  return [{ name: 'from-global', setup: (build) => build.onResolve({ filter: /^\./ }, (args) => (wanted.has(resolve(args.resolveDir, args.path).replace(/\.ts$/, '')) ? { path: args.path, external: true } : undefined)) }];
}

test.each(scripts.map((script) => [script.file, script] as const))('%s bundles exactly the packages entries.json names', async (_file, script) => {
  const swaps = Object.entries((script as { replace?: Record<string, string> }).replace ?? {}).map(([from, to]) => [resolve(from), resolve(to)] as const);
  const replace: Plugin = {
    name: 'replace-modules',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        const target = swaps.find(([from]) => from === `${resolve(args.resolveDir, args.path)}.ts`);
        return target ? { path: target[1] } : undefined;
      });
    },
  };
  // A package the page provides as a global (`globals`) is not bundled either.
  const external = Object.keys((script as { globals?: Record<string, string> }).globals ?? {});
  const result = await build({ entryPoints: [script.source], bundle: true, platform: 'browser', format: 'iife', write: false, logLevel: 'silent', metafile: true, plugins: [replace, ...fromGlobal(script as { fromGlobal?: { modules: string[] } })], external });
  const packages = [...new Set(Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules/')).map((input) => input.split('node_modules/')[1]!.split('/')[0]!))];
  expect(packages.sort()).toEqual([...script.bundles].sort());
});

// The card tab's script takes the phone from B24CallCardPhone: neither the statechart nor the phone's owner is in it again.
test('b24-call-card-tab.min.js carries the tab, not the phone it takes from B24CallCardPhone', async () => {
  const tab = scripts.find((script) => script.global === 'B24CallCardTab')!;
  const result = await build({ entryPoints: [tab.source], bundle: true, platform: 'browser', format: 'iife', write: false, logLevel: 'silent', metafile: true, plugins: fromGlobal(tab) });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((input) => /machines\/|adapters\/phone\/(createPhone|ownerSession|ownership|remoteCard)/.test(input))).toEqual([]);
  expect(inputs).toContain('adapters/tab/createCallCardTab.ts');
});
