import { createCallCard, type CallCard } from '../../adapters/createCallCard';
import { createHostSimulator, type CommandLogEntry, type HostMode, type HostSimulator } from '../../testing/host';
import { SOFTPHONE_METHODS, type Softphone } from '../../adapters/softphone/port';
import type { Diagnostic } from '../../diagnostics';
import type { CallSummary } from '../../machines/callCard.types';
import type { UiState } from '../../protocol';

/** One call the card made on the softphone, with the UI state the statechart was in when it made it. */
export interface SoftphoneCall {
  readonly method: string;
  readonly args: readonly unknown[];
  /** `null`: no card open (`waiting`); `'disposed'`: after `dispose()`. */
  readonly stateBefore: UiState | null | 'disposed';
}

/**
 * The real stack under test (createCallCard + host simulator + a softphone double that
 * fails on demand) and everything the invariants need to observe about it.
 */
export interface World {
  readonly mode: HostMode;
  readonly sim: HostSimulator;
  readonly card: CallCard;
  readonly diagnostics: Diagnostic[];
  readonly summaries: CallSummary[];
  readonly softphoneCalls: SoftphoneCall[];
  /** Failures the softphone double is still to produce, in order. */
  readonly softphonePlan: Array<'throw' | 'reject'>;
  /** How many throws and rejections the double has produced. */
  softphoneFailures: number;
  /** Whatever escaped to the caller: a throw from a card method or from a host callback. */
  readonly escapes: unknown[];
  /** Every rejected promise the softphone double returned, and whether the card handled it. */
  readonly rejections: Array<{ readonly method: string; handled: boolean }>;
  /** The UI state the statechart last published (subscribers see it after each transition). */
  lastUiState: UiState | null;
  disposed: boolean;
  /** `sim.log.length` when `dispose()` returned. */
  logLengthAtDispose: number;
  /** `summaries.length` when `dispose()` returned. */
  summariesAtDispose: number;
  /** `rejectedPayload` diagnostics the inputs so far are worth, by construction. */
  expectedRejections: number;

  // Bookkeeping for the invariants, in one logical clock (`tick`).
  tick: number;
  /** When a `CallCardSetUiState` (the statechart entering a UI state) last reached the host. */
  lastUiChange: number;
  /** When something last made the card and the statechart legitimately disagree (a fault that hit, an auto-close…). */
  lastDesync: number;
  /** Log entries already classified for desync and gone-card checks. */
  logCursor: number;
  /**
   * Set when the host drops a card without the statechart being told (auto-close, a raw
   * `initialized` with no card on the host): commands may still reach the host with no
   * card, until the host has refused one of them with `Call card is undefined`. A new
   * raised call clears it. `onlyClose`: the operator closed the card while the statechart's
   * own `CallCardClose` may still be queued (the race of host-behaviour.md §2); that one
   * close, and nothing else, may still reach the host and be refused.
   */
  ghost: { readonly entries: CommandLogEntry[]; readonly onlyClose?: boolean } | null;

  /** `CallCardClose` commands the statechart emitted, and how many reached the host. */
  closesEmitted: number;
  closesArrived: number;
  /** `initialized` events delivered to a live (not disposed) card: each opens one call. */
  callsOpened: number;
  /** Cycles that a new `initialized` replaced while open: their summary must say `replaced`. */
  readonly replacedCycles: Set<number>;
  /** Every title and status text handed to the card as a string (identity matters: 1 MB strings are shared). */
  readonly textsGiven: Set<string>;
  readonly violations: string[];
  /** Every UI state the statechart entered, for the coverage line. */
  readonly statesSeen: Map<string, number>;
  /** What each step kind did, for the printed counts. */
  readonly counts: Map<string, number>;
}

/** Faults after which the card may legitimately show something else than the statechart until the next UI change. */
export const DESYNCING_FAULTS: readonly string[] = ['error', 'bareError', 'throw'];

/**
 * A rejected promise that remembers whether anyone attached a rejection handler to it.
 * Jest's sandbox never sees `process.on('unhandledRejection')`, so the fuzzer tracks the
 * rejections it hands out itself; one left unhandled is an escape.
 */
function trackedRejection(world: World, method: string): Promise<never> {
  const promise = Promise.reject(new Error(`softphone.${method} rejected (fuzz)`));
  const record = { method, handled: false };
  world.rejections.push(record);
  const then = promise.then.bind(promise);
  Object.defineProperty(promise, 'then', {
    value: (onFulfilled?: unknown, onRejected?: unknown) => {
      if (typeof onRejected === 'function') record.handled = true;
      return then(onFulfilled as never, onRejected as never);
    },
  });
  return promise;
}

/** Builds a fresh stack in `mode`. The command timeout is 0 ms: an answer the simulator gives always comes first (microtask), so only `noCallback` times out. */
export function createWorld(mode: HostMode): World {
  const sim = createHostSimulator({ mode });
  const diagnostics: Diagnostic[] = [];
  const summaries: CallSummary[] = [];
  const softphoneCalls: SoftphoneCall[] = [];
  const softphonePlan: Array<'throw' | 'reject'> = [];
  // `world` is filled in below; the softphone and hooks only run after that.
  // eslint-disable-next-line prefer-const
  let world: World;

  const softphone = Object.fromEntries(
    SOFTPHONE_METHODS.map((method) => [
      method,
      (...args: unknown[]) => {
        world.softphoneCalls.push({ method, args, stateBefore: world.disposed ? 'disposed' : world.lastUiState });
        const failure = world.softphonePlan.shift();
        if (failure === undefined) return method === 'call' ? Promise.resolve() : undefined;
        world.softphoneFailures += 1;
        if (failure === 'throw') throw new Error(`softphone.${method} threw (fuzz)`);
        return trackedRejection(world, method);
      },
    ]),
  ) as unknown as Softphone;

  const card = createCallCard({
    placement: sim.placement,
    softphone,
    commandTimeoutMs: 0,
    onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
    onSummary: (summary) => summaries.push(summary),
  });

  world = {
    mode,
    sim,
    card,
    diagnostics,
    summaries,
    softphoneCalls,
    softphonePlan,
    softphoneFailures: 0,
    escapes: [],
    rejections: [],
    lastUiState: card.state.uiState,
    disposed: false,
    logLengthAtDispose: 0,
    summariesAtDispose: 0,
    expectedRejections: 0,
    tick: 0,
    lastUiChange: 0,
    lastDesync: 0,
    logCursor: 0,
    ghost: null,
    callsOpened: 0,
    closesEmitted: 0,
    closesArrived: 0,
    replacedCycles: new Set(),
    textsGiven: new Set(),
    violations: [],
    statesSeen: new Map(),
    counts: new Map(),
  };

  card.actor.on('card.command', ({ command }) => {
    if (command.command === 'CallCardClose') world.closesEmitted += 1;
  });
  let previous: UiState | null = null;
  card.actor.subscribe((snapshot) => {
    const open: unknown = (snapshot.value as { open?: unknown }).open;
    world.lastUiState = (typeof open === 'string' ? open : typeof open === 'object' && open !== null ? Object.keys(open)[0] : null) as UiState | null;
    const state = world.lastUiState;
    if (state !== null && state !== previous) world.statesSeen.set(state, (world.statesSeen.get(state) ?? 0) + 1);
    previous = state;
  });
  // A UI state change counts when its `CallCardSetUiState` reaches the host; a fault that hits a
  // command desyncs the card at the moment it hits, which may be steps after it was injected.
  // The simulator sets an entry's `fault` before it reports the change, so every entry is final here.
  let seenLog = 0;
  sim.subscribe(() => {
    const log = sim.log;
    for (; seenLog < log.length; seenLog += 1) {
      const entry = log[seenLog]!;
      if (entry.command === 'CallCardSetUiState') world.lastUiChange = ++world.tick;
      if (entry.command === 'CallCardClose') world.closesArrived += 1;
      // With no card, any fault withholds the refusal that would tell the statechart the card is gone.
      if (entry.fault !== undefined && (DESYNCING_FAULTS.includes(entry.fault) || !entry.card)) world.lastDesync = ++world.tick;
      if (!entry.card) noteCommandWithNoCard(world, entry);
    }
  });
  return world;
}

/** An answer the adapter heard: the host's own (a fault may have replaced or withheld it). */
function refused(entry: CommandLogEntry): boolean {
  return entry.results.length > 0 && (entry.fault === undefined || entry.fault === 'doubleCallback');
}

/**
 * A command reached the host while it had no card: allowed only for a card lost behind the
 * statechart's back, and only until the host has refused one of that card's commands
 * (then only the statechart's own `CallCardClose`, once, which the queue lets through).
 */
function noteCommandWithNoCard(world: World, entry: CommandLogEntry): void {
  const what = `${entry.command} ${JSON.stringify(entry.params)?.slice(0, 80)}`;
  if (world.ghost?.onlyClose && (entry.command !== 'CallCardClose' || world.ghost.entries.length > 0)) {
    world.violations.push(`[no command to a gone card] ${what} reached the host after the operator closed the card`);
  } else if (world.ghost === null) world.violations.push(`[no command to a gone card] ${what} reached the host with no card, and the statechart had been told`);
  else if (world.ghost.entries.some(refused) && (entry.command !== 'CallCardClose' || world.ghost.entries.some((earlier) => earlier.command === 'CallCardClose'))) {
    // The one exception: the statechart's own close, queued before the refusal was heard.
    world.violations.push(`[no command to a gone card] ${what} reached the host after it had refused one with Call card is undefined`);
  }
  world.ghost?.entries.push(entry);
}

/** Whether a `CallCardClose` the statechart emitted has neither reached the host nor been dropped yet. */
export function closeIsPending(world: World): boolean {
  const dropped = world.diagnostics.filter((d) => d.kind === 'commandDropped' && d.command === 'CallCardClose' && d.reason !== 'hostThrew').length;
  return world.closesEmitted > world.closesArrived + dropped;
}

/** Lets every callback, timeout and promise chain run out: the queue idle, the host quiet, rejections reported. */
export async function quiesce(world: World): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    await world.card.whenIdle();
    await world.sim.settle();
  }
  // One macrotask turn: what is still pending after it was never going to settle.
  await new Promise((resolve) => setImmediate(resolve));
}

/** Counts a step kind for the printed summary. */
export function count(world: World, kind: string, by = 1): void {
  world.counts.set(kind, (world.counts.get(kind) ?? 0) + by);
}

/** Runs `action`, recording anything it throws as an escape. */
export function guarded(world: World, label: string, action: () => void): void {
  try {
    action();
  } catch (error) {
    world.escapes.push({ label, error });
  }
}
