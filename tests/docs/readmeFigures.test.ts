import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReadmeFigures, replaceBetween, type BenchRun } from '../../bench/report';
import type { SectionResult } from '../../bench/stats';
import { CARD_COMMAND_NAMES, CARD_EVENT_NAMES, SOFTPHONE_METHODS, UI_STATES } from '../../index';

// Every figure in the README comes from a committed source: the benchmark block is what
// `npm run bench:update` renders from the run in bench/results.md (re-rendered here from that
// file with the bench's own renderer), and any number in the prose is one of the few facts
// listed below, each checked against where it comes from. A figure typed by hand fails here.

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** bench/results.md read back as the run it was rendered from (each figure's median as its one sample). */
function committedRun(): BenchRun {
  const text = readFileSync(join(root, 'bench', 'results.md'), 'utf8');
  const env = /\| Date \|.*\n\|.*\n\| (\S+) \| (.+?) \| (\d+) \| (\S+) \| (.+?) \| (\d+) s \|/.exec(text);
  if (!env) throw new Error('bench/results.md: no environment row');
  const results: SectionResult[] = text
    .split(/^### /m)
    .slice(1)
    .map((block) => {
      const [title = '', ...lines] = block.split('\n');
      const rows = lines.filter((line) => /^\| .* \| [\d.—-]+ \| [\d.—-]+ \| [\d.—-]+ \| .* \| \d+ \|$/.test(line));
      const figures = rows.map((row) => {
        const cells = row.slice(2, -2).split(' | ');
        const [unit, , ] = cells.slice(-2);
        const median = cells[cells.length - 5]!;
        return { label: cells.slice(0, cells.length - 5).join(' | '), unit: unit!, samples: [Number(median)], digits: median.split('.')[1]?.length ?? 0 };
      });
      const notes = lines.filter((line) => line !== '' && !line.startsWith('|'));
      return { title, figures, notes };
    });
  return { environment: { date: env[1]!, cpu: env[2]!, cores: Number(env[3]), node: env[4]!, platform: env[5]! }, results, wallSeconds: Number(env[6]), partial: false };
}

test('the README benchmark block is what bench:update renders from bench/results.md', () => {
  const expected = replaceBetween(readme, 'bench:figures', renderReadmeFigures(committedRun()));
  expect(expected).not.toBeNull();
  const block = (text: string) => text.slice(text.indexOf('<!-- bench:figures:start -->'), text.indexOf('<!-- bench:figures:end -->'));
  expect(block(readme)).toBe(block(expected!));
});

/** The numbers the prose may carry, each with the check that it is still true. */
const FACTS: Record<string, () => boolean> = {
  // `npm install b24-call-card` before publication: the registry's answer for an unknown package.
  '404': () => true,
  // "Node 20": the engines field.
  '20': () => (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node === '>=20',
  // "XState v5": the dependency's major version.
  v5: () => /^\^?5\./.test((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies.xstate ?? ''),
  // "the 5-second rule": host-behaviour §1.
  '5-second': () => readFileSync(join(root, 'docs', 'spec', 'host-behaviour.md'), 'utf8').includes('than 5 s more than 10 times a day'),
  '§1': () => readFileSync(join(root, 'docs', 'spec', 'host-behaviour.md'), 'utf8').includes('## 1. The card is not the call'),
  // "Calls started in Bitrix24 (host-behaviour §12)".
  '§12': () => /^## 12\. .*(Bitrix24|started)/m.test(readFileSync(join(root, 'docs', 'spec', 'host-behaviour.md'), 'utf8')),
  // The numbered steps of "Put it on a portal".
  '1.': () => true,
  '2.': () => true,
  '3.': () => true,
  '4.': () => true,
  '5.': () => true,
  '12': () => UI_STATES.length === 12,
  '17': () => CARD_EVENT_NAMES.length === 17,
  '9': () => CARD_COMMAND_NAMES.length === 9,
  ten: () => SOFTPHONE_METHODS.length === 10,
};

test('every number in the README prose is a listed fact, and each fact still holds', () => {
  const prose = readme
    .replace(/```[\s\S]*?```/g, '')
    .replace(/<!-- statechart:start[\s\S]*?statechart:end -->/, '')
    .replace(/<!-- bench:figures:start -->[\s\S]*?<!-- bench:figures:end -->/, '')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/`[^`]*`/g, '')
    .replace(/b24-call-card|Bitrix24|b24jssdk/g, '');
  const numbers = [...prose.matchAll(/(?:v|§)?\d+(?:[.,]\d+)*(?:-second|\.)?/g)].map((match) => match[0].replace(/\.$/, (dot, at, whole: string) => (/^\d\.$/.test(whole) ? '.' : '')));
  const unknown = numbers.filter((number) => !(number in FACTS));
  expect(unknown).toEqual([]);
  for (const number of new Set(numbers)) expect([number, FACTS[number]!()]).toEqual([number, true]);
  // "ten methods" is written out: still true.
  if (/\bten methods\b/.test(prose)) expect(FACTS.ten!()).toBe(true);
});
