import type { PlacementName } from '../../protocol';
import type { CardView } from './card';
import type { EscBuild } from './commands';
import type { FaultSpec } from './faults';
import type { EntityPayload, InitializedPayload } from './payloads';
import type { ClickResult, CloseResult, CommandLogEntry, CrmBlock, EmittedEvent, HostWindow, NoDataShape, OperatorActions } from './types';
import type { FakeFrame, FakePartition } from '../phone/fakePartition';
import type { FramePlacement } from './window';

export type { FramePlacement };

/** Options of {@link PortalDouble}'s factory. */
export interface PortalDoubleOptions {
  /** How the no-payload events arrive (host-behaviour.md §3); `'undefined'` by default. */
  noData?: NoDataShape;
  /** What Esc leaves in the worker (v3 §1.5): `'clearsCard'` (the 2025/26 build) by default, or `'keepsCard'`. */
  esc?: EscBuild;
  /** Tabs open at the start, each with a push delay of 0. 1 by default. */
  tabs?: number;
  /** How long after building its card a tab sets the shared `viExternalCard` flag (v3 §7); 100 ms by default. */
  flagDelayMs?: number;
  /** Applications bound to placement `CALL_CARD` (v3 §11); they share one frame. `['app']` by default; `[]` for none. */
  callCardApps?: readonly string[];
  /** The storage partition of the application's frames (v3 §10): a new fake partition by default; give one to two portals of one site to share it. */
  partition?: FakePartition;
}

/** Options of `openTab`. */
export interface TabOptions {
  /** How long after `push` the `showExternalCall` push reaches this tab (v3 §7); 0 by default. */
  pushDelayMs?: number;
  /** `'app'`: the tab's page is the application's own page (placement `DEFAULT`); `'portal'` by default. */
  page?: TabPage;
}

/** What a tab's page is: any portal page, or the application's own page opened in the portal. */
export type TabPage = 'portal' | 'app';

/** Options of `openSlider`. */
export interface SliderOptions {
  /** Whether the slider's window has the `CallCard*` commands (a phone controller was built there); false by default (v3 §7). */
  cardCommands?: boolean;
  /** The slider shows the application's own page (placement `DEFAULT`). */
  app?: boolean;
}

/** The kinds of application frame the portal loads. */
export type FrameKind = 'worker' | 'appPage' | 'callCardTab';

/** One frame of the application in the portal, all of them in one storage partition (v3 §10). */
export interface AppFrame {
  /** The frame's id: `window` in the command log and the event log. */
  readonly id: number;
  readonly kind: FrameKind;
  /** `PAGE_BACKGROUND_WORKER`, `DEFAULT` (the application's page) or `CALL_CARD`. */
  readonly placementName: PlacementName;
  /** The tab it lives in; `DESKTOP_CALL_WINDOW` (-1) for the desktop application's call window. */
  readonly tab: number;
  /** The slider it lives in (an index into the tab's `sliders`), or null for the tab's page. */
  readonly slider: number | null;
  /** `PLACEMENT_OPTIONS.URI`: the page it was loaded for. */
  readonly uri: string;
  /** False once its page, slider or card is gone: its port then reaches nothing. */
  readonly alive: boolean;
  /** The frame's current `BX24.placement`. */
  readonly placement: FramePlacement;
  /**
   * The frame's current document in the portal's storage partition (v3 §10), a frame of
   * `testing/phone`'s fake partition (`BroadcastChannel`, Web Locks, clock; the shared
   * `localStorage` is `portal.partition.storage`). A reload or the frame's end kills the
   * document: its channels close and its locks pass on.
   */
  readonly partition: FakeFrame;
}

/** The card of a tab, with what only the portal double knows of it. */
export type PortalCardView = CardView & {
  /** `callList`: the call-list card, which is not an external card (v3 §12). */
  readonly kind: 'external' | 'callList';
  /** Minimised by the host's fold button (v3 §2). */
  readonly folded: boolean;
  /** Whether a worker command has reached it (then it is not restored after a navigation, v3 §6). */
  readonly driven: boolean;
  /** Until when the `CALL_CARD` tab holds the host's auto-close (v3 §11), or null. */
  readonly holdUntil: number | null;
  /** A held-back auto-close: the card closes at this time unless renewed, or null. */
  readonly closesAt: number | null;
  /** The call-list card's numbers and the one it is on. */
  readonly callList: { readonly id: number; readonly position: number; readonly items: readonly CallListItem[] } | null;
};

/** One number of a call list (v3 §12). */
export interface CallListItem {
  readonly PHONE_NUMBER: string;
  readonly CRM_ENTITY_TYPE?: string;
  readonly CRM_ENTITY_ID?: number;
}

/** What `navigate` did (v3 §6). */
export interface NavigationResult {
  /** Whether the host asked the operator to confirm leaving (`beforeunload`): any unfolded card, or a folded one outside `idle`, `error`, `externalCard`. */
  readonly prompted: boolean;
  /** Whether a card was destroyed with the page. */
  readonly cardDestroyed: boolean;
  /** Always false here: a card the application drove is not restored, and the double does not restore the others. */
  readonly cardRestored: false;
}

/** One delivery of a `showExternalCall` push to a tab (v3 §7). */
export interface PushDelivery {
  readonly callId: string;
  readonly tab: number;
  /** The simulated time it reached the tab. */
  readonly at: number;
  /** `built`; or why not: a card is open in the tab, another tab's flag is set, the tab is closed, the desktop application shows it. */
  readonly outcome: 'built' | 'cardAlreadyOpen' | 'anotherTabHoldsCard' | 'tabClosed' | 'desktopApp';
}

/** Options of `push`. */
export interface PushOptions {
  /** The card's CRM block, as for the simulator's `raiseCall`. */
  crm?: CrmBlock;
  /** Fields of the `entityChanged` sent before `initialized`. */
  entityFirst?: Partial<EntityPayload>;
  /** `telephony.externalcall.register`'s `TYPE`: 1 outgoing, 2 and 3 incoming, 4 callback; sets `CALL_DIRECTION` unless given. */
  type?: 1 | 2 | 3 | 4 | 5;
}

/**
 * `voximplant.call.startViaRest` as the host sends it for a line of the application
 * (v3 §12): click-to-call, the keypad, a call list's Call.
 */
export interface StartViaRestRequest {
  readonly PHONE_NUMBER: string;
  readonly LINE_NUMBER: string;
  /** `'Y'`: the host shows the card itself. */
  readonly SHOW: 'Y';
  /** The call list's id for a call-list Call; 0 otherwise. */
  readonly CALL_LIST_ID: number;
  /** The CRM entity the number was clicked in, when there is one. */
  readonly ENTITY_TYPE?: string;
  readonly ENTITY_ID?: number;
  /** True when the click came from the mobile application: no card is shown in any browser tab. */
  readonly IS_MOBILE: boolean;
  /** The tab that sent it, or null for the mobile application. */
  readonly tab: number | null;
}

/** What the portal registered for a `startViaRest`: the REST double's `CALL_ID` and CRM data. */
export interface StartViaRestAnswer {
  readonly CALL_ID: string;
  readonly CRM_ENTITY_TYPE?: string;
  readonly CRM_ENTITY_ID?: number;
  readonly CRM_BINDINGS?: InitializedPayload['CRM_BINDINGS'];
}

/**
 * The hook a REST double plugs in: it registers the call (no `EXTERNAL_CALL_ID`), sends
 * `ONEXTERNALCALLSTART` to the application's server, and answers the `CALL_ID`. Returning
 * undefined (or throwing) lets the double make up a `CALL_ID` itself.
 */
export type StartViaRestHook = (request: StartViaRestRequest) => StartViaRestAnswer | undefined;

/** What a click-to-call or a call list's Call did (v3 §12). */
export type StartResult =
  | { readonly started: true; readonly callId: string; readonly request: StartViaRestRequest; readonly card: 'raised' | 'dropped' | 'none' }
  | { readonly started: false; readonly reason: string };

/** One command a `CALL_CARD` frame sent (v3 §11). */
export interface TabCommandEntry {
  readonly command: string;
  readonly params: unknown;
  readonly frame: number;
  readonly results: readonly unknown[];
  readonly answered: boolean;
}

/** The card's own application tab (placement `CALL_CARD`, v3 §11), while it exists. */
export interface CallCardTab {
  /** The frame: `kind: 'callCardTab'`. */
  readonly frame: AppFrame;
  /** The `CALL_CARD` application whose page the shared frame shows. */
  readonly app: string;
  /** What the host POSTs to the tab's handler page: `getStatus`'s object as strings (`"17"`, `"false"`, `"undefined"`) plus `URI`. */
  readonly postData: Readonly<Record<string, string>>;
  /** The operator clicks another `CALL_CARD` application's tab: the shared frame reloads with its page. */
  select(app: string): boolean;
}

/** What the desktop application's call window shows, as the portal double sees it. */
export interface DesktopCallWindowView {
  /** The CALL_ID of the card it shows. */
  readonly callId: string;
  /** The card's `CALL_CARD` tab: only in the CRM layout, and only where the desktop supports iframes. */
  readonly callCardTab: CallCardTab | null;
}

/** A slider open in a tab: its own worker frame, and the application's page when it shows it. */
export interface PortalSlider {
  readonly index: number;
  readonly tab: number;
  readonly open: boolean;
  /** The slider's worker window: its own host, which never shows a card. */
  readonly worker: HostWindow;
  readonly workerFrame: AppFrame;
  readonly appPage: AppFrame | null;
  /** Closes the slider: its frames end. */
  close(): void;
}

/** One top-level portal tab of the user: its own host, worker frame, sliders and card (v3 §6, §7). */
export interface PortalTab extends OperatorActions {
  readonly index: number;
  readonly open: boolean;
  readonly page: TabPage;
  /** 1, +1 per navigation. */
  readonly pageLoads: number;
  readonly pushDelayMs: number;
  /** The page's worker window (its `index` is the frame id). */
  readonly worker: HostWindow;
  readonly workerFrame: AppFrame;
  /** Shortcut for `worker.placement`. */
  readonly placement: FramePlacement;
  /** The application's own page when the tab shows it. */
  readonly appPage: AppFrame | null;
  readonly sliders: readonly PortalSlider[];
  /** The tab's card (also when folded), or null. */
  readonly card: PortalCardView | null;
  /** The card's `CALL_CARD` tab, while it exists. */
  readonly callCardTab: CallCardTab | null;

  setPushDelay(ms: number): void;
  openSlider(options?: SliderOptions): PortalSlider;
  /** A full page load (v3 §6): every frame of the tab and its card end with no event; a new page loads. */
  navigate(page?: TabPage): NavigationResult;
  /** The tab is closed: everything in it ends. */
  close(): void;
  /** Esc (v3 §1.5): closes the card where closable; the build decides what the worker keeps. */
  pressEsc(): CloseResult;
  /** The host's own fold button (v3 §2): only in `connected` and `externalCard`, not while the auto-close is held. Emits nothing. */
  fold(): ClickResult;
  /** Unfolds: the card shows again, with what was applied meanwhile. */
  unfold(): ClickResult;
  /**
   * The card's CRM block loads (a card raised with `crm: 'loading'`, or a CRM update for a
   * card without CRM): `entityChanged` to the worker, the CRM layout, the UI state applied
   * again, and the `CALL_CARD` tab created after it.
   */
  loadCrmBlock(entity?: Partial<EntityPayload>): ClickResult;
  /**
   * The host's own phone sets the card's `CALL_STATE` (`idle`, `connecting`, `connected`), as
   * for Bitrix24's own calls: `getStatus` follows and the `CALL_CARD` tab hears
   * `CallCard::CallStateChanged` with the state only; `additionalParams` (`failedCode`) never
   * reaches it (v3 §11). The host never does this for an external card once its tab exists.
   */
  hostSetsCallState(state: string, additionalParams?: { failedCode?: string }): ClickResult;
  /** The operator clicks a phone number of a CRM entity, or dials from the keypad, on the application's line (v3 §12). */
  clickToCall(phoneNumber: string, options?: { lineNumber?: string; entity?: { type: string; id: number } }): StartResult;
  /** Opens a CRM call list's card in this tab (v3 §12): not an external card; refused while any card is open. */
  openCallList(items: readonly CallListItem[], options?: { callListId?: number }): ClickResult;
  /** The call-list card's Next: handled by the host, the worker hears nothing. */
  callListNext(): ClickResult;
  /** The call-list card's Call: `startViaRest` with the list's id; the card stays in `outgoing`, and the external card of the call is dropped. */
  callListCall(options?: { lineNumber?: string }): StartResult;
  /** The call-list card's top close button. */
  closeCallList(): CloseResult;
}

/**
 * An in-memory Bitrix24 portal of one user with several tabs (host-behaviour.md v3 §6, §7,
 * §10–§12), on a simulated clock.
 */
export interface PortalDouble {
  readonly now: number;
  /** Every tab ever opened (closed ones say `open: false`). */
  readonly tabs: readonly PortalTab[];
  /** Every application frame ever loaded (`alive` says which still are). */
  readonly frames: readonly AppFrame[];
  /** Every worker command, in order (live). */
  readonly log: readonly CommandLogEntry[];
  /** Every event sent, to workers and `CALL_CARD` tabs (`window` is the frame id, -1 when no frame existed to hear it). */
  readonly events: readonly EmittedEvent[];
  /** Every `CALL_CARD` command, in order (live). */
  readonly tabCommands: readonly TabCommandEntry[];
  /** Every delivery of a push to a tab. */
  readonly deliveries: readonly PushDelivery[];
  /** The desktop application's call window and its card's `CALL_CARD` tab (`frame.tab` is `DESKTOP_CALL_WINDOW`), or null when it shows none. */
  readonly desktopCallWindow: DesktopCallWindowView | null;
  /** The shared `localStorage` flag `viExternalCard`: the CALL_ID of the card a tab holds, or false. */
  readonly viExternalCard: string | false;
  /** The storage partition the application's frames share (v3 §10). */
  readonly partition: FakePartition;
  readonly version: number;

  openTab(options?: TabOptions): PortalTab;
  /**
   * `telephony.externalcall.register` with `SHOW=1` (§1.2, v3 §7): the `showExternalCall`
   * push reaches every open tab after its push delay; each builds a card unless it has one
   * open or the `viExternalCard` flag is set. Returns the CALL_ID.
   */
  push(call?: Partial<InitializedPayload>, options?: PushOptions): string;
  /** `telephony.externalcall.show` (§1.6): the push again for a call pushed before; a new card, `CALL_STATE: 'idle'`. */
  show(callId: string, options?: PushOptions): boolean;
  /** `finish` or `telephony.externalcall.hide` for the user: each tab's card of the call auto-closes (held ones count down). Returns how many cards it reached. */
  hide(callId: string): number;
  /**
   * An application is bound to placement `CALL_CARD` (`placement.bind`): it shows among the
   * card's tabs only in pages loaded after this, since the list is built when the page loads
   * (v3 §11). False for an empty name or one already bound.
   */
  bindCallCardApp(app: string): boolean;
  /**
   * The Bitrix24 desktop application starts or stops running for the user: while it runs, no
   * browser tab gets a card (v3 §7); the desktop shows it in its separate call window
   * (`desktopCallWindow`), with the `CALL_CARD` tab there only where iframes are supported
   * (`iframes`, true by default) (v3 §11). Stopping it closes that window's card.
   */
  setDesktopRunning(running: boolean, options?: { iframes?: boolean }): void;
  /** A click-to-call from the mobile application (`IS_MOBILE`): `startViaRest` only, no card in any tab. */
  clickToCallFromMobile(phoneNumber: string, options?: { lineNumber?: string }): StartResult;
  /** Plugs a REST double into `startViaRest` (v3 §12). Returns the unplug function. */
  onStartViaRest(hook: StartViaRestHook): () => void;
  /** Hears every application frame as it loads (to start the application in it). Returns the unsubscribe function. */
  onFrame(listener: (frame: AppFrame) => void): () => void;
  /** Advances the simulated clock, running what falls due in order (push deliveries, the flag, the auto-close hold). */
  tick(ms: number): void;
  injectFault(fault: FaultSpec): void;
  settle(): Promise<void>;
  subscribe(listener: () => void): () => void;
}
