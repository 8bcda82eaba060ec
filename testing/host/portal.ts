import type { EscBuild } from './commands';
import { HostEngine } from './engine';
import type { FaultSpec } from './faults';
import { crmOption, ESC_BUILDS, NO_DATA_SHAPES } from './hostSimulator';
import { buildInitializedPayload, copyPlainData, hasCrmData } from './payloads';
import type { CallDirection, InitializedPayload } from './payloads';
import { tabFace } from './portalFaces';
import type {
  AppFrame,
  DesktopCallWindowView,
  PortalDouble,
  PortalDoubleOptions,
  PortalTab,
  PushDelivery,
  PushOptions,
  StartResult,
  StartViaRestAnswer,
  StartViaRestHook,
  StartViaRestRequest,
  TabCommandEntry,
  TabOptions,
} from './portal.types';
import type { PortalCore } from './frames';
import { nameOf, safely, textOf } from './safe';
import { createFakePartition } from '../phone/fakePartition';
import type { FakePartition } from '../phone/fakePartition';
import { Scheduler } from './scheduler';
import { TabHost } from './tab';
import { DesktopCallWindow } from './desktopCallWindow';
import type { CommandLogEntry, EmittedEvent, NoDataShape } from './types';

/** How long after building its card a tab sets `viExternalCard` (v3 §7). */
export const EXTERNAL_CARD_FLAG_DELAY_MS = 100;

/** `TYPE` of `telephony.externalcall.register` → the card's `CALL_DIRECTION` (§8). */
const DIRECTION_BY_TYPE: Record<number, CallDirection> = { 1: 'outgoing', 2: 'incoming', 3: 'incoming', 4: 'callback', 5: 'incoming' };

/** Numbers the portals of this process, so that two sharing a partition name their documents apart. */
let portals = 0;

interface KnownPush {
  readonly payload: InitializedPayload;
}

/** The portal of one user: its tabs, their frames, the shared flag, the fake clock (v3 §6, §7, §10–§12). */
class Portal implements PortalDouble, PortalCore {
  readonly engine: HostEngine;
  readonly scheduler = new Scheduler();
  readonly name = `portal${(portals += 1)}`;
  viExternalCard: string | false = false;
  desktopRunning = false;
  private readonly hosts: TabHost[] = [];
  private readonly faces: PortalTab[] = [];
  private readonly allFrames: AppFrame[] = [];
  private readonly frameListeners = new Set<(frame: AppFrame) => void>();
  private readonly tabLog: TabCommandEntry[] = [];
  private readonly pushLog: PushDelivery[] = [];
  private readonly known = new Map<string, KnownPush>();
  private readonly startHooks = new Set<StartViaRestHook>();
  private calls = 0;
  private readonly desktop: DesktopCallWindow;

  constructor(
    esc: EscBuild,
    noData: NoDataShape,
    readonly flagDelayMs: number,
    public callCardApps: readonly string[],
    readonly partition: FakePartition,
  ) {
    this.engine = new HostEngine({ mode: 'browser', oldDesktop: false, esc }, noData);
    this.desktop = new DesktopCallWindow(this, true);
    this.engine.hooks = {
      cardClosedByCommand: (window, card) => this.hosts.find((host) => host.window === window)?.afterClose(window, card, 'command'),
    };
  }

  get now(): number {
    return this.scheduler.now;
  }

  get tabs(): readonly PortalTab[] {
    return [...this.faces];
  }

  get frames(): readonly AppFrame[] {
    return [...this.allFrames];
  }

  get log(): readonly CommandLogEntry[] {
    return this.engine.log;
  }

  get events(): readonly EmittedEvent[] {
    return this.engine.events;
  }

  get tabCommands(): readonly TabCommandEntry[] {
    return this.tabLog;
  }

  get deliveries(): readonly PushDelivery[] {
    return this.pushLog;
  }

  get desktopCallWindow(): DesktopCallWindowView | null {
    return this.desktop.view();
  }

  get version(): number {
    return this.engine.changes;
  }

  openTab(options?: TabOptions): PortalTab {
    const delay = safely(() => Number(options?.pushDelayMs ?? 0), 0);
    const page = safely(() => options?.page, undefined) === 'app' ? 'app' : 'portal';
    const host = new TabHost(this.hosts.length, this, { pushDelayMs: Number.isFinite(delay) && delay >= 0 ? delay : 0, page });
    this.hosts.push(host);
    const face = tabFace(host);
    this.faces.push(face);
    this.engine.changed();
    return face;
  }

  push(call?: Partial<InitializedPayload>, options?: PushOptions): string {
    this.calls += 1;
    const type = safely(() => options?.type, undefined);
    const direction = typeof type === 'number' ? DIRECTION_BY_TYPE[type] : undefined;
    const given = safely(() => (call !== null && typeof call === 'object' ? { ...call } : {}), {});
    const payload = safely(
      () => buildInitializedPayload({ CALL_ID: `externalCall.portal.${this.calls}`, ...(direction !== undefined ? { CALL_DIRECTION: direction } : {}), ...given }, this.calls),
      buildInitializedPayload(undefined, this.calls),
    );
    this.known.set(textOf(payload.CALL_ID), { payload: copyPlainData(payload) });
    this.deliverPush(payload, options);
    return textOf(payload.CALL_ID);
  }

  show(callId: string, options?: PushOptions): boolean {
    const known = this.known.get(nameOf(callId));
    if (known === undefined) return false;
    this.deliverPush({ ...copyPlainData(known.payload), CALL_STATE: 'idle' }, options);
    return true;
  }

  hide(callId: string): number {
    const id = nameOf(callId);
    let reached = 0;
    for (const host of this.hosts) {
      const card = host.window.card;
      if (!host.open || card === null || card.disposed || !card.external || textOf(card.call.CALL_ID) !== id) continue;
      host.autoCloseCard();
      reached += 1;
    }
    if (this.desktop.close(id)) reached += 1;
    return reached;
  }

  bindCallCardApp(app: string): boolean {
    const name = nameOf(app);
    if (name === '' || this.callCardApps.includes(name)) return false;
    this.callCardApps = [...this.callCardApps, name];
    this.engine.changed();
    return true;
  }

  setDesktopRunning(running: boolean, options?: { iframes?: boolean }): void {
    this.desktopRunning = running === true;
    this.desktop.iframes = safely(() => options?.iframes, undefined) !== false;
    if (!this.desktopRunning) this.desktop.close();
    this.engine.changed();
  }

  clickToCallFromMobile(phoneNumber: string, options?: { lineNumber?: string }): StartResult {
    const line = safely(() => options?.lineNumber, undefined);
    const request: StartViaRestRequest = Object.freeze({
      PHONE_NUMBER: nameOf(phoneNumber),
      LINE_NUMBER: typeof line === 'string' && line !== '' ? line : 'simulator-line',
      SHOW: 'Y' as const,
      CALL_LIST_ID: 0,
      IS_MOBILE: true,
      tab: null,
    });
    const answer = this.startViaRest(request);
    return { started: true, callId: answer.CALL_ID, request, card: 'none' };
  }

  onStartViaRest(hook: StartViaRestHook): () => void {
    if (typeof hook !== 'function') return () => {};
    const entry: StartViaRestHook = (request) => hook(request);
    this.startHooks.add(entry);
    return () => this.startHooks.delete(entry);
  }

  onFrame(listener: (frame: AppFrame) => void): () => void {
    if (typeof listener !== 'function') return () => {};
    const entry = (frame: AppFrame): void => listener(frame);
    this.frameListeners.add(entry);
    return () => this.frameListeners.delete(entry);
  }

  tick(ms: number): void {
    const step = safely(() => Number(ms), Number.NaN);
    if (!Number.isFinite(step) || step <= 0) return;
    this.scheduler.advance(step, (now) => {
      this.engine.clock = now;
      this.engine.changed();
    });
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

  // ── PortalCore: what the tabs ask of the portal ──────────────────────────

  addFrame(make: (id: number) => AppFrame): AppFrame {
    const frame = make(this.allFrames.length);
    this.allFrames.push(frame);
    this.engine.changed();
    for (const listener of [...this.frameListeners]) {
      try {
        listener(frame);
      } catch {
        // The application failing to start in a frame is the application's business.
      }
    }
    return frame;
  }

  logTabCommand(entry: TabCommandEntry): void {
    this.tabLog.push(entry);
    this.engine.changed();
  }

  recordDelivery(delivery: PushDelivery): void {
    this.pushLog.push(Object.freeze(delivery));
    this.engine.changed();
  }

  cardClosedIn(tab: number, callId: string): void {
    // Closing sets the flag to false; the other tabs hear the storage event and auto-close their card of the call.
    this.viExternalCard = false;
    for (const host of this.hosts) {
      const card = host.window.card;
      if (host.index === tab || !host.open || card === null || card.disposed || !card.external || textOf(card.call.CALL_ID) !== callId) continue;
      host.autoCloseCard();
    }
    this.engine.changed();
  }

  startViaRest(request: StartViaRestRequest): StartViaRestAnswer {
    for (const hook of [...this.startHooks]) {
      const answer = safely(() => hook(request), undefined);
      const callId = safely(() => answer?.CALL_ID, undefined);
      if (answer !== undefined && typeof callId === 'string' && callId !== '') return copyPlainData({ ...answer, CALL_ID: callId });
    }
    this.calls += 1;
    return { CALL_ID: `externalCall.portal.${this.calls}` };
  }

  // ── inside ────────────────────────────────────────────────────────────────

  /** `showExternalCall` reaches each open tab after its own delay; those at 0 ms before `push` returns. */
  private deliverPush(payload: InitializedPayload, options: PushOptions | undefined): void {
    const entityFirst = safely(() => options?.entityFirst, undefined);
    const crm = crmOption(options) ?? (entityFirst !== undefined || hasCrmData(payload) ? 'loaded' : 'none');
    const callId = textOf(payload.CALL_ID);
    // The desktop application shows the card in its own call window (v3 §7, §11).
    if (this.desktopRunning) this.desktop.receivePush(copyPlainData(payload), crm);
    for (const host of this.hosts) {
      if (!host.open) continue;
      this.scheduler.at(host.pushDelayMs, () => {
        const outcome = host.receivePush(copyPlainData(payload), crm, entityFirst);
        this.recordDelivery({ callId, tab: host.index, at: this.scheduler.now, outcome });
      });
    }
    this.scheduler.runDue();
  }
}

/**
 * Creates an in-memory Bitrix24 portal of one user (host-behaviour.md v3 §6, §7, §10–§12):
 * tabs, each with its own host, worker frame and sliders; the cross-tab push and the
 * `viExternalCard` race; the card's `CALL_CARD` tab; click-to-call, call lists and
 * callbacks. In the 2025/26 browser build unless `esc: 'keepsCard'`. Options that are not
 * usable fall back to their defaults rather than throw.
 */
export function createPortalDouble(options?: PortalDoubleOptions): PortalDouble {
  const read = <T>(pick: (o: PortalDoubleOptions) => T): T | undefined => safely(() => (options ? pick(options) : undefined), undefined);
  const esc = read((o) => o.esc);
  const noData = read((o) => o.noData);
  const tabs = read((o) => o.tabs);
  const flagDelay = read((o) => o.flagDelayMs);
  const apps = read((o) => o.callCardApps);
  const partition = read((o) => o.partition);
  const portal = new Portal(
    ESC_BUILDS.includes(esc as EscBuild) ? (esc as EscBuild) : 'clearsCard',
    NO_DATA_SHAPES.includes(noData as NoDataShape) ? (noData as NoDataShape) : 'undefined',
    typeof flagDelay === 'number' && Number.isFinite(flagDelay) && flagDelay >= 0 ? flagDelay : EXTERNAL_CARD_FLAG_DELAY_MS,
    Array.isArray(apps) ? apps.filter((app): app is string => typeof app === 'string') : ['app'],
    partition !== undefined && partition !== null && typeof partition.frame === 'function' && typeof partition.kill === 'function' ? partition : createFakePartition(),
  );
  const count = typeof tabs === 'number' && Number.isInteger(tabs) && tabs >= 0 && tabs <= 64 ? tabs : 1;
  for (let i = 0; i < count; i++) portal.openTab();
  return portal;
}
