import { CoverageRecorder, COVERAGE_LINES, coverageUniverse, type CoverageReport } from '../../../testing/model/coverage';
import { runPath } from '../../../testing/model/execute';
import { generatePaths, type PathStrategy } from '../../../testing/model/generate';

/** Every coverage item a report counts as covered (`transitions:…`, `guardOutcomes:hasTarget=true`…). */
function coveredItems(report: CoverageReport): Set<string> {
  const universe = coverageUniverse();
  const all: Record<(typeof COVERAGE_LINES)[number], readonly string[]> = {
    stateNodes: universe.stateNodes,
    transitions: universe.transitions,
    eventTypes: universe.eventTypes,
    guardOutcomes: universe.guards.flatMap((guard) => [`${guard}=true`, `${guard}=false`]),
    requirements: universe.requirements,
  };
  const items = new Set<string>();
  for (const name of COVERAGE_LINES) {
    const missing = new Set(report[name].missing);
    for (const id of all[name]) if (!missing.has(id)) items.add(`${name}:${id}`);
  }
  return items;
}

/**
 * The fewest paths of `strategy` (greedy set cover) that together cover everything the whole
 * strategy covers: every state node, transition, event type, guard outcome and requirement.
 * Each path is first run in memory (runPath on the host simulator) to learn what it covers.
 * Real calls cost a second each, so only this set is run on them.
 */
export async function smallestCoveringPaths(strategy: PathStrategy): Promise<{ indices: number[]; candidates: number; steps: number }> {
  const { paths } = generatePaths(strategy);
  const covers: Set<string>[] = [];
  for (const path of paths) {
    const coverage = new CoverageRecorder();
    await runPath(path, { coverage });
    covers.push(coveredItems(coverage.report()));
  }
  const wanted = new Set(covers.flatMap((c) => [...c]));
  const indices: number[] = [];
  while (wanted.size > 0) {
    let best = -1;
    let bestGain = 0;
    let bestSteps = Infinity;
    covers.forEach((items, i) => {
      let gain = 0;
      for (const item of items) if (wanted.has(item)) gain++;
      const steps = paths[i]!.steps.length;
      // More new items first; between equals, the shorter path (fewer real calls).
      if (gain > bestGain || (gain === bestGain && gain > 0 && steps < bestSteps)) {
        best = i;
        bestGain = gain;
        bestSteps = steps;
      }
    });
    if (best < 0) break;
    indices.push(best);
    for (const item of covers[best]!) wanted.delete(item);
  }
  indices.sort((a, b) => a - b);
  return { indices, candidates: paths.length, steps: indices.reduce((sum, i) => sum + paths[i]!.steps.length - 1, 0) };
}
