// The script-tag builds: each entry scripts/entries.json lists under `scripts` as one minified
// classic script defining one global (B24CallCard, B24CallCardSipJs, B24CallCardJsSip,
// B24CallCardRecords, B24CallCardPhone, B24CallCardTab, B24CallCardFakeBx24), its dependencies inside, for
// worker pages served without a bundler; and `globals.d.ts`, which declares those globals for a page's editor.
// A script with `fromGlobal` takes the modules it lists from another script's global instead of bundling
// them again (the card tab's script uses the phone's, which the page loads before it).
// `node scripts/build-iife.mjs [outdir]`; scripts/build.mjs runs it for dist/iife/.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { scripts: SCRIPTS } = JSON.parse(readFileSync(join(root, 'scripts', 'entries.json'), 'utf8'));
export { SCRIPTS };
export const IIFE_DIR = join(root, 'dist', 'iife');

/** The declarations of the globals, pointing at dist/types (which mirrors the sources). */
function globalsDeclaration() {
  const lines = [
    '// The globals the script-tag builds define (dist/iife/*.min.js). In a page\'s script checked by',
    '// TypeScript: /// <reference path="node_modules/b24-call-card/dist/iife/globals.d.ts" />',
    'export {};',
    'declare global {',
  ];
  for (const script of SCRIPTS) {
    const types = `../types/${script.source.replace(/\.ts$/, '')}`;
    lines.push(`  /** \`${script.file}\`: the exports of ${script.source}. */`);
    const also = Object.entries(script.alsoExports ?? {}).map(([name, { from, names }]) => ` & { ${name}: Pick<typeof import('${from}'), ${names.map((n) => `'${n}'`).join(' | ')}> }`).join('');
    lines.push(`  var ${script.global}: typeof import('${types}')${also};`);
  }
  lines.push('}', '');
  return lines.join('\n');
}

/** `globals` of a script: each package is read from the page's global of that name instead of bundled. */
function pageGlobals(globals = {}) {
  return {
    name: 'page-globals',
    setup(plugin) {
      for (const [name, global] of Object.entries(globals)) {
        const filter = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
        plugin.onResolve({ filter }, () => ({ path: name, namespace: 'page-global' }));
        plugin.onLoad({ filter, namespace: 'page-global' }, () => ({ contents: `module.exports = globalThis.${global};`, loader: 'js' }));
      }
    },
  };
}

/**
 * The modules `fromGlobal.modules` lists (paths from the root, without `.ts`) are read from
 * `fromGlobal.global` at run time: one copy of the phone on the page, and a clear error when the
 * script it needs was not loaded first.
 */
function fromGlobalPlugin(script) {
  const { global, modules } = script.fromGlobal;
  const wanted = new Set(modules.map((module) => resolve(root, module)));
  return {
    name: 'from-global',
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        const path = resolve(args.resolveDir, args.path).replace(/\.ts$/, '');
        return wanted.has(path) ? { path, namespace: 'from-global' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'from-global' }, () => ({
        contents: `if (typeof ${global} === 'undefined') throw new Error('${script.file} needs the script that defines ${global} loaded before it');\nmodule.exports = ${global};`,
        loader: 'js',
      }));
    },
  };
}

/** Builds every script-tag file and globals.d.ts into `outdir`; returns the files written. */
export async function buildIife(outdir = IIFE_DIR) {
  mkdirSync(outdir, { recursive: true });
  const written = [];
  for (const script of SCRIPTS) {
    const outfile = join(outdir, script.file);
    // `alsoExports` puts classes of a bundled package on the global too (B24CallCardSipJs.SIP.UserAgent:
    // the page makes its user agent from the same sip.js copy the adapter checks against).
    const also = Object.entries(script.alsoExports ?? {});
    const entry = also.length === 0
      ? { entryPoints: [join(root, script.source)] }
      : { stdin: { contents: [`export * from './${script.source}';`, ...also.flatMap(([name, { from, names }]) => [`import { ${names.join(', ')} } from '${from}';`, `export const ${name} = { ${names.join(', ')} };`])].join('\n'), resolveDir: root, sourcefile: `${script.global}.ts`, loader: 'ts' } };
    // `replace`: a module of the entry swapped for another in this build (the phone's owner loader,
    // which in a script-tag page loads the owner's own script instead of a chunk).
    const swaps = Object.entries(script.replace ?? {}).map(([from, to]) => [resolve(root, from), resolve(root, to)]);
    const plugins = swaps.length === 0 ? [] : [{
      name: 'replace-modules',
      setup(plugin) {
        plugin.onResolve({ filter: /^\./ }, (args) => {
          const target = swaps.find(([from]) => from === resolve(args.resolveDir, args.path) + '.ts' || from === resolve(args.resolveDir, args.path));
          return target ? { path: target[1] } : undefined;
        });
      },
    }];
    await build({
      ...entry,
      bundle: true,
      minify: true,
      format: 'iife',
      globalName: script.global,
      platform: 'browser',
      // The browsers Bitrix24 supports; the build fails rather than ship syntax they lack.
      target: 'es2020',
      // No source map: with the entries grown to six, maps (even without their sources inlined)
      // were a quarter of the tarball. Debug with the ESM build, which is not minified.
      sourcemap: process.env.B24CC_MAPS === '1',
      legalComments: 'none',
      banner: { js: `/* b24-call-card ${script.file}: global ${script.global}. https://www.npmjs.com/package/b24-call-card (MIT).${script.bundles.map((name) => ` Bundles ${name} (MIT).`).join('')} */` },
      // The fake BX24 defines `window.BX24` as it loads, as Bitrix24's own script does.
      ...(script.onLoad ? { footer: { js: `${script.global}.${script.onLoad}();` } } : {}),
      outfile,
      plugins: [...plugins, pageGlobals(script.globals), ...(script.fromGlobal ? [fromGlobalPlugin(script)] : [])],
      logLevel: 'warning',
    });
    written.push(relative(root, outfile));
  }
  writeFileSync(join(outdir, 'globals.d.ts'), globalsDeclaration());
  written.push(relative(root, join(outdir, 'globals.d.ts')));
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const written = await buildIife(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`built ${written.join(', ')}`);
}
