import type { CardEventName, PlacementPort } from '../../protocol';
import { CardModel } from './card';
import type { CardView } from './card';
import type { EscBuild, HostMode } from './commands';
import { HostEngine } from './engine';
import type { FaultSpec } from './faults';
import { CardOperator, notClosed, refused } from './operator';
import { buildEntityPayload, buildInitializedPayload, copyPlainData, hasCrmData } from './payloads';
import type { EntityPayload, InitializedPayload, TransferKind } from './payloads';
import { nameOf, safely, textOf } from './safe';
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

/** How long after a deferred auto-close the host saves the open comment and closes the card (host-behaviour.md §1.7). */
export const AUTO_CLOSE_COMMENT_DELAY_MS = 65_000;

/** A call the host has had a card for: what `show` builds a new card from. */
interface KnownCall {
  readonly payload: InitializedPayload;
  readonly window: number;
}

export const CRM_BLOCKS: readonly CrmBlock[] = ['loaded', 'loading', 'none'];
export const NO_DATA_SHAPES: readonly NoDataShape[] = ['undefined', 'emptyString', 'emptyArray'];
export const ESC_BUILDS: readonly EscBuild[] = ['clearsCard', 'keepsCard'];

/** The `crm` option when it is one of {@link CRM_BLOCKS}. */
export function crmOption(options: { crm?: CrmBlock } | undefined): CrmBlock | undefined {
  const crm = safely(() => options?.crm, undefined);
  return CRM_BLOCKS.includes(crm as CrmBlock) ? crm : undefined;
}

/**
 * The simulator: one host whose windows share one card at a time (host-behaviour.md
 * §1–§7 as one window's application sees them). The portal double (`createPortalDouble`)
 * is the many-tab one.
 */
class Simulator implements HostSimulator {
  private readonly portal: PortalWindow[] = [];
  private readonly engine: HostEngine;
  private readonly operator: CardOperator;
  private readonly knownCalls = new Map<string, KnownCall>();
  private lastCallId: string | null = null;
  /** The window of the last card, where a forced click goes when no card is shown. */
  private lastWindow = 0;
  private calls = 0;
  private cachedView: { version: number; view: CardView | null } | null = null;

  constructor(
    readonly mode: HostMode,
    options: { oldDesktop: boolean; noData: NoDataShape; windows: number; esc: EscBuild },
  ) {
    this.engine = new HostEngine({ mode, oldDesktop: options.oldDesktop, esc: options.esc }, options.noData);
    this.operator = new CardOperator(this.engine, {
      shown: () => this.shown(),
      fallback: () => this.fallbackWindow(),
      closedByOperator: () => undefined,
    });
    for (let i = 0; i < options.windows; i++) this.portal.push(new PortalWindow(i, this.engine));
  }

  get placement(): PlacementPort {
    return this.first().placement;
  }

  get windows(): readonly HostWindow[] {
    return this.portal.map((window) => window.face);
  }

  get card(): CardView | null {
    if (this.cachedView?.version !== this.engine.changes) {
      this.cachedView = { version: this.engine.changes, view: this.shown()?.card?.view(this.engine.clock) ?? null };
    }
    return this.cachedView.view;
  }

  get log(): readonly CommandLogEntry[] {
    return this.engine.log;
  }

  get events(): readonly EmittedEvent[] {
    return this.engine.events;
  }

  get version(): number {
    return this.engine.changes;
  }

  get now(): number {
    return this.engine.clock;
  }

  // ── cards come ────────────────────────────────────────────────────────────

  raiseCall(call?: Partial<InitializedPayload>, options?: RaiseOptions): RaiseResult {
    this.calls += 1;
    const sequence = this.calls;
    const payload = safely(() => buildInitializedPayload(call, sequence), buildInitializedPayload(undefined, sequence));
    const entityFirst = safely(() => options?.entityFirst, undefined);
    const crm = crmOption(options) ?? (entityFirst !== undefined || hasCrmData(payload) ? 'loaded' : 'none');
    return this.openCard(payload, crm, this.windowOption(options) ?? 0, entityFirst);
  }

  show(callId?: string, options?: RaiseOptions): RaiseResult {
    const id = callId === undefined ? this.lastCallId : nameOf(callId);
    const known = id === null ? undefined : this.knownCalls.get(id);
    if (id === null || known === undefined) return { raised: false, callId: id ?? '', reason: 'unknownCall' };
    const payload: InitializedPayload = { ...copyPlainData(known.payload), CALL_STATE: 'idle' };
    const crm = crmOption(options) ?? (hasCrmData(payload) ? 'loaded' : 'none');
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
    return this.operator.pressEsc();
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
    card.autoCloseAt ??= this.engine.clock + AUTO_CLOSE_COMMENT_DELAY_MS;
    this.engine.changed();
    return { closed: false, deferred: true, closesAt: card.autoCloseAt };
  }

  // ── the CRM block and the worker frame ────────────────────────────────────

  loadCrmBlock(entity?: Partial<EntityPayload>): ClickResult {
    const window = this.shown();
    const card = window?.card;
    if (window === undefined || card == null) return refused('no card is open');
    if (!card.crmLoading) return refused(card.layout === 'crm' ? 'the CRM block has already loaded' : 'the call has no CRM block');
    card.switchToCrmLayout(this.engine.clock);
    this.engine.changed();
    this.engine.emit(window, 'entityChanged', [safely(() => buildEntityPayload(entity, card.call), buildEntityPayload(undefined, card.call))]);
    return { delivered: true };
  }

  reloadWorker(window = 0): PlacementPort {
    const target = this.portal[safely(() => Math.trunc(Number(window)), 0)] ?? this.first();
    return target.reloadWorker();
  }

  openWindow(): HostWindow {
    const window = new PortalWindow(this.portal.length, this.engine);
    this.portal.push(window);
    this.engine.changed();
    return window.face;
  }

  // ── the operator's clicks ─────────────────────────────────────────────────

  click(event: CardEventName, payload?: unknown, options?: ClickOptions): ClickResult {
    return this.operator.click(event, payload, options);
  }

  rate(stars: 1 | 2 | 3 | 4 | 5, options?: ClickOptions): ClickResult {
    return this.operator.rate(stars, options);
  }

  transfer(target: string | number, kind: TransferKind = 'user', options?: ClickOptions): ClickResult {
    return this.operator.transfer(target, kind, options);
  }

  dial(key: string, options?: DialOptions): ClickResult {
    return this.operator.dial(key, options);
  }

  mute(muted?: boolean, options?: ClickOptions): ClickResult {
    return this.operator.mute(muted, options);
  }

  hold(held?: boolean, options?: ClickOptions): ClickResult {
    return this.operator.hold(held, options);
  }

  openCommentEditor(): boolean {
    return this.operator.openCommentEditor();
  }

  typeComment(text: string): boolean {
    return this.operator.typeComment(text);
  }

  saveComment(options?: ClickOptions): ClickResult {
    return this.operator.saveComment(options);
  }

  comment(text: string, options?: ClickOptions): ClickResult {
    return this.operator.comment(text, options);
  }

  changeEntity(entity?: Partial<EntityPayload>, options?: ClickOptions): ClickResult {
    return this.operator.changeEntity(entity, options);
  }

  emitRaw(event: string, ...args: unknown[]): void {
    this.operator.emitRaw(event, ...args);
  }

  // ── time, faults, settling ────────────────────────────────────────────────

  tick(ms: number): void {
    const step = safely(() => Number(ms), Number.NaN);
    if (!Number.isFinite(step) || step <= 0) return;
    this.engine.clock += step;
    this.engine.changed();
    for (const window of this.portal) {
      const card = window.card;
      if (card === null || card.autoCloseAt === null || card.autoCloseAt > this.engine.clock) continue;
      // The deferred auto-close falls due: the host saves the open comment itself, then closes.
      card.autoCloseAt = null;
      if (card.editorOpen) {
        card.editorOpen = false;
        this.engine.emit(window, 'addCommentButtonClick', [card.editorText]);
      }
      if (window.card === card) this.dropCard(window);
    }
  }

  injectFault(fault: FaultSpec): void {
    this.engine.injectFault(fault);
  }

  settle(): Promise<void> {
    return this.engine.settle();
  }

  subscribe(listener: () => void): () => void {
    return this.engine.subscribe(listener);
  }

  boundHandlerCount(event: string): number {
    return this.first().boundHandlerCount(event);
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
    this.engine.changed();
    if (crm === 'loaded') {
      this.engine.emit(window, 'entityChanged', [safely(() => buildEntityPayload(entityFirst, payload), buildEntityPayload(undefined, payload))]);
    }
    window.card = new CardModel(payload, crm, this.engine.sent);
    this.engine.changed();
    this.engine.emit(window, 'initialized', [copyPlainData(payload)]);
    return { raised: true, callId, window: window.index };
  }

  private dropCard(window: PortalWindow): CloseResult {
    window.card = null;
    this.engine.changed();
    return { closed: true };
  }
}

/**
 * Creates an in-memory Bitrix24 portal hosting the call card (host-behaviour.md v3 §1–§7,
 * one card shared by its windows), in browser mode unless `options.mode` is `'desktop'`.
 * Options that are not usable fall back to their defaults rather than throw.
 */
export function createHostSimulator(options?: HostSimulatorOptions): HostSimulator {
  const read = <T>(pick: (o: HostSimulatorOptions) => T): T | undefined => safely(() => (options ? pick(options) : undefined), undefined);
  const mode: HostMode = read((o) => o.mode) === 'desktop' ? 'desktop' : 'browser';
  const noData = read((o) => o.noData);
  const windows = read((o) => o.windows);
  const esc = read((o) => o.esc);
  return new Simulator(mode, {
    oldDesktop: read((o) => o.oldDesktop) === true,
    noData: NO_DATA_SHAPES.includes(noData as NoDataShape) ? (noData as NoDataShape) : 'undefined',
    windows: typeof windows === 'number' && Number.isInteger(windows) && windows >= 1 && windows <= 64 ? windows : 1,
    esc: ESC_BUILDS.includes(esc as EscBuild) ? (esc as EscBuild) : 'keepsCard',
  });
}
