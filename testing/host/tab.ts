import type { CardEventName } from '../../protocol';
import { CardModel } from './card';
import { CallCardTabFrame, CardSlot } from './callCardTab';
import { AUTO_CLOSE_COMMENT_DELAY_MS } from './hostSimulator';
import type { CrmBlock } from './types';
import { CardOperator, notClosed, refused } from './operator';
import type { OperatorClose } from './operator';
import { buildEntityPayload, copyPlainData } from './payloads';
import type { EntityPayload, InitializedPayload } from './payloads';
import { loadWindowFrame } from './frames';
import type { PortalCore, WindowFrame } from './frames';
import type { CallListItem, NavigationResult, PortalCardView, PushDelivery, TabPage } from './portal.types';
import { nameOf, safely, textOf } from './safe';
import type { ClickOptions, ClickResult, CloseResult } from './types';
import type { PortalWindow } from './window';

/** How a card of a tab ends (v3 §1.5, §11). */
export type CardEnd = OperatorClose | 'command' | 'autoClose' | 'enableAutoClose';

/** The states in which the host's fold button shows (v3 §2). */
const FOLDABLE_STATES = ['connected', 'externalCard'] as const;
/** A folded card in these states lets the page go without asking (v3 §6). */
const QUIET_FOLDED_STATES = ['idle', 'error', 'externalCard'] as const;

/** A slider of a tab: its own worker window, and the application's page when it shows it. */
export class TabSlider {
  open = true;
  constructor(
    readonly index: number,
    readonly tab: number,
    readonly worker: WindowFrame,
    readonly appPage: WindowFrame | null,
    private readonly onChange: () => void,
  ) {}

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.worker.window.destroy();
    this.appPage?.window.destroy();
    this.onChange();
  }
}

/** The call list on a call-list card (v3 §12). */
export interface CallListState {
  readonly id: number;
  position: number;
  readonly items: readonly CallListItem[];
}

/**
 * One tab of the portal: its page's host (worker frame, the application's page when the
 * tab shows it, sliders) and its card, with the `CALL_CARD` tab and the hold around it.
 */
export class TabHost {
  open = true;
  page: TabPage;
  pageLoads = 0;
  pushDelayMs: number;
  worker!: WindowFrame;
  appPage: WindowFrame | null = null;
  sliders: TabSlider[] = [];
  slot: CardSlot | null = null;
  callList: CallListState | null = null;
  /** The `CALL_CARD` applications as the page found them when it loaded (v3 §11). */
  callCardApps: readonly string[] = [];
  readonly operator: CardOperator;

  constructor(
    readonly index: number,
    readonly core: PortalCore,
    options: { pushDelayMs: number; page: TabPage },
  ) {
    this.pushDelayMs = options.pushDelayMs;
    this.page = options.page;
    this.operator = new CardOperator(core.engine, {
      shown: () => (this.window.showsCard ? this.window : undefined),
      fallback: () => this.window,
      closedByOperator: (window, card, how) => this.afterClose(window, card, how),
    });
    this.loadPage();
  }

  get window(): PortalWindow {
    return this.worker.window;
  }

  /** Whether the tab has a card open (a call-list card and a folded one included; an Esc-disposed one not). */
  hasOpenCard(): boolean {
    return this.window.card !== null && !this.window.card.disposed;
  }

  view(): PortalCardView | null {
    const card = this.window.card;
    if (card === null || card.disposed) return null;
    const slot = this.slot?.card === card ? this.slot : null;
    const list = this.callList;
    return Object.freeze({
      ...card.view(this.core.scheduler.now),
      kind: card.external ? ('external' as const) : ('callList' as const),
      folded: card.folded,
      driven: card.driven,
      holdUntil: slot?.holdUntil ?? null,
      closesAt: slot?.closeTimer?.at ?? null,
      callList: list === null ? null : Object.freeze({ id: list.id, position: list.position, items: list.items }),
    });
  }

  // ── cards come ────────────────────────────────────────────────────────────

  /** The `showExternalCall` push reaches this tab (v3 §7). */
  receivePush(payload: InitializedPayload, crm: CrmBlock, entityFirst: Partial<EntityPayload> | undefined): PushDelivery['outcome'] {
    if (!this.open) return 'tabClosed';
    if (this.core.desktopRunning) return 'desktopApp';
    if (this.hasOpenCard()) return 'cardAlreadyOpen';
    if (this.core.viExternalCard !== false) return 'anotherTabHoldsCard';
    this.buildCard(payload, crm, entityFirst);
    return 'built';
  }

  /** Builds an external card in this tab (§1.2): `entityChanged` first with CRM data, then `initialized`; the flag 100 ms later. */
  buildCard(payload: InitializedPayload, crm: CrmBlock, entityFirst: Partial<EntityPayload> | undefined): void {
    const { engine, scheduler } = this.core;
    const window = this.window;
    // A card disposed by Esc is let go; the CRM block's entityChanged comes before the card exists (§1.2).
    window.card = null;
    engine.changed();
    if (crm === 'loaded') engine.emit(window, 'entityChanged', [safely(() => buildEntityPayload(entityFirst, payload), buildEntityPayload(undefined, payload))]);
    const card = new CardModel(payload, crm, engine.sent);
    const slot = new CardSlot(card, (held) => this.closeSlot(held, 'enableAutoClose'));
    window.card = card;
    this.slot = slot;
    engine.changed();
    engine.emit(window, 'initialized', [copyPlainData(payload)]);
    // The host sets CALL_STATE when it shows the card, before any tab exists to hear it (v3 §11).
    engine.emitTo(-1, 'CallCard::CallStateChanged', ['connected'], []);
    if (card.layout === 'crm') this.openCallCardTab(slot);
    const callId = textOf(payload.CALL_ID);
    slot.flagTimer = scheduler.at(this.core.flagDelayMs, () => {
      if (this.window.card === card) this.core.viExternalCard = callId;
      engine.changed();
    });
  }

  // ── cards go ──────────────────────────────────────────────────────────────

  /** The host's own auto-close (after `finish`, `hide`, or the card closing in another tab): held back while the tab holds it. */
  autoCloseCard(): CloseResult {
    const slot = this.slot;
    const card = this.window.card;
    if (slot === null || card === null || slot.card !== card || card.disposed) return notClosed('no card is open');
    const { scheduler, engine } = this.core;
    if (slot.closeTimer !== null) return { closed: false, deferred: true, closesAt: slot.closeTimer.at };
    if (slot.held(scheduler.now) && slot.holdUntil !== null) {
      // The held-back close is the one BeforeClose the tab receives (v3 §11).
      slot.closeTimer = scheduler.at(slot.holdUntil - scheduler.now, () => this.closeSlot(slot, 'autoClose'));
      engine.changed();
      slot.tab?.deliver('CallCard::BeforeClose', [undefined]);
      return { closed: false, deferred: true, closesAt: slot.closeTimer.at };
    }
    if (card.editorOpen) {
      // The comment editor holds the card; the host saves the text itself, then closes (§1.7).
      slot.closeTimer = scheduler.at(AUTO_CLOSE_COMMENT_DELAY_MS, () => {
        if (card.editorOpen) {
          card.editorOpen = false;
          engine.emit(this.window, 'addCommentButtonClick', [card.editorText]);
        }
        this.closeSlot(slot, 'autoClose');
      });
      engine.changed();
      return { closed: false, deferred: true, closesAt: slot.closeTimer.at };
    }
    this.closeSlot(slot, 'autoClose');
    return { closed: true };
  }

  /** Closes the slot's card now, if it is still this tab's card. */
  closeSlot(slot: CardSlot, how: CardEnd): void {
    if (this.window.card !== slot.card) return;
    this.window.card = null;
    this.afterClose(this.window, slot.card, how);
  }

  /** A card of this tab has closed (the host has let go of it, or Esc disposed it). */
  afterClose(window: PortalWindow, card: CardModel, how: CardEnd): void {
    if (window !== this.window) return;
    const slot = this.slot?.card === card ? this.slot : null;
    if (slot !== null) {
      this.slot = null;
      if (slot.flagTimer !== null) slot.flagTimer.cancelled = true;
      if (slot.closeTimer !== null) slot.closeTimer.cancelled = true;
      const tab = slot.tab;
      // The frame is removed in the same step as BeforeClose is fired, so it never hears a real close; Esc fires none.
      tab?.destroy();
      if (how !== 'esc') tab?.deliver('CallCard::BeforeClose', [undefined]);
    }
    if (!card.external) this.callList = null;
    this.core.engine.changed();
    if (card.external) this.core.cardClosedIn(this.index, textOf(card.call.CALL_ID));
  }

  // ── the CRM block and the CALL_CARD tab ──────────────────────────────────

  loadCrmBlock(entity?: Partial<EntityPayload>): ClickResult {
    const card = this.window.card;
    const slot = this.slot;
    if (card === null || slot === null || slot.card !== card || card.disposed) return refused('no card is open');
    if (card.layout === 'crm') return refused('the CRM block has already loaded');
    const payload = safely(() => buildEntityPayload(entity, card.call), buildEntityPayload(undefined, card.call));
    card.switchToCrmLayout(this.core.scheduler.now);
    slot.entity = payload;
    this.core.engine.changed();
    this.core.engine.emit(this.window, 'entityChanged', [payload]);
    // The tab comes with the CRM layout, after this entityChanged: it must read getStatus when it loads.
    this.openCallCardTab(slot);
    return { delivered: true };
  }

  changeEntity(entity?: Partial<EntityPayload>, options?: ClickOptions): ClickResult {
    const card = this.window.showsCard ? this.window.card : null;
    const payload = safely(() => buildEntityPayload(entity, card?.call ?? null), buildEntityPayload(undefined, card?.call ?? null));
    const result = this.operator.click('entityChanged', payload, options);
    const slot = this.slot;
    if (result.delivered && slot !== null && slot.card === card) {
      slot.entity = payload;
      slot.activityId = '';
      this.core.engine.changed();
      slot.tab?.deliver('CallCard::EntityChanged', [{ CRM_ENTITY_TYPE: payload.CRM_ENTITY_TYPE, CRM_ENTITY_ID: payload.CRM_ENTITY_ID, PHONE_NUMBER: payload.PHONE_NUMBER }]);
    }
    return result;
  }

  /**
   * The host's own `setCallState` (Bitrix24's own calls; for an external card the host calls it
   * only before the tab exists): `CALL_STATE` changes and `CallCard::CallStateChanged` fires, but
   * the host forwards one argument, so the tab never gets `additionalParams` (`failedCode`).
   */
  hostSetsCallState(state: string, additionalParams?: unknown): ClickResult {
    const slot = this.slot;
    const card = this.window.card;
    if (slot === null || card === null || slot.card !== card || card.disposed) return refused('no card is open');
    const name = nameOf(state);
    if (name === slot.callState) return refused(`CALL_STATE is already '${name}'`);
    slot.callState = name;
    this.core.engine.changed();
    // additionalParams is dropped here on purpose: the host passes on only the state (v3 §11).
    void additionalParams;
    if (slot.tab !== null && slot.tab.alive) slot.tab.deliver('CallCard::CallStateChanged', [name]);
    else this.core.engine.emitTo(-1, 'CallCard::CallStateChanged', [name], []);
    return { delivered: true };
  }

  private openCallCardTab(slot: CardSlot): void {
    if (slot.tab !== null || this.callCardApps.length === 0) return;
    slot.tab = new CallCardTabFrame(slot, this.core, this.callCardApps, this.index);
    this.core.engine.changed();
  }

  // ── fold ──────────────────────────────────────────────────────────────────

  fold(): ClickResult {
    const card = this.window.card;
    if (card === null || card.disposed || !card.external) return refused('no external card is open');
    if (card.folded) return refused('the card is already folded');
    if (!(FOLDABLE_STATES as readonly string[]).includes(card.uiState)) return refused(`the fold button shows only in connected and the first internal state, not in '${card.uiState}'`);
    const slot = this.slot;
    if (slot !== null && (slot.held(this.core.scheduler.now) || slot.closeTimer !== null)) return refused('fold is not offered while the auto-close is held');
    card.folded = true;
    this.core.engine.changed();
    return { delivered: true };
  }

  unfold(): ClickResult {
    const card = this.window.card;
    if (card === null || !card.folded) return refused('no folded card');
    card.folded = false;
    this.core.engine.changed();
    return { delivered: true };
  }

  // ── pages ─────────────────────────────────────────────────────────────────

  /** A full page load (v3 §6): everything in the page ends with no event; a card is not restored. */
  navigate(page: TabPage): NavigationResult {
    const card = this.window.card;
    const live = card !== null && !card.disposed;
    const prompted = live && (!card.folded || !(QUIET_FOLDED_STATES as readonly string[]).includes(card.uiState));
    this.teardown();
    if (this.open) {
      this.page = page;
      this.loadPage();
    }
    this.core.engine.changed();
    return { prompted, cardDestroyed: live, cardRestored: false };
  }

  close(): void {
    if (!this.open) return;
    this.teardown();
    this.open = false;
    this.core.engine.changed();
  }

  openSlider(options: { cardCommands: boolean; app: boolean }): TabSlider {
    const index = this.sliders.length;
    const uri = `tab${this.index}/page${this.pageLoads}/slider${index}`;
    const where = { tab: this.index, slider: index, uri };
    const worker = loadWindowFrame(this.core, where, 'worker', options.cardCommands);
    const appPage = options.app ? loadWindowFrame(this.core, where, 'appPage', false) : null;
    const slider = new TabSlider(index, this.index, worker, appPage, () => this.core.engine.changed());
    this.sliders.push(slider);
    this.core.engine.changed();
    return slider;
  }

  private teardown(): void {
    const slot = this.slot;
    const card = this.window.card;
    if (slot !== null) {
      if (slot.flagTimer !== null) slot.flagTimer.cancelled = true;
      if (slot.closeTimer !== null) slot.closeTimer.cancelled = true;
      slot.tab?.destroy();
      this.slot = null;
    }
    // Assumed: the page's unload leaves the other tabs' cards alone, and a flag this page set does not outlive it.
    if (card !== null && this.core.viExternalCard === textOf(card.call.CALL_ID)) this.core.viExternalCard = false;
    this.callList = null;
    this.window.destroy();
    this.appPage?.window.destroy();
    for (const slider of this.sliders) slider.close();
  }

  private loadPage(): void {
    this.pageLoads += 1;
    // The card's tab list is built when the page loads: an application bound later shows after a reload.
    this.callCardApps = [...this.core.callCardApps];
    this.sliders = [];
    const where = { tab: this.index, slider: null, uri: `tab${this.index}/page${this.pageLoads}${this.page === 'app' ? '/app' : ''}` };
    this.worker = loadWindowFrame(this.core, where, 'worker', true);
    this.appPage = this.page === 'app' ? loadWindowFrame(this.core, where, 'appPage', false) : null;
  }

  // ── the operator, at this tab's card ─────────────────────────────────────

  click(event: CardEventName, payload?: unknown, options?: ClickOptions): ClickResult {
    if (event === 'entityChanged') return this.changeEntity(payload as Partial<EntityPayload> | undefined, options);
    return this.operator.click(event, payload, options);
  }
}
