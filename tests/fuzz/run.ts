import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import type { HostMode } from '../../testing/host';
import { checkClosure, checkInvariants } from './invariants';
import { step, type Model } from './model';
import { count, createWorld, quiesce, type World } from './world';

/** How many sequences each host mode runs: `FUZZ_RUNS` (the `test:fuzz` profile), else a fast profile for `npm test`. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/** The longest sequence, in steps. */
export const MAX_STEPS = Number(process.env.FUZZ_MAX_STEPS ?? 60);

/** What a run did, printed at the end so the counts are on record. */
export interface FuzzTally {
  sequences: number;
  steps: number;
  readonly kinds: Map<string, number>;
  readonly diagnostics: Map<string, number>;
  summaries: number;
  faultsHit: number;
  /** How often the statechart entered each UI state: coverage of the chart. */
  readonly states: Map<string, number>;
  /** What the v2 host's own actions did (`hide:closed`, `secondCall:dropped`…). */
  readonly hostOutcomes: Map<string, number>;
  /** Worker frames reloaded. */
  workerReloads: number;
}

/** The fuzz actions that exercise host-behaviour v2 (printed on their own line). */
export const V2_HOST_ACTIONS = ['secondCall', 'hide', 'closeInOtherTab', 'show', 'pressEsc', 'autoClose', 'loadCrmBlock', 'commentEditor', 'reloadWorker', 'tick'] as const;

function merge(into: Map<string, number>, from: Iterable<[string, number]>): void {
  for (const [key, value] of from) into.set(key, (into.get(key) ?? 0) + value);
}

/** Closes whatever is still open (the operator's close), then checks that every call opened got its summary. */
async function closeAndCheck(world: World): Promise<void> {
  if (!world.disposed && world.card.state.status === 'call') {
    world.sim.click('closeButtonClick', undefined, { force: true });
    await quiesce(world);
  }
  checkInvariants(world);
  checkClosure(world);
  if (world.violations.length > 0) throw new Error(`invariant broken after the final close:\n  ${world.violations.join('\n  ')}`);
}

/**
 * Runs the model in one host mode with `plan`'s seed. Each sequence gets a fresh stack; a
 * failure throws fast-check's report (seed, path, shrunk counterexample) followed by the
 * one command line that replays the shrunk counterexample alone (see {@link replayCommand}).
 */
export async function runFuzz(mode: HostMode, plan: FuzzPlan = fuzzPlan(), maxSteps = MAX_STEPS): Promise<FuzzTally> {
  const tally: FuzzTally = { sequences: 0, steps: 0, kinds: new Map(), diagnostics: new Map(), summaries: 0, faultsHit: 0, states: new Map(), hostOutcomes: new Map(), workerReloads: 0 };
  // Outside Jest (which keeps the real process from the test), an unhandled rejection is an escape of the running sequence.
  let current: World | null = null;
  const onRejection = (reason: unknown) => current?.escapes.push({ label: 'unhandledRejection', error: reason });
  process.on('unhandledRejection', onRejection);
  try {
    // fast-check shrinks a command list by what ran, not by index alone: replaying a path needs the list's own replayPath too.
    const commands = fc.commands([step], { maxCommands: maxSteps, size: 'max', ...(plan.replayPath === undefined ? {} : { replayPath: plan.replayPath }) });
    const details = await fc.check(
      fc.asyncProperty(commands, async (commands) => {
        const world = createWorld(mode);
        current = world;
        const model: Model = { disposed: false };
        try {
          // The worker's start-up probe (is a card already open?) is answered before the first step.
          await quiesce(world);
          await fc.asyncModelRun(() => ({ model, real: world }), commands);
          await closeAndCheck(world);
        } finally {
          tally.sequences += 1;
          merge(tally.states, world.statesSeen);
          for (const [, value] of world.counts) tally.steps += value;
          merge(tally.kinds, world.counts);
          merge(tally.diagnostics, world.diagnostics.map((diagnostic) => [diagnostic.kind, 1] as [string, number]));
          tally.summaries += world.summaries.length + world.pastSummaries.length;
          merge(tally.hostOutcomes, world.hostOutcomes);
          tally.workerReloads += world.workers - 1;
          tally.faultsHit += world.sim.log.filter((entry) => entry.fault !== undefined).length;
          if (!world.disposed) world.card.dispose();
        }
      }),
      { numRuns: plan.runs, verbose: 1, seed: plan.seed, ...(plan.path === undefined ? {} : { path: plan.path }) },
    );
    if (details.failed) {
      const report = fc.defaultReportMessage(details) ?? 'the property failed';
      const replay = details.counterexamplePath === null ? '' : `\n\nReplay this counterexample alone (seconds):\n  ${replayCommand(mode, details.seed, details.counterexamplePath, replayPathOf(details.counterexample?.[0]))}`;
      throw new Error(`${report}${replay}`, { cause: details.errorInstance });
    }
  } finally {
    process.off('unhandledRejection', onRejection);
  }
  return tally;
}

/** The tally as one line per fact, for the log of `npm run test:fuzz`. */
export function formatTally(mode: HostMode, tally: FuzzTally, ms: number, seed?: number): string {
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).map(([key, value]) => `${key} ${value}`).join(', ');
  return [
    `fuzz [${mode}]${seed === undefined ? '' : ` seed ${seed}`}: ${tally.sequences} sequences (incl. shrinking), ${tally.steps} actions, ${tally.summaries} summaries, ${tally.faultsHit} host faults hit, ${(ms / 1000).toFixed(1)} s`,
    `  UI states entered: ${tally.states.size} of 12 (${sorted(tally.states)})`,
    `  actions: ${sorted(tally.kinds)}`,
    `  v2 host actions (incl. in bursts): ${V2_HOST_ACTIONS.map((kind) => `${kind} ${(tally.kinds.get(kind) ?? 0) + (tally.kinds.get(`burst:${kind}`) ?? 0)}`).join(', ')}; worker reloads ${tally.workerReloads}`,
    `  v2 host outcomes: ${sorted(tally.hostOutcomes)}`,
    `  diagnostics: ${sorted(tally.diagnostics)}`,
  ].join('\n');
}

/** What one fuzz run explores: its seed, how many sequences, and, to replay a failure, where to go straight to. */
export interface FuzzPlan {
  readonly seed: number;
  /** Where the seed came from, for the printed line. */
  readonly origin: 'FUZZ_SEED' | 'fresh' | 'fast profile';
  readonly runs: number;
  /** fast-check's `path` of a failure: the run and the shrinks that reached its counterexample. */
  readonly path?: string;
  /** The `replayPath` printed after a failing command list (`/*replayPath="…"*\/`): how its commands were shrunk. */
  readonly replayPath?: string;
}

/**
 * The seed and runs of this process. `FUZZ_SEED` (with `FUZZ_PATH` and `FUZZ_REPLAY_PATH`)
 * replays a failure. Otherwise `npm run test:fuzz` (which sets `FUZZ_RUNS`) draws a fresh
 * seed each run, printed before the run starts so that a failure, a crash or a timeout
 * can be rerun; the fast profile inside `npm test` keeps a fixed seed, so that CI's
 * verdict depends on the change, not on the draw (exploring is the long profile's job).
 */
export function fuzzPlan(env: NodeJS.ProcessEnv = process.env): FuzzPlan {
  const runs = Number(env.FUZZ_RUNS ?? FUZZ_RUNS);
  if (env.FUZZ_SEED) {
    const replay = { ...(env.FUZZ_PATH ? { path: env.FUZZ_PATH } : {}), ...(env.FUZZ_REPLAY_PATH ? { replayPath: env.FUZZ_REPLAY_PATH } : {}) };
    return { seed: Number(env.FUZZ_SEED), origin: 'FUZZ_SEED', runs, ...replay };
  }
  // fast-check takes any 32-bit integer as a seed.
  return env.FUZZ_RUNS ? { seed: randomInt(-(2 ** 31), 2 ** 31), origin: 'fresh', runs } : { seed: FAST_PROFILE_SEED, origin: 'fast profile', runs };
}

/** How many sequences a run must have made: all of them, or, replaying a path, just the one. */
export function expectedSequences(plan: FuzzPlan): number {
  return plan.path === undefined ? plan.runs : 1;
}

/** The `replayPath` a failing command list prints after its commands, if it has one. */
function replayPathOf(commands: unknown): string | undefined {
  const match = /\/\*replayPath=("(?:[^"\\]|\\.)*")\*\/\s*$/.exec(String(commands));
  return match ? (JSON.parse(match[1]!) as string) : undefined;
}

/** The command line that replays one counterexample of `mode` straight from its seed and paths. */
export function replayCommand(mode: HostMode, seed: number, path: string, replayPath: string | undefined): string {
  const replay = replayPath === undefined ? '' : ` FUZZ_REPLAY_PATH='${replayPath}'`;
  return `FUZZ_SEED=${seed} FUZZ_PATH='${path}'${replay} npx jest -c jest.fuzz.config.ts tests/fuzz/fuzz.${mode}.test.ts`;
}

/** The fast profile's seed (any fixed number; this one is the project's start date). */
const FAST_PROFILE_SEED = 20261121;
