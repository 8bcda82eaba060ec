import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { scripts } from '../../scripts/entries.json';

// What a newcomer does before the package is on the registry: `npm pack` in a clone, then
// `npm install ./b24-call-card-<version>.tgz` in a project of their own. npm resolves the
// tarball's dependencies (xstate) itself, from the cache `npm ci` filled (--prefer-offline:
// no network beyond the npm registry, and none at all when the cache has them). The README's
// quick start (createPhone from `b24-call-card/phone`) then runs there as written, importing the
// package by its name, with the host double from `b24-call-card/testing` as the portal.

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };

let work: string;
let tarball: string;
let packedSize: number;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'b24-install-'));
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const report = JSON.parse(output.slice(output.lastIndexOf('\n[') + 1)) as { filename: string; size: number }[];
  tarball = join(work, report[0]!.filename);
  packedSize = report[0]!.size;
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'my-softphone-app', version: '1.0.0', private: true, type: 'module' }));
  execFileSync('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The README's quick start block, as the README has it. */
function quickStart(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Quick start')))?.[1];
  if (!block) throw new Error('README: no ts block in the quick start');
  return block;
}

test('the packed tarball installs into a fresh project, which names it as a dependency', () => {
  const consumer = JSON.parse(readFileSync(join(work, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  expect(consumer.dependencies?.[manifest.name]).toMatch(/\.tgz$/);
  const installed = JSON.parse(readFileSync(join(work, 'node_modules', manifest.name, 'package.json'), 'utf8')) as { version: string };
  expect(installed.version).toBe(manifest.version);
  // xstate came as its dependency; the optional peers did not.
  expect(() => readFileSync(join(work, 'node_modules', 'xstate', 'package.json'))).not.toThrow();
  expect(() => readFileSync(join(work, 'node_modules', 'sip.js', 'package.json'))).toThrow();
});

/**
 * The same code packed as the package once shipped it: every bundle with its source map, the
 * sources inlined (`B24CC_MAPS=1`), built in a copy of the checkout. 1 234 410 bytes on
 * 2026-12-07, before the maps were dropped; measured here so the bound follows the code.
 */
function packedSizeWithMaps(): number {
  const copy = mkdtempSync(join(tmpdir(), 'b24-maps-'));
  try {
    cpSync(root, copy, { recursive: true, filter: (source) => !/^\/(node_modules|dist|coverage|\.git)(\/|$)/.test(source.slice(root.length)) });
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: copy, env: { ...process.env, B24CC_MAPS: '1' }, stdio: 'ignore' });
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: copy, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return (JSON.parse(output.slice(output.indexOf('['))) as { size: number }[])[0]!.size;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

test('the tarball ships no source maps and no sources, and is under half its size with them', () => {
  const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
  expect(listing.filter((file) => file.endsWith('.map'))).toEqual([]);
  expect(listing.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
  const withMaps = packedSizeWithMaps();
  console.log(`tarball: ${packedSize} bytes; with maps and their sources: ${withMaps} bytes (${(packedSize / withMaps).toFixed(2)}×)`);
  expect(packedSize).toBeLessThan(withMaps / 2);
}, 240_000);

test("the README's quick start runs in the consumer project, importing the package by its name", () => {
  const { code } = transformSync(quickStart(), { loader: 'ts', format: 'esm' });
  // The names the quick start takes from the page: BX24 (the host double's placement), the frame's
  // kind, the SIP client, saveCallToCrm, render. One portal tab's worker, on Node's own
  // BroadcastChannel and timers; Node has no Web Locks, so the phone takes its localStorage lease.
  const script = `
import { createHostSimulator } from '${manifest.name}/testing';
const host = createHostSimulator();
const memory = new Map();
globalThis.localStorage = { getItem: (key) => memory.get(key) ?? null, setItem: (key, value) => void memory.set(key, String(value)), removeItem: (key) => void memory.delete(key) };
const BX24 = { getAuth: () => ({ member_id: 'consumer-portal' }), placement: host.placement };
const currentUserId = 7;
const frameKind = 'worker';
const asked = [];
let network = () => {};
const did = (what) => (...args) => { asked.push([what, ...args].join(' ')); return Promise.resolve(); };
const startSipClient = () => ({ answer: did('answer'), decline: did('decline'), terminate: did('terminate'), dial: did('dial'), setHold: did('setHold'),
  setMicrophoneMuted: did('setMicrophoneMuted'), sendTone: did('sendTone'), transfer: did('transfer'), commitTransfer: did('commitTransfer'),
  abortTransfer: did('abortTransfer'), onEvent: (listener) => { network = listener; } });
const summaries = [];
const saveCallToCrm = (summary) => summaries.push(summary);
const roles = [];
const render = (state) => roles.push(state.role);
${code}
const until = async (what, test) => { for (let i = 0; i < 500 && !test(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10)); if (!test()) throw new Error('timed out: ' + what); };
await until('ownership', () => phone.state.role === 'owner' && phone.session !== null);
host.raiseCall({ CALL_ID: 'consumer-1', PHONE_NUMBER: '+4930123', CALL_DIRECTION: 'incoming' });
await host.settle();
await until('the incoming card', () => phone.state.call?.uiState === 'incoming');
host.click('answerButtonClick');
await host.settle();
network({ type: 'phone.connected' });
await until('connected', () => host.card?.uiState === 'connected');
host.click('hangupButtonClick');
await until('the summary', () => summaries.length > 0);
console.log(JSON.stringify({ owner: roles.includes('owner'), asked, summaries: summaries.map(({ callId, endedBy, connected }) => ({ callId, endedBy, connected })) }));
await phone.stop();
`;
  writeFileSync(join(work, 'quick-start.mjs'), script);
  const output = execFileSync(process.execPath, ['quick-start.mjs'], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(JSON.parse(output)).toEqual({
    owner: true,
    asked: ['answer', 'terminate'],
    summaries: [{ callId: 'consumer-1', endedBy: 'hungUp', connected: true }],
  });
}, 60_000);

test('the tarball holds every script-tag build, and globals.d.ts declares each global for a page script', () => {
  const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
  for (const { file } of scripts) expect(listing).toContain(`package/dist/iife/${file}`);
  expect(listing).toContain('package/dist/iife/globals.d.ts');
  // A worker page's script as an integrator checks it: the globals typed, a wrong use caught.
  const page = [
    '/// <reference path="node_modules/b24-call-card/dist/iife/globals.d.ts" />',
    ...scripts.map(({ global }) => `export const has${global}: object = ${global};`),
    'export const phone = B24CallCardSipJs.sipJsSoftphone;',
    'export const records = B24CallCardRecords.createCallRecords;',
    'export const phone2 = B24CallCardPhone.createPhone;',
    'export const tab = B24CallCardTab.createCallCardTab;',
    'export const fake = B24CallCardFakeBx24.createFakeBx24().BX24.placement;',
    '// @ts-expect-error: the core has no such export',
    'B24CallCard.createCallCardd;',
    '',
  ].join('\n');
  writeFileSync(join(work, 'page.ts'), page);
  writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'es2022', lib: ['es2022', 'dom'], module: 'esnext', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['page.ts'] }));
  let output = '';
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', work], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  expect(output).toBe('');
});

test('the `b24-call-card` command runs from the installed build (its model from the testing entry)', () => {
  const output = execFileSync(process.execPath, [join(work, 'node_modules', '.bin', 'b24-call-card'), 'paths', '--strategy', 'tour'], { cwd: work, encoding: 'utf8' });
  expect(output).toMatch(/requirements\s*\|\s*(\d+)\/\1 \(100%\)/);
}, 120_000);
