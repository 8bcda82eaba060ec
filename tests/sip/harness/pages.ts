import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { repoRoot } from './root';

const root = repoRoot();

/** The page bundles the tests load, by the name they are served under (`/sipjs-worker.js`). */
export const PAGE_BUNDLES: Record<string, string> = {
  'ua.js': 'tests/sip/pages/ua.entry.ts',
};

export interface PageServer {
  /** http://127.0.0.1:<port>/ : a secure context, so getUserMedia and WebRTC work. */
  readonly origin: string;
  /** The URL of a blank page that loads `bundle` and nothing else. */
  pageUrl(bundle: string): string;
  close(): Promise<void>;
}

/** Options of {@link startPageServer}. */
export interface PageServerOptions {
  /**
   * Serves every response with COOP `same-origin` and COEP `require-corp`, so the page is
   * cross-origin isolated: Chromium then gives `performance.now()` in 5 µs steps instead of
   * 100 µs (the benchmarks time sub-millisecond work with it). Off for the tests.
   */
  readonly isolated?: boolean;
  /**
   * Where the bundles' entries are, when not the checkout this file is in: the benchmarks pass
   * the directory they run from (a bundle under a `node_modules` linked from another checkout
   * would otherwise build that checkout's pages).
   */
  readonly root?: string;
}

/**
 * Bundles the in-page code with esbuild (in memory) and serves it from 127.0.0.1 on a free
 * port. Each page is a blank document with one script; the test drives it through the
 * globals that script defines.
 */
export async function startPageServer(bundles: Record<string, string> = PAGE_BUNDLES, options: PageServerOptions = {}): Promise<PageServer> {
  const isolation: Record<string, string> = options.isolated ? { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } : {};
  const built = await build({
    entryPoints: Object.fromEntries(Object.entries(bundles).map(([name, entry]) => [name.replace(/\.js$/, ''), join(options.root ?? root, entry)])),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    outdir: '/out',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  const files = new Map(built.outputFiles.map((file) => [file.path.replace(/^\/out\//, ''), file.text]));
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const name = url.pathname.slice(1);
    if (url.pathname === '/page.html') {
      const script = url.searchParams.get('bundle') ?? '';
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...isolation });
      response.end(`<!doctype html><meta charset="utf-8"><title>${script}</title><script src="/${script}"></script>`);
      return;
    }
    const text = files.get(name);
    if (text === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', ...isolation });
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the page server has no port');
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    pageUrl: (bundle) => `${origin}/page.html?bundle=${encodeURIComponent(bundle)}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
