import { CoverageRecorder, coverageUniverse, formatCoverageTable, incompleteLines, type StrategyFigures } from '../../../testing/model/coverage';
import { writeCoverageJson } from '../../../testing/model/coverageFile';
import { runPath } from '../../../testing/model/execute';
import { generatePaths, type PathStrategy } from '../../../testing/model/generate';
import { pathName } from '../../../testing/model/testModel';

/**
 * Registers one Jest test per generated path of `strategy`, then a test that writes the
 * measured figures to coverage/model-coverage.json, prints the table and, when
 * `enforce`, fails on any coverage line under 100%.
 */
export function describePathSuite(strategy: PathStrategy, enforce: boolean): void {
  const generated = generatePaths(strategy);
  const coverage = new CoverageRecorder();

  describe(`${strategy} paths (${generated.paths.length} paths, ${generated.steps} steps)`, () => {
    test.each(generated.paths.map((path) => [pathName(path), path] as const))('%s', async (_name, path) => {
      await runPath(path, { coverage });
    });

    test(`coverage of the ${strategy} suite${enforce ? ' is 100% on every line' : ''}`, () => {
      const report = coverage.report(coverageUniverse());
      const figures: StrategyFigures = { paths: generated.paths.length, steps: generated.steps, generationMs: generated.generationMs, coverage: report };
      writeCoverageJson(strategy, figures);
      console.log(`model coverage, ${strategy}:\n${formatCoverageTable({ [strategy]: figures })}`);
      if (enforce) expect(incompleteLines(report)).toEqual([]);
    });
  });
}
