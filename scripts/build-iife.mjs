// The script-tag build: the main entry as one minified classic script that defines the
// global `B24CallCard`, xstate bundled in, for worker pages served without a bundler.
// `node scripts/build-iife.mjs [outfile]`; scripts/build.mjs runs it for dist/.
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const IIFE_FILE = join(root, 'dist', 'iife', 'b24-call-card.min.js');

/** Builds the IIFE bundle into `outfile`. */
export async function buildIife(outfile = IIFE_FILE) {
  await build({
    entryPoints: [join(root, 'index.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'B24CallCard',
    platform: 'browser',
    // The browsers Bitrix24 supports; the build fails rather than ship syntax they lack.
    target: 'es2020',
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    banner: { js: '/* b24-call-card: the Bitrix24 call card statechart, https://www.npmjs.com/package/b24-call-card (MIT). Bundles xstate (MIT). */' },
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const written = await buildIife(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`built ${written}`);
}
