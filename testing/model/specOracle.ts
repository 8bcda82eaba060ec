import type { SoftphoneCommand } from '../../machines/callCard.types';
import type { CallCardInput } from '../../machines/callCard.events';
import type { DialKey } from '../../protocol/buttons';
import { LIVE_UI_STATES as LIVE, isLiveUiState, isRingingUiState, type UiState } from '../../protocol/uiStates';

/**
 * What the specification (statechart.md) says the card and softphone are in, tracked
 * from the events a test sent and nothing else: the oracle the generated paths are
 * checked against. It does not read the machine.
 */
export interface SpecState {
  /** The call's UI state (the card shows it while attached); `null`: no call (`waiting`). */
  readonly ui: UiState | null;
  /** Whether the host still shows the call's card; `none`: a dial request's call whose card has not come (SC-L6). */
  readonly card: 'attached' | 'lost' | 'none';
  readonly muted: boolean;
  readonly held: boolean;
  readonly callId: string | null;
  readonly callNumber: string | null;
  /** The number the call's CRM block showed last (`entityChanged`). */
  readonly entityNumber: string | null;
  /** A dial request's extension, sent as DTMF once the call connects (SC-L6). */
  readonly extension: readonly DialKey[];
}

/** What the adapter reports when a command finds the card lost: the failed command, then the loss. */
export const CARD_LOST_DIAGNOSTICS: readonly string[] = ['commandFailed', 'cardLost'];

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

/** The spec's starting point: no call. */
export const SPEC_WAITING: SpecState = { ui: null, card: 'attached', muted: false, held: false, callId: null, callNumber: null, entityNumber: null, extension: [] };

/** "Every state with a live call" (protocol/uiStates.ts), as a plain list of UI states. */
export const LIVE_UI_STATES: readonly UiState[] = LIVE;

const BUSY_CODES = [486, 600, 603];

/** What ending the call tells the softphone in `ui` (statechart.md): reject() while ringing, hangup() while live. */
function endOfCall(ui: UiState | null): SoftphoneCommand[] {
  if (ui !== null && isRingingUiState(ui)) return [{ method: 'reject' }];
  return ui !== null && isLiveUiState(ui) ? [{ method: 'hangup' }] : [];
}

/**
 * statechart.md, Lifecycle: the first UI state of a call — call-list mode first, then the
 * direction (anything else: `error`); an outgoing card nobody dials is click-to-call (SC-L5):
 * dialled at once when the integrator chose `dial` and there is a number, else shown with Call.
 */
export function firstUiState(call: { readonly callListMode: boolean; readonly direction: unknown; readonly phoneNumber?: string | null }, clickToCall?: 'dial' | 'showCall'): UiState {
  if (call.callListMode) return 'outgoing';
  switch (call.direction) {
    case 'incoming':
      return 'incoming';
    case 'incomingTransfer':
      return 'transferIncoming';
    case 'outgoing':
      if (clickToCall === undefined) return 'connectingOutgoing';
      return clickToCall === 'dial' && call.phoneNumber !== null && call.phoneNumber !== undefined ? 'connectingOutgoing' : 'outgoing';
    case 'callback':
      return 'outgoing';
    default:
      return 'error';
  }
}

/**
 * The specification's tables as a function of (state, event): statechart.md (v3),
 * Lifecycle, Card and call, "Transitions with a card" (button and softphone events). A
 * Mute or Hold step is the softphone's answer to the click (`softphone.*Done` /
 * `*Failed`): the softphone was told `mute()` / `hold()` by the click.
 */
export function specStep(state: SpecState, event: CallCardInput): SpecExpectation {
  const ui = state.ui;
  const live = ui !== null && isLiveUiState(ui);
  const ringing = ui !== null && isRingingUiState(ui);
  const ignored: SpecExpectation = { taken: false, next: state, softphone: [], hooks: [], diagnostics: ['ignoredEvent'] };
  const stay = (softphone: SoftphoneCommand[] = [], hooks: SpecHook[] = [], next: Partial<SpecState> = {}, diagnostics: readonly string[] = []): SpecExpectation => ({
    taken: true,
    next: { ...state, ...next },
    softphone,
    hooks,
    diagnostics,
  });
  const goTo = (to: UiState, softphone: SoftphoneCommand[] = []): SpecExpectation =>
    // No live call and no card: the call is over (SC-C3; SC-L6 for a call whose card never came).
    state.card !== 'attached' && !isLiveUiState(to) ? over(softphone, false) : moveTo(to, softphone);
  const moveTo = (to: UiState, softphone: SoftphoneCommand[]): SpecExpectation => ({
    taken: true,
    next: { ...state, ui: to, ...(to === 'connected' && ui !== 'transferring' && ui !== 'transferFailed' ? { muted: false, held: false } : {}) },
    softphone,
    hooks: [],
    diagnostics: [],
  });
  const over = (softphone: SoftphoneCommand[], cardClose: boolean | undefined, diagnostics: readonly string[] = []): SpecExpectation => ({
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
      // The current call's card again: attached and brought up to date; nothing else.
      if (ui !== null && call.callId === state.callId) {
        // The new card loads its CRM block first: its entityChanged shows the call's own number again.
        const crm = call.crmEntity !== null || call.crmBindings.length > 0;
        const next: Partial<SpecState> = { card: 'attached', ...(crm ? { entityNumber: state.callNumber } : {}) };
        return { ...stay([], [], next, call.direction === null && !call.callListMode ? ['rejectedPayload'] : []), cardClose: false };
      }
      const first = firstUiState(call, event.clickToCall);
      // Click-to-call dialled at once (SC-L5): the softphone is told call(number) for the new call.
      const dials: SoftphoneCommand[] = first === 'connectingOutgoing' && event.clickToCall === 'dial' && call.phoneNumber !== null ? [{ method: 'call', phoneNumber: call.phoneNumber }] : [];
      // Another call's card ends the current one as replaced: its summary goes out, its softphone call is ended.
      return {
        taken: true,
        next: { ui: first, card: 'attached', muted: false, held: false, callId: call.callId, callNumber: call.phoneNumber, entityNumber: null, extension: [] },
        softphone: [...endOfCall(ui), ...dials],
        hooks: ui === null ? [] : ['onSummary'],
        cardClose: false,
        diagnostics: [
          // The host's CRM block loads before the card's initialized (host-behaviour §1.2): with no call yet, its entityChanged is reported.
          ...(ui === null && (call.crmEntity !== null || call.crmBindings.length > 0) ? ['ignoredEvent'] : []),
          ...(first === 'error' && call.direction === null && !call.callListMode ? ['rejectedPayload'] : []),
        ],
      };
    }
    case 'dial.request': {
      const { call } = event;
      const dial: SoftphoneCommand[] = [{ method: 'call', phoneNumber: call.phoneNumber ?? '' }];
      const opened: SpecState = { ui: 'connectingOutgoing', card: 'none', muted: false, held: false, callId: call.callId, callNumber: call.phoneNumber, entityNumber: null, extension: event.extension };
      // No call: dialled at once, with no card (SC-L6).
      if (ui === null) return { taken: true, next: opened, softphone: dial, hooks: [], cardClose: false, diagnostics: [] };
      // The same call: dialled only if its card waits for Call; else nothing happens.
      if (call.callId === state.callId) return is('outgoing') ? { ...goTo('connectingOutgoing', dial), next: { ...state, ui: 'connectingOutgoing', extension: event.extension } } : ignored;
      // A call is live: refused busy, its summary handed over (486), the softphone not disturbed.
      if (live) return stay([], ['onSummary'], {}, ['dialRequestNotDialled']);
      // No live call: this one is over as replaced (its card closed), and the request is dialled (SC-T4: a new call wins).
      return { taken: true, next: opened, softphone: dial, hooks: ['onSummary'], cardClose: state.card === 'attached', diagnostics: [] };
    }
    case 'card.orphaned':
      return ui === null ? { taken: true, next: SPEC_WAITING, softphone: [], hooks: ['onSummary'], cardClose: true, diagnostics: ['orphanedCard'] } : ignored;
    case 'card.adopted':
      return ui === null
        ? {
            taken: true,
            next: { ui: event.uiState, card: 'attached', muted: event.muted === true, held: event.held === true, callId: event.call.callId, callNumber: event.call.phoneNumber, entityNumber: null, extension: [] },
            softphone: [],
            hooks: [],
            ...(event.uiState === 'connected' ? { indicators: { muted: event.muted === true, held: event.held === true } } : {}),
            diagnostics: ['orphanedCard'],
          }
        : ignored;
    case 'card.setTitle':
    case 'card.setStatusText':
      return ui === null ? ignored : stay();
    case 'entityChanged':
      return ui === null ? ignored : stay([], [], { entityNumber: event.entity.phoneNumber });
    case 'addCommentButtonClick':
      return ui === null ? ignored : stay([], ['onComment']);
    case 'answerButtonClick':
      return ringing ? goTo('connectingIncoming', [{ method: 'answer' }]) : ignored;
    case 'skipButtonClick':
      return ringing ? over([{ method: 'reject' }], true) : ignored;
    case 'makeCallButtonClick': {
      const number = state.entityNumber ?? state.callNumber;
      // The table's call(phoneNumber) needs a number; with none there is nothing to dial, so the click is ignored.
      return is('outgoing', 'redial') && number !== null ? goTo('connectingOutgoing', [{ method: 'call', phoneNumber: number }]) : ignored;
    }
    case 'nextButtonClick':
      return is('outgoing') ? stay([], ['onNext']) : ignored;
    case 'hangupButtonClick':
      return is('connectingIncoming', 'connectingOutgoing', 'connected', 'transferConnected') ? over([{ method: 'hangup' }], true) : ignored;
    case 'muteButtonClick':
      return is('connected') ? stay([{ method: 'mute', muted: event.muted }]) : ignored;
    case 'holdButtonClick':
      return is('connected') ? stay([{ method: 'hold', held: event.held }]) : ignored;
    // The card toggled itself on the click: success tells it nothing, failure sets it back.
    case 'softphone.muteDone':
      return is('connected') ? { ...stay([{ method: 'mute', muted: event.muted }], [], { muted: event.muted }), indicators: { muted: event.muted } } : ignored;
    case 'softphone.muteFailed':
      return is('connected') ? { ...stay([{ method: 'mute', muted: event.muted }], [], {}, ['softphoneError']), indicators: { muted: !event.muted } } : ignored;
    case 'softphone.holdDone':
      return is('connected') ? { ...stay([{ method: 'hold', held: event.held }], [], { held: event.held }), indicators: { held: event.held } } : ignored;
    case 'softphone.holdFailed':
      return is('connected') ? { ...stay([{ method: 'hold', held: event.held }], [], {}, ['softphoneError']), indicators: { held: !event.held } } : ignored;
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
      return ui === null ? ignored : over(endOfCall(ui), false);
    case 'card.lost':
      // A live call goes on without its card; a ringing one is rejected; with no live call the call is over.
      if (ui === null || state.card === 'none') return ignored;
      if (live && !ringing) return { ...stay([], [], { card: 'lost' }, CARD_LOST_DIAGNOSTICS), cardClose: false };
      return over(endOfCall(ui), false, CARD_LOST_DIAGNOSTICS);
    case 'phone.connected': {
      // A dial request's extension goes out as DTMF, key by key, once the callee answers (SC-L6).
      const extension: SoftphoneCommand[] = is('connectingOutgoing') ? state.extension.map((key) => ({ method: 'sendDtmf', key })) : [];
      return is('connectingIncoming', 'connectingOutgoing') ? { ...goTo('connected', extension), next: { ...goTo('connected', extension).next, extension: [] } } : ignored;
    }
    case 'phone.ended':
      // CallCardClose only to a card that is there.
      return live ? over([], state.card === 'attached') : ignored;
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
