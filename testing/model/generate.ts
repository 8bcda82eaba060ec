import { stateKeyOf } from './stateKey';
import { EVENT_CASES, type EventCase } from './eventCases';
import { createCallCardTestModel, type CallCardTestPath } from './testModel';
import { getTransitionTour } from './tour';

/** How paths are generated: `xstate/graph`'s shortest or simple paths, or the transition tour. */
export type PathStrategy = 'shortest' | 'simple' | 'tour';

/** The strategies, in the order the table shows them. */
export const PATH_STRATEGIES: readonly PathStrategy[] = ['shortest', 'simple', 'tour'];

/** Options of {@link generatePaths}. */
export interface GeneratePathsOptions {
  readonly cases?: readonly EventCase[];
  /**
   * Simple paths only: how far from `waiting` (in shortest steps) a state may be and still
   * be left again. Unbounded simple paths of one call number in the millions: the
   * connected and transfer states form a near-clique. Default 3.
   */
  readonly simpleDepth?: number;
}

/** Paths of one strategy, with what they cost to make. */
export interface GeneratedPaths {
  readonly strategy: PathStrategy;
  readonly paths: CallCardTestPath[];
  /** Events sent over all paths. */
  readonly steps: number;
  readonly generationMs: number;
}

function simplePaths(all: readonly EventCase[], depth: number): CallCardTestPath[] {
  // An adopted call starts one step from `waiting` in any live state: with it, the depth bound no longer bounds anything.
  const cases = all.filter((c) => c.host.via !== 'restart');
  const distances = new Map<string, number>();
  const adjacency = createCallCardTestModel({ cases, vertex: 'state' }).getAdjacencyMap();
  const entries = Object.entries(adjacency);
  const queue = [entries[0]![0]];
  distances.set(queue[0]!, 0);
  for (let i = 0; i < queue.length; i++) {
    for (const next of Object.values(adjacency[queue[i]! as keyof typeof adjacency]!.transitions)) {
      const key = stateKeyOf(next.state);
      if (!distances.has(key)) {
        distances.set(key, distances.get(queue[i]!)! + 1);
        queue.push(key);
      }
    }
  }
  const model = createCallCardTestModel({ cases, vertex: 'call' });
  const endOfCall = model.options.stopWhen!;
  return model.getSimplePaths({ stopWhen: (snapshot) => endOfCall(snapshot) || (distances.get(stateKeyOf(snapshot)) ?? Infinity) >= depth });
}

/**
 * Generates the paths of one strategy and measures it.
 * - `shortest`: one shortest path to every transition of every state with every payload
 *   case (vertices are transitions), prefixes dropped;
 * - `simple`: every simple path of one call that does not leave a state farther than
 *   `simpleDepth` steps from `waiting` (worker restarts left out);
 * - `tour`: the transition tour ({@link getTransitionTour}).
 */
export function generatePaths(strategy: PathStrategy, options: GeneratePathsOptions = {}): GeneratedPaths {
  const cases = options.cases ?? EVENT_CASES;
  const started = performance.now();
  const paths =
    strategy === 'shortest'
      ? createCallCardTestModel({ cases }).getShortestPaths()
      : strategy === 'simple'
        ? simplePaths(cases, options.simpleDepth ?? 3)
        : getTransitionTour({ cases });
  const generationMs = performance.now() - started;
  return { strategy, paths, steps: paths.reduce((sum, path) => sum + path.steps.length - 1, 0), generationMs };
}
