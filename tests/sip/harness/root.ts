import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root, found upwards from this file: the harness runs from its source under
 * Jest and from a bundle under node_modules/.cache when the benchmarks use it.
 */
export function repoRoot(from: string = __dirname): string {
  // Bundled under node_modules/.cache, upwards is wherever node_modules really lives — another
  // checkout's when it is a link (a git worktree sharing one install): the bench runs from its
  // repository's root, so that comes first.
  if (from.includes(`${'/'}node_modules${'/'}`) && existsSync(join(process.cwd(), 'jest.sip.config.ts'))) return process.cwd();
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'jest.sip.config.ts'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}
