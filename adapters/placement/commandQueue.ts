import type { CommandDropped, Diagnostic } from '../../diagnostics';
import { describeError, describeValue } from '../../diagnostics';
import type { CardCommand, CardCommandName } from '../../protocol/commands';
import { NO_CARD_ERROR, UNANSWERED_IN_BROWSER } from '../../protocol/commands';
import type { PlacementPort } from '../../protocol/placement';
import { normaliseCommandResult } from './commandResult';

/** How long a command waits for its callback when no `timeoutMs` is given. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 5000;

/** Why a command was not sent, or not waited for to the end. */
export type DropReason = CommandDropped['reason'];

/** How a queued command ended. {@link CommandQueue.enqueue} resolves to one of these. */
export type CommandOutcome =
  /** The host answered with a success; `value` is its answer as it came. */
  | { readonly status: 'ok'; readonly value: unknown }
  /** The host answered with an error, in any of its shapes (reported as `commandFailed`). */
  | { readonly status: 'failed'; readonly errorCode: string }
  /** No answer came within the timeout (reported as `commandTimedOut`). */
  | { readonly status: 'timedOut' }
  /**
   * A command the host may never answer (`CallCardStartTimer`, `CallCardStopTimer`, and
   * `CallCardSetUiState connected` without `disableAutoStartTimer`, host-behaviour.md §4):
   * sent, not waited for. Its first answer, should one come, is still checked.
   */
  | { readonly status: 'notAwaited' }
  /**
   * Sent, but a `CallCardClose` or a new card would not wait for its answer any longer
   * (reported as `commandAbandoned`); a late answer is reported as `lateAnswer` and ignored.
   */
  | { readonly status: 'abandoned' }
  /**
   * Not sent (`cardGone`, `staleCall`, `disposed`), or `placement.call` threw
   * (`hostThrew`); `disposed` also ends a command that was in flight.
   */
  | { readonly status: 'dropped'; readonly reason: DropReason };

/** What {@link createCommandQueue} needs. */
export interface CommandQueueOptions {
  /** Where commands go: `BX24.placement` itself, or an adapter of the same shape. */
  readonly placement: PlacementPort;
  /**
   * How long a command waits for its callback before the queue reports it and moves on,
   * in milliseconds. Defaults to {@link DEFAULT_COMMAND_TIMEOUT_MS}; a negative or
   * non-finite value also means the default.
   */
  readonly timeoutMs?: number;
  /**
   * Receives every failure, timeout, duplicate callback, dropped command and lost card.
   * If it throws, the error is swallowed: the queue has nowhere else to report it.
   */
  readonly report: (diagnostic: Diagnostic) => void;
  /**
   * Called when a `CallCardClose` has been sent (`closing: cardId`) and when it has been
   * answered or timed out (`closing: null`). Errors it throws are swallowed.
   */
  readonly onClosing?: (closing: number | null) => void;
  /**
   * Called once per card when the host answers `Call card is undefined` to a command
   * (other than `CallCardClose`) for the current card that had not been declared gone:
   * the card vanished behind the caller's back. Its queued commands are dropped
   * before this is called. Errors it throws are swallowed.
   */
  readonly onCardLost?: (command: CardCommandName) => void;
}

/**
 * Sends commands to the card one at a time, in order, each waiting for its callback or
 * for a bounded timeout (statechart.md, "The interfaces"). Never throws and never
 * rejects because of anything the host does.
 */
export interface CommandQueue {
  /**
   * Queues a command. `cardId` ties it to one card (a per-call number the caller
   * chooses); leave it out for a command not tied to a card, such as
   * `CallCardGetListUiStates`. A command tied to a card is sent only if that card is
   * current (see {@link CommandQueue.setCurrentCard}) and has not been declared gone
   * when the command reaches the head of the queue, so set the current card before
   * queueing its commands. Resolves with how the command ended; never rejects.
   *
   * `CallCardClose` is never held up (statechart.md, "Card and call"): the commands still
   * queued for its card are dropped (`cardGone`), a command in flight is abandoned, and
   * the close goes out at once.
   */
  enqueue(command: CardCommand, cardId?: number, options?: EnqueueOptions): Promise<CommandOutcome>;
  /**
   * The card `cardId` is shown again: the host sent `initialized` for its call (a re-show,
   * another tab, an adoption). Its commands may be sent again if it was lost, and an
   * answer to a command sent before this is about the card that was there then:
   * `Call card is undefined` for it no longer means the card is lost.
   */
  cardReturned(cardId: number): void;
  /**
   * Makes `cardId` the current card (`null`: no card). Queued commands tied to any other
   * card are dropped at once with reason `staleCall`: the host has no card id in its
   * commands, so one meant for an earlier card would land on the new one. A command in
   * flight for another card is abandoned: the new card's commands do not wait for it.
   */
  setCurrentCard(cardId: number | null): void;
  /**
   * Declares the card `cardId` gone (closed). Its queued commands are dropped at once
   * with reason `cardGone`, except `CallCardClose`, which still goes out while the card
   * is current: the caller may declare the card gone as soon as it decides to close it,
   * before the close has reached the host. The current card is left as it is.
   */
  cardGone(cardId: number): void;
  /** Commands queued plus the one in flight, if any. */
  readonly pending: number;
  /**
   * The card whose `CallCardClose` has been sent and not yet answered (nor timed out),
   * else `null`; a close abandoned for a new card still counts until its answer comes.
   */
  readonly closing: number | null;
  /** Resolves once nothing is queued or in flight (at once if that is already so, or after `dispose`). */
  whenIdle(): Promise<void>;
  /**
   * Ends the queue: queued commands are dropped and reported with reason `disposed`, the
   * command in flight resolves as dropped (`disposed`) without a report (it was sent),
   * timers are cleared, later callbacks are ignored silently, and later `enqueue` calls
   * resolve at once as dropped (`disposed`).
   */
  dispose(): void;
}

/** How one command is handled. */
export interface EnqueueOptions {
  /**
   * A question whose answer the caller reads itself (the start-up probe, which expects an
   * error answer): failures and a timeout are not reported, and a card that becomes current
   * does not wait behind it (it is abandoned). Duplicate and late answers still are reported.
   */
  readonly quiet?: boolean;
}

interface Entry {
  readonly command: CardCommand;
  readonly cardId: number | undefined;
  readonly quiet: boolean;
  readonly resolve: (outcome: CommandOutcome) => void;
  settled: boolean;
  /** How many times the host has called back for this command. */
  answers: number;
  /** Abandoned while in flight: a late answer is reported, not counted. */
  abandoned: boolean;
  /** How many times its card had been shown again when it was sent. */
  generation: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Why a card is gone: `closed` lets a queued `CallCardClose` through, `lost` does not. */
type GoneReason = 'closed' | 'lost';

/** Creates a {@link CommandQueue} over `options.placement`. */
export function createCommandQueue(options: CommandQueueOptions): CommandQueue {
  const { placement } = options;
  const timeoutMs = normaliseTimeout(options.timeoutMs);
  let queue: Entry[] = [];
  let inFlight: Entry | null = null;
  let currentCard: number | null = null;
  let closing: Entry | null = null;
  /** How many times the current card has been shown again (see `cardReturned`). */
  let generation = 0;
  let closingTimer: ReturnType<typeof setTimeout> | undefined;
  const goneCards = new Map<number, GoneReason>();
  let idleWaiters: Array<() => void> = [];
  let pumping = false;
  let disposed = false;

  const report = (diagnostic: Diagnostic): void => {
    try {
      options.report(diagnostic);
    } catch {
      // A reporter that throws must not break the queue's bookkeeping.
    }
  };

  function dropReasonFor(entry: Entry): DropReason | null {
    if (entry.cardId === undefined) return null;
    const gone = goneCards.get(entry.cardId);
    if (gone === 'lost' || (gone === 'closed' && entry.command.command !== 'CallCardClose')) return 'cardGone';
    return entry.cardId === currentCard ? null : 'staleCall';
  }

  function drop(entry: Entry, reason: DropReason, why: string): void {
    const { command, params } = entry.command;
    report({ kind: 'commandDropped', command, params, reason, message: `${command} was not sent: ${why}.` });
    settle(entry, { status: 'dropped', reason });
  }

  function dropMessage(entry: Entry, reason: DropReason): string {
    if (reason === 'staleCall') return `it was meant for card ${entry.cardId}, and the current card is ${currentCard ?? 'none'}`;
    if (reason === 'cardGone') return `card ${entry.cardId} is gone`;
    return 'the queue was disposed';
  }

  /** Drops every queued command that may no longer be sent. */
  function purge(): void {
    const dropped: Array<[Entry, DropReason]> = [];
    queue = queue.filter((entry) => {
      const reason = dropReasonFor(entry);
      if (reason) dropped.push([entry, reason]);
      return reason === null;
    });
    for (const [entry, reason] of dropped) drop(entry, reason, dropMessage(entry, reason));
    pump();
  }

  function settle(entry: Entry, outcome: CommandOutcome): void {
    if (entry.settled) return;
    entry.settled = true;
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = undefined;
    if (inFlight === entry) inFlight = null;
    // An abandoned close is still on its way: until the host answers it (or it times out),
    // an entityChanged is that closing card's.
    if (closing === entry) {
      if (outcome.status === 'abandoned') closingTimer = setTimeout(() => endClosing(entry), timeoutMs);
      else setClosing(null);
    }
    entry.resolve(outcome);
    pump();
  }

  function endClosing(entry: Entry): void {
    if (closing === entry) setClosing(null);
  }

  function setClosing(entry: Entry | null): void {
    if (closingTimer !== undefined) clearTimeout(closingTimer);
    closingTimer = undefined;
    closing = entry;
    try {
      options.onClosing?.(entry?.cardId ?? null);
    } catch {
      // The caller's bookkeeping must not break the queue.
    }
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
        const reason = dropReasonFor(entry);
        if (reason) drop(entry, reason, dropMessage(entry, reason));
        else send(entry);
      }
    } finally {
      pumping = false;
    }
    if (inFlight === null && queue.length === 0) wakeIdleWaiters();
  }

  function send(entry: Entry): void {
    const { command, params } = entry.command;
    const awaited = !mayNeverAnswer(entry.command);
    entry.generation = generation;
    if (awaited) inFlight = entry;
    if (command === 'CallCardClose' && entry.cardId !== undefined) setClosing(entry);
    try {
      placement.call(command, params, (result: unknown) => onAnswer(entry, result));
    } catch (error) {
      // Whatever the host threw, the command did not (knowingly) reach the card; an answer
      // given before the throw stands.
      if (!entry.settled) drop(entry, 'hostThrew', `placement.call threw ${describeError(error)}`);
    }
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
      if (result.errorCode === NO_CARD_ERROR) onNoCard(entry);
    }
    settle(entry, result.ok ? { status: 'ok', value: result.value } : { status: 'failed', errorCode: result.errorCode });
  }

  /**
   * `Call card is undefined` means the card vanished only if it was the current card and
   * nobody had said it was gone; for `CallCardClose` it just means the card closed first.
   */
  function onNoCard(entry: Entry): void {
    const { cardId } = entry;
    const { command } = entry.command;
    if (command === 'CallCardClose' || cardId === undefined || cardId !== currentCard || goneCards.has(cardId)) return;
    // Sent to the card that was there before the host showed this one: that one is gone, not this.
    if (entry.generation !== generation) return;
    goneCards.set(cardId, 'lost');
    report({ kind: 'cardLost', command, message: `The host answered "${NO_CARD_ERROR}" to ${command}: card ${cardId} is gone, and its queued commands were dropped.` });
    purge();
    try {
      options.onCardLost?.(command);
    } catch {
      // The integrator's handler must not break the queue; the loss is already reported.
    }
  }

  /** A close drops what was queued for its card, stops waiting for the command in flight, and goes first. */
  function closeAtOnce(entry: Entry): void {
    const cardId = entry.cardId as number;
    const dropped = queue.filter((other) => other.cardId === cardId);
    queue = queue.filter((other) => other.cardId !== cardId);
    for (const other of dropped) drop(other, 'cardGone', `card ${cardId} is being closed`);
    abandon('CallCardClose does not wait behind it');
    queue.unshift(entry);
    pump();
  }

  function wakeIdleWaiters(): void {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const wake of waiters) wake();
  }

  return {
    enqueue(command, cardId, enqueueOptions) {
      return new Promise<CommandOutcome>((resolve) => {
        const entry: Entry = { command, cardId, quiet: enqueueOptions?.quiet === true, resolve, settled: false, answers: 0, abandoned: false, generation: 0, timer: undefined };
        if (disposed) {
          drop(entry, 'disposed', dropMessage(entry, 'disposed'));
          return;
        }
        if (command.command === 'CallCardClose' && cardId !== undefined && dropReasonFor(entry) === null) {
          closeAtOnce(entry);
          return;
        }
        queue.push(entry);
        pump();
      });
    },
    setCurrentCard(cardId) {
      if (disposed) return;
      currentCard = cardId;
      if (inFlight !== null && (inFlight.quiet || (inFlight.cardId !== undefined && inFlight.cardId !== cardId))) {
        abandon(`card ${cardId ?? 'none'} is now current`);
      }
      purge();
      // Only the current card's fate matters from now on (any other card's commands are stale);
      // a worker that serves calls for hours must not keep one entry per call it ever served.
      for (const id of goneCards.keys()) if (id !== cardId) goneCards.delete(id);
    },
    cardReturned(cardId) {
      if (disposed || cardId !== currentCard) return;
      generation += 1;
      if (goneCards.get(cardId) === 'lost') goneCards.delete(cardId);
    },
    cardGone(cardId) {
      if (disposed) return;
      if (!goneCards.has(cardId)) goneCards.set(cardId, 'closed');
      purge();
    },
    get pending() {
      return queue.length + (inFlight === null ? 0 : 1);
    },
    get closing() {
      return closing?.cardId ?? null;
    },
    whenIdle() {
      if (disposed || (inFlight === null && queue.length === 0)) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (closingTimer !== undefined) clearTimeout(closingTimer);
      closing = null;
      const dropped = queue;
      queue = [];
      const abandoned = inFlight;
      inFlight = null;
      if (abandoned) settle(abandoned, { status: 'dropped', reason: 'disposed' });
      for (const entry of dropped) drop(entry, 'disposed', dropMessage(entry, 'disposed'));
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
