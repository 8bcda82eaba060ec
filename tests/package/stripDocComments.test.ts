// scripts/strip-doc-comments.mjs: the bundles lose their doc and line comments, never code, and
// keep each module's `// path/to/source.ts` marker (it stands in for a source map).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The script is an ES module of the build; Jest (CommonJS here) runs it in a Node of its own.
const script = join(__dirname, '..', '..', 'scripts', 'strip-doc-comments.mjs');
const stripDocComments = (text: string): string =>
  execFileSync(process.execPath, ['--input-type=module', '-e', `import { stripDocComments } from ${JSON.stringify(script)}; let t = ''; process.stdin.on('data', (c) => (t += c)); process.stdin.on('end', () => process.stdout.write(stripDocComments(t)));`], { input: text, encoding: 'utf8' });

test('doc and line comments go; strings, templates and regular expressions holding comment-like text stay', () => {
  const bundle = [
    '// adapters/relay/event.ts',
    'var BOUNDS = {',
    '  /** `CALL_ID` of `initialized`. */',
    '  callId: 128, // the host sends about 60',
    '  text: "/** not a comment */ // nor this",',
    '  tpl: `/** ${1} */`,',
    '  re: /\\/\\*\\*x/,',
    '  /*! legal */ kept: 1',
    '};',
    '//# sourceMappingURL=none',
    '',
  ].join('\n');
  expect(stripDocComments(bundle)).toBe(
    ['// adapters/relay/event.ts', 'var BOUNDS = {', '  callId: 128, ', '  text: "/** not a comment */ // nor this",', '  tpl: `/** ${1} */`,', '  re: /\\/\\*\\*x/,', '  /*! legal */ kept: 1', '};', '//# sourceMappingURL=none', ''].join('\n'),
  );
});
