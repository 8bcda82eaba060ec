/**
 * The examples that print a run (`npm run check:softphone`, `check:sipjs`) keep it in the pages
 * that show it, between `<!-- name -->` and `<!-- /name -->`; their tests fail when a fresh run
 * differs from a page.
 */

/** Replaces the text between `<!-- name -->` and `<!-- /name -->` in the docs page. */
export function withOutput(page: string, name: string, output: string): string {
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const from = page.indexOf(start);
  const to = page.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${start} … ${end} block in the page`);
  return `${page.slice(0, from + start.length)}\n\`\`\`text\n${output}\`\`\`\n${page.slice(to)}`;
}
