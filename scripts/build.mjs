// Builds dist/: one ESM and one CommonJS bundle per public entry (dependencies stay
// external; scripts/entries.json lists them, each beside its subject), the main entry as a
// minified script-tag bundle (dist/iife/), and .d.ts declarations from tsc.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { buildIife } from './build-iife.mjs';
const { entries: ENTRIES } = JSON.parse(readFileSync(new URL('./entries.json', import.meta.url), 'utf8'));

rmSync('dist', { recursive: true, force: true });

// Maps point into the published lines without carrying the sources (sourcesContent: false):
// they halve the tarball, and a stack trace still names the source file and line.
const common = { bundle: true, packages: 'external', target: 'es2022', sourcemap: true, sourcesContent: false, logLevel: 'warning' };
for (const format of ['esm', 'cjs']) {
  for (const platform of ['neutral', 'node']) {
    const chosen = ENTRIES.filter((entry) => entry.platform === platform && entry.formats.includes(format));
    if (chosen.length === 0) continue;
    await build({
      ...common,
      platform,
      entryPoints: Object.fromEntries(chosen.map((entry) => [entry.name, entry.source])),
      format,
      outdir: `dist/${format}`,
      outExtension: { '.js': format === 'esm' ? '.mjs' : '.cjs' },
    });
  }
}
// The `b24-call-card` command (bin/b24-call-card.cjs) runs this when the package is built.
await build({ ...common, platform: 'node', entryPoints: ['testing/model/cli.ts'], format: 'cjs', outfile: 'dist/cjs/cli.cjs' });

// The same main entry for a plain <script> tag: global `B24CallCard`, xstate inside.
await buildIife();

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
console.log(`built dist/ (${ENTRIES.map((entry) => entry.name).join(', ')}; iife/b24-call-card.min.js)`);
