import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Issue 22: one path through the README (what it is, install, the quick start, a portal, then
// links to one-subject pages), short enough to read, and no link a newcomer follows to nothing.

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

test('the README reads install → quick start → portal → links, in under 3,000 words', () => {
  const headings = [...readme.matchAll(/^## (.+)$/gm)].map((match) => match[1]!);
  // The path first; a short section of another subject may follow the portal, links come after it.
  expect(headings.slice(0, 3)).toEqual(['Install', 'Quick start', 'Put it on a portal']);
  expect(headings.indexOf('Documentation')).toBeGreaterThan(2);
  // Before the first heading: one paragraph and the diagram.
  const intro = readme.slice(readme.indexOf('\n') + 1, readme.indexOf('<!-- statechart:start'));
  expect(intro.trim().split(/\n\s*\n/)).toHaveLength(1);
  // Words as a reader counts them: the generated diagram is not read word by word.
  const prose = readme.replace(/<!-- statechart:start[\s\S]*?statechart:end -->/, '');
  expect(prose.split(/\s+/).filter(Boolean).length).toBeLessThan(3_000);
});

/** Every relative link of a Markdown file, with the file it must reach. */
function links(file: string): { from: string; to: string }[] {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => ({ from: file.slice(root.length + 1), to: join(dirname(file), target) }));
}

test('every relative link in the README and docs/ reaches a file', () => {
  const pages = [join(root, 'README.md'), ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join(root, 'docs', name))];
  const broken = pages.flatMap(links).filter(({ to }) => !existsSync(to)).map(({ from, to }) => `${from} → ${to.slice(root.length + 1)}`);
  expect(broken).toEqual([]);
});

test('every docs/ page the examples and the published sources name exists', () => {
  const files = ['examples', 'adapters', 'machines', 'protocol', 'testing', 'diagnostics'].flatMap((folder) =>
    readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(ts|js|html)$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name)),
  );
  files.push(join(root, 'index.ts'));
  const named = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bdocs\/[\w./-]+\.md\b/g)].map((match) => ({ file: file.slice(root.length + 1), page: match[0] })));
  expect(named.length).toBeGreaterThan(0);
  expect(named.filter(({ page }) => !existsSync(join(root, page)))).toEqual([]);
});
