import { buildSync } from 'esbuild';

// The card's tab never owns the phone (SC-T3): like every frame that does not own, it loads only
// what reading the phone needs. Bundled as a bundler would (ESM with code splitting), the tab's entry
// chunk holds neither xstate nor the statechart nor the session; those come in the chunk
// that only the owner imports.
test('the tab entry chunk carries no statechart; only the owner chunk does', () => {
  const result = buildSync({
    entryPoints: ['adapters/tab/index.ts'],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: 'out',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = Object.entries(result.metafile.outputs);
  const byPath = new Map(outputs);
  const [entryPath] = outputs.find(([, output]) => output.entryPoint === 'adapters/tab/index.ts')!;
  // What a frame loads at once: the entry chunk and every chunk it imports statically (not the dynamic ones).
  const loaded = new Set<string>();
  const visit = (path: string): void => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imported of byPath.get(path)?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entryPath);
  const entryInputs = [...loaded].flatMap((path) => Object.keys(byPath.get(path)?.inputs ?? {}));
  expect(entryInputs.filter((input) => /node_modules\/xstate|machines\/callCard\.machine|adapters\/session\//.test(input))).toEqual([]);
  const all = outputs.flatMap(([, output]) => Object.keys(output.inputs));
  expect(all.some((input) => input.includes('machines/callCard.machine'))).toBe(true);
  expect(all.some((input) => input.includes('node_modules/xstate'))).toBe(true);
});
