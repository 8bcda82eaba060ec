import { existsSync } from 'node:fs';

/** Where a Chromium was found, for the tests and benchmarks to say which one they use. */
export interface FoundChromium {
  /** The executable to hand to `playwright-core`'s `chromium.launch({ executablePath })`. */
  readonly executablePath: string;
  /** How it was found: the `CHROMIUM_PATH` variable, Debian's package, or the npm package. */
  readonly source: 'CHROMIUM_PATH' | 'debian' | '@sparticuz/chromium';
  /** Flags this build needs to start headless here (none but `--no-sandbox` for the first two). */
  readonly args: readonly string[];
  /** One line naming the browser, e.g. for a test's log or a benchmark's results. */
  readonly description: string;
}

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Finds a Chromium without root and without downloading a browser build: `CHROMIUM_PATH`,
 * else Debian's `/usr/bin/chromium`, else the binary that `@sparticuz/chromium` ships inside
 * its npm tarball (unpacked to the temp folder on first use). Never `npx playwright install`.
 */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<FoundChromium> {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is ${fromEnv}, which does not exist`);
    return { executablePath: fromEnv, source: 'CHROMIUM_PATH', args: ['--no-sandbox'], description: `Chromium at ${fromEnv} (CHROMIUM_PATH)` };
  }
  if (existsSync(DEBIAN_CHROMIUM)) {
    return { executablePath: DEBIAN_CHROMIUM, source: 'debian', args: ['--no-sandbox'], description: `Debian's Chromium at ${DEBIAN_CHROMIUM}` };
  }
  let packaged: { executablePath(): Promise<string> };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require('@sparticuz/chromium') as { default?: typeof packaged } & typeof packaged;
    packaged = loaded.default ?? loaded;
  } catch (error) {
    throw new Error(
      `no Chromium: CHROMIUM_PATH is unset, ${DEBIAN_CHROMIUM} is missing, and @sparticuz/chromium does not load (${String(error)}); run \`npm ci\`, or set CHROMIUM_PATH. Never \`npx playwright install\`.`,
    );
  }
  const executablePath = await packaged.executablePath();
  return {
    executablePath,
    source: '@sparticuz/chromium',
    // The package's build is made for containers without a sandbox or a GPU.
    args: ['--no-sandbox', '--no-zygote', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
    description: `the Chromium shipped in @sparticuz/chromium, unpacked to ${executablePath}`,
  };
}

/**
 * Playwright launches Chromium with `ThirdPartyStoragePartitioning` in its `--disable-features`
 * list, which no user's browser has: with it, a first-party window of the application's origin
 * shares `BroadcastChannel`, Web Locks and storage with the application's frames inside the
 * portal, so a many-frames design that needs that would pass its tests and fail for users
 * (host-behaviour §10). Chromium takes the last `--disable-features` on its command line, so
 * this list, passed in `args` after Playwright's own, replaces Playwright's: the same features
 * off, partitioning left on. `tests/browser/partitioning.e2e.ts` proves it on the Chromium found.
 */
export const PARTITIONED_DISABLE_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
] as const;

/** Launch arguments for tests of several frames: the found Chromium's own, with storage partitioning on as users have it. */
export function partitionedArgs(found: FoundChromium): string[] {
  return [...found.args, '--disable-gpu', '--disable-background-networking', `--disable-features=${PARTITIONED_DISABLE_FEATURES.join(',')}`];
}
