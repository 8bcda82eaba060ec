#!/usr/bin/env node
'use strict';
// Runs the CLI from the built package when there is one; in a fresh clone (no build step),
// bundles testing/model/cli.ts in memory with esbuild (a dev dependency) and runs that.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.join(__dirname, '..');
const built = path.join(root, 'dist', 'cjs', 'testing', 'model', 'cli.js');

function loadFromSource() {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    process.stderr.write('b24-call-card: no build found (npm run build) and esbuild is not installed (npm ci)\n');
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

const { main } = fs.existsSync(built) ? require(built) : loadFromSource();
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
