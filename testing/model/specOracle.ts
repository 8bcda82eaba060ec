import type { SoftphoneCommand } from '../../machines/callCard.types';
import type { CallCardEvent } from '../../machines/events';
import type { UiState } from '../../protocol/uiStates';

/**
 * What the specification (statechart.md) says the card and softphone are in, tracked
 * from the events a test sent and nothing else: the oracle the generated paths are
 * checked against. It does not read the machine.
 */
export interface SpecState {
  /** The UI state the card shows; `null`: no card (`waiting`). */
  readonly ui: UiState | null;
  readonly muted: boolean;
  readonly held: boolean;
  readonly callNumber: string | null;
  /** The number the CRM block showed last (`entityChanged`); it may come before `initialized`. */
  readonly entityNumber: string | null;
}

/** The integrator hooks a step must call, once each. */
export type SpecHook = 'onSummary' | 'onComment' | 'onRating' | 'onNotifyAdmin' | 'onNext';

/** What the specification expects one event to do. */
export interface SpecExpectation {
  /** Whether the state takes the event; if not, it is ignored and reported. */
  readonly taken: boolean;
  readonly next: SpecState;
  readonly softphone: readonly SoftphoneCommand[];
  readonly hooks: readonly SpecHook[];
  /** Whether the card must be sent `CallCardClose` (true), must not be (false), or either. */
  readonly cardClose?: boolean;
  /** The card's indicators the step must set (`CallCardSetMute` / `CallCardSetHold`). */
  readonly indicators?: { readonly muted?: boolean; readonly held?: boolean };
  /** Diagnostic kinds the step reports, in order. */
  readonly diagnostics: readonly string[];
}

/** The spec's starting point: no card. */
export const SPEC_WAITING: SpecState = { ui: null, muted: false, held: false, callNumber: null, entityNumber: null };

/** "Every state with a live call": ringing, connecting, talking or transferring. */
export const LIVE_UI_STATES: readonly UiState[] = [
  'incoming',
  'transferIncoming',
  'connectingIncoming',
  'connectingOutgoing',
  'connected',
  'transferring',
  'transferFailed',
  'transferConnected',
];

const BUSY_CODES = [486, 600, 603];

/**
 * The specification's tables as a function of (state, event): statechart.md, Lifecycle,
 * "Transitions in `open`" (button events and softphone events). `card.lost` has no row:
 * the card is gone as after the operator's close, so the live call is hung up.
 */
export function specStep(state: SpecState, event: CallCardEvent): SpecExpectation {
  const ui = state.ui;
  const live = ui !== null && LIVE_UI_STATES.includes(ui);
  const ignored: SpecExpectation = { taken: false, next: state, softphone: [], hooks: [], diagnostics: ['ignoredEvent'] };
  const stay = (softphone: SoftphoneCommand[] = [], hooks: SpecHook[] = [], next: Partial<SpecState> = {}): SpecExpectation => ({
    taken: true,
    next: { ...state, ...next },
    softphone,
    hooks,
    diagnostics: [],
  });
  const goTo = (to: UiState, softphone: SoftphoneCommand[] = []): SpecExpectation => ({
    taken: true,
    next: { ...state, ui: to, ...(to === 'connected' && ui !== 'transferring' && ui !== 'transferFailed' ? { muted: false, held: false } : {}) },
    softphone,
    hooks: [],
    diagnostics: [],
  });
  const gone = (softphone: SoftphoneCommand[], cardClose: boolean | undefined, diagnostics: string[] = []): SpecExpectation => ({
    taken: true,
    next: SPEC_WAITING,
    softphone,
    hooks: ['onSummary'],
    ...(cardClose === undefined ? {} : { cardClose }),
    diagnostics,
  });
  const is = (...states: UiState[]) => ui !== null && states.includes(ui);

  switch (event.type) {
    case 'initialized': {
      const { call } = event;
      const first: UiState = call.callListMode
        ? 'outgoing'
        : call.direction === 'incoming'
          ? 'incoming'
          : call.direction === 'incomingTransfer'
            ? 'transferIncoming'
            : call.direction === 'outgoing'
              ? 'connectingOutgoing'
              : call.direction === 'callback'
                ? 'outgoing'
                : 'error';
      // A new call replacing an open card ends the old one: its summary goes out and its context (entity too) is reset.
      return {
        taken: true,
        next: { ui: first, muted: false, held: false, callNumber: call.phoneNumber, entityNumber: ui === null ? state.entityNumber : null },
        softphone: [],
        hooks: ui === null ? [] : ['onSummary'],
        diagnostics: first === 'error' && call.direction === null ? ['rejectedPayload'] : [],
      };
    }
    case 'entityChanged':
      return stay([], [], { entityNumber: event.entity.phoneNumber });
    case 'addCommentButtonClick':
      return ui === null ? ignored : stay([], ['onComment']);
    case 'answerButtonClick':
      return is('incoming', 'transferIncoming') ? goTo('connectingIncoming', [{ method: 'answer' }]) : ignored;
    case 'skipButtonClick':
      return is('incoming', 'transferIncoming') ? gone([{ method: 'reject' }], true) : ignored;
    case 'makeCallButtonClick': {
      const number = state.entityNumber ?? state.callNumber;
      // The table's call(phoneNumber) needs a number; with none there is nothing to dial, so the click is ignored.
      return is('outgoing', 'redial') && number !== null ? goTo('connectingOutgoing', [{ method: 'call', phoneNumber: number }]) : ignored;
    }
    case 'nextButtonClick':
      return is('outgoing') ? stay([], ['onNext']) : ignored;
    case 'hangupButtonClick':
      return is('connectingIncoming', 'connectingOutgoing', 'connected', 'transferConnected') ? gone([{ method: 'hangup' }], true) : ignored;
    case 'muteButtonClick':
      return is('connected') ? stay([{ method: 'mute', muted: event.muted }], [], { muted: event.muted }) : ignored;
    case 'holdButtonClick':
      return is('connected') ? stay([{ method: 'hold', held: event.held }], [], { held: event.held }) : ignored;
    case 'dialpadButtonClick':
      return is('connected') ? stay([{ method: 'sendDtmf', key: event.key }]) : ignored;
    case 'qualityMeterClick':
      return is('connected') ? stay([], ['onRating']) : ignored;
    case 'transferButtonClick':
      return is('connected') ? goTo('transferring', [{ method: 'startTransfer', target: event.transfer }]) : ignored;
    case 'completeTransferButtonClick':
      return is('transferring') ? stay([{ method: 'completeTransfer' }]) : ignored;
    case 'cancelTransferButtonClick':
      return is('transferring', 'transferFailed') ? goTo('connected', [{ method: 'cancelTransfer' }]) : ignored;
    case 'notifyAdminButtonClick':
      return is('moneyError') ? stay([], ['onNotifyAdmin']) : ignored;
    case 'closeButtonClick':
      return ui === null ? ignored : gone(live ? [{ method: 'hangup' }] : [], false);
    case 'card.lost':
      // The command that found the card gone failed (`commandFailed`), and the queue reports the loss (`cardLost`).
      return ui === null ? ignored : gone(live ? [{ method: 'hangup' }] : [], false, ['commandFailed', 'cardLost']);
    case 'phone.connected':
      return is('connectingIncoming', 'connectingOutgoing') ? goTo('connected') : ignored;
    case 'phone.ended':
      return live ? gone([], true) : ignored;
    case 'phone.failed':
      if (is('connectingOutgoing') && event.code !== null && BUSY_CODES.includes(event.code)) return goTo('redial');
      if (!live) return ignored;
      return goTo(event.code === 402 ? 'moneyError' : 'error');
    case 'phone.transferSucceeded':
      return is('transferring') ? goTo('transferConnected') : ignored;
    case 'phone.transferFailed':
      return is('transferring') ? goTo('transferFailed') : ignored;
    case 'phone.heldChanged':
      return is('connected') ? { ...stay([], [], { held: event.held }), indicators: { held: event.held } } : ignored;
    case 'phone.mutedChanged':
      return is('connected') ? { ...stay([], [], { muted: event.muted }), indicators: { muted: event.muted } } : ignored;
  }
}
