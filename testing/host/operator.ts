import { isCardEventName } from '../../protocol';
import type { CardEventName } from '../../protocol';
import type { CardModel } from './card';
import type { HostEngine } from './engine';
import { buildEntityPayload, buildTransferPayload, isNoPayloadEvent } from './payloads';
import type { EntityPayload, TransferKind } from './payloads';
import { isForced, nameOf, safely, textOf } from './safe';
import type { ClickOptions, ClickResult, CloseResult, DialOptions, OperatorActions } from './types';
import type { PortalWindow } from './window';

/** How a card was closed by the operator: Close emits `closeButtonClick`, Esc emits nothing. */
export type OperatorClose = 'closeButton' | 'esc';

/** Where the operator's card is: the simulator's one shown card, or one portal tab's. */
export interface CardStage {
  /** The window whose card the operator sees, if any (not folded, not disposed). */
  shown(): PortalWindow | undefined;
  /** Where a forced click goes when no card is shown. */
  fallback(): PortalWindow;
  /** The operator closed `card` in `window` (the host has already let go of it, or disposed it). */
  closedByOperator(window: PortalWindow, card: CardModel, how: OperatorClose): void;
}

export const refused = (reason: string): ClickResult => ({ delivered: false, reason });
export const notClosed = (reason: string): CloseResult => ({ closed: false, reason });

/**
 * The operator at the card (host-behaviour.md §2, §3): each button emits its event to the
 * worker of the card's window, with the payload the host's code builds.
 */
export class CardOperator implements OperatorActions {
  constructor(
    private readonly engine: HostEngine,
    private readonly stage: CardStage,
  ) {}

  click(event: CardEventName, payload?: unknown, options?: ClickOptions): ClickResult {
    return this.operatorClick(event, () => payload, options);
  }

  rate(stars: 1 | 2 | 3 | 4 | 5, options?: ClickOptions): ClickResult {
    return this.click('qualityMeterClick', textOf(stars), options);
  }

  transfer(target: string | number, kind: TransferKind = 'user', options?: ClickOptions): ClickResult {
    const window = this.stage.shown() ?? this.stage.fallback();
    const sent = typeof target === 'number' || typeof target === 'string' ? target : textOf(target);
    const phoneNumber = window.card?.call.PHONE_NUMBER;
    const payload = buildTransferPayload(sent, kind, window.appHasSpoken, phoneNumber === undefined ? undefined : textOf(phoneNumber));
    return this.click('transferButtonClick', payload, options);
  }

  dial(key: string, options?: DialOptions): ClickResult {
    const via = safely(() => options?.via, undefined) ?? 'button';
    const card = this.stage.shown()?.card;
    if (via === 'keyboard' && (key === '*' || key === '#')) {
      if (card != null && card.shows('dialpadButtonClick')) {
        card.dialled += key;
        this.engine.changed();
      }
      return refused(`a keyboard '${key}' types into the dial pad field but emits nothing`);
    }
    const typed = via === 'longPress' && key === '0' ? '+' : textOf(key);
    return this.operatorClick('dialpadButtonClick', () => key, options, (shownCard) => {
      shownCard.dialled += typed;
    });
  }

  mute(muted?: boolean, options?: ClickOptions): ClickResult {
    return this.toggle('muteButtonClick', 'muted', muted, options);
  }

  hold(held?: boolean, options?: ClickOptions): ClickResult {
    return this.toggle('holdButtonClick', 'held', held, options);
  }

  openCommentEditor(): boolean {
    const card = this.stage.shown()?.card;
    if (card == null || card.editorOpen || !card.shows('addCommentButtonClick')) return false;
    card.editorOpen = true;
    this.engine.changed();
    return true;
  }

  typeComment(text: string): boolean {
    const card = this.stage.shown()?.card;
    if (card == null || !card.editorOpen) return false;
    card.editorText += textOf(text);
    this.engine.changed();
    return true;
  }

  saveComment(options?: ClickOptions): ClickResult {
    const card = this.stage.shown()?.card;
    if (card != null && card.shows('addCommentButtonClick') && !card.editorOpen && !isForced(options)) {
      return refused('the comment editor is not open: the first click opens it');
    }
    return this.operatorClick(
      'addCommentButtonClick',
      () => card?.editorText ?? '',
      options,
      (shownCard) => {
        shownCard.editorOpen = false;
      },
    );
  }

  comment(text: string, options?: ClickOptions): ClickResult {
    const card = this.stage.shown()?.card;
    if (card == null || !card.shows('addCommentButtonClick')) return this.click('addCommentButtonClick', textOf(text), options);
    if (!card.editorOpen) this.openCommentEditor();
    this.typeComment(text);
    return this.saveComment(options);
  }

  changeEntity(entity?: Partial<EntityPayload>, options?: ClickOptions): ClickResult {
    const call = this.stage.shown()?.card?.call ?? null;
    return this.click('entityChanged', safely(() => buildEntityPayload(entity, call), buildEntityPayload(undefined, call)), options);
  }

  emitRaw(event: string, ...args: unknown[]): void {
    this.engine.emit(this.stage.shown() ?? this.stage.fallback(), nameOf(event), args);
  }

  /**
   * Esc (§1.5): closes the popup only where the card is closable, with no event. The older
   * build's worker keeps the disposed card; the newer one lets go of it (v3).
   */
  pressEsc(): CloseResult {
    const window = this.stage.shown();
    const card = window?.card;
    if (window === undefined || card == null) return notClosed('no card is open');
    if (!card.isEscClosable()) return notClosed(`Esc does nothing in '${card.uiState}': the card is not closable there`);
    card.autoCloseAt = null;
    if (this.engine.build.esc === 'keepsCard') card.disposed = true;
    else window.card = null;
    this.engine.changed();
    this.stage.closedByOperator(window, card, 'esc');
    return { closed: true };
  }

  /**
   * A click the operator makes: refused when no card is shown or the card offers no way to
   * emit `event` (unless forced); `beforeEmit` changes the card as the host does before
   * telling the application.
   */
  private operatorClick(event: CardEventName, payloadOf: () => unknown, options: ClickOptions | undefined, beforeEmit?: (card: CardModel) => void): ClickResult {
    if (!isCardEventName(event)) return refused(`'${nameOf(event)}' is not a card event; use emitRaw`);
    const force = isForced(options);
    const window = this.stage.shown();
    const card = window?.card ?? null;
    if (card === null && !force) return refused('no card is open');
    if (card !== null && !force && !card.shows(event)) return refused(card.refusal(event));
    const payload = payloadOf();
    let closed = false;
    if (window !== undefined && card !== null) {
      beforeEmit?.(card);
      // The operator's Close closes the card itself before the application hears of it.
      if (event === 'closeButtonClick') {
        window.card = null;
        closed = true;
      }
      this.engine.changed();
    }
    const data = payload === undefined && isNoPayloadEvent(event) ? this.engine.noDataValue() : payload;
    if (closed && window !== undefined && card !== null) this.stage.closedByOperator(window, card, 'closeButton');
    // Only an external card talks to the worker (v3 §12): a call-list card's clicks stay in the host.
    if (card !== null && !card.external) return { delivered: false, reason: 'a call-list card is not an external card: the worker hears nothing from it' };
    this.engine.emit(window ?? this.stage.fallback(), event, [data]);
    return { delivered: true };
  }

  /** Mute and Hold flip the card's own flag and emit the new value (§2). */
  private toggle(event: 'muteButtonClick' | 'holdButtonClick', flag: 'muted' | 'held', wanted: unknown, options: ClickOptions | undefined): ClickResult {
    const card = this.stage.shown()?.card ?? null;
    const current = card?.[flag] ?? false;
    const next = typeof wanted === 'boolean' ? wanted : !current;
    if (card !== null && !isForced(options) && card.shows(event) && next === current) {
      return refused(`the card is already ${flag === 'muted' ? (current ? 'muted' : 'unmuted') : current ? 'held' : 'not held'}: a click would ${flag === 'muted' ? (current ? 'unmute' : 'mute') : current ? 'resume' : 'hold'}`);
    }
    return this.operatorClick(event, () => next, options, (shownCard) => {
      shownCard[flag] = next;
    });
  }
}
