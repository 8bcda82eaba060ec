// Node-only: kept out of coverage.ts so that `b24-call-card/testing` bundles for a browser.
import { mkdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StrategyFigures } from './coverage';

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Writes one strategy's figures into `file` (`coverage/model-coverage.json` by default),
 * keeping the other strategies' entries. Test files run in parallel workers, so the
 * read-modify-write holds a lock directory.
 */
export function writeCoverageJson(strategy: string, figures: StrategyFigures, file = join(__dirname, '..', '..', 'coverage', 'model-coverage.json')): void {
  mkdirSync(dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (attempt > 200) {
        // A crashed writer's lock, after ~10 s; it may just have been released, so a miss is fine.
        try {
          rmdirSync(lock);
        } catch {
          // someone else removed it first
        }
      }
      sleepSync(50);
    }
  }
  try {
    let all: Record<string, unknown> = {};
    try {
      all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      all = {};
    }
    all[strategy] = { ...figures, measuredAt: new Date().toISOString() };
    writeFileSync(`${file}.tmp`, `${JSON.stringify(all, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  } finally {
    rmdirSync(lock);
  }
}
