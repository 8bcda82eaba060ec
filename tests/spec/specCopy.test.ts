import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// docs/spec/ ships the product spec with the package; the team's copy lives beside the
// checkout in ../shared/spec/. They must stay equal, like the diagram and its machine.
const root = join(__dirname, '..', '..');
const shipped = join(root, 'docs', 'spec');
const source = join(root, '..', 'shared', 'spec');

describe('docs/spec', () => {
  it('holds both spec documents at v2', () => {
    expect(readdirSync(shipped).sort()).toEqual(['host-behaviour.md', 'statechart.md']);
    for (const name of ['host-behaviour.md', 'statechart.md']) {
      expect(readFileSync(join(shipped, name), 'utf8').split('\n')[0]).toMatch(/\(v2\)$/);
    }
  });

  (existsSync(source) ? it : it.skip)('equals ../shared/spec (copy it again after the spec changes)', () => {
    const names = readdirSync(source).filter((name) => name.endsWith('.md')).sort();
    expect(readdirSync(shipped).sort()).toEqual(names);
    for (const name of names) {
      expect({ name, text: readFileSync(join(shipped, name), 'utf8') }).toEqual({ name, text: readFileSync(join(source, name), 'utf8') });
    }
  });
});
