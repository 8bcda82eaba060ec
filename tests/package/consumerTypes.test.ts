import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The package as a consumer gets it: `npm pack` (which runs `prepack`, the build), the
// tarball unpacked into a fresh project's node_modules, then `tsc` under each module
// resolution a TypeScript project may use, importing every entry of package.json's
// `exports`. A new entry added to `exports` is covered here without touching this file.

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, unknown>;
  files: string[];
};
/** `.` and every subpath but `./package.json`, as a consumer writes them: `b24-call-card`, `b24-call-card/testing`… */
const specifiers = Object.keys(manifest.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`));
/** Entries with no `require` condition are ESM-only: a CommonJS consumer imports their types only. */
const esmOnly = new Set(
  Object.entries(manifest.exports)
    .filter(([, value]) => typeof value === 'object' && value !== null && !('require' in value))
    .map(([key]) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`)),
);
/** Packages the declarations import (dependencies and peers), linked from this checkout. */
const LINKED = ['xstate', '@bitrix24/b24jssdk', '@statelyai/inspect', '@types/node'];

let work: string;
let packed: string[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'b24-consumer-'));
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // npm prints the build's own lines before the JSON; the JSON is the trailing array.
  const report = JSON.parse(output.slice(output.lastIndexOf('\n[') + 1)) as { filename: string; files: { path: string }[] }[];
  packed = report[0]!.files.map((file) => file.path);
  const installed = join(work, 'node_modules', manifest.name);
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(work, report[0]!.filename), '-C', installed, '--strip-components=1']);
  for (const name of LINKED) {
    mkdirSync(join(work, 'node_modules', name, '..'), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(work, 'node_modules', name), 'dir');
  }
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Every file path named in `exports` (conditions nested any depth). */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value.replace(/^\.\//, '')];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

test('the tarball holds every file exports names, the LICENSE and the command, and no sources', () => {
  expect(packed).toEqual(expect.arrayContaining([...new Set(exportTargets(manifest.exports))]));
  expect(packed).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'bin/b24-call-card.cjs', 'dist/cjs/cli.cjs']));
  expect(packed.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
});

/** The consumer's source: every entry imported, each checked to be typed (not `any`, not empty). */
function consumerSource(esm: boolean): string {
  const lines = [
    'type IsAny<T> = 0 extends 1 & T ? true : false;',
    'type IsEmpty<T> = [keyof T] extends [never] ? true : false;',
  ];
  specifiers.forEach((specifier, index) => {
    const typeOnly = !esm && esmOnly.has(specifier);
    lines.push(`import ${typeOnly ? 'type ' : ''}* as entry${index} from '${specifier}';`);
    lines.push(`export const typed${index}: [IsAny<typeof entry${index}>, IsEmpty<typeof entry${index}>] = [false, false];`);
  });
  // A use of the main entry a worker page makes, with one mistake the types must catch.
  lines.push(
    `import { createCallCard, type CallCardOptions } from '${manifest.name}';`,
    'export function start(options: CallCardOptions) {',
    '  const card = createCallCard(options);',
    "  card.send({ type: 'phone.failed', code: 486 });",
    '  // @ts-expect-error: not a softphone event',
    "  card.send({ type: 'phone.rang' });",
    '  return card.state.status;',
    '}',
  );
  return `${lines.join('\n')}\n`;
}

const MODES = [
  { name: 'node10 (CommonJS)', module: 'commonjs', moduleResolution: 'node10', type: 'commonjs' },
  { name: 'node16 (ES module)', module: 'node16', moduleResolution: 'node16', type: 'module' },
  { name: 'nodenext (CommonJS)', module: 'nodenext', moduleResolution: 'nodenext', type: 'commonjs' },
  { name: 'nodenext (ES module)', module: 'nodenext', moduleResolution: 'nodenext', type: 'module' },
  { name: 'bundler', module: 'esnext', moduleResolution: 'bundler', type: 'module' },
] as const;

test.each(MODES)('types resolve for every entry under moduleResolution $name', ({ name, module, moduleResolution, type }) => {
  const project = join(work, name.replace(/\W+/g, '-'));
  mkdirSync(project);
  symlinkSync(join(work, 'node_modules'), join(project, 'node_modules'), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type }));
  writeFileSync(join(project, 'consumer.ts'), consumerSource(type === 'module'));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'es2022', lib: ['es2022', 'dom'], module, moduleResolution, strict: true, noEmit: true, types: ['node'], skipLibCheck: true },
      files: ['consumer.ts'],
    }),
  );
  let output = '';
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  expect(output).toBe('');
}, 60_000);
