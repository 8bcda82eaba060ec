import type { InspectionEvent, Observer } from 'xstate';
import type { Diagnostic } from '../../diagnostics';
import type { CallSummary } from '../../machines/callCard.types';
import type { CallData, CallDirection, ClickToCallChoice, CrmEntity } from '../../machines/callCard.events';
import type { QualityRating } from '../../protocol/buttons';
import type { PlacementPort } from '../../protocol/placement';
import { LIVE_UI_STATES, type LiveUiState } from '../../protocol/uiStates';
import type { CallStorage, StoredCall } from './storage';
import type { ActiveCallCardState, CallCardState } from '../../machines/callCard.connect';
import { SOFTPHONE_METHODS, type Softphone } from '../softphone/port';

/** The UI states a call can be adopted in: the live ones (ringing, connecting, talking, transferring), in host order. */
export const ADOPTABLE_UI_STATES = LIVE_UI_STATES;

/**
 * What is known of a card found open at start (host-behaviour.md §6). The host says only
 * that one is there; `lastKnown` is what an earlier instance of this worker left in
 * `storage`, if you gave one: most likely that card's call, but it may be stale.
 */
export interface OrphanedCardInfo {
  /** When the probe found it (epoch ms, from the `clock` option). */
  readonly foundAt: number;
  /** The call an earlier worker instance had when it stopped, if it left one in `storage`. */
  readonly lastKnown: StoredCall | null;
}

/**
 * The call an integrator adopts with an open card found at start: what its softphone
 * still knows of it. The card is then brought up to date (`CallCardSetUiState uiState`,
 * then mute and hold) and managed like any other call's.
 */
export interface AdoptedCall {
  /** The Bitrix24 `CALL_ID` (from `telephony.externalcall.register`). */
  readonly callId: string;
  readonly direction: CallDirection;
  /** Where the softphone's call is: ringing, connecting, connected or in a transfer. */
  readonly uiState: LiveUiState;
  /** The customer's number, when known. */
  readonly phoneNumber?: string | null;
  readonly crmEntity?: CrmEntity | null;
  readonly muted?: boolean;
  readonly held?: boolean;
}

/**
 * What to do with a card found open at start: `'close'` it (`CallCardClose`, a summary
 * ended by `orphaned`), or `{ adopt }` it for a call the softphone still has.
 */
export type OrphanDecision = 'close' | { readonly adopt: AdoptedCall };

/**
 * A change of the card, as {@link CallCardOptions.onCard} hears it.
 * - `opened`: a new call's card is shown (its `initialized`, or a card found open at start
 *   and adopted through `onOrphanedCard`: the new worker had no call before it).
 * - `lost`: the card went away on its own; the call goes on (`state.card` is `lost`).
 * - `reattached`: the current call's card is shown again (re-shown after it was lost, or
 *   its `initialized` again, e.g. from another tab) and has been brought up to date.
 * - `closed`: the call is over (its summary has gone to `onSummary`).
 *
 * `opened` and `reattached` are the moments to send `setTitle` / `setStatusText`
 * (the statechart re-sends the last ones on `reattached` by itself).
 */
export type CardChange =
  | { readonly type: 'opened'; readonly state: ActiveCallCardState }
  | { readonly type: 'lost'; readonly state: ActiveCallCardState }
  | { readonly type: 'reattached'; readonly state: ActiveCallCardState }
  | { readonly type: 'closed'; readonly previous: ActiveCallCardState };

/** What {@link createCallCard} needs: the host, the softphone, and the hooks to hear from it. */
export interface CallCardOptions {
  /** `BX24.placement` as it is, or `fromB24jssdkPlacement(b24.placement)`. */
  readonly placement: PlacementPort;
  /** The integrator's softphone: all ten methods of {@link Softphone}. */
  readonly softphone: Softphone;
  /** How long a command waits for the host's callback, in ms: a positive finite number (default 5000). */
  readonly commandTimeoutMs?: number;
  /** The time, in epoch ms, for the summaries' timestamps (default `Date.now`). */
  readonly clock?: () => number;
  /**
   * Where to keep a copy of the current call (`sessionStorage` is a good choice), so that
   * after a worker restart the card found open can be summarised with its call's data and
   * adopted without asking the softphone for the `CALL_ID` (see {@link OrphanedCardInfo}).
   */
  readonly storage?: CallStorage;
  /** Each finished call's summary, once per call. */
  readonly onSummary?: (summary: CallSummary) => void;
  /**
   * The operator saved the card's comment editor. `text` is the editor's whole text (each
   * save carries all of it, not an addition), and the host has already saved it to the call.
   */
  readonly onComment?: (comment: { readonly callId: string; readonly text: string }) => void;
  /** A quality rating the operator gave (1–5). */
  readonly onRating?: (rating: { readonly callId: string; readonly rating: QualityRating }) => void;
  /** The operator pressed "Notify administrator" on the out-of-funds card. */
  readonly onNotifyAdmin?: (event: { readonly callId: string }) => void;
  /** The operator pressed Next in call-list mode. */
  readonly onNext?: (event: { readonly callId: string }) => void;
  /** The card opened, was lost, reappeared or closed: see {@link CardChange}. */
  readonly onCard?: (change: CardChange) => void;
  /**
   * At start the library asks the host whether a card is already open (a worker restart
   * leaves one behind, host-behaviour.md §6). Such a card belongs to a call this worker
   * knows nothing of. Without this option it is closed with `CallCardClose`, reported as
   * an `orphanedCard` diagnostic and summarised once (`endedBy: 'orphaned'`).
   *
   * Give it to decide: return (or resolve to) `'close'`, or `{ adopt: { callId,
   * direction, uiState, … } }` when your softphone still has the call; the card is then
   * brought up to date and managed like any other. A throw, a rejection or an answer that
   * is neither closes the card and is reported. If the host opens another card while you
   * decide, your answer is ignored.
   *
   * @example
   * onOrphanedCard: () => {
   *   const live = sip.currentCall();
   *   return live ? { adopt: { callId: live.bitrixCallId, direction: live.direction, uiState: 'connected', muted: live.muted } } : 'close';
   * }
   */
  readonly onOrphanedCard?: (orphan: OrphanedCardInfo) => OrphanDecision | PromiseLike<OrphanDecision>;
  /**
   * What an outgoing card for a call the softphone is not dialling does (statechart SC-L5,
   * click-to-call: the operator clicked a number in Bitrix24 and the portal raised the card
   * itself). `'dial'` (the default): the softphone is told `call(phoneNumber)` at once and the
   * card shows `connectingOutgoing`. `'showCall'`: the card opens in `outgoing` and the
   * operator presses Call. A function decides per call. Whether the softphone dials the call
   * is its `isDialling(callId)` (the SIP adapters have it; see `outgoingWithoutIsDialling`).
   */
  readonly clickToCall?: ClickToCallChoice | ((call: CallData) => ClickToCallChoice);
  /**
   * What an outgoing card means when the softphone has no `isDialling(callId)` (or it fails,
   * or does not answer within 12 s): `'dialling'` (the default) — the softphone is placing
   * this call, the card shows `connectingOutgoing`, and nothing is dialled twice (click-to-call
   * then waits for a Call that never comes: give your softphone `isDialling`);
   * `'clickToCall'` — your application never dials before its card, so every outgoing card is
   * the operator's click and `clickToCall` applies.
   */
  readonly outgoingWithoutIsDialling?: 'dialling' | 'clickToCall';
  /**
   * Called with a dial request's `CALL_ID` before it is dialled (statechart SC-L6); a promise
   * holds the dial until it settles (at most 12 s). The portal reuses a `CALL_ID` it was not told
   * the end of, sending its request again: give `(callId) => records.finishPending(callId)` so
   * that a finish still pending in the records outbox goes out first.
   */
  readonly finishFirst?: (callId: string) => unknown;
  /** Every diagnostic: ignored event, rejected payload, failed or timed-out command, softphone or hook error… */
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
  /** An XState inspection observer (e.g. from `b24-call-card/inspect`), to watch the statechart live. */
  readonly inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
}

/** A listener of {@link CallCard.subscribe}. */
export type CallCardListener = (state: CallCardState) => void;

const HOOKS = ['clock', 'finishFirst', 'onSummary', 'onComment', 'onRating', 'onNotifyAdmin', 'onNext', 'onCard', 'onOrphanedCard', 'onDiagnostic'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

function missingMethods(target: Record<string, unknown>, methods: readonly string[], owner: string): string[] {
  return methods.filter((method) => typeof target[method] !== 'function').map((method) => `${owner}.${method}`);
}

/**
 * Setup mistakes are programming errors (statechart.md, "The interfaces"): throws one
 * `TypeError` naming everything missing or wrong, before anything is bound.
 */
export function assertCallCardOptions(options: unknown): asserts options is CallCardOptions {
  if (!isObject(options)) {
    throw new TypeError(`createCallCard(options): options must be an object with placement and softphone, received ${options === null ? 'null' : typeof options}`);
  }
  const problems: string[] = [];
  const { placement, softphone, commandTimeoutMs, inspect } = options;
  if (!isObject(placement)) problems.push('placement is missing (pass BX24.placement, or fromB24jssdkPlacement(b24.placement))');
  else {
    const missing = missingMethods(placement, ['call', 'bindEvent'], 'placement');
    if (missing.length > 0) problems.push(`${missing.join(' and ')} must be functions (the shape of BX24.placement)`);
  }
  if (!isObject(softphone)) problems.push(`softphone is missing (an object with ${SOFTPHONE_METHODS.join(', ')})`);
  else {
    const missing = missingMethods(softphone, SOFTPHONE_METHODS, 'softphone');
    if (missing.length > 0) problems.push(`${missing.join(', ')} ${missing.length === 1 ? 'is not a function' : 'are not functions'}`);
  }
  if (commandTimeoutMs !== undefined && !(typeof commandTimeoutMs === 'number' && Number.isFinite(commandTimeoutMs) && commandTimeoutMs > 0)) {
    problems.push(`commandTimeoutMs must be a positive finite number of milliseconds, received ${typeof commandTimeoutMs === 'number' ? String(commandTimeoutMs) : typeof commandTimeoutMs}`);
  }
  for (const hook of HOOKS) {
    if (options[hook] !== undefined && typeof options[hook] !== 'function') problems.push(`${hook} must be a function, received ${typeof options[hook]}`);
  }
  if (options.storage !== undefined) {
    if (!isObject(options.storage)) problems.push(`storage must be a Storage-like object (getItem, setItem, removeItem), received ${typeof options.storage}`);
    else {
      const missing = missingMethods(options.storage, ['getItem', 'setItem', 'removeItem'], 'storage');
      if (missing.length > 0) problems.push(`${missing.join(', ')} must be functions`);
    }
  }
  const { clickToCall, outgoingWithoutIsDialling } = options;
  if (clickToCall !== undefined && clickToCall !== 'dial' && clickToCall !== 'showCall' && typeof clickToCall !== 'function') {
    problems.push(`clickToCall must be 'dial', 'showCall' or a function of the call, received ${typeof clickToCall === 'string' ? JSON.stringify(clickToCall.slice(0, 40)) : typeof clickToCall}`);
  }
  if (outgoingWithoutIsDialling !== undefined && outgoingWithoutIsDialling !== 'dialling' && outgoingWithoutIsDialling !== 'clickToCall') {
    problems.push(`outgoingWithoutIsDialling must be 'dialling' or 'clickToCall', received ${typeof outgoingWithoutIsDialling === 'string' ? JSON.stringify(outgoingWithoutIsDialling.slice(0, 40)) : typeof outgoingWithoutIsDialling}`);
  }
  if (inspect !== undefined && !isObject(inspect)) problems.push(`inspect must be an inspection observer or function, received ${typeof inspect}`);
  if (problems.length > 0) throw new TypeError(`createCallCard(options): ${problems.join('; ')}.`);
}
