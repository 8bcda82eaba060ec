import { BUTTONS_BY_UI_STATE, INTERNAL_UI_STATES, UI_STATES, isUiState } from '../../protocol';
import type { CardButton, InternalUiState, UiState } from '../../protocol';
import { copyPlainData } from './payloads';
import type { InitializedPayload } from './payloads';
import { CallTimer } from './timer';
import type { TimerView } from './timer';

/** The open card as the operator sees it. */
export interface CardView {
  /** The UI state the card shows; a fresh card is in the internal `externalCard`. */
  readonly uiState: UiState | InternalUiState;
  /**
   * The buttons the state shows (none in the internal states). The top close button is
   * not listed: it is always there while the card is open.
   */
  readonly buttons: readonly CardButton[];
  /** Set by `CallCardSetCardTitle`; `''` until then. */
  readonly title: string;
  /** Set by `CallCardSetStatusText`; `''` until then. */
  readonly statusText: string;
  readonly timer: TimerView;
  /** The microphone indicator, as `CallCardSetMute` last set it (an operator's click does not change it). */
  readonly muted: boolean;
  /** The hold indicator, as `CallCardSetHold` last set it (an operator's click does not change it). */
  readonly held: boolean;
  /** The call, as `initialized` reported it. */
  readonly call: InitializedPayload;
}

/** Every UI state `CallCardSetUiState` accepts: the 12 listed and the 3 internal ones. */
export function isAcceptedUiState(value: unknown): value is UiState | InternalUiState {
  return typeof value === 'string' && ((UI_STATES as readonly string[]).includes(value) || (INTERNAL_UI_STATES as readonly string[]).includes(value));
}

/** States whose entry stops the timer (host-behaviour.md §5); the transfer states keep it counting. */
const TIMER_STOPPING_STATES: readonly (UiState | InternalUiState)[] = [
  'incoming',
  'transferIncoming',
  'outgoing',
  'connectingIncoming',
  'connectingOutgoing',
  'error',
  'moneyError',
  'redial',
  'idle',
];

/** The state of one open card; the simulator owns it and replaces it for each call. */
export class CardModel {
  uiState: UiState | InternalUiState = 'externalCard';
  title = '';
  statusText = '';
  muted = false;
  held = false;
  /** Whether the application has sent any command since this card was raised (it changes the transfer payload). */
  appHasSpoken = false;
  private readonly timer = new CallTimer();

  constructor(readonly call: InitializedPayload) {}

  /** Applies a UI state and its timer rules (host-behaviour.md §5), as the host's `setUiState` does. */
  setUiState(uiState: UiState | InternalUiState, disableAutoStartTimer: boolean, now: number): void {
    this.uiState = uiState;
    if (uiState === 'connected') {
      if (disableAutoStartTimer) {
        this.timer.stop(now);
        this.timer.hideAndReset(now);
      } else {
        this.timer.start(now);
      }
      return;
    }
    if (TIMER_STOPPING_STATES.includes(uiState)) this.timer.stop(now);
    if (!this.timer.isRunning()) this.timer.hideAndReset(now);
  }

  startTimer(now: number): void {
    this.timer.start(now);
  }

  stopTimer(now: number): void {
    this.timer.stop(now);
  }

  /** Whether the shown buttons include one that emits `event`. */
  shows(event: string): boolean {
    return this.buttons().some((button) => button.event === event);
  }

  buttons(): readonly CardButton[] {
    return isUiState(this.uiState) ? BUTTONS_BY_UI_STATE[this.uiState] : [];
  }

  view(now: number): CardView {
    return Object.freeze({
      uiState: this.uiState,
      buttons: this.buttons(),
      title: this.title,
      statusText: this.statusText,
      timer: Object.freeze(this.timer.view(now)),
      muted: this.muted,
      held: this.held,
      call: copyPlainData(this.call),
    });
  }
}
