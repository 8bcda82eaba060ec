import type { Diagnostic } from '../../diagnostics';
import { describeError, describeValue } from '../../diagnostics';
import type { CardCommand } from '../../protocol/commands';
import { NO_CARD_ERROR, UNANSWERED_IN_BROWSER } from '../../protocol/commands';
import { callSafely } from '../session/callSafely';
import { createCardLink } from './cardLink';
import { createCloseFollowUp, PROBE_COMMAND } from './closeFollowUp';
import { normaliseCommandResult } from './commandResult';
import { DEFAULT_COMMAND_TIMEOUT_MS, type CommandOutcome, type CommandQueue, type CommandQueueOptions, type DropReason } from './commandQueue.types';

export { DEFAULT_COMMAND_TIMEOUT_MS } from './commandQueue.types';
export type { CommandOutcome, CommandQueue, CommandQueueOptions, DropReason, EnqueueOptions } from './commandQueue.types';

interface Entry {
  readonly command: CardCommand;
  /** The card it is for (see {@link CardLink.generation}); `undefined`: tied to no card. */
  readonly generation: number | undefined;
  readonly quiet: boolean;
  readonly resolve: (outcome: CommandOutcome) => void;
  settled: boolean;
  /** How many times the host has called back for this command. */
  answers: number;
  /** Abandoned while in flight: a late answer is reported, not counted. */
  abandoned: boolean;
  /** The link's `showing` when it was sent: an answer is about the card shown then. */
  sentAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Creates a {@link CommandQueue} over `options.placement`. The queue sends; the card link
 * it consults ({@link createCardLink}) says which card its commands may go to, and the close
 * follow-up ({@link createCloseFollowUp}, with `followUpClose`) sees a failed close through.
 */
export function createCommandQueue(options: CommandQueueOptions): CommandQueue {
  const { placement } = options;
  const timeoutMs = normaliseTimeout(options.timeoutMs);
  const link = createCardLink();
  let queue: Entry[] = [];
  let inFlight: Entry | null = null;
  /** The close whose answer `link.closing` waits for. */
  let closingEntry: Entry | null = null;
  let closingTimer: ReturnType<typeof setTimeout> | undefined;
  let idleWaiters: Array<() => void> = [];
  let pumping = false;
  let disposed = false;

  // A reporter or handler of the caller's that throws must not break the queue's bookkeeping.
  const report = (diagnostic: Diagnostic): void => void callSafely(() => options.report(diagnostic));

  const followUp = createCloseFollowUp({
    link,
    timeoutMs,
    report,
    probe: () => enqueue(PROBE_COMMAND, undefined, true),
    close: (generation) => void enqueue({ command: 'CallCardClose', params: {} }, generation, false),
    done: () => {
      setClosing(null);
      pump();
    },
  });

  function dropMessage(entry: Entry, reason: DropReason): string {
    if (reason === 'staleCall') return `it was meant for card ${entry.generation}, and the current card is ${link.generation ?? 'none'}`;
    if (reason === 'cardGone') return `card ${entry.generation} is ${link.phase}`;
    return 'the queue was disposed';
  }

  function drop(entry: Entry, reason: DropReason, why = dropMessage(entry, reason)): void {
    const { command, params } = entry.command;
    report({ kind: 'commandDropped', command, params, reason, message: `${command} was not sent: ${why}.` });
    settle(entry, { status: 'dropped', reason });
  }

  /** Drops every queued command the link no longer admits. */
  function purge(): void {
    const dropped: Array<[Entry, DropReason]> = [];
    queue = queue.filter((entry) => {
      const reason = link.admits(entry.command, entry.generation);
      if (reason) dropped.push([entry, reason]);
      return reason === null;
    });
    for (const [entry, reason] of dropped) drop(entry, reason);
    pump();
  }

  function settle(entry: Entry, outcome: CommandOutcome): void {
    if (entry.settled) return;
    entry.settled = true;
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = undefined;
    if (inFlight === entry) inFlight = null;
    entry.resolve(outcome);
    if (closingEntry === entry) closeSettled(entry, outcome);
    pump();
  }

  /** How a close's end bears on `closing` (statechart.md SC-C8, SC-C9). */
  function closeSettled(entry: Entry, outcome: CommandOutcome): void {
    // An abandoned close is still on its way: until the host answers it (or it times out),
    // an entityChanged is that closing card's.
    if (outcome.status === 'abandoned') closingTimer = setTimeout(() => endClosing(entry), timeoutMs);
    else if (!(options.followUpClose === true && followUp.closeEnded(entry.generation as number, outcome, entry.sentAt))) setClosing(null);
  }

  function endClosing(entry: Entry): void {
    if (closingEntry === entry) setClosing(null);
  }

  function setClosing(entry: Entry | null): void {
    if (closingTimer !== undefined) clearTimeout(closingTimer);
    closingTimer = undefined;
    closingEntry = entry;
    const generation = entry?.generation ?? null;
    if (link.closing === generation) return;
    link.setClosing(generation);
    callSafely(() => options.onClosing?.(generation));
  }

  /** Stops waiting for the command in flight: reported now, its answer ignored when it comes. */
  function abandon(why: string): void {
    const entry = inFlight;
    if (entry === null) return;
    inFlight = null;
    entry.abandoned = true;
    const { command, params } = entry.command;
    // A quiet question's caller learns from the outcome that the answer no longer matters.
    if (!entry.quiet) report({ kind: 'commandAbandoned', command, params, message: `${command} was still unanswered; ${why}, so the queue stopped waiting for it.` });
    // Settling calls pump(), which would send the next command before the caller has
    // rearranged the queue; the caller pumps when it is done.
    const wasPumping = pumping;
    pumping = true;
    try {
      settle(entry, { status: 'abandoned' });
    } finally {
      pumping = wasPumping;
    }
  }

  /**
   * Sends from the head until a command is in flight. The guard makes a callback that
   * the host calls synchronously inside `call()` settle its command and return here,
   * instead of recursing into the next send before `call()` has returned.
   */
  function pump(): void {
    if (pumping || disposed) return;
    pumping = true;
    try {
      while (inFlight === null && !disposed) {
        const entry = queue.shift();
        if (!entry) break;
        const reason = link.admits(entry.command, entry.generation);
        if (reason) drop(entry, reason);
        else send(entry);
      }
    } finally {
      pumping = false;
    }
    if (isIdle()) wakeIdleWaiters();
  }

  function send(entry: Entry): void {
    const { command, params } = entry.command;
    const awaited = !mayNeverAnswer(entry.command);
    entry.sentAt = link.showing;
    if (awaited) inFlight = entry;
    if (command === 'CallCardClose' && entry.generation !== undefined) setClosing(entry);
    // Whatever the host threw, the command did not (knowingly) reach the card; an answer
    // given before the throw stands.
    callSafely(
      () => placement.call(command, params, (result: unknown) => onAnswer(entry, result)),
      (ending) => {
        if (!ending.ok && !ending.late && !entry.settled) drop(entry, 'hostThrew', `placement.call threw ${describeError(ending.error)}`);
      },
    );
    // A timer command answered synchronously (the desktop application) keeps that answer.
    if (!awaited && !entry.settled) settle(entry, { status: 'notAwaited' });
    // The clock starts once the command is out; one answered inside call() needs none.
    if (awaited && !entry.settled) entry.timer = setTimeout(() => onTimeout(entry), timeoutMs);
  }

  function onTimeout(entry: Entry): void {
    entry.timer = undefined;
    if (entry.settled || disposed) return;
    const { command, params } = entry.command;
    if (!entry.quiet) report({ kind: 'commandTimedOut', command, params, timeoutMs, message: `${command} got no answer within ${timeoutMs} ms; the queue moved on.` });
    settle(entry, { status: 'timedOut' });
  }

  /**
   * Every callback lands here. The first answer counts, even when it comes after the
   * command timed out or was not awaited: an error in it is still reported. Later
   * answers (the desktop host answers `missing field held` twice) are ignored.
   */
  function onAnswer(entry: Entry, raw: unknown): void {
    if (disposed) return;
    entry.answers += 1;
    const { command, params } = entry.command;
    if (entry.abandoned) {
      if (entry.answers === 1 && !entry.quiet) {
        report({ kind: 'lateAnswer', command, result: raw, message: `${command} was answered (${describeValue(raw)}) after the queue had stopped waiting for it; the answer was ignored.` });
      }
      endClosing(entry);
      return;
    }
    if (entry.answers > 1) {
      if (entry.answers === 2) {
        report({ kind: 'duplicateCallback', command, result: raw, message: `${command} was answered again (${describeValue(raw)}); the later answer was ignored.` });
      }
      return;
    }
    const result = normaliseCommandResult(raw);
    if (!result.ok) {
      if (!entry.quiet) report({ kind: 'commandFailed', command, params, errorCode: result.errorCode, result: raw, message: `${command} failed: ${describeValue(result.errorCode)}.` });
      if (result.errorCode === NO_CARD_ERROR && link.noCard(entry.command, entry.generation, entry.sentAt)) cardLost(entry);
    }
    settle(entry, result.ok ? { status: 'ok', value: result.value } : { status: 'failed', errorCode: result.errorCode });
  }

  /** The current card vanished behind the caller's back: its queued commands go, then the caller hears of it. */
  function cardLost(entry: Entry): void {
    const { command } = entry.command;
    report({ kind: 'cardLost', command, message: `The host answered "${NO_CARD_ERROR}" to ${command}: card ${entry.generation} is gone, and its queued commands were dropped.` });
    purge();
    callSafely(() => options.onCardLost?.(command));
  }

  /** A close drops what was queued for its card, stops waiting for the command in flight, and goes first. */
  function closeAtOnce(entry: Entry): void {
    const dropped = queue.filter((other) => other.generation === entry.generation);
    queue = queue.filter((other) => other.generation !== entry.generation);
    for (const other of dropped) drop(other, 'cardGone', `card ${entry.generation} is being closed`);
    abandon('CallCardClose does not wait behind it');
    queue.unshift(entry);
    pump();
  }

  function isIdle(): boolean {
    return disposed || (inFlight === null && queue.length === 0 && !followUp.busy);
  }

  function wakeIdleWaiters(): void {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  }

  function enqueue(command: CardCommand, generation: number | undefined, quiet: boolean): Promise<CommandOutcome> {
    return new Promise<CommandOutcome>((resolve) => {
      const entry: Entry = { command, generation, quiet, resolve, settled: false, answers: 0, abandoned: false, sentAt: 0, timer: undefined };
      if (disposed) return drop(entry, 'disposed');
      if (command.command === 'CallCardClose' && generation !== undefined && link.admits(command, generation) === null) return closeAtOnce(entry);
      queue.push(entry);
      pump();
    });
  }

  function cardClosed(generation: number): void {
    if (disposed) return;
    link.closed(generation);
    purge();
  }

  return {
    enqueue: (command, generation, enqueueOptions) => enqueue(command, generation, enqueueOptions?.quiet === true),
    link,
    setCurrentCard(generation) {
      if (disposed) return;
      link.open(generation);
      if (inFlight !== null && (inFlight.quiet || (inFlight.generation !== undefined && inFlight.generation !== generation))) {
        abandon(`card ${generation ?? 'none'} is now current`);
      }
      purge();
    },
    cardShown() {
      if (disposed) return;
      link.shown();
      followUp.stop();
    },
    cardClosed,
    cardGone: cardClosed,
    get pending() {
      return queue.length + (inFlight === null ? 0 : 1);
    },
    get closing() {
      return link.closing;
    },
    whenIdle() {
      if (isIdle()) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      followUp.stop();
      if (closingTimer !== undefined) clearTimeout(closingTimer);
      closingEntry = null;
      link.setClosing(null);
      const dropped = queue;
      queue = [];
      const abandoned = inFlight;
      inFlight = null;
      if (abandoned) settle(abandoned, { status: 'dropped', reason: 'disposed' });
      for (const entry of dropped) drop(entry, 'disposed');
      wakeIdleWaiters();
    },
  };
}

/**
 * Commands the host may never answer (host-behaviour.md §4): the timer commands in the
 * browser, and `CallCardSetUiState connected` while the card has its simple layout
 * (no timer element), unless the timer is disabled.
 */
function mayNeverAnswer(command: CardCommand): boolean {
  if (UNANSWERED_IN_BROWSER.includes(command.command)) return true;
  return command.command === 'CallCardSetUiState' && command.params.uiState === 'connected' && command.params.disableAutoStartTimer !== true;
}

function normaliseTimeout(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined || !Number.isFinite(timeoutMs) || timeoutMs < 0) return DEFAULT_COMMAND_TIMEOUT_MS;
  // setTimeout fires at once for anything above 2^31 - 1 ms.
  return Math.min(timeoutMs, 2 ** 31 - 1);
}
