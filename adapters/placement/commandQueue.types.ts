import type { CommandDropped, Diagnostic } from '../../diagnostics';
import type { CardCommand, CardCommandName } from '../../protocol/commands';
import type { PlacementPort } from '../../protocol/placement';
import type { CardLink } from './cardLink';
import type { CLOSE_RETRY_LIMIT } from './closeFollowUp';

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
   * Called when a `CallCardClose` has been sent (`closing`: its card's generation) and when
   * its card is known closed, or no longer waited for (`closing: null`); see
   * {@link CardLink.closing}. Errors it throws are swallowed.
   */
  readonly onClosing?: (closing: number | null) => void;
  /**
   * Follow up a close that fails (statechart.md SC-C9): a `CallCardClose` answered with an
   * error other than `Call card is undefined`, not answered in time, or refused by a throwing
   * `placement.call`, is followed by the side-effect-free probe; while it finds a card open
   * and no card has been shown since, the close is sent again, at most
   * {@link CLOSE_RETRY_LIMIT} times with a growing pause, each reported as `cardStillOpen`.
   * Off by default: a bare queue reports the failure and leaves the rest to its caller.
   */
  readonly followUpClose?: boolean;
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
   * Queues a command. `generation` ties it to one card (the statechart's number of the
   * call it shows); leave it out for a command not tied to a card, such as
   * `CallCardGetListUiStates`. A command tied to a card is sent only if the card link admits
   * it when it reaches the head of the queue (the card is current and not gone, see
   * {@link CardLink}), so make the card current before queueing its commands. Resolves with
   * how the command ended; never rejects.
   *
   * `CallCardClose` is never held up (statechart.md SC-C7): the commands still queued for its
   * card are dropped (`cardGone`), a command in flight is abandoned, and the close goes out at once.
   */
  enqueue(command: CardCommand, generation?: number, options?: EnqueueOptions): Promise<CommandOutcome>;
  /** The link to the host's card, as the queue has it (read only). */
  readonly link: CardLink;
  /**
   * Makes card `generation` the current one (`null`: no card). Queued commands tied to any
   * other card are dropped at once with reason `staleCall`: the host has no card id in its
   * commands, so one meant for an earlier card would land on the new one. A command in
   * flight for another card is abandoned: the new card's commands do not wait for it.
   */
  setCurrentCard(generation: number | null): void;
  /**
   * The host showed a card (`initialized`): a current card that was lost may be sent its
   * commands again, and an answer to a command sent before this is about the card that was
   * there then (`Call card is undefined` for it no longer means the current card is lost).
   * A close being followed up stops (SC-C9: a new card means the old one is gone).
   */
  cardShown(): void;
  /**
   * The statechart is done with card `generation` (its call's summary). Its queued commands
   * are dropped at once with reason `cardGone`, except `CallCardClose`, which still goes out
   * while the card is current: the statechart declares the card closed as soon as it decides
   * to close it, before the close has reached the host.
   */
  cardClosed(generation: number): void;
  /** @deprecated The old name of {@link CommandQueue.cardClosed} ("gone" means lost or closed); kept for tests that still use it. */
  cardGone(generation: number): void;
  /** Commands queued plus the one in flight, if any. */
  readonly pending: number;
  /** {@link CardLink.closing}: the card whose close is on its way or being followed up, else `null`. */
  readonly closing: number | null;
  /** Resolves once nothing is queued, in flight or waiting to be retried (at once if that is already so, or after `dispose`). */
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
   * A question whose answer the caller reads itself (the probe for an open card, which expects an
   * error answer): failures and a timeout are not reported, and a card that becomes current
   * does not wait behind it (it is abandoned). Duplicate and late answers still are reported.
   */
  readonly quiet?: boolean;
}

