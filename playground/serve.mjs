// `npm start`: serves the playground on http://127.0.0.1:5178 (PLAYGROUND_PORT overrides it;
// PLAYGROUND_HOST the address). esbuild, not Vite: esbuild already builds the package and the
// bench, so the playground needs no other install; its context().serve() bundles the page in
// memory and rebuilds it on the next request after a source file changes.
import { context } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const host = process.env.PLAYGROUND_HOST || '127.0.0.1';
const port = Number(process.env.PLAYGROUND_PORT || 5178);

const ctx = await context({
  // The one-window page (index.html) and the many-frames page (tabs.html).
  entryPoints: [join(here, 'src', 'main.ts'), join(here, 'src', 'tabs', 'main.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  // examples/tab.html, imported as text: the many-frames page shows it as the card's tab.
  loader: { '.html': 'text' },
  // Served from memory (esbuild's serve); `write: false` keeps the tree clean.
  write: false,
  outdir: join(here, 'static', 'build'),
  logLevel: 'warning',
});

let server;
try {
  server = await ctx.serve({ host, port, servedir: join(here, 'static') });
} catch (error) {
  console.error(`Cannot serve the playground on ${host}:${port}: ${error.message}\nSet PLAYGROUND_PORT to another port.`);
  await ctx.dispose();
  process.exit(1);
}

console.log(`b24-call-card playground: http://${host}:${server.port}/`);

const stop = async () => {
  await ctx.dispose();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
