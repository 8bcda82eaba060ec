/**
 * The one place where the playground touches the host simulator's card: what it shows, and
 * what a click on it does. The view (cardView.ts) draws a {@link HostCard} and calls its
 * actions; nothing else in the playground reads `sim.card` or clicks on the simulator.
 *
 * Mute and Hold toggle the card itself (host-behaviour.md §2): the simulator flips the card's
 * own flag at the click and emits the new value; `CallCardSetMute` / `CallCardSetHold` set
 * it without an event. The host's own ways of making the card go (hide, Esc, another tab,
 * auto-close) or come back (show), and a reload of the worker frame, are here too
 * ({@link HostActions}): the simulator does each as the real host does.
 */
import { BUTTONS_BY_UI_STATE, type CardButton, type CardEventName, type UiState } from '../../index';
import type { CloseResult, HostSimulator, InitializedPayload, RaiseResult } from '../../testing/host';

/** What a click did: the simulator refuses a click on a button the card does not show. */
export type ClickResult = { readonly delivered: boolean; readonly reason?: string };

/** The open card as the operator sees it. */
export interface HostCard {
  readonly uiState: string;
  /** The buttons the host draws for an external card in this state (Close included where it exists). */
  readonly buttons: readonly CardButton[];
  readonly title: string;
  readonly statusText: string;
  /** `mm:ss` while the timer is shown, else null. */
  readonly timer: string | null;
  readonly timerRunning: boolean;
  /** The card's own flags, as its buttons show them. */
  readonly muted: boolean;
  readonly held: boolean;
  readonly call: InitializedPayload;
  /** The host switches to its CRM layout once the call's CRM block loads; a call without CRM keeps the simple one. */
  readonly layout: 'crm' | 'simple';
}

/** The host's internal states show only Close (host-behaviour.md §2); the simulator lists no buttons for them. */
const CLOSE_ONLY: readonly CardButton[] = [{ label: 'Close', event: 'closeButtonClick' }];

function formatTimer(seconds: number): string {
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

export interface HostCardPort {
  /** The card now, or null when the host shows none. */
  read(): HostCard | null;
  click(event: CardEventName): ClickResult;
  toggleMute(): ClickResult;
  toggleHold(): ClickResult;
  rate(stars: 1 | 2 | 3 | 4 | 5): ClickResult;
  dial(key: string): ClickResult;
  transfer(target: string, kind: 'user' | 'queue' | 'pstn'): ClickResult;
  /** The CRM section's first click: the host's comment editor opens (nothing is emitted). */
  openComment(): boolean;
  /** What the operator typed so far into the open editor (the host's editor keeps it, §1.7). */
  typeComment(text: string): void;
  /** The CRM section's Save: the editor's whole text. */
  saveComment(text: string): ClickResult;
}

/** What the host page does to the card on its own, with no event to the worker. */
export interface HostActions {
  /** `telephony.externalcall.hide` (or finish for the finishing user): the card goes. */
  hide(): CloseResult;
  /** `telephony.externalcall.show` for the last call raised: a new card, `initialized` with the same CALL_ID. */
  show(): RaiseResult;
  /** The operator presses Esc: closes the card only where it is closable; the worker's host keeps it disposed. */
  pressEsc(): CloseResult;
  /** The same call's card closed in another tab of the portal. */
  closeInOtherTab(): CloseResult;
  /** Bitrix24 closes the card after the call (deferred while the comment editor is open). */
  autoClose(): CloseResult;
  /** The CRM block binds another entity (`entityChanged`). */
  changeEntity(): ClickResult;
  /** Whether the host shows a card now. */
  readonly showsCard: boolean;
}

export function hostCardPort(sim: HostSimulator): HostCardPort {
  // The host's editor only appends what is typed; the page's text area is that editor, so it
  // passes on what was added at its end (an edit inside the text is typed as a whole again).
  function syncEditor(text: string): void {
    if (!sim.card?.commentEditor.open) sim.openCommentEditor();
    const kept = sim.card?.commentEditor.text ?? '';
    if (text === kept) return;
    sim.typeComment(text.startsWith(kept) ? text.slice(kept.length) : text);
  }

  return {
    read() {
      const card = sim.card;
      if (card === null) return null;
      const listed = card.uiState in BUTTONS_BY_UI_STATE ? BUTTONS_BY_UI_STATE[card.uiState as UiState] : CLOSE_ONLY;
      return {
        uiState: card.uiState,
        buttons: listed,
        title: card.title,
        statusText: card.statusText,
        timer: card.timer.visible ? formatTimer(card.timer.seconds) : null,
        timerRunning: card.timer.running,
        muted: card.muted,
        held: card.held,
        call: card.call,
        layout: card.layout,
      };
    },
    click: (event) => sim.click(event),
    // The card flips its own flag; the statechart hears the new value and tells the softphone.
    toggleMute: () => sim.mute(),
    toggleHold: () => sim.hold(),
    rate: (stars) => sim.rate(stars),
    dial: (key) => sim.dial(key),
    transfer: (target, kind) => sim.transfer(target, kind),
    openComment: () => sim.openCommentEditor(),
    typeComment: (text) => syncEditor(text),
    saveComment(text) {
      syncEditor(text);
      return sim.saveComment();
    },
  };
}

export function hostActions(sim: HostSimulator): HostActions {
  return {
    hide: () => sim.hide(),
    show: () => sim.show(),
    pressEsc: () => sim.pressEsc(),
    closeInOtherTab: () => sim.closeInOtherTab(),
    autoClose: () => sim.autoClose(),
    changeEntity: () => sim.changeEntity({ CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: 99 }),
    get showsCard() {
      return sim.card !== null;
    },
  };
}
