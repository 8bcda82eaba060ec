/**
 * The requirement ids live in the spec (docs/spec/statechart.md, host-behaviour.md §2):
 * machines/requirements.ts lists them and where each stands, and every one is implemented
 * (a transition or state of the machine names it, or a test's `describe` does) or
 * declared not yet implemented. The two cannot drift: these tests read the spec.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AnyStateNode } from 'xstate';
import { callCardMachine } from '../../machines/callCard.machine';
import { IMPLEMENTED_BY_ADAPTERS, NOT_YET_IMPLEMENTED, REQUIREMENTS, requirementIdsIn } from '../../machines/requirements';

const ROOT = join(__dirname, '..', '..');
const ID = String.raw`(?:SC|HB)-[A-Z]?\d+`;

/**
 * The ids a spec file defines, each with the heading (`##`) it stands under: a rule's
 * `**[SC-L1]**` or `**[SC-L4, SC-C3]**`, or a table row whose first cell is the id. Ids
 * merely mentioned in a sentence ("see SC-L5") define nothing.
 */
function definedIn(file: string): Record<string, string> {
  const found: Record<string, string> = {};
  let heading = '';
  for (const line of readFileSync(join(ROOT, 'docs', 'spec', file), 'utf8').split('\n')) {
    const title = /^## (.+)$/.exec(line);
    if (title) heading = title[1]!.trim();
    const row = new RegExp(String.raw`^\| (${ID}) \|`).exec(line);
    if (row) found[row[1]!] = `${file} § ${heading}`;
    for (const rule of line.matchAll(new RegExp(String.raw`\*\*\[(${ID}(?:, ${ID})*)\]\*\*`, 'g'))) {
      for (const id of rule[1]!.split(', ')) found[id] = `${file} § ${heading}`;
    }
  }
  return found;
}

/** Every id the machine's states and transitions name in their descriptions. */
function namedByMachine(): Set<string> {
  const named = new Set<string>();
  const visit = (node: AnyStateNode): void => {
    requirementIdsIn(node.description).forEach((id) => named.add(id));
    for (const transition of [...[...node.transitions.values()].flat(), ...(node.always ?? [])]) requirementIdsIn(transition.description).forEach((id) => named.add(id));
    Object.values(node.states).forEach((child) => visit(child as AnyStateNode));
  };
  visit(callCardMachine.root);
  return named;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return /\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** Every id a test's `describe` title names, with the files that name it. */
function namedByDescribes(): Map<string, string[]> {
  const named = new Map<string, string[]>();
  for (const file of testFiles(join(ROOT, 'tests'))) {
    const source = readFileSync(file, 'utf8');
    for (const title of source.matchAll(/describe(?:\.each\([^)]*\))?\(\s*(['"`])((?:(?!\1).)*)\1/g)) {
      for (const id of title[2]!.match(new RegExp(ID, 'g')) ?? []) named.set(id, [...(named.get(id) ?? []), relative(ROOT, file)]);
    }
  }
  return named;
}

const spec = { ...definedIn('statechart.md'), ...definedIn('host-behaviour.md') };
const machine = namedByMachine();
const describes = namedByDescribes();

describe('requirement ids: the spec is where they live', () => {
  test('machines/requirements.ts lists exactly the ids the spec defines, each under the heading it names', () => {
    expect(Object.keys(spec).length).toBeGreaterThan(60);
    expect(Object.entries(REQUIREMENTS).sort()).toEqual(Object.entries(spec).sort());
  });

  test('the machine names no id the spec lacks', () => {
    expect([...machine].filter((id) => !(id in spec))).toEqual([]);
  });

  test('every id of the spec is implemented (a transition, a state or a describe names it) or declared not yet implemented', () => {
    const unaccounted = Object.keys(spec).filter((id) => !machine.has(id) && !describes.has(id) && !(id in NOT_YET_IMPLEMENTED));
    expect(unaccounted).toEqual([]);
  });

  test('an id declared not yet implemented is named by no transition and no describe (it leaves the list when it lands)', () => {
    const landed = Object.keys(NOT_YET_IMPLEMENTED).filter((id) => machine.has(id) || describes.has(id));
    expect(landed).toEqual([]);
  });

  test('the rows the adapters implement are named by a describe, and by no transition', () => {
    const ids = Object.keys(IMPLEMENTED_BY_ADAPTERS);
    expect(ids.filter((id) => !describes.has(id))).toEqual([]);
    expect(ids.filter((id) => machine.has(id))).toEqual([]);
  });

  test('every id the machine names is also named by a describe of its tests', () => {
    expect([...machine].filter((id) => !describes.has(id)).sort()).toEqual([]);
  });
});
