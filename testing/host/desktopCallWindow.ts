import { CardModel } from './card';
import { CallCardTabFrame, CardSlot } from './callCardTab';
import type { TabFrameHost } from './callCardTab';
import type { InitializedPayload } from './payloads';
import type { DesktopCallWindowView } from './portal.types';
import { textOf } from './safe';
import type { CrmBlock } from './types';

/** `AppFrame.tab` of a frame in the desktop application's call window: no browser tab. */
export const DESKTOP_CALL_WINDOW = -1;

/**
 * The Bitrix24 desktop application's separate call window (v3 §7, §11): while the desktop
 * runs it shows the card no browser tab gets, and the card's `CALL_CARD` tab lives there,
 * only where iframes are supported. Its card events reach no worker (§7), so it is modelled
 * only as far as the tab goes: raised by a push, closed by `hide`.
 */
export class DesktopCallWindow {
  private slot: CardSlot | null = null;

  constructor(
    private readonly host: TabFrameHost & { readonly callCardApps: readonly string[] },
    /** Whether this desktop build supports iframes in the call window. */
    public iframes: boolean,
  ) {}

  view(): DesktopCallWindowView | null {
    const slot = this.slot;
    if (slot === null) return null;
    const tab = slot.tab;
    return Object.freeze({ callId: textOf(slot.card.call.CALL_ID), callCardTab: tab !== null && tab.alive ? tab.face : null });
  }

  /** The push reaches the desktop: it shows the card in its call window, one at a time. */
  receivePush(payload: InitializedPayload, crm: CrmBlock): boolean {
    if (this.slot !== null) return false;
    const slot = new CardSlot(new CardModel(payload, crm), () => this.close());
    this.slot = slot;
    if (slot.card.layout === 'crm' && this.iframes && this.host.callCardApps.length > 0) {
      slot.tab = new CallCardTabFrame(slot, this.host, this.host.callCardApps, DESKTOP_CALL_WINDOW);
    }
    this.host.engine.changed();
    return true;
  }

  /** Closes the call window's card of `callId` (any card when none is given); its tab goes with it. */
  close(callId?: string): boolean {
    const slot = this.slot;
    if (slot === null || (callId !== undefined && textOf(slot.card.call.CALL_ID) !== callId)) return false;
    this.slot = null;
    slot.tab?.destroy();
    this.host.engine.changed();
    return true;
  }
}
