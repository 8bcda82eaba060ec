// Removes the `/** … */` documentation comments and the `//` comments esbuild carries over into
// the unminified ESM and CommonJS bundles (inside object literals, mostly). The declarations in
// dist/types carry the TSDoc for editors, the sources the comments that say why; in the
// JavaScript they were a twentieth of the packed tarball (25 KB of 640 KB). The
// `// path/to/source.ts` line of each module stays (it stands in for a source map), and so do
// legal comments. The comments are found by TypeScript's parser, never by a pattern, so a
// `/**` inside a string, template or regular expression is left alone.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const MODULE_MARKER = /^\/\/ [\w./@+-]+\.(ts|tsx|js|mjs|cjs|json)$/;

/** The text with its documentation and line comments (and the whitespace line each leaves) removed. */
export function stripDocComments(text) {
  const source = ts.createSourceFile('bundle.js', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const ranges = new Map();
  const collect = (position) => {
    for (const range of [...(ts.getLeadingCommentRanges(text, position) ?? []), ...(ts.getTrailingCommentRanges(text, position) ?? [])]) {
      const comment = text.slice(range.pos, range.end);
      const doc = comment.startsWith('/**') && !comment.startsWith('/**/');
      // A line comment of the source stays out too; the module marker `// path/to/file.ts` stays in.
      const line = comment.startsWith('//') && !MODULE_MARKER.test(comment) && !comment.startsWith('//#');
      if (doc || line) ranges.set(range.pos, range.end);
    }
  };
  const visit = (node) => {
    collect(node.pos);
    collect(node.end);
    ts.forEachChild(node, visit);
  };
  visit(source);
  let out = '';
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    // A comment alone on its line goes with its line.
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = text.indexOf('\n', end);
    const alone = text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd === -1 ? text.length : lineEnd).trim() === '';
    const from = alone && lineStart >= at ? lineStart : start;
    out += text.slice(at, from);
    at = alone && lineEnd !== -1 ? lineEnd + 1 : end;
  }
  return out + text.slice(at);
}

/** Strips every .mjs / .cjs file under `dir` (recursively). */
export function stripDocCommentsIn(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) stripDocCommentsIn(path);
    else if (/\.(mjs|cjs)$/.test(entry.name)) writeFileSync(path, stripDocComments(readFileSync(path, 'utf8')));
  }
}
