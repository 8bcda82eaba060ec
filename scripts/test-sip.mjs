// `npm run test:sip`: the real-call tests. Kamailio and Chromium must run in a private network
// namespace that has only `lo` (outside it Chromium offers the machine's other addresses to
// ICE, and this project's test traffic stays on loopback), which needs root. Installs
// Debian's Kamailio when it is missing, then re-runs Jest under `unshare -n`.
// Extra arguments go to Jest (`npm run test:sip -- tests/sip/sipjs/hold.sip.ts`).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PACKAGES = ['kamailio', 'kamailio-websocket-modules'];
const INSTALL = `apt-get update && apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function fail(message) {
  console.error(`test:sip: ${message}`);
  process.exit(1);
}

function installed(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

if (process.platform !== 'linux') fail('real-call tests need Linux (network namespaces).');
if (!isRoot) fail(`real-call tests need root: they run Kamailio and Chromium in a private network namespace (unshare -n).${PACKAGES.every(installed) ? '' : ` As root, Kamailio is installed with: ${INSTALL}`} Run: sudo npm run test:sip`);

// `ip` brings lo up inside the namespace; a minimal Debian may lack iproute2.
const hasIp = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].some((path) => existsSync(path));
const missing = [...PACKAGES, ...(hasIp ? [] : ['iproute2'])].filter((name) => !installed(name));
if (missing.length > 0) {
  console.log(`test:sip: ${missing.join(', ')} missing; installing from Debian (running as root): ${INSTALL}`);
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  } catch {
    fail(`installing Kamailio failed; run as root: ${INSTALL}`);
  }
}
if (!existsSync('/usr/sbin/kamailio')) fail(`no /usr/sbin/kamailio after installing; run as root: ${INSTALL}`);

const jest = ['node_modules/jest/bin/jest.js', '-c', 'jest.sip.config.ts', ...process.argv.slice(2)];
const quoted = [process.execPath, ...jest].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
// Only `lo`, brought up, exists inside; Jest, Kamailio and Chromium all start in there.
const run = spawnSync('unshare', ['--net', 'sh', '-c', `ip link set lo up && exec ${quoted}`], { stdio: 'inherit' });
if (run.error) fail(`could not run unshare: ${run.error.message}`);
process.exit(run.status ?? 1);
