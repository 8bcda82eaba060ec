import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root, found upwards from this file: the harness runs from its source under
 * Jest and from a bundle under node_modules/.cache when the benchmarks use it.
 */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'jest.sip.config.ts'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}
