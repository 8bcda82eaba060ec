import type { CardCommand } from '../../protocol/commands';
import type { DropReason } from './commandQueue';

/**
 * Where the link to the current card is. The host's commands carry no card id: a command
 * lands on whatever card the host shows, so the queue must know which card its commands
 * are for and whether that card is still there.
 *
 * ```
 *             open(g)                 noCard              shown()
 *   (none) ──────────▶ open ─────────────────────▶ lost ──────────▶ open
 *                       │  closed(g)                │ closed(g): stays lost
 *                       ▼                           ▼
 *                     closed                       lost
 *   open(g') from any phase: g' is the current card, `open`
 * ```
 * - `open`: its commands go out.
 * - `lost`: the host answered `Call card is undefined` for it since it was last shown; none
 *   of its commands go out, `CallCardClose` included, until a card is shown again.
 * - `closed`: the statechart is done with it; only its `CallCardClose` still goes out.
 *
 * "Gone" means lost or closed, as in the `cardGone` drop reason.
 */
export type LinkPhase = 'open' | 'lost' | 'closed';

/**
 * The card link: what only the transport can know of the host's card, as a small explicit
 * machine the command queue consults.
 *
 * Who owns what (statechart.md, "Card and call"): the statechart's card region owns whether
 * the *call* has its card (`attached` / `lost`: what the integrator sees, and whether the
 * statechart tells the card anything). The card link owns which card the queued commands are
 * for (its `generation`: the statechart's number of the call), whether the host has answered
 * `Call card is undefined` for it since a card was last shown (`showing`), and which close is
 * on its way or being followed up (`closing`). The link tells the statechart of a loss once
 * (`card.lost`); the host tells both of a showing (`initialized`).
 */
export interface CardLink {
  /** The current card's generation; `null` before the statechart first spoke to a card. */
  readonly generation: number | null;
  /** Where the link to the current card is. */
  readonly phase: LinkPhase;
  /** How many times the host has shown a card (`initialized`) since the link was made. */
  readonly showing: number;
  /**
   * The generation whose `CallCardClose` has been sent and whose card may still be there:
   * unanswered, or answered with a failure being followed up (statechart.md SC-C9); else `null`.
   */
  readonly closing: number | null;
}

/** The link's transitions; the command queue is the only one to call them. */
export interface CardLinkMachine extends CardLink {
  /** The statechart spoke to card `generation`: it is current (and `open` if it is new). Returns whether it changed. */
  open(generation: number | null): boolean;
  /** The host showed a card (`initialized`): a lost current card is `open` again. */
  shown(): void;
  /**
   * The host answered `Call card is undefined` to `command`, sent to card `generation` when
   * `showing` was `sentAt`. Returns true when that means the current card is now lost: it
   * was `open` and current, no card has been shown since, and the command was not its close
   * (for a close, no card just means the card closed first).
   */
  noCard(command: CardCommand, generation: number | undefined, sentAt: number): boolean;
  /** The statechart is done with card `generation` (its summary): only its close may still go out. */
  closed(generation: number): void;
  /** Whether a command for `generation` may go out now (`null`), or why not. */
  admits(command: CardCommand, generation: number | undefined): DropReason | null;
  /** The close of `generation` is on its way (`generation`), or its card is known closed (`null`). */
  setClosing(generation: number | null): void;
}

/** Creates the {@link CardLinkMachine} of one command queue: no card yet. */
export function createCardLink(): CardLinkMachine {
  let generation: number | null = null;
  let phase: LinkPhase = 'open';
  let showing = 0;
  let closing: number | null = null;

  return {
    get generation() {
      return generation;
    },
    get phase() {
      return phase;
    },
    get showing() {
      return showing;
    },
    get closing() {
      return closing;
    },
    open(next) {
      if (next === generation) return false;
      generation = next;
      phase = 'open';
      return true;
    },
    shown() {
      showing += 1;
      if (phase === 'lost') phase = 'open';
    },
    noCard(command, target, sentAt) {
      if (command.command === 'CallCardClose' || target === undefined || target !== generation || phase !== 'open') return false;
      // Sent to the card that was there before the host showed this one: that one is gone, not this.
      if (sentAt !== showing) return false;
      phase = 'lost';
      return true;
    },
    closed(target) {
      if (target === generation && phase === 'open') phase = 'closed';
    },
    admits(command, target) {
      if (target === undefined) return null;
      if (target !== generation) return 'staleCall';
      if (phase === 'lost' || (phase === 'closed' && command.command !== 'CallCardClose')) return 'cardGone';
      return null;
    },
    setClosing(target) {
      closing = target;
    },
  };
}
