/**
 * The one place where the playground touches the host simulator's card: what it shows, and
 * what a click on it does. The view (cardView.ts) draws a {@link HostCard} and calls its
 * actions; nothing else in the playground reads `sim.card` or clicks on the simulator.
 *
 * Mute and Hold toggle the card itself (host-behaviour.md §2): a click flips the card's own
 * flag and highlight at once, then emits the new value; `CallCardSetMute` / `CallCardSetHold`
 * set the flag without an event. Today's simulator does not flip its card on a click, so the
 * flags are kept here, taking the simulator's value whenever a command changes it. Once the
 * simulator flips its own flag, `flags` can go and `muted` / `held` come from `card` alone.
 */
import { BUTTONS_BY_UI_STATE, type CardButton, type CardEventName, type UiState } from '../../index';
import type { CardView, HostSimulator, InitializedPayload } from '../../testing/host';

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
  /** The CRM section's Save: the editor's whole text. */
  saveComment(text: string): ClickResult;
}

export function hostCardPort(sim: HostSimulator): HostCardPort {
  let flags = { callId: '', muted: false, held: false, fromSim: { muted: false, held: false } };

  function sync(card: CardView): void {
    if (card.call.CALL_ID !== flags.callId) {
      flags = { callId: card.call.CALL_ID, muted: card.muted, held: card.held, fromSim: { muted: card.muted, held: card.held } };
      return;
    }
    // A CallCardSetMute / SetHold landed: the card shows what the application set.
    if (card.muted !== flags.fromSim.muted) flags = { ...flags, muted: card.muted, fromSim: { ...flags.fromSim, muted: card.muted } };
    if (card.held !== flags.fromSim.held) flags = { ...flags, held: card.held, fromSim: { ...flags.fromSim, held: card.held } };
  }

  return {
    read() {
      const card = sim.card;
      if (card === null) return null;
      sync(card);
      const listed = card.uiState in BUTTONS_BY_UI_STATE ? BUTTONS_BY_UI_STATE[card.uiState as UiState] : CLOSE_ONLY;
      return {
        uiState: card.uiState,
        buttons: listed,
        title: card.title,
        statusText: card.statusText,
        timer: card.timer.visible ? formatTimer(card.timer.seconds) : null,
        timerRunning: card.timer.running,
        muted: flags.muted,
        held: flags.held,
        call: card.call,
        layout: card.call.CRM_ENTITY_TYPE ? 'crm' : 'simple',
      };
    },
    click: (event) => sim.click(event),
    toggleMute() {
      flags = { ...flags, muted: !flags.muted };
      return sim.mute(flags.muted);
    },
    toggleHold() {
      flags = { ...flags, held: !flags.held };
      return sim.hold(flags.held);
    },
    rate: (stars) => sim.rate(stars),
    dial: (key) => sim.dial(key),
    transfer: (target, kind) => sim.transfer(target, kind),
    saveComment: (text) => sim.comment(text),
  };
}
