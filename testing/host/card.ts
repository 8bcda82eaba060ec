import { BUTTONS_BY_UI_STATE, INTERNAL_UI_STATES, UI_STATES, isUiState } from '../../protocol';
import type { CardButton, CardEventName, InternalUiState, UiState } from '../../protocol';
import { copyPlainData } from './payloads';
import type { InitializedPayload } from './payloads';
import { CallTimer } from './timer';
import type { TimerView } from './timer';
import type { CrmBlock } from './types';

/** The card's layout: the simple one has no CRM section and no timer element (host-behaviour.md §4). */
export type CardLayout = 'simple' | 'crm';

/** The open card as the operator sees it. */
export interface CardView {
  /** The UI state the card shows; a fresh card is in the internal `externalCard`. */
  readonly uiState: UiState | InternalUiState;
  /** The buttons the state shows (the Close button of `idle`, `sipPhoneError` and `externalCard` included). */
  readonly buttons: readonly CardButton[];
  /** `crm` once the CRM block has loaded (comment section, timer element), `simple` before or without one. */
  readonly layout: CardLayout;
  /** The comment editor of the CRM section: whether it is open, and the text it keeps. */
  readonly commentEditor: { readonly open: boolean; readonly text: string };
  /** What the dial pad's field shows (digits typed, `+` for a long press on 0). */
  readonly dialled: string;
  /** Set by `CallCardSetCardTitle`; `''` until then. */
  readonly title: string;
  /** Set by `CallCardSetStatusText`; `''` until then. */
  readonly statusText: string;
  /** The timer; shown only in `connected` and `transferring` (host-behaviour.md §5). */
  readonly timer: TimerView;
  /** The card's mute flag: flipped by the operator's click, set by `CallCardSetMute`. */
  readonly muted: boolean;
  /** The card's hold flag: flipped by the operator's click, set by `CallCardSetHold`. */
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
  'sipPhoneError',
  'redial',
  'idle',
];

/** The only states in which the timer can be seen (host-behaviour.md §5). */
const TIMER_VISIBLE_STATES: readonly (UiState | InternalUiState)[] = ['connected', 'transferring'];

/** States in which Esc closes the card (`setClosable(true)`, host-behaviour.md §1.5). */
export const ESC_CLOSABLE_STATES: readonly (UiState | InternalUiState)[] = ['outgoing', 'error', 'moneyError', 'sipPhoneError', 'redial', 'idle'];

const CLOSE_BUTTON: CardButton = { label: 'Close', event: 'closeButtonClick' };

/** The internal states' buttons: Close only (host-behaviour.md §2). */
const INTERNAL_STATE_BUTTONS: Record<InternalUiState, readonly CardButton[]> = {
  idle: [CLOSE_BUTTON],
  sipPhoneError: [CLOSE_BUTTON],
  externalCard: [CLOSE_BUTTON],
};

/** Events of the CRM section and block, whatever the UI state: only with the CRM layout. */
const CRM_SECTION_EVENTS: readonly CardEventName[] = ['addCommentButtonClick', 'entityChanged'];

/** Why `setUiState` ended: `threw` when the host's code failed half-way (the simple layout has no timer element). */
export type UiStateOutcome = 'applied' | 'threw';

/** The state of one card; the simulator owns it. */
export class CardModel {
  uiState: UiState | InternalUiState = 'externalCard';
  title = '';
  statusText = '';
  muted = false;
  held = false;
  layout: CardLayout;
  /** The CRM block is still loading (`loadCrmBlock` finishes it). */
  crmLoading: boolean;
  editorOpen = false;
  editorText = '';
  dialled = '';
  /** Closed by Esc: the operator no longer sees it, but the host's worker still holds it (host-behaviour.md §1.5). */
  disposed = false;
  /** When a deferred auto-close falls due (the simulated clock), or null. */
  autoCloseAt: number | null = null;
  /** Minimised by the host's own fold button (v3 §2): hidden from the operator, still the worker's card. */
  folded = false;
  /** Whether a command from the worker has reached it: such a card is not restored after a navigation (v3 §6). */
  driven = false;
  /**
   * An external card talks to the worker; a call-list card does not (v3 §12): the worker
   * hears none of its events and its commands answer `Call card is undefined`.
   */
  external = true;
  private readonly timer = new CallTimer();

  /**
   * @param raisedAfter how many commands had been sent when the host raised it: those were on
   * their way while the card was being built, and find no card (host-behaviour.md §1.2).
   */
  constructor(
    readonly call: InitializedPayload,
    crm: CrmBlock,
    readonly raisedAfter = 0,
  ) {
    this.layout = crm === 'loaded' ? 'crm' : 'simple';
    this.crmLoading = crm === 'loading';
  }

  /**
   * Applies a UI state and its timer rules (host-behaviour.md §5), as the host's
   * `setUiState` does. In the simple layout, starting the timer throws inside the host:
   * the state is applied, the timer is not, and the command is never answered (§4).
   */
  setUiState(uiState: UiState | InternalUiState, disableAutoStartTimer: boolean, now: number): UiStateOutcome {
    this.uiState = uiState;
    if (uiState === 'connected') {
      if (disableAutoStartTimer) {
        this.timer.stop(now);
        this.timer.hideAndReset(now);
        return 'applied';
      }
      return this.startTimer(now);
    }
    if (TIMER_STOPPING_STATES.includes(uiState)) this.timer.stop(now);
    if (!this.timer.isRunning()) this.timer.hideAndReset(now);
    return 'applied';
  }

  /** `CallCardStartTimer`; throws inside the host in the simple layout (no timer element, §4). */
  startTimer(now: number): UiStateOutcome {
    if (this.layout === 'simple') return 'threw';
    this.timer.start(now);
    return 'applied';
  }

  stopTimer(now: number): void {
    this.timer.stop(now);
  }

  /** The CRM block has loaded: the CRM layout, and the current UI state applied again (§5). */
  switchToCrmLayout(now: number): void {
    this.layout = 'crm';
    this.crmLoading = false;
    this.setUiState(this.uiState, false, now);
  }

  /** Whether the card offers a way to emit `event` now. */
  shows(event: CardEventName): boolean {
    if (CRM_SECTION_EVENTS.includes(event)) return this.layout === 'crm';
    return this.buttons().some((button) => button.event === event);
  }

  /** Why `event` cannot be emitted now, for a refused click. */
  refusal(event: CardEventName): string {
    if (CRM_SECTION_EVENTS.includes(event)) return `the card has no CRM section yet (simple layout): ${event} cannot come`;
    const shown = this.buttons().map((button) => button.event);
    return `the card in '${this.uiState}' shows no button emitting ${event} (shown: ${shown.join(', ') || 'none'})`;
  }

  buttons(): readonly CardButton[] {
    return isUiState(this.uiState) ? BUTTONS_BY_UI_STATE[this.uiState] : INTERNAL_STATE_BUTTONS[this.uiState];
  }

  isEscClosable(): boolean {
    return ESC_CLOSABLE_STATES.includes(this.uiState);
  }

  view(now: number): CardView {
    const timer = this.timer.view(now);
    return Object.freeze({
      uiState: this.uiState,
      buttons: this.buttons(),
      layout: this.layout,
      commentEditor: Object.freeze({ open: this.editorOpen, text: this.editorText }),
      dialled: this.dialled,
      title: this.title,
      statusText: this.statusText,
      timer: Object.freeze({ ...timer, visible: timer.visible && TIMER_VISIBLE_STATES.includes(this.uiState) }),
      muted: this.muted,
      held: this.held,
      call: copyPlainData(this.call),
    });
  }
}
