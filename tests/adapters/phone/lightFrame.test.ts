import { buildSync } from 'esbuild';

// Issue 18 §4, "a light frame on every page": a frame that does not own — any frame running the
// phone, and the card's tab, which never owns (SC-T3) — loads only what relaying and reading the
// phone need. Bundled as a bundler would (ESM with code splitting), the entry
// chunk holds neither xstate nor the statechart nor the session; those come in the chunk
// that only the owner imports.
test.each(['adapters/phone/index.ts', 'adapters/tab/index.ts'])('the entry chunk of %s carries no statechart; the owner chunk does', (entryPoint) => {
  const result = buildSync({
    entryPoints: [entryPoint],
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
  const [entryPath] = outputs.find(([, output]) => output.entryPoint === entryPoint)!;
  // What a frame loads at once: the entry chunk and every chunk it imports statically (not the dynamic ones).
  const loaded = new Set<string>();
  const visit = (path: string): void => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imported of byPath.get(path)?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entryPath);
  const entryInputs = [...loaded].flatMap((path) => Object.keys(byPath.get(path)?.inputs ?? {}));
  // Nor the SDK's pull client: only the owner connects to the relay (SC-L6).
  expect(entryInputs.filter((input) => /node_modules\/xstate|node_modules\/@bitrix24\/b24jssdk|machines\/callCard\.machine|adapters\/session\/|adapters\/phone\/relayPull/.test(input))).toEqual([]);
  // Nor the owner's own parts: the remote card, the card tab's gate, the journal (the weight bench's 0.5× of the xstate floor);
  // nor what only an owner does of createPhone (its session, records, readied softphone, the relay's link, another frame's action).
  expect(entryInputs.filter((input) => /adapters\/phone\/(remoteCard|tabGate|journal|ownerSession|ownerFrame|successor|relayOwner|phoneAction)\.ts/.test(input))).toEqual([]);
  const all = outputs.flatMap(([, output]) => Object.keys(output.inputs));
  expect(all.some((input) => input.includes('machines/callCard.machine'))).toBe(true);
  expect(all.some((input) => input.includes('node_modules/xstate'))).toBe(true);
  if (entryPoint === 'adapters/phone/index.ts') expect(all.some((input) => input.includes('node_modules/@bitrix24/b24jssdk/dist/esm/pullClient/client'))).toBe(true);
});
