// Builds dist/: one ESM and one CommonJS bundle per public entry (dependencies stay
// external), the main entry as a minified script-tag bundle (dist/iife/), and .d.ts
// declarations from tsc. `inspect` is ESM-only because
// @statelyai/inspect is.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { buildIife } from './build-iife.mjs';

const entries = ['index', 'internals', 'testing', 'b24jssdk', 'records', 'sipjs', 'jssip'];
const esmOnly = ['inspect'].filter((name) => existsSync(`${name}.ts`));

rmSync('dist', { recursive: true, force: true });

const common = { bundle: true, packages: 'external', platform: 'neutral', target: 'es2022', sourcemap: true, logLevel: 'warning' };
await build({ ...common, entryPoints: [...entries, ...esmOnly].map((name) => `${name}.ts`), format: 'esm', outdir: 'dist/esm', outExtension: { '.js': '.mjs' } });
await build({ ...common, entryPoints: entries.map((name) => `${name}.ts`), format: 'cjs', outdir: 'dist/cjs', outExtension: { '.js': '.cjs' } });
// Node-only entries (they import Node built-ins): built for the node platform, both formats.
const nodeEntries = ['restServer'];
await build({ ...common, platform: 'node', entryPoints: nodeEntries.map((name) => `${name}.ts`), format: 'esm', outdir: 'dist/esm', outExtension: { '.js': '.mjs' } });
await build({ ...common, platform: 'node', entryPoints: nodeEntries.map((name) => `${name}.ts`), format: 'cjs', outdir: 'dist/cjs', outExtension: { '.js': '.cjs' } });
// The `b24-call-card` command (bin/b24-call-card.cjs) runs this when the package is built.
await build({ ...common, platform: 'node', entryPoints: ['testing/model/cli.ts'], format: 'cjs', outfile: 'dist/cjs/cli.cjs' });

// The same main entry for a plain <script> tag: global `B24CallCard`, xstate inside.
await buildIife();

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
console.log(`built dist/ (${[...entries, ...esmOnly, ...nodeEntries].join(', ')}; iife/b24-call-card.min.js)`);
