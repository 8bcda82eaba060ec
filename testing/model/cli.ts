import { CoverageRecorder, coverageUniverse, formatCoverageTable, type StrategyFigures } from './coverage';
import { runPath } from './execute';
import { generatePaths, PATH_STRATEGIES, type PathStrategy } from './generate';
import { pathName } from './testModel';

const USAGE = 'usage: b24-call-card paths --strategy shortest|simple|tour [--json] [--depth N]';

/**
 * `b24-call-card paths --strategy shortest|simple|tour [--json]`: prints the generated
 * paths and the coverage table (coverage measured by running every path against the
 * simulated host). Returns the exit code.
 */
export async function main(argv: readonly string[], write: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  const [command, ...rest] = argv;
  const flag = (name: string) => {
    const at = rest.indexOf(name);
    return at >= 0 ? rest[at + 1] : undefined;
  };
  const strategy = flag('--strategy') as PathStrategy | undefined;
  const depth = flag('--depth');
  if (command !== 'paths' || !strategy || !PATH_STRATEGIES.includes(strategy) || (depth !== undefined && !/^\d+$/.test(depth))) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const generated = generatePaths(strategy, depth === undefined ? {} : { simpleDepth: Number(depth) });
  const coverage = new CoverageRecorder();
  const failures: { path: string; error: string }[] = [];
  for (const path of generated.paths) {
    try {
      await runPath(path, { coverage });
    } catch (error) {
      failures.push({ path: pathName(path), error: error instanceof Error ? error.message : String(error) });
    }
  }
  const figures: StrategyFigures = { paths: generated.paths.length, steps: generated.steps, generationMs: generated.generationMs, coverage: coverage.report(coverageUniverse()) };
  if (rest.includes('--json')) {
    write(`${JSON.stringify({ strategy, ...figures, failures, pathNames: generated.paths.map((path) => pathName(path)) }, null, 2)}\n`);
  } else {
    for (const path of generated.paths) write(`${pathName(path)}\n`);
    write(`\n${formatCoverageTable({ [strategy]: figures })}\n`);
    for (const failure of failures) write(`\nFAILED ${failure.error}\n`);
  }
  return failures.length ? 1 : 0;
}
