/**
 * `npm run model:figures`: the coverage table of docs/model-based-testing.md, from the generated
 * paths run against the host double (shortest paths and the transition tour, as
 * `npx b24-call-card paths` runs them). `-- --write` puts it in the page between
 * `<!-- model:figures:start -->` and `<!-- model:figures:end -->`; tests/docs/docFigures.test.ts
 * fails when the page differs from a fresh run. Counts only: generation time varies from run to
 * run and machine to machine (the benchmark measures it, docs/benchmarks.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoverageRecorder, coverageUniverse, formatCoverageTable, type StrategyFigures } from '../testing/model/coverage';
import { runPath } from '../testing/model/execute';
import { generatePaths, type PathStrategy } from '../testing/model/generate';

export const MODEL_FIGURES_PAGE = join(__dirname, '..', 'docs', 'model-based-testing.md');
const START = '<!-- model:figures:start (npm run model:figures; do not edit) -->';
const END = '<!-- model:figures:end -->';

async function figuresOf(strategy: PathStrategy): Promise<StrategyFigures> {
  const generated = generatePaths(strategy);
  const coverage = new CoverageRecorder();
  for (const path of generated.paths) await runPath(path, { coverage });
  return { paths: generated.paths.length, steps: generated.steps, generationMs: generated.generationMs, coverage: coverage.report(coverageUniverse()) };
}

/** The table as the page shows it. */
export async function modelFiguresTable(): Promise<string> {
  const table = formatCoverageTable({ shortest: await figuresOf('shortest'), tour: await figuresOf('tour') });
  return table
    .split('\n')
    // The table alone: the requirement lists below it are docs/spec's and machines/requirements.ts's to tell.
    .filter((line) => line.startsWith('|') && !line.startsWith('| generation'))
    .join('\n');
}

/** `page` with `table` between the markers. */
export function withModelFigures(page: string, table: string): string {
  const from = page.indexOf(START);
  const to = page.indexOf(END);
  if (from < 0 || to < from) throw new Error(`docs/model-based-testing.md: no ${START} … ${END}`);
  return `${page.slice(0, from + START.length)}\n\n${table}\n\n${page.slice(to)}`;
}

if (require.main === module) {
  void modelFiguresTable().then((table) => {
    process.stdout.write(`${table}\n`);
    if (process.argv.includes('--write')) writeFileSync(MODEL_FIGURES_PAGE, withModelFigures(readFileSync(MODEL_FIGURES_PAGE, 'utf8'), table));
  });
}
