import type { CardEventName, PlacementPort } from '../../protocol';
import type { CardView } from './card';
import type { HostMode } from './commands';
import type { FaultKind, FaultSpec } from './faults';
import type { EntityPayload, InitializedPayload, TransferKind } from './payloads';

/** Options of {@link HostSimulator}'s factory. */
export interface HostSimulatorOptions {
  /** Where the card is shown; it decides the desktop-only quirks. `'browser'` by default. */
  mode?: HostMode;
}

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
  /** Whether a card was open when the command arrived. */
  readonly card: boolean;
  /** The injected fault that hit this command, if one did. */
  readonly fault?: FaultKind;
  /** What the application's callback threw, once per throwing call; the simulator carries on. */
  readonly callbackErrors: readonly unknown[];
}

/** One event the host emitted to the bound handlers. */
export interface EmittedEvent {
  /** The short name (`'muteButtonClick'`) for a card event; the string as given for a raw one. */
  readonly event: string;
  /** The first argument the handlers received. */
  readonly payload: unknown;
  /** Every argument the handlers received (the desktop adds a callback after no-payload events). */
  readonly args: readonly unknown[];
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

/** A key of the card's dial pad (`'0'`–`'9'`, `'*'`, `'#'`); any string is passed through, for fuzzing. */
export type DialPadKey = string;

/**
 * An in-memory Bitrix24 page hosting the call card, as a `PAGE_BACKGROUND_WORKER`
 * application sees it (host-behaviour.md). Commands change the card when they arrive
 * and are answered asynchronously; events reach the bound handlers synchronously, as
 * if the message had just arrived.
 */
export interface HostSimulator {
  /** Where the card is shown; decides the desktop-only quirks. */
  readonly mode: HostMode;
  /** Exactly the `BX24.placement` shape: `call(command, params, callback)`, `bindEvent(event, handler)`. Pass it to `createCallCard`. */
  readonly placement: PlacementPort;
  /** The open card as the operator sees it (a frozen snapshot, new after each change), or null when there is no card. */
  readonly card: CardView | null;
  /** Every command received, in order. The array and its entries are live: they grow as answers arrive. */
  readonly log: readonly CommandLogEntry[];
  /** Every event the host emitted, in order (live array). */
  readonly events: readonly EmittedEvent[];
  /** Counts every change of the card, the log or the events; a UI can use it as its snapshot key. */
  readonly version: number;
  /**
   * Raises a call: builds the card in the internal state `externalCard` (no buttons but
   * the top close), then emits `initialized` with a full payload (defaults for missing
   * fields; a `PHONE_NUMBER` or `CRM_ACTIVITY_ID` given as `undefined` is left out).
   * With `entityFirst`, `entityChanged` is emitted with that entity BEFORE the card
   * exists and `initialized` is sent (the documented race). An open card is replaced
   * without any event for it.
   */
  raiseCall(call?: Partial<InitializedPayload>, options?: { entityFirst?: Partial<EntityPayload> }): void;
  /**
   * The operator clicks the button that emits `event`, and the host sends `payload`.
   * Refused when there is no card, or when the shown buttons include none emitting that
   * event, unless `options.force`. The top close button (`closeButtonClick`), the CRM
   * comment (`addCommentButtonClick`) and the CRM block (`entityChanged`) are allowed
   * whenever a card is open. On `closeButtonClick` the host closes the card itself,
   * before the handlers run. In desktop mode no-payload events get a callback as a
   * second argument.
   */
  click(event: CardEventName, payload?: unknown, options?: ClickOptions): ClickResult;
  /** Quality stars: sends the STRING `"1"`–`"5"`, as the host's code does. */
  rate(stars: 1 | 2 | 3 | 4 | 5, options?: ClickOptions): ClickResult;
  /**
   * The transfer dialog: sends `{type: kind, target}` while the application has sent no
   * command on this card, else `{phoneNumber, target}` (phoneNumber: the call's number).
   * `target` is always a string. `kind` is `'user'` by default.
   */
  transfer(target: string, kind?: TransferKind, options?: ClickOptions): ClickResult;
  /** A dial pad key, sent as it is. */
  dial(key: DialPadKey, options?: ClickOptions): ClickResult;
  /** The mute button: the microphone state the operator asks for (the card itself does not change). */
  mute(muted: boolean, options?: ClickOptions): ClickResult;
  /** The hold button: the hold state the operator asks for (the card itself does not change). */
  hold(held: boolean, options?: ClickOptions): ClickResult;
  /** Saves a comment in the CRM section. */
  comment(text: string, options?: ClickOptions): ClickResult;
  /** The CRM block binds another entity: `entityChanged`, the fields not given taken from the call. */
  changeEntity(entity?: Partial<EntityPayload>, options?: ClickOptions): ClickResult;
  /**
   * Delivers any arguments to the handlers bound for `event` (a short card event name,
   * which gets the `BackgroundCallCard::` prefix, or any other string, used as it is),
   * whatever the card shows: for hostile payloads. The card does not change.
   */
  emitRaw(event: string, ...args: unknown[]): void;
  /** Bitrix24 auto-closes the card after the call: the card is gone, no event is emitted. */
  autoClose(): void;
  /** Advances the simulated clock by `ms` (drives the card timer, which shows whole seconds). */
  tick(ms: number): void;
  /** Makes the next matching command(s) misbehave (see {@link FaultKind}). */
  injectFault(fault: FaultSpec): void;
  /**
   * Resolves once every pending callback has been delivered and nothing new has come in
   * for a while (commands sent from callbacks or promise chains are flushed too). Works
   * under Jest fake timers; it does not advance any timer.
   */
  settle(): Promise<void>;
  /** Calls `listener` after every change of the card, the log or the events. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** How many handlers are bound for `event` (short card name or any string); binding twice counts twice. */
  boundHandlerCount(event: string): number;
}
