// By the published entries' names only: the statechart and the session's files may be rearranged under them.
import { CARD_COMMAND_NAMES, createCallCard, SOFTPHONE_METHODS, UI_STATES, type CallCard, type CallSummary, type Diagnostic, type PlacementPort, type Softphone, type UiState } from '../../index';
import { PROBE_UI_STATE, uiStateOf } from '../../machines';
import { createHostSimulator, type CommandLogEntry, type HostMode, type HostSimulator } from '../../testing/host';

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
  /** The current worker's card; a reload of the worker frame (host-behaviour.md §6) puts a new one here. */
  card: CallCard;
  /** Every worker's diagnostics, in order. */
  readonly diagnostics: Diagnostic[];
  /** The current worker's summaries (its cycles count from 1); earlier workers' are in `pastSummaries`. */
  summaries: CallSummary[];
  /** Summaries of the workers replaced by `reloadWorker`. */
  readonly pastSummaries: CallSummary[];
  /** How many worker frames have run (1 + reloads). */
  workers: number;
  /**
   * The host's worker holds a card the operator closed with Esc (host-behaviour.md §1.5): it
   * answers `[]` and the probe says open, but `sim.card` is null. Cleared by the next card.
   */
  escapedCard: boolean;
  /**
   * Counts the `initialized` events delivered to the worker: each starts a card generation.
   * A refusal is news only about the card generation its command was sent in.
   */
  epoch: number;
  /** The CALL_ID of the last call the host raised: the one `show()` shows again. */
  lastRaisedCallId: string | null;
  /** What each v2 host action did (`hide:closed`, `secondCall:dropped`, …), for the printed counts. */
  readonly hostOutcomes: Map<string, number>;
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
  /**
   * The current worker's calls (by cycle): how many host events had been emitted when each
   * opened, its opening `initialized` (if any) being the last of them. A call's own data is
   * what the host sent from then on (its `initialized`, re-shows of the same CALL_ID, its entityChanged).
   */
  readonly callOpenedAt: Map<number, number>;
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

/**
 * The command timeout: 1 ms. An answer the simulator gives always comes first (microtasks),
 * so only a command the host never answers (`noCallback`, the simple layout's `connected`
 * and `CallCardStartTimer`, the browser's timers) times out.
 */
export const FUZZ_COMMAND_TIMEOUT_MS = 1;

/** A `CallCardSetUiState` for one of the 12 states: the statechart showing a state (not the start-up probe's unknown name). */
function isUiChange(entry: CommandLogEntry): boolean {
  if (entry.command !== 'CallCardSetUiState') return false;
  const uiState: unknown = typeof entry.params === 'object' && entry.params !== null ? (entry.params as { uiState?: unknown }).uiState : undefined;
  return (UI_STATES as readonly unknown[]).includes(uiState);
}

/** Faults after which the host answers without running the command: the card is left as it was. */
const NOT_CARRIED_OUT: readonly string[] = ['error', 'bareError'];

/** Whether the host ran a command: it landed, and no fault answered for it instead. */
function carriedOut(entry: CommandLogEntry): boolean {
  return entry.landed && (entry.fault === undefined || !NOT_CARRIED_OUT.includes(entry.fault));
}

/** Whether a log entry will never change its `card` again: landed, or never going to land. */
function isFinal(entry: CommandLogEntry): boolean {
  return entry.landed || entry.stale || entry.fault === 'throw' || !(CARD_COMMAND_NAMES as readonly string[]).includes(entry.command);
}

/** Builds a fresh stack in `mode` (see {@link FUZZ_COMMAND_TIMEOUT_MS}). */
export function createWorld(mode: HostMode): World {
  const sim = createHostSimulator({ mode });
  const diagnostics: Diagnostic[] = [];
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

  const startWorker = (placement: PlacementPort): CallCard =>
    createCallCard({
      placement,
      softphone,
      commandTimeoutMs: FUZZ_COMMAND_TIMEOUT_MS,
      onDiagnostic: (diagnostic) => {
        world.diagnostics.push(diagnostic);
        // The new worker's probe found a card it knows nothing of and takes it on: one call, to be summarised once.
        if (diagnostic.kind === 'orphanedCard' && !world.disposed) world.callsOpened += 1;
      },
      onSummary: (summary) => world.summaries.push(summary),
    });

  world = {
    mode,
    sim,
    // Set by `attachWorker` below, before anything can read it.
    card: undefined as unknown as CallCard,
    diagnostics,
    summaries: [],
    pastSummaries: [],
    workers: 0,
    escapedCard: false,
    lastRaisedCallId: null,
    epoch: 0,
    hostOutcomes: new Map(),
    softphoneCalls,
    softphonePlan,
    softphoneFailures: 0,
    escapes: [],
    rejections: [],
    lastUiState: null,
    disposed: false,
    logLengthAtDispose: 0,
    summariesAtDispose: 0,
    expectedRejections: 0,
    tick: 0,
    lastUiChange: 0,
    lastDesync: 0,
    logCursor: 0,
    ghost: null,
    callOpenedAt: new Map(),
    callsOpened: 0,
    closesEmitted: 0,
    closesArrived: 0,
    replacedCycles: new Set(),
    textsGiven: new Set(),
    violations: [],
    statesSeen: new Map(),
    counts: new Map(),
  };

  workerStarters.set(world, startWorker);
  attachWorker(world, sim.placement);
  // A UI state change counts when its `CallCardSetUiState` reaches the host; a fault that hits a
  // command desyncs the card at the moment it hits, which may be steps after it was injected.
  // The simulator sets an entry's `fault` before it reports the change, so every entry is final here.
  // Commands land one hop after they are sent (host-behaviour.md §2): an entry is judged once it has.
  let seenLog = 0;
  let seenSent = 0;
  sim.subscribe(() => {
    const log = sim.log;
    // Noted as each command is sent: whether the host still showed a card then.
    for (; seenSent < log.length; seenSent += 1) {
      const sent = log[seenSent]!;
      if (sim.card !== null || world.escapedCard) sentWithCard.add(sent);
      sentInEpoch.set(sent, world.epoch);
      if (world.ghost !== null) {
        const ghost = world.ghost;
        // Only what the host answered about this card generation tells the statechart this card is gone.
        const sameCard = ghost.entries.filter((earlier) => sentInEpoch.get(earlier) === world.epoch);
        ghostAtSend.set(sent, {
          ghost,
          heardRefusal: sameCard.some(refused),
          closeArrived: sameCard.some((earlier) => earlier.command === 'CallCardClose'),
          anyArrived: ghost.entries.length > 0,
        });
      }
      // A UI state change is dated when it is SENT: one that lands after a desync was decided before it.
      if (isUiChange(sent)) uiChangeSentAt.set(sent, ++world.tick);
    }
    for (; seenLog < log.length; seenLog += 1) {
      const entry = log[seenLog]!;
      if (!isFinal(entry)) break;
      // A replaced frame's command reached nothing: nothing to judge.
      if (entry.stale) continue;
      if (isUiChange(entry)) world.lastUiChange = Math.max(world.lastUiChange, uiChangeSentAt.get(entry) ?? ++world.tick);
      // It landed on the card the operator closed with Esc: the host answers, but nobody sees it (§1.5).
      if (entry.landed && entry.card && world.escapedCard && sim.card === null) world.lastDesync = ++world.tick;
      if (entry.command === 'CallCardClose') world.closesArrived += 1;
      // A close the host carried out lets go of a card the operator had closed with Esc (the host's
      // worker held it); one answered with an injected error never ran, and the host holds it still.
      if (entry.command === 'CallCardClose' && carriedOut(entry)) world.escapedCard = false;
      // With no card, any fault withholds the refusal that would tell the statechart the card is gone.
      if (entry.fault !== undefined && (DESYNCING_FAULTS.includes(entry.fault) || !entry.card)) world.lastDesync = ++world.tick;
      if (!entry.card) noteCommandWithNoCard(world, entry);
      // A fault answered for a host with no card: the statechart was not told it is gone (it may have been told one is open).
      if (entry.fault !== undefined && !entry.card && entry.landed && world.ghost === null && !world.disposed) world.ghost = { entries: [] };
    }
  });
  return world;
}

const workerStarters = new WeakMap<World, (placement: PlacementPort) => CallCard>();
/** Commands sent while the host showed a card (or held one closed by Esc). */
const sentWithCard = new WeakSet<CommandLogEntry>();
/**
 * The lost card a command was sent for, and what the statechart could know of it then: a
 * command is judged by what was known when it was SENT (it lands one hop later, §2).
 */
const ghostAtSend = new WeakMap<
  CommandLogEntry,
  { readonly ghost: NonNullable<World['ghost']>; readonly heardRefusal: boolean; readonly closeArrived: boolean; readonly anyArrived: boolean }
>();
/** The card generation (`World.epoch`) each command was sent in. */
const sentInEpoch = new WeakMap<CommandLogEntry, number>();
/** The logical time at which each `CallCardSetUiState` was sent. */
const uiChangeSentAt = new WeakMap<CommandLogEntry, number>();

/**
 * Starts a worker's card on `placement` and watches it. At start the card probes the host
 * for an open card (a worker restart): with none, the probe is the one command allowed to
 * reach a host without a card.
 */
function attachWorker(world: World, placement: PlacementPort): void {
  if (world.sim.card === null && !world.escapedCard) world.ghost = { entries: [] };
  const card = workerStarters.get(world)!(placement);
  world.card = card;
  world.workers += 1;
  world.lastUiState = null;
  world.callOpenedAt.clear();
  card.actor.on('card.command', ({ command }) => {
    if (command.command === 'CallCardClose') world.closesEmitted += 1;
  });
  let previous: UiState | null = null;
  card.actor.subscribe((snapshot) => {
    if (world.card !== card) return;
    const state = uiStateOf(snapshot);
    world.lastUiState = state;
    const { cycle } = snapshot.context;
    if (state !== null && !world.callOpenedAt.has(cycle)) world.callOpenedAt.set(cycle, world.sim.events.length);
    if (state !== null && state !== previous) world.statesSeen.set(state, (world.statesSeen.get(state) ?? 0) + 1);
    previous = state;
  });
}

/**
 * The worker frame is reloaded (host-behaviour.md §6): the old worker dies with its frame (its
 * handlers hear nothing more, its queue is gone: `dispose` is how a test kills it), the card
 * stays on the host, and a new worker starts on the new frame's placement. The new worker's
 * calls and summaries are counted afresh: the old worker's current call dies with it, unless
 * the host still holds its card, which the new worker's probe finds (and, by default,
 * closes and summarises as `orphaned`); a probe a host fault spoils finds nothing.
 */
export function reloadWorker(world: World): void {
  guarded(world, 'old worker dies', () => world.card.dispose());
  world.pastSummaries.push(...world.summaries);
  world.summaries = [];
  // A card still on the host is counted when the new worker's probe finds it (its orphanedCard diagnostic).
  world.callsOpened = 0;
  world.replacedCycles.clear();
  world.lastDesync = ++world.tick;
  const placement = world.sim.reloadWorker();
  attachWorker(world, placement);
}

/** Counts what a v2 host action did, for the printed figures. */
export function noteOutcome(world: World, outcome: string): void {
  world.hostOutcomes.set(outcome, (world.hostOutcomes.get(outcome) ?? 0) + 1);
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
  // The probe (statechart SC-C9, SC-W1) asks whether a card is open and changes nothing: it may go anywhere.
  if (isProbe(entry)) return;
  const what = `${entry.command} ${JSON.stringify(entry.params)?.slice(0, 80)}`;
  const atSend = ghostAtSend.get(entry);
  if (sentWithCard.has(entry)) {
    // Sent while the card was there, landed after it went (one postMessage hop, host-behaviour.md §2): nobody knew yet.
    (atSend?.ghost ?? world.ghost)?.entries.push(entry);
    return;
  }
  if (atSend === undefined) {
    world.violations.push(`[no command to a gone card] ${what} reached the host with no card, and the statechart had been told`);
    return;
  }
  if (atSend.ghost.onlyClose && (entry.command !== 'CallCardClose' || (atSend.anyArrived && !retriedAfterAFaultedProbe(world, entry)))) {
    world.violations.push(`[no command to a gone card] ${what} reached the host after the operator closed the card`);
  } else if (atSend.heardRefusal && (entry.command !== 'CallCardClose' || atSend.closeArrived)) {
    // The one exception: the statechart's own close, queued before the refusal was heard.
    world.violations.push(`[no command to a gone card] ${what} was sent after the host had refused one with Call card is undefined`);
  }
  atSend.ghost.entries.push(entry);
}

const isProbe = (entry: CommandLogEntry): boolean => entry.command === 'CallCardSetUiState' && (entry.params as { uiState?: unknown } | undefined)?.uiState === PROBE_UI_STATE;

/**
 * A close sent again by statechart SC-C9 because the probe said a card was open — when that
 * answer was an injected fault (a host that lied `Invalid ui state`), not the host's own. The
 * library did what SC-C9 says with the answer it got; the world cannot blame it for that close.
 */
function retriedAfterAFaultedProbe(world: World, entry: CommandLogEntry): boolean {
  const log = world.sim.log;
  const at = log.indexOf(entry);
  for (let index = at - 1; index >= 0; index -= 1) {
    const earlier = log[index]!;
    if (earlier.command === 'CallCardClose') return false;
    if (isProbe(earlier) && earlier.fault !== undefined) return true;
  }
  return false;
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
