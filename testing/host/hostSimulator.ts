import { CARD_COMMAND_NAMES, isCardEventName } from '../../protocol';
import type { CardCommandName, CardEventName, PlacementPort } from '../../protocol';
import { CardModel } from './card';
import type { CardView } from './card';
import { runCommand } from './commands';
import type { HostBuild, HostMode } from './commands';
import { FaultBook } from './faults';
import type { FaultHit, FaultSpec } from './faults';
import {
  buildEntityPayload,
  buildInitializedPayload,
  buildTransferPayload,
  copyPlainData,
  hasCrmData,
  hostError,
  isNoPayloadEvent,
} from './payloads';
import type { EntityPayload, InitializedPayload, TransferKind } from './payloads';
import { isForced, nameOf, safely, textOf } from './safe';
import type {
  ClickOptions,
  ClickResult,
  CloseResult,
  CommandLogEntry,
  CrmBlock,
  DialOptions,
  EmittedEvent,
  HostSimulator,
  HostSimulatorOptions,
  HostWindow,
  NoDataShape,
  RaiseOptions,
  RaiseResult,
} from './types';
import { PortalWindow } from './window';
import type { WindowHub } from './window';

/** How long after a deferred auto-close the host saves the open comment and closes the card (host-behaviour.md §1.7). */
export const AUTO_CLOSE_COMMENT_DELAY_MS = 65_000;

interface MutableLogEntry {
  command: string;
  params: unknown;
  results: unknown[];
  answered: boolean;
  card: boolean;
  window: number;
  worker: number;
  stale: boolean;
  landed: boolean;
  fault?: FaultHit['kind'];
  callbackErrors: unknown[];
}

interface MutableEmittedEvent {
  event: string;
  payload: unknown;
  args: unknown[];
  window: number;
  handlerErrors: unknown[];
}

/** A call the host has had a card for: what `show` builds a new card from. */
interface KnownCall {
  readonly payload: InitializedPayload;
  readonly window: number;
}

/**
 * `settle()` stops after this many microtask turns with nothing pending and nothing new:
 * enough for an adapter's `await` chain between a callback and its next command.
 */
const QUIET_TURNS = 50;
/** A ceiling, so that an application that never stops sending cannot hang a test. */
const MAX_SETTLE_TURNS = 100_000;

const CRM_BLOCKS: readonly CrmBlock[] = ['loaded', 'loading', 'none'];
const NO_DATA_SHAPES: readonly NoDataShape[] = ['undefined', 'emptyString', 'emptyArray'];

function isCommandName(value: string): value is CardCommandName {
  return (CARD_COMMAND_NAMES as readonly string[]).includes(value);
}

/** A fresh no-data value each time, so that a handler mutating one cannot corrupt the next. */
function noDataValue(shape: NoDataShape): unknown {
  if (shape === 'emptyString') return '';
  if (shape === 'emptyArray') return [];
  return undefined;
}

const refused = (reason: string): ClickResult => ({ delivered: false, reason });
const notClosed = (reason: string): CloseResult => ({ closed: false, reason });

class Simulator implements HostSimulator, WindowHub {
  private readonly portal: PortalWindow[] = [];
  private readonly build: HostBuild;
  private readonly noData: NoDataShape;
  private readonly commandLog: MutableLogEntry[] = [];
  private readonly emitted: MutableEmittedEvent[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly faults = new FaultBook();
  private readonly knownCalls = new Map<string, KnownCall>();
  private lastCallId: string | null = null;
  /** The window of the last card, where a forced click goes when no card is shown. */
  private lastWindow = 0;
  private clock = 0;
  private calls = 0;
  private changes = 0;
  private pending = 0;
  /** Commands sent so far, in any window. */
  private sent = 0;
  private cachedView: { version: number; view: CardView | null } | null = null;

  constructor(
    readonly mode: HostMode,
    options: { oldDesktop: boolean; noData: NoDataShape; windows: number },
  ) {
    this.build = { mode, oldDesktop: options.oldDesktop };
    this.noData = options.noData;
    for (let i = 0; i < options.windows; i++) this.portal.push(new PortalWindow(i, this));
  }

  get placement(): PlacementPort {
    return this.first().placement;
  }

  get windows(): readonly HostWindow[] {
    return this.portal.map((window) => window.face);
  }

  get card(): CardView | null {
    if (this.cachedView?.version !== this.changes) {
      this.cachedView = { version: this.changes, view: this.shown()?.card?.view(this.clock) ?? null };
    }
    return this.cachedView.view;
  }

  get log(): readonly CommandLogEntry[] {
    return this.commandLog;
  }

  get events(): readonly EmittedEvent[] {
    return this.emitted;
  }

  get version(): number {
    return this.changes;
  }

  get now(): number {
    return this.clock;
  }

  // ── cards come ────────────────────────────────────────────────────────────

  raiseCall(call?: Partial<InitializedPayload>, options?: RaiseOptions): RaiseResult {
    this.calls += 1;
    const sequence = this.calls;
    const payload = safely(() => buildInitializedPayload(call, sequence), buildInitializedPayload(undefined, sequence));
    const entityFirst = safely(() => options?.entityFirst, undefined);
    const crm = this.crmOption(options) ?? (entityFirst !== undefined || hasCrmData(payload) ? 'loaded' : 'none');
    return this.openCard(payload, crm, this.windowOption(options) ?? 0, entityFirst);
  }

  show(callId?: string, options?: RaiseOptions): RaiseResult {
    const id = callId === undefined ? this.lastCallId : nameOf(callId);
    const known = id === null ? undefined : this.knownCalls.get(id);
    if (id === null || known === undefined) return { raised: false, callId: id ?? '', reason: 'unknownCall' };
    const payload: InitializedPayload = { ...copyPlainData(known.payload), CALL_STATE: 'idle' };
    const crm = this.crmOption(options) ?? (hasCrmData(payload) ? 'loaded' : 'none');
    return this.openCard(payload, crm, this.windowOption(options) ?? known.window, safely(() => options?.entityFirst, undefined));
  }

  // ── cards go, with no event ───────────────────────────────────────────────

  hide(callId?: string): CloseResult {
    const window = this.shown();
    if (window?.card == null) return notClosed('no card is open');
    if (callId !== undefined && textOf(window.card.call.CALL_ID) !== nameOf(callId)) {
      return notClosed(`the open card is for ${textOf(window.card.call.CALL_ID)}, not ${nameOf(callId)}`);
    }
    return this.dropCard(window);
  }

  pressEsc(): CloseResult {
    const window = this.shown();
    const card = window?.card;
    if (card == null) return notClosed('no card is open');
    if (!card.isEscClosable()) return notClosed(`Esc does nothing in '${card.uiState}': the card is not closable there`);
    // The popup closes; the host's worker keeps its reference to the disposed card.
    card.disposed = true;
    card.autoCloseAt = null;
    this.changed();
    return { closed: true };
  }

  closeInOtherTab(): CloseResult {
    const window = this.shown();
    return window === undefined ? notClosed('no card is open') : this.dropCard(window);
  }

  autoClose(): CloseResult {
    const window = this.shown();
    const card = window?.card;
    if (window === undefined || card == null) return notClosed('no card is open');
    if (!card.editorOpen) return this.dropCard(window);
    card.autoCloseAt ??= this.clock + AUTO_CLOSE_COMMENT_DELAY_MS;
    this.changed();
    return { closed: false, deferred: true, closesAt: card.autoCloseAt };
  }

  // ── the CRM block and the worker frame ────────────────────────────────────

  loadCrmBlock(entity?: Partial<EntityPayload>): ClickResult {
    const window = this.shown();
    const card = window?.card;
    if (window === undefined || card == null) return refused('no card is open');
    if (!card.crmLoading) return refused(card.layout === 'crm' ? 'the CRM block has already loaded' : 'the call has no CRM block');
    card.switchToCrmLayout(this.clock);
    this.changed();
    this.emit(window, 'entityChanged', [safely(() => buildEntityPayload(entity, card.call), buildEntityPayload(undefined, card.call))]);
    return { delivered: true };
  }

  reloadWorker(window = 0): PlacementPort {
    const target = this.portal[safely(() => Math.trunc(Number(window)), 0)] ?? this.first();
    return target.reloadWorker();
  }

  openWindow(): HostWindow {
    const window = new PortalWindow(this.portal.length, this);
    this.portal.push(window);
    this.changed();
    return window.face;
  }

  // ── the operator's clicks ─────────────────────────────────────────────────

  click(event: CardEventName, payload?: unknown, options?: ClickOptions): ClickResult {
    return this.operatorClick(event, () => payload, options);
  }

  rate(stars: 1 | 2 | 3 | 4 | 5, options?: ClickOptions): ClickResult {
    return this.click('qualityMeterClick', textOf(stars), options);
  }

  transfer(target: string | number, kind: TransferKind = 'user', options?: ClickOptions): ClickResult {
    const window = this.shown() ?? this.fallbackWindow();
    const sent = typeof target === 'number' || typeof target === 'string' ? target : textOf(target);
    const phoneNumber = window.card?.call.PHONE_NUMBER;
    const payload = buildTransferPayload(sent, kind, window.appHasSpoken, phoneNumber === undefined ? undefined : textOf(phoneNumber));
    return this.click('transferButtonClick', payload, options);
  }

  dial(key: string, options?: DialOptions): ClickResult {
    const via = safely(() => options?.via, undefined) ?? 'button';
    const card = this.shown()?.card;
    if (via === 'keyboard' && (key === '*' || key === '#')) {
      if (card != null && card.shows('dialpadButtonClick')) {
        card.dialled += key;
        this.changed();
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
    const card = this.shown()?.card;
    if (card == null || card.editorOpen || !card.shows('addCommentButtonClick')) return false;
    card.editorOpen = true;
    this.changed();
    return true;
  }

  typeComment(text: string): boolean {
    const card = this.shown()?.card;
    if (card == null || !card.editorOpen) return false;
    card.editorText += textOf(text);
    this.changed();
    return true;
  }

  saveComment(options?: ClickOptions): ClickResult {
    const card = this.shown()?.card;
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
    const card = this.shown()?.card;
    if (card == null || !card.shows('addCommentButtonClick')) return this.click('addCommentButtonClick', textOf(text), options);
    if (!card.editorOpen) this.openCommentEditor();
    this.typeComment(text);
    return this.saveComment(options);
  }

  changeEntity(entity?: Partial<EntityPayload>, options?: ClickOptions): ClickResult {
    const call = this.shown()?.card?.call ?? null;
    return this.click('entityChanged', safely(() => buildEntityPayload(entity, call), buildEntityPayload(undefined, call)), options);
  }

  emitRaw(event: string, ...args: unknown[]): void {
    this.emit(this.shown() ?? this.fallbackWindow(), nameOf(event), args);
  }

  // ── time, faults, settling ────────────────────────────────────────────────

  tick(ms: number): void {
    const step = safely(() => Number(ms), Number.NaN);
    if (!Number.isFinite(step) || step <= 0) return;
    this.clock += step;
    this.changed();
    for (const window of this.portal) {
      const card = window.card;
      if (card === null || card.autoCloseAt === null || card.autoCloseAt > this.clock) continue;
      // The deferred auto-close falls due: the host saves the open comment itself, then closes.
      card.autoCloseAt = null;
      if (card.editorOpen) {
        card.editorOpen = false;
        this.emit(window, 'addCommentButtonClick', [card.editorText]);
      }
      if (window.card === card) this.dropCard(window);
    }
  }

  injectFault(fault: FaultSpec): void {
    safely(() => this.faults.inject(fault), undefined);
  }

  async settle(): Promise<void> {
    let quiet = 0;
    let seen = this.changes;
    for (let turn = 0; turn < MAX_SETTLE_TURNS && quiet < QUIET_TURNS; turn++) {
      await Promise.resolve();
      if (this.pending === 0 && this.changes === seen) {
        quiet += 1;
      } else {
        quiet = 0;
        seen = this.changes;
      }
    }
  }

  subscribe(listener: () => void): () => void {
    if (typeof listener !== 'function') return () => {};
    // Wrapped, so that subscribing the same function twice gives two independent subscriptions.
    const entry = (): void => listener();
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  boundHandlerCount(event: string): number {
    return this.first().boundHandlerCount(event);
  }

  // ── what the worker frames send ───────────────────────────────────────────

  receive(window: PortalWindow, worker: number, command: unknown, params: unknown, callback: unknown): void {
    const name = nameOf(command);
    const stale = worker !== window.worker;
    const entry: MutableLogEntry = { command: name, params, results: [], answered: false, card: window.card !== null, window: window.index, worker, stale, landed: false, callbackErrors: [] };
    this.sent += 1;
    const sentAs = this.sent;
    this.commandLog.push(entry);
    // A replaced frame reaches nothing; a misspelt command or another placement's is ignored and never answered.
    if (stale || !isCommandName(name)) {
      this.changed();
      return;
    }
    const fault = this.faults.take(name);
    if (fault !== undefined) entry.fault = fault.kind;
    if (fault?.kind === 'throw') {
      this.changed();
      throw new Error(`Simulated fault: placement.call('${name}') threw`);
    }
    this.changed();
    // The command reaches the host one postMessage hop later: until then the card is as it was (§2).
    this.pending += 1;
    void Promise.resolve().then(() => {
      this.pending -= 1;
      this.land(window, worker, entry, sentAs, name, params, callback, fault);
    });
  }

  private land(window: PortalWindow, worker: number, entry: MutableLogEntry, sentAs: number, name: CardCommandName, params: unknown, callback: unknown, fault: FaultHit | undefined): void {
    window.appHasSpoken = true;
    // A command sent before this card was raised was on its way while the host built it: it finds none (§1.2).
    const card = window.card !== null && window.card.raisedAfter < sentAs ? window.card : null;
    entry.card = card !== null;
    entry.landed = true;
    if (fault?.kind === 'error' || fault?.kind === 'bareError') {
      this.changed();
      const error = hostError(fault.errorCode);
      this.deliver(window, worker, entry, callback, [fault.kind === 'error' ? [error] : error]);
      return;
    }
    let answers: readonly unknown[] = [];
    try {
      const outcome = runCommand(name, params, card, this.build, this.clock);
      answers = outcome.answers;
      if (outcome.closesCard && window.card === card) window.card = null;
    } catch {
      // Should the host's own code fail on some input, it answers nothing, like a handler that throws in the page.
      answers = [];
    }
    this.changed();
    if (fault?.kind === 'noCallback') return;
    this.deliver(window, worker, entry, callback, fault?.kind === 'doubleCallback' ? [...answers, []] : answers);
  }

  /** Calls back one hop later; `Promise` rather than `queueMicrotask`, which Jest's fake timers replace. */
  private deliver(window: PortalWindow, worker: number, entry: MutableLogEntry, callback: unknown, answers: readonly unknown[]): void {
    if (answers.length === 0) return;
    this.pending += 1;
    void Promise.resolve().then(() => {
      this.pending -= 1;
      // The frame that asked was replaced meanwhile: the answer has nobody to reach.
      if (window.worker !== worker) {
        entry.stale = true;
        this.changed();
        return;
      }
      for (const answer of answers) {
        entry.results.push(answer);
        entry.answered = true;
        this.changed();
        if (typeof callback !== 'function') continue;
        try {
          callback(answer);
        } catch (error) {
          entry.callbackErrors.push(error);
        }
      }
    });
  }

  changed(): void {
    this.changes += 1;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A broken UI listener must not break the host.
      }
    }
  }

  // ── inside ────────────────────────────────────────────────────────────────

  private first(): PortalWindow {
    return this.portal[0] as PortalWindow;
  }

  /** The window showing the card, if one does. */
  private shown(): PortalWindow | undefined {
    return this.portal.find((window) => window.showsCard);
  }

  private fallbackWindow(): PortalWindow {
    return this.portal[this.lastWindow] ?? this.first();
  }

  private crmOption(options: RaiseOptions | undefined): CrmBlock | undefined {
    const crm = safely(() => options?.crm, undefined);
    return CRM_BLOCKS.includes(crm as CrmBlock) ? crm : undefined;
  }

  private windowOption(options: RaiseOptions | undefined): number | undefined {
    const index = safely(() => options?.window, undefined);
    return typeof index === 'number' && this.portal[index] !== undefined ? index : undefined;
  }

  private openCard(payload: InitializedPayload, crm: CrmBlock, windowIndex: number, entityFirst: Partial<EntityPayload> | undefined): RaiseResult {
    const callId = textOf(payload.CALL_ID);
    // The host never shows two cards: a second call is not shown at all (§1.3).
    if (this.shown() !== undefined) return { raised: false, callId, reason: 'cardAlreadyOpen' };
    const window = this.portal[windowIndex] ?? this.first();
    this.knownCalls.set(callId, { payload: copyPlainData(payload), window: window.index });
    this.lastCallId = callId;
    this.lastWindow = window.index;
    // A card disposed by Esc is let go; the CRM block's entityChanged comes before the card exists (§1.2).
    window.card = null;
    this.changed();
    if (crm === 'loaded') {
      this.emit(window, 'entityChanged', [safely(() => buildEntityPayload(entityFirst, payload), buildEntityPayload(undefined, payload))]);
    }
    window.card = new CardModel(payload, crm, this.sent);
    this.changed();
    this.emit(window, 'initialized', [copyPlainData(payload)]);
    return { raised: true, callId, window: window.index };
  }

  private dropCard(window: PortalWindow): CloseResult {
    window.card = null;
    this.changed();
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
    const window = this.shown();
    const card = window?.card ?? null;
    if (card === null && !force) return refused('no card is open');
    if (card !== null && !force && !card.shows(event)) return refused(card.refusal(event));
    const payload = payloadOf();
    if (window !== undefined && card !== null) {
      beforeEmit?.(card);
      // The operator's Close closes the card itself before the application hears of it.
      if (event === 'closeButtonClick') window.card = null;
      this.changed();
    }
    const data = payload === undefined && isNoPayloadEvent(event) ? noDataValue(this.noData) : payload;
    this.emit(window ?? this.fallbackWindow(), event, [data]);
    return { delivered: true };
  }

  /** Mute and Hold flip the card's own flag and emit the new value (§2). */
  private toggle(event: 'muteButtonClick' | 'holdButtonClick', flag: 'muted' | 'held', wanted: unknown, options: ClickOptions | undefined): ClickResult {
    const card = this.shown()?.card ?? null;
    const current = card?.[flag] ?? false;
    const next = typeof wanted === 'boolean' ? wanted : !current;
    if (card !== null && !isForced(options) && card.shows(event) && next === current) {
      return refused(`the card is already ${flag === 'muted' ? (current ? 'muted' : 'unmuted') : current ? 'held' : 'not held'}: a click would ${flag === 'muted' ? (current ? 'unmute' : 'mute') : current ? 'resume' : 'hold'}`);
    }
    return this.operatorClick(event, () => next, options, (shownCard) => {
      shownCard[flag] = next;
    });
  }

  private emit(window: PortalWindow, event: string, args: unknown[]): void {
    const record: MutableEmittedEvent = { event, payload: args[0], args, window: window.index, handlerErrors: [] };
    this.emitted.push(record);
    this.changed();
    for (const handler of window.handlersFor(event)) {
      try {
        handler(...args);
      } catch (error) {
        record.handlerErrors.push(error);
      }
    }
  }
}

/**
 * Creates an in-memory Bitrix24 portal hosting the call card (host-behaviour.md v2), in
 * browser mode unless `options.mode` is `'desktop'`. Options that are not usable fall
 * back to their defaults rather than throw.
 */
export function createHostSimulator(options?: HostSimulatorOptions): HostSimulator {
  const read = <T>(pick: (o: HostSimulatorOptions) => T): T | undefined => safely(() => (options ? pick(options) : undefined), undefined);
  const mode: HostMode = read((o) => o.mode) === 'desktop' ? 'desktop' : 'browser';
  const noData = read((o) => o.noData);
  const windows = read((o) => o.windows);
  return new Simulator(mode, {
    oldDesktop: read((o) => o.oldDesktop) === true,
    noData: NO_DATA_SHAPES.includes(noData as NoDataShape) ? (noData as NoDataShape) : 'undefined',
    windows: typeof windows === 'number' && Number.isInteger(windows) && windows >= 1 && windows <= 64 ? windows : 1,
  });
}
