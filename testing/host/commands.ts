import { INVALID_UI_STATE_ERROR, NO_CARD_ERROR, UI_STATES } from '../../protocol';
import type { CardCommandName } from '../../protocol';
import { isAcceptedUiState } from './card';
import type { CardModel } from './card';
import { hostError } from './payloads';
import { textOf } from './safe';

/** Where the card is shown: in a browser tab, or in the Bitrix24 desktop application. */
export type HostMode = 'browser' | 'desktop';

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
const noCard = (): CommandOutcome => answered([hostError(NO_CARD_ERROR)]);
const missingField = (field: string): unknown[] => [hostError(`missing field ${field}`)];

/**
 * Runs one of the 9 commands against the card, as the host's background worker does
 * (host-behaviour.md §4). The card changes at once; the caller delivers the answers.
 */
export function runCommand(command: CardCommandName, params: unknown, card: CardModel | null, mode: HostMode, now: number): CommandOutcome {
  if (command === 'CallCardGetListUiStates') return answered([...UI_STATES]);
  if (card === null) return noCard();

  switch (command) {
    case 'CallCardSetUiState': {
      const uiState = readField(params, 'uiState').value;
      if (!isAcceptedUiState(uiState)) return answered([hostError(INVALID_UI_STATE_ERROR)]);
      // The host tests the flag for truth, not for `true`.
      card.setUiState(uiState, Boolean(readField(params, 'disableAutoStartTimer').value), now);
      return answered(OK());
    }
    case 'CallCardSetMute': {
      const muted = readField(params, 'muted');
      if (mode === 'desktop' && typeof muted.value !== 'boolean') {
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
      card.startTimer(now);
      return mode === 'desktop' ? answered(OK()) : answered();
    case 'CallCardStopTimer':
      card.stopTimer(now);
      return mode === 'desktop' ? answered(OK()) : answered();
    case 'CallCardClose':
      return { answers: [OK()], closesCard: true };
  }
}
