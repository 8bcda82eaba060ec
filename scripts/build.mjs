// Builds dist/: one ESM and one CommonJS bundle per public entry (dependencies stay
// external; scripts/entries.json lists them, each beside its subject), every entry for
// the script-tag builds (dist/iife/), and .d.ts declarations from tsc.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { buildIife } from './build-iife.mjs';
import { stripDocCommentsIn } from './strip-doc-comments.mjs';
const { entries: ENTRIES } = JSON.parse(readFileSync(new URL('./entries.json', import.meta.url), 'utf8'));

rmSync('dist', { recursive: true, force: true });

// No source maps: the ESM bundles are not minified and each module keeps a `// path/to/source.ts`
// line; maps (the sources not shipped) were over half of the tarball. `B24CC_MAPS=1` builds them
// with their sources inlined, as the package once shipped, only for tests/package/install.test.ts
// to measure what leaving them out saves on the same code.
const MAPS = process.env.B24CC_MAPS === '1';
const common = { bundle: true, packages: 'external', target: 'es2022', sourcemap: MAPS, logLevel: 'warning' };
for (const format of ['esm', 'cjs']) {
  for (const platform of ['neutral', 'node']) {
    const chosen = ENTRIES.filter((entry) => entry.platform === platform && entry.formats.includes(format) && !(format === 'esm' && entry.esmFromCjs));
    if (chosen.length === 0) continue;
    await build({
      ...common,
      platform,
      entryPoints: Object.fromEntries(chosen.map((entry) => [entry.name, entry.source])),
      format,
      outdir: `dist/${format}`,
      outExtension: { '.js': format === 'esm' ? '.mjs' : '.cjs' },
      // ESM entries share their common code (the statechart, the session) in chunks instead of a
      // copy each, and the phone's owner part stays a chunk of its own that a non-owner frame
      // never loads (issue 18 §4). CommonJS cannot split, so each entry carries its own copy of the statechart and the
      // session: those copies are minified (whitespace and syntax; names kept, so stack traces
      // still read) to keep the tarball under half its size with maps (tests/package). The ESM
      // files, what bundlers and readers open, stay as written.
      ...(format === 'esm' ? { splitting: true, chunkNames: 'chunks/[name]-[hash]' } : { minifyWhitespace: true, minifySyntax: true }),
    });
  }
}
// A Node-only entry's ESM file re-exports its CommonJS build: the tarball carries the code once.
// Its names are listed (read from the built file), so the ESM file does not depend on Node
// recognising them in the minified CommonJS text.
for (const entry of ENTRIES.filter((candidate) => candidate.esmFromCjs)) {
  const names = Object.keys(createRequire(import.meta.url)(`../dist/cjs/${entry.name}.cjs`)).filter((name) => name !== 'default' && name !== '__esModule');
  writeFileSync(`dist/esm/${entry.name}.mjs`, `import cjs from '../cjs/${entry.name}.cjs';\nexport const { ${names.join(', ')} } = cjs;\n`);
}
// The `b24-call-card` command (bin/b24-call-card.cjs) runs this when the package is built.
// What it imports from the model is all exported by the testing entry: it requires
// ./testing.cjs rather than carrying a second copy of the model (a sixth of the tarball).
const modelFromTestingEntry = {
  name: 'model-from-testing-entry',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\/(coverage|execute|generate|testModel)$/ }, (args) =>
      args.importer.endsWith('cli.ts') ? { path: './testing.cjs', external: true } : undefined,
    );
  },
};
await build({ ...common, platform: 'node', entryPoints: ['testing/model/cli.ts'], format: 'cjs', outfile: 'dist/cjs/cli.cjs', plugins: [modelFromTestingEntry] });

// The declarations carry the TSDoc; the JavaScript keeps its `// path` lines, not the doc comments.
stripDocCommentsIn('dist/esm');
stripDocCommentsIn('dist/cjs');

// The script-tag builds (global B24CallCard, B24CallCardSipJs, …) and their globals.d.ts.
const iife = await buildIife();

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
console.log(`built dist/ (${ENTRIES.map((entry) => entry.name).join(', ')}; ${iife.join(', ')})`);
