import { INVALID_UI_STATE_ERROR, NO_CARD_ERROR, UI_STATES } from '../../protocol';
import type { CardCommandName } from '../../protocol';
import { isAcceptedUiState } from './card';
import type { CardModel } from './card';
import { hostError } from './payloads';
import { textOf } from './safe';

/** Where the card is shown: in a browser tab, or in the Bitrix24 desktop application. */
export type HostMode = 'browser' | 'desktop';

/**
 * What Esc leaves in the worker (host-behaviour.md v3 §1.5): `clearsCard` in the 2025/26
 * build run in a browser (later commands answer `Call card is undefined`), `keepsCard` in
 * the older build the notes were first read from (the disposed card still answers `[]`).
 */
export type EscBuild = 'clearsCard' | 'keepsCard';

/** The host build the commands run against. */
export interface HostBuild {
  readonly mode: HostMode;
  /** What Esc leaves in the worker. */
  readonly esc: EscBuild;
  /** An older desktop build: `[]` instead of `Call card is undefined` when there is no card (§4). */
  readonly oldDesktop: boolean;
}

/** What a command did: the arguments the callback gets, one per call, and whether the card is gone. */
export interface CommandOutcome {
  readonly answers: readonly unknown[];
  readonly closesCard: boolean;
}

/** A field of the command's params; hostile params (null, a string, a throwing getter) read as absent. */
function readField(params: unknown, key: string): { present: boolean; value: unknown } {
  if (params === null || typeof params !== 'object') return { present: false, value: undefined };
  try {
    if (!Object.prototype.hasOwnProperty.call(params, key)) return { present: false, value: undefined };
    return { present: true, value: (params as Record<string, unknown>)[key] };
  } catch {
    return { present: false, value: undefined };
  }
}

const answered = (...answers: unknown[]): CommandOutcome => ({ answers, closesCard: false });
const OK = (): unknown[] => [];
const noCard = (build: HostBuild): CommandOutcome => (build.mode === 'desktop' && build.oldDesktop ? answered(OK()) : answered([hostError(NO_CARD_ERROR)]));
/** The host's code threw half-way (host-behaviour.md §4): what was done stays done, no answer comes. */
const threw = (): CommandOutcome => answered();
const missingField = (field: string): unknown[] => [hostError(`missing field ${field}`)];

/**
 * Runs one of the 9 commands against the card, as the host's background worker does
 * (host-behaviour.md §4). The card changes at once; the caller delivers the answers.
 */
export function runCommand(command: CardCommandName, params: unknown, card: CardModel | null, build: HostBuild, now: number): CommandOutcome {
  const mode = build.mode;
  if (command === 'CallCardGetListUiStates') return answered([...UI_STATES]);
  if (card === null) return noCard(build);

  switch (command) {
    case 'CallCardSetUiState': {
      const uiState = readField(params, 'uiState').value;
      if (!isAcceptedUiState(uiState)) return answered([hostError(INVALID_UI_STATE_ERROR)]);
      // The host tests the flag for truth, not for `true`.
      const outcome = card.setUiState(uiState, Boolean(readField(params, 'disableAutoStartTimer').value), now);
      return outcome === 'threw' ? threw() : answered(OK());
    }
    case 'CallCardSetMute': {
      const muted = readField(params, 'muted');
      // The desktop checks that the key is there (a key set to undefined does not survive the message);
      // a present value counts by its truth, as in the browser.
      if (mode === 'desktop' && (!muted.present || muted.value === undefined)) {
        return answered(hostError('missing field muted'));
      }
      // The browser compares `!!params.muted` with the card: a missing flag means unmuted.
      card.muted = Boolean(muted.value);
      return answered(OK());
    }
    case 'CallCardSetHold': {
      const held = readField(params, 'held');
      card.held = Boolean(held.value);
      // The desktop reports the missing field, then falls through: applies `!!undefined` and answers again.
      if (mode === 'desktop' && !held.present) return answered(missingField('held'), OK());
      return answered(OK());
    }
    case 'CallCardSetCardTitle': {
      const title = readField(params, 'title');
      if (mode === 'desktop' && !title.present) return answered(missingField('title'));
      card.title = textOf(title.value);
      return answered(OK());
    }
    case 'CallCardSetStatusText': {
      const statusText = readField(params, 'statusText');
      if (mode === 'desktop' && !statusText.present) return answered(missingField('statusText'));
      card.statusText = textOf(statusText.value);
      return answered(OK());
    }
    case 'CallCardStartTimer':
      if (card.startTimer(now) === 'threw') return threw();
      return mode === 'desktop' ? answered(OK()) : answered();
    case 'CallCardStopTimer':
      card.stopTimer(now);
      return mode === 'desktop' ? answered(OK()) : answered();
    case 'CallCardClose':
      return { answers: [OK()], closesCard: true };
  }
}
