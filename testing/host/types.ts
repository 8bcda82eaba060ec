import type { CardEventName, PlacementPort } from '../../protocol';
import type { CardView } from './card';
import type { EscBuild, HostMode } from './commands';
import type { FaultKind, FaultSpec } from './faults';
import type { EntityPayload, InitializedPayload, TransferKind } from './payloads';

/**
 * How the frame library delivers "no data" for the 9 no-payload events
 * (host-behaviour.md §3): it depends on the transport.
 */
export type NoDataShape = 'undefined' | 'emptyString' | 'emptyArray';

/** Options of {@link HostSimulator}'s factory. */
export interface HostSimulatorOptions {
  /** Where the card is shown; it decides the desktop-only quirks. `'browser'` by default. */
  mode?: HostMode;
  /** How the no-payload events arrive: `undefined` (default), `""` or `[]` (host-behaviour.md §3). */
  noData?: NoDataShape;
  /**
   * An older desktop build (desktop mode only): with no card open, commands answer `[]`
   * instead of `Call card is undefined` (host-behaviour.md §4). `false` by default.
   */
  oldDesktop?: boolean;
  /**
   * How many windows (tabs, sliders) of the portal are open, each with its own host and
   * worker frame (host-behaviour.md §7). 1 by default; more can be opened with `openWindow`.
   */
  windows?: number;
  /**
   * What Esc leaves in the worker (host-behaviour.md v3 §1.5). `'keepsCard'` (the older
   * build, this simulator's v2 behaviour) by default; `'clearsCard'` for the 2025/26 build.
   */
  esc?: EscBuild;
}

/**
 * One copy of an event as the host posts it to a worker frame (host-behaviour.md v3 §6):
 * one per binding the host keeps, those of frames replaced by a reload included. The frame
 * library delivers only the current frame's (`stale: false`); a port of the protocol must
 * drop the rest.
 */
export interface WireMessage {
  /** The full event name as bound (`BackgroundCallCard::muteButtonClick`). */
  readonly event: string;
  /** The arguments posted. */
  readonly args: readonly unknown[];
  /** The host's id of the binding (the callback id of the frame library). */
  readonly bindingId: number;
  /** Which worker frame made the binding (1 for the first, +1 per reload). */
  readonly bindingWorker: number;
  /** Made by a frame that has since been replaced: a correct port drops it. */
  readonly stale: boolean;
}

/** Hears every copy the host posts down a window's wire. */
export type WireListener = (message: WireMessage) => void;

/** One command the host received, with what it answered so far. */
export interface CommandLogEntry {
  /** The command name as sent (a misspelt one too). */
  readonly command: string;
  /** The params as sent. */
  readonly params: unknown;
  /** Each argument the callback was called with, in order; grows as answers are delivered. */
  readonly results: readonly unknown[];
  /** Whether the callback has been called at least once. */
  readonly answered: boolean;
  /** Whether this window's host held a card (live, or disposed by Esc) when the command arrived. */
  readonly card: boolean;
  /** The window whose worker sent it (0 is the first window). */
  readonly window: number;
  /** Which worker frame of that window sent it: 1 for the first, +1 per `reloadWorker`. */
  readonly worker: number;
  /**
   * The frame that sent it was replaced before the answer came back (§6): it is never
   * answered. When also not `landed`, it was sent by a frame already gone and reached nothing.
   */
  readonly stale: boolean;
  /**
   * Whether the command has reached the host (one postMessage hop after `placement.call`);
   * `card` is final from then on. A stale, misspelt or thrown command never lands.
   */
  readonly landed: boolean;
  /** The injected fault that hit this command, if one did. */
  readonly fault?: FaultKind;
  /** What the application's callback threw, once per throwing call; the simulator carries on. */
  readonly callbackErrors: readonly unknown[];
}

/** One event the host emitted to the bound handlers. */
export interface EmittedEvent {
  /** The short name (`'muteButtonClick'`) for a card event; the string as given for a raw one. */
  readonly event: string;
  /** The argument the handlers received. */
  readonly payload: unknown;
  /** Every argument the handlers received (one for a card event: no second argument ever reaches a frame). */
  readonly args: readonly unknown[];
  /** The window whose worker it was sent to. */
  readonly window: number;
  /** What the bound handlers threw; the simulator carries on. */
  readonly handlerErrors: readonly unknown[];
}

/** Whether a simulated click reached the application, and why not when it did not. */
export type ClickResult = { readonly delivered: true } | { readonly delivered: false; readonly reason: string };

/** Options of a simulated click. */
export interface ClickOptions {
  /**
   * Deliver the click even though the card does not show that button, or even though no
   * card is open: the race in which a click was emitted before a state change or a
   * close that the application has already sent.
   */
  force?: boolean;
}

/** Options of a dial pad key press. */
export interface DialOptions extends ClickOptions {
  /**
   * How the key is pressed: the pad's button (default), the keyboard (digits emit, `*` and
   * `#` only type into the field), or a long press on 0 (types `+` and emits `"0"`).
   */
  via?: 'button' | 'keyboard' | 'longPress';
}

/** A key of the card's dial pad (`'0'`–`'9'`, `'*'`, `'#'`); any string is passed through, for fuzzing. */
export type DialPadKey = string;

/**
 * The card's CRM block when a call is raised (host-behaviour.md §1.2, §4):
 * - `loaded`: the CRM layout; `entityChanged` comes before `initialized`;
 * - `loading`: the simple layout until `loadCrmBlock()`, which emits `entityChanged`,
 *   switches to the CRM layout and re-applies the UI state;
 * - `none`: the call has no CRM; the simple layout for the card's whole life.
 */
export type CrmBlock = 'loaded' | 'loading' | 'none';

/** Options of `raiseCall` and `show`. */
export interface RaiseOptions {
  /** `loaded` when the call has CRM data (an entity or a binding), else `none`. */
  crm?: CrmBlock;
  /**
   * Fields of the `entityChanged` sent before `initialized` (the rest from the call).
   * Implies `crm: 'loaded'` when `crm` is not given.
   */
  entityFirst?: Partial<EntityPayload>;
  /** The window that shows the card (an index into `windows`); the first by default. */
  window?: number;
}

/** What raising a card did. */
export type RaiseResult =
  | { readonly raised: true; readonly callId: string; readonly window: number }
  /**
   * No card, no event (host-behaviour.md §1.3): a card is already open (in any window),
   * or `show` was asked for a call the host never had.
   */
  | { readonly raised: false; readonly callId: string; readonly reason: 'cardAlreadyOpen' | 'unknownCall' };

/** What a silent card loss did: `closed` false when there was no card to close (or, for Esc, it is not closable). */
export type CloseResult =
  | { readonly closed: true }
  /** Auto-close while the comment editor is open: the card stays until `closesAt` (the simulated clock). */
  | { readonly closed: false; readonly deferred: true; readonly closesAt: number }
  | { readonly closed: false; readonly deferred?: false; readonly reason: string };

/** One portal window (a tab, or a slider in one): its own host page and its own worker frame (host-behaviour.md §7). */
export interface HostWindow {
  /** Its position in `HostSimulator.windows`. */
  readonly index: number;
  /** The current worker frame's `BX24.placement`; a new one after each `reloadWorker`. */
  readonly placement: PlacementPort;
  /** Which worker frame is current: 1 for the first, +1 per reload. */
  readonly worker: number;
  /** Whether any of the 9 commands has reached this window's host since the page loaded (it decides the transfer payload). */
  readonly appHasSpoken: boolean;
  /** Whether this window shows the open card. */
  readonly showsCard: boolean;
  /** Replaces this window's worker frame (host-behaviour.md §6); see `HostSimulator.reloadWorker`. */
  reloadWorker(): PlacementPort;
  /** How many handlers the current worker bound for `event` (short card name or any string). */
  boundHandlerCount(event: string): number;
  /** How many bindings for `event` replaced frames left in the host: each posts a stale copy of the event (v3 §6). */
  staleBindingCount(event: string): number;
  /** Hears every copy of every event posted to this window, stale ones included. Returns the unsubscribe function. */
  onWire(listener: WireListener): () => void;
}

/** What the operator can do at a card: the simulator's shown card, or one portal tab's. */
export interface OperatorActions {
  /**
   * The operator clicks the button that emits `event`, and the host sends `payload` (for a
   * no-payload event, the transport's no-data value when `payload` is not given). Refused
   * when no card is shown, when the shown buttons include none emitting that event (the
   * Close button exists only in `error`, `moneyError`, `sipPhoneError`, `idle`,
   * `externalCard`), for `addCommentButtonClick` / `entityChanged` without a CRM block,
   * unless `options.force`. On `closeButtonClick` the host closes the card itself, before
   * the handlers run.
   */
  click(event: CardEventName, payload?: unknown, options?: ClickOptions): ClickResult;
  /** Quality stars: sends the STRING `"1"`–`"5"`, as the host's code does. */
  rate(stars: 1 | 2 | 3 | 4 | 5, options?: ClickOptions): ClickResult;
  /**
   * The transfer dialog: `{type: kind, target}` until any command has reached this
   * window's host since the page loaded, then `{phoneNumber, target}` with the CALL's own
   * number (`hidden` when withheld). `target` is sent as given, a number or a string.
   */
  transfer(target: string | number, kind?: TransferKind, options?: ClickOptions): ClickResult;
  /** A dial pad key (see {@link DialOptions} for the keyboard and the long press on 0). */
  dial(key: DialPadKey, options?: DialOptions): ClickResult;
  /**
   * The Mute button (§2): flips the card's own flag and emits the new value. With `muted`,
   * the click that leads there: refused when the card already shows it (a click would do
   * the opposite), unless forced (then `muted` is emitted and shown, as in a race).
   */
  mute(muted?: boolean, options?: ClickOptions): ClickResult;
  /** The Hold button (§2), as `mute`. */
  hold(held?: boolean, options?: ClickOptions): ClickResult;
  /** The first click on the comment button: opens the editor (nothing is emitted). Needs the CRM section; false when it did nothing. */
  openCommentEditor(): boolean;
  /** The operator types into the open editor (appended to what it keeps); false when no editor is open. */
  typeComment(text: string): boolean;
  /** The second click: saves, emitting the editor's WHOLE text (§2); the editor keeps it and closes. */
  saveComment(options?: ClickOptions): ClickResult;
  /** Opens the editor if needed, types `text`, saves: emits everything typed on this card so far. */
  comment(text: string, options?: ClickOptions): ClickResult;
  /** The CRM block binds another entity: `entityChanged`, the fields not given taken from the call. */
  changeEntity(entity?: Partial<EntityPayload>, options?: ClickOptions): ClickResult;
  /**
   * Delivers any arguments to the handlers bound for `event` in the window showing the
   * card (else the window of the last card), whatever the card shows: for hostile payloads. The card does
   * not change.
   */
  emitRaw(event: string, ...args: unknown[]): void;

}

/**
 * An in-memory Bitrix24 portal hosting the call card, as `PAGE_BACKGROUND_WORKER`
 * applications see it (host-behaviour.md v3 §1–§7). Commands reach the host one
 * postMessage hop after `placement.call` and are answered one hop later; events reach
 * the bound handlers synchronously, as if the message had just arrived. The first
 * window's members are the simulator's own (`placement`, `boundHandlerCount`).
 */
export interface HostSimulator extends OperatorActions {
  /** Where the card is shown; decides the desktop-only quirks. */
  readonly mode: HostMode;
  /** The first window's current worker `BX24.placement` (`call`, `bindEvent`). Pass it to `createCallCard`. */
  readonly placement: PlacementPort;
  /** Every open window, the first one first. */
  readonly windows: readonly HostWindow[];
  /** The open card as the operator sees it (a frozen snapshot, new after each change), or null when none is shown. */
  readonly card: CardView | null;
  /** Every command received, in order. The array and its entries are live: they grow as answers arrive. */
  readonly log: readonly CommandLogEntry[];
  /** Every event the host emitted, in order (live array). */
  readonly events: readonly EmittedEvent[];
  /** Counts every change of the card, the log or the events; a UI can use it as its snapshot key. */
  readonly version: number;
  /** The simulated clock, in ms (advanced by `tick`). */
  readonly now: number;

  /**
   * `telephony.externalcall.register` with `SHOW=1` reaching the browser (§1.2): builds a
   * card in `externalCard` (Close only), emits `entityChanged` first when its CRM block is
   * loaded, then `initialized` with a full payload (defaults for missing fields; a
   * `PHONE_NUMBER` given as `undefined` is left out; no `CRM_ACTIVITY_ID`). While a card is
   * open in any window the call is dropped silently: no card, no event (§1.3).
   */
  raiseCall(call?: Partial<InitializedPayload>, options?: RaiseOptions): RaiseResult;
  /**
   * `telephony.externalcall.show` (§1.6): a new card for a call raised before (the last one
   * by default), whose card is gone: `initialized` with the same `CALL_ID` and `CALL_STATE
   * 'idle'`, the card in `externalCard`. Dropped like `raiseCall` while a card is open.
   */
  show(callId?: string, options?: RaiseOptions): RaiseResult;
  /**
   * `telephony.externalcall.hide`, or `finish` for the finishing user (§1.5): the card goes,
   * no event; later commands answer `Call card is undefined`. With `callId`, only that
   * call's card.
   */
  hide(callId?: string): CloseResult;
  /**
   * The operator presses Esc (§1.5): closes the card only in `outgoing`, `error`,
   * `moneyError`, `sipPhoneError`, `redial`, `idle`; no event. With `esc: 'keepsCard'` (the
   * default here) the host's worker keeps the disposed card: commands still answer `[]` and
   * the probe still says a card is open; with `'clearsCard'` they answer `Call card is undefined`.
   */
  pressEsc(): CloseResult;
  /** The card of the same call closes in another tab (§1.5): gone, no event. */
  closeInOtherTab(): CloseResult;
  /**
   * Bitrix24 auto-closes the card after the call (§1.5): gone, no event. While the comment
   * editor is open it is deferred (§1.7): {@link AUTO_CLOSE_COMMENT_DELAY_MS} later (see
   * `tick`) the host saves the editor's text (`addCommentButtonClick`) and closes. A
   * second auto-close while deferred keeps the first deadline.
   */
  autoClose(): CloseResult;
  /**
   * The CRM block of a card raised with `crm: 'loading'` finishes loading (§2, §5):
   * `entityChanged` (fields not given taken from the call), the CRM layout (timer element,
   * comment section), and the card re-applies its UI state (restarting the timer in
   * `connected`, even after `disableAutoStartTimer`).
   */
  loadCrmBlock(entity?: Partial<EntityPayload>): ClickResult;
  /**
   * The worker frame of a window (the first by default) is reloaded alone (§6): the
   * handlers bound so far never hear again and its old `placement` reaches nothing; the
   * card stays open and nothing is re-sent. Returns the new frame's `placement`.
   */
  reloadWorker(window?: number): PlacementPort;
  /** Opens another portal window (tab or slider) with its own host and worker (§7). */
  openWindow(): HostWindow;

  /** Advances the simulated clock by `ms`: drives the card timer and the deferred auto-close. */
  tick(ms: number): void;
  /** Makes the next matching command(s) misbehave (see {@link FaultKind}). */
  injectFault(fault: FaultSpec): void;
  /**
   * Resolves once every command has landed, every pending callback has been delivered and
   * nothing new has come in for a while (commands sent from callbacks or promise chains
   * are flushed too). Works under Jest fake timers; it does not advance any timer.
   */
  settle(): Promise<void>;
  /** Calls `listener` after every change of the card, the log or the events. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** How many handlers the first window's current worker bound for `event`; binding twice counts twice. */
  boundHandlerCount(event: string): number;
}
