import { performance } from 'node:perf_hooks';
import { generatePaths, PATH_STRATEGIES, runPath, type GeneratedPaths, type PathStrategy } from '../testing/index';
import { figure, type Figure, type SectionResult } from './stats';

const GENERATION_RUNS = 3;
const EXECUTION_RUNS = 3;

const STRATEGY_NAMES: Record<PathStrategy, string> = {
  shortest: 'Shortest paths',
  simple: 'Simple paths at their bound',
  tour: 'Transition tour',
};

export async function measureSuiteCost(): Promise<SectionResult> {
  const figures: Figure[] = [];
  for (const strategy of PATH_STRATEGIES) {
    const name = STRATEGY_NAMES[strategy];
    const generationMs: number[] = [];
    let suite: GeneratedPaths | undefined;
    for (let run = 0; run < GENERATION_RUNS; run++) {
      const started = performance.now();
      suite = generatePaths(strategy);
      generationMs.push(performance.now() - started);
    }
    if (!suite) continue;
    const { paths, steps } = suite;
    const executionMs: number[] = [];
    for (let run = 0; run < EXECUTION_RUNS; run++) {
      const started = performance.now();
      // A failing path is a failing test, not a figure: it stops the section, and the results say so.
      for (const path of paths) await runPath(path);
      executionMs.push(performance.now() - started);
    }
    figures.push(
      figure(`${name}: generation`, 'ms', generationMs, 0),
      figure(`${name}: paths`, 'paths', [paths.length], 0),
      figure(`${name}: total steps (events sent)`, 'steps', [steps], 0),
      figure(`${name}: execution against the host simulator`, 'ms', executionMs, 0),
      figure(`${name}: execution per step`, 'µs/step', executionMs.map((ms) => (ms * 1000) / steps), 0),
    );
  }
  return {
    title: '4. Test-suite cost',
    figures,
    notes: [
      `For each path strategy of the model-based generator (\`generatePaths\` from \`b24-call-card/testing\`, default options): the time to generate the paths (${GENERATION_RUNS} runs, each from scratch), how many paths and steps it gives (deterministic, one figure), and the time to run every path with \`runPath\` and its default options (\`createCallCard\` on the host simulator with a recording softphone, checked against the specification's tables, with the guard probes after every step; ${EXECUTION_RUNS} runs, one after another in one process). Jest's own overhead is not included.`,
    ],
  };
}
