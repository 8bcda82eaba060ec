#!/usr/bin/env node
'use strict';
// In a checkout, bundles testing/model/cli.ts in memory with esbuild (a dev dependency), so
// the command always runs the current source, with no build step; the published package
// (which ships no sources) runs its build.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.join(__dirname, '..');
const built = path.join(root, 'dist', 'cjs', 'cli.cjs');

function loadFromSource() {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    process.stderr.write('b24-call-card: esbuild is missing: run npm ci in this checkout\n');
    process.exit(2);
  }
  const entry = path.join(root, 'testing', 'model', 'cli.ts');
  const result = esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', write: false, logLevel: 'error' });
  const cli = new Module(entry, module);
  cli.filename = entry;
  cli.paths = Module._nodeModulePaths(path.dirname(entry));
  cli._compile(result.outputFiles[0].text, entry);
  return cli.exports;
}

const source = path.join(root, 'testing', 'model', 'cli.ts');
const { main } = fs.existsSync(source) ? loadFromSource() : require(built);
// Exit once stdout has drained: a pipe whose reader is slow keeps the last writes queued, and
// process.exit() would drop them (the coverage table went missing under load).
const exit = (code) => process.stdout.write('', () => process.exit(code));
main(process.argv.slice(2)).then(exit, (error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  exit(1);
});
