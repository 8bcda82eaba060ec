import { describeValue, type Diagnostic } from '../../diagnostics';
import { INVALID_UI_STATE_ERROR, NO_CARD_ERROR, PROBE_UI_STATE, type CardCommand } from '../../protocol/commands';
import type { CardLink } from './cardLink';
import type { CommandOutcome } from './commandQueue.types';

/** How many times a close is sent again while the probe finds its card open (statechart.md SC-C9). */
export const CLOSE_RETRY_LIMIT = 3;

/**
 * The first pause before a close is sent again, at most; it doubles with each retry. Never
 * longer than a command's own timeout, so a host slow to answer is not asked faster than it
 * answers, and an operator waiting for the next call's card waits seconds, not minutes.
 */
export const CLOSE_RETRY_PAUSE_MS = 500;

export { PROBE_UI_STATE };

/** The probe command. */
export const PROBE_COMMAND: CardCommand = { command: 'CallCardSetUiState', params: { uiState: PROBE_UI_STATE } };

/** What the probe's answer says: a card is open, none is, or the host did not say (old desktop `[]`, no answer). */
export type ProbeFinding = { readonly found: 'card' } | { readonly found: 'none' } | { readonly found: 'unknown'; readonly result: unknown; readonly why: string };

/** Reads the probe's outcome. */
export function readProbe(outcome: CommandOutcome): ProbeFinding {
  switch (outcome.status) {
    case 'failed':
      if (outcome.errorCode === INVALID_UI_STATE_ERROR) return { found: 'card' };
      if (outcome.errorCode === NO_CARD_ERROR) return { found: 'none' };
      return { found: 'unknown', result: outcome.errorCode, why: `the host answered ${describeValue(outcome.errorCode)}` };
    case 'ok':
      // An older desktop application answers `[]` to every command when no card is open.
      return { found: 'unknown', result: outcome.value, why: `the host answered ${describeValue(outcome.value)} (an older desktop application does so with no card)` };
    case 'timedOut':
      return { found: 'unknown', result: undefined, why: 'the host did not answer in time' };
    default:
      return { found: 'unknown', result: undefined, why: `the probe was ${outcome.status === 'dropped' ? `dropped (${outcome.reason})` : outcome.status}` };
  }
}

/** Whether a close's outcome leaves its card possibly open: the host refused it, said nothing, or was never reached. */
export function closeMayHaveFailed(outcome: CommandOutcome): boolean {
  if (outcome.status === 'failed') return outcome.errorCode !== NO_CARD_ERROR;
  return outcome.status === 'timedOut' || (outcome.status === 'dropped' && outcome.reason === 'hostThrew');
}

/** What the follow-up needs from its command queue. */
export interface CloseFollowUpPort {
  readonly link: CardLink;
  /** Asks the host with {@link PROBE_COMMAND} (a quiet question tied to no card). */
  probe(): Promise<CommandOutcome>;
  /** Sends card `generation`'s `CallCardClose` again; its outcome comes back through {@link CloseFollowUp.closeEnded}. */
  close(generation: number): void;
  /** The card is known closed, or no longer followed up: `closing` ends. */
  done(): void;
  report(diagnostic: Diagnostic): void;
  /** The queue's command timeout: the pause before a retry never exceeds it. */
  readonly timeoutMs: number;
}

/**
 * A close that fails is not the end of it (statechart.md SC-C9): a card the host still shows
 * after our close blocks every later call's card (host-behaviour.md §1.3).
 *
 *   close ended badly ──▶ probe ──card open, no card shown since──▶ pause ──▶ close again ─┐
 *        ▲                  │ no card / a card shown / inconclusive: done                  │
 *        └──────────────────┴─────────────────────────────────────────────────────────────┘
 *   after {@link CLOSE_RETRY_LIMIT} retries the probe still finding the card open: `gaveUp`.
 */
export interface CloseFollowUp {
  /**
   * Card `generation`'s close ended with `outcome`; `sentAt` is the link's `showing` when
   * the first close of this card went out. Returns whether the follow-up goes on (the
   * card's `closing` lasts until {@link CloseFollowUpPort.done}).
   */
  closeEnded(generation: number, outcome: CommandOutcome, sentAt: number): boolean;
  /** A probe or a retry is pending: the queue is not idle. */
  readonly busy: boolean;
  /** Stops following up (a card was shown, or the queue is disposed). */
  stop(): void;
}

/** Creates the {@link CloseFollowUp} of one command queue. */
export function createCloseFollowUp(port: CloseFollowUpPort): CloseFollowUp {
  /** The close being followed up: its card, the showing it was sent in, the retries so far. */
  let current: { readonly generation: number; readonly sentAt: number; retries: number } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let probing = false;

  const end = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const wasFollowing = current !== null;
    current = null;
    if (wasFollowing) port.done();
  };
  /** Another card was shown since the close went out: the host never shows two, so ours is gone. */
  const superseded = (episode: { readonly sentAt: number }) => port.link.showing !== episode.sentAt;

  async function probe(episode: NonNullable<typeof current>): Promise<void> {
    probing = true;
    const outcome = await port.probe();
    probing = false;
    if (current !== episode) return;
    if (superseded(episode)) return end();
    const finding = readProbe(outcome);
    if (finding.found === 'none') return end();
    if (finding.found === 'unknown') {
      port.report({ kind: 'cardProbeInconclusive', result: finding.result, message: `After a CallCardClose that did not succeed, the probe for an open card was inconclusive: ${finding.why}; assuming the card closed.` });
      return end();
    }
    if (episode.retries >= CLOSE_RETRY_LIMIT) {
      port.report({
        kind: 'cardStillOpen',
        action: 'gaveUp',
        attempt: episode.retries,
        message: `Card ${episode.generation} is still open after ${episode.retries} retries of CallCardClose; it is left to the operator, and while it stays open the host shows no other call's card.`,
      });
      return end();
    }
    episode.retries += 1;
    const pause = Math.min(port.timeoutMs, CLOSE_RETRY_PAUSE_MS) * 2 ** (episode.retries - 1);
    port.report({
      kind: 'cardStillOpen',
      action: 'retried',
      attempt: episode.retries,
      message: `CallCardClose did not close card ${episode.generation} (the probe finds a card open); it is sent again in ${pause} ms (retry ${episode.retries} of ${CLOSE_RETRY_LIMIT}).`,
    });
    timer = setTimeout(() => {
      timer = undefined;
      if (current !== episode) return;
      if (superseded(episode)) return end();
      port.close(episode.generation);
    }, pause);
  }

  return {
    closeEnded(generation, outcome, sentAt) {
      const following = current?.generation === generation ? current : null;
      // Settled here: the queue ends `closing` itself when the follow-up does not go on.
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      current = null;
      if (!closeMayHaveFailed(outcome)) return false;
      const episode = following ?? { generation, sentAt, retries: 0 };
      if (superseded(episode)) return false;
      current = episode;
      void probe(episode);
      return true;
    },
    get busy() {
      return current !== null && (probing || timer !== undefined);
    },
    stop() {
      // A retry in flight is the queue's to settle; a probe or a pause in progress ends here.
      const waiting = probing || timer !== undefined;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      current = null;
      if (waiting) port.done();
    },
  };
}
