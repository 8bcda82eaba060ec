import { createActor, type SnapshotFrom } from 'xstate';
import type { CardCommand } from '../../protocol/commands';
import type { CardEventName } from '../../protocol/events';
import { ESTABLISHED_UI_STATES, RINGING_UI_STATES, UI_STATES, type UiState } from '../../protocol/uiStates';
import { LIVE_UI_STATES } from '../../testing/model/specOracle';
import { callCardMachine } from '../../machines/callCard.machine';
import type { CallCardEmitted, CallSummary, SoftphoneCommand } from '../../machines/callCard.types';
import type { CallCardEvent, CallCardInput, PhoneEvent } from '../../machines/callCard.events';
import { parseCardEvent, parsePhoneEvent, type CardEventOf } from '../../machines/callCard.parse';

export type Snapshot = SnapshotFrom<typeof callCardMachine>;

/** A raw `initialized` payload as the host sends it for an external call (host-behaviour.md §3). */
export function hostCall(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    CALL_ID: 'call-1',
    PHONE_NUMBER: '+4930123456',
    LINE_NUMBER: 'line-1',
    LINE_NAME: '',
    CRM_ENTITY_TYPE: 'CONTACT',
    CRM_ENTITY_ID: 7,
    CRM_ACTIVITY_ID: '',
    CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 7 }],
    CALL_DIRECTION: 'incoming',
    CALL_STATE: 'idle',
    CALL_LIST_MODE: false,
    ...overrides,
  };
}

/** A card event built the way the adapter builds it: through the real parser. Throws on a rejected payload (a broken test). */
export function card<K extends CardEventName>(name: K, payload?: unknown): CardEventOf<K> {
  const result = parseCardEvent(name, payload);
  if (!result.ok) throw new Error(`test payload rejected: ${result.diagnostic.message}`);
  return result.event;
}

/** A softphone event, through the real parser. */
export function phone(input: { type: PhoneEvent['type'] } & Record<string, unknown>): PhoneEvent {
  const result = parsePhoneEvent(input);
  if (!result.ok) throw new Error(`test phone event rejected: ${result.diagnostic.message}`);
  return result.event;
}

export const initialized = (overrides: Record<string, unknown> = {}) => card('initialized', hostCall(overrides));

/** One valid instance of each of the 17 card events and 7 softphone events. */
export const SAMPLE_EVENTS = {
  initialized: initialized({ CALL_ID: 'call-sample' }),
  addCommentButtonClick: card('addCommentButtonClick', 'called back later'),
  muteButtonClick: card('muteButtonClick', true),
  holdButtonClick: card('holdButtonClick', true),
  closeButtonClick: card('closeButtonClick'),
  transferButtonClick: card('transferButtonClick', { phoneNumber: '+4930123456', target: '42' }),
  cancelTransferButtonClick: card('cancelTransferButtonClick'),
  completeTransferButtonClick: card('completeTransferButtonClick'),
  hangupButtonClick: card('hangupButtonClick'),
  nextButtonClick: card('nextButtonClick'),
  skipButtonClick: card('skipButtonClick'),
  answerButtonClick: card('answerButtonClick'),
  entityChanged: card('entityChanged', { PHONE_NUMBER: '+4930555', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 9 }),
  makeCallButtonClick: card('makeCallButtonClick'),
  qualityMeterClick: card('qualityMeterClick', '4'),
  dialpadButtonClick: card('dialpadButtonClick', '5'),
  notifyAdminButtonClick: card('notifyAdminButtonClick'),
  'phone.connected': phone({ type: 'phone.connected' }),
  'phone.ended': phone({ type: 'phone.ended' }),
  'phone.failed': phone({ type: 'phone.failed', code: 500 }),
  'phone.transferSucceeded': phone({ type: 'phone.transferSucceeded' }),
  'phone.transferFailed': phone({ type: 'phone.transferFailed', code: 480 }),
  'phone.heldChanged': phone({ type: 'phone.heldChanged', held: true }),
  'phone.mutedChanged': phone({ type: 'phone.mutedChanged', muted: true }),
} as const satisfies Record<string, CallCardEvent>;

export type SampleEventName = keyof typeof SAMPLE_EVENTS;

/**
 * UI states in which the softphone has a call (ringing, connecting, talking, transferring):
 * statechart.md's "every state with a live call". Before dialling, after a failure and
 * after a busy signal there is none.
 */
// One reading of "every state with a live call", shared with the generated path tests.
export const LIVE_STATES: readonly UiState[] = LIVE_UI_STATES;

export const NOT_LIVE_STATES: readonly UiState[] = UI_STATES.filter((state) => !LIVE_UI_STATES.includes(state));

/** The shortest host/softphone event sequence from `waiting` to each UI state, following statechart.md. */
export const ROUTE_TO: Record<UiState, readonly CallCardEvent[]> = {
  incoming: [initialized({ CALL_DIRECTION: 'incoming' })],
  transferIncoming: [initialized({ CALL_DIRECTION: 'incomingTransfer' })],
  outgoing: [initialized({ CALL_DIRECTION: 'callback' })],
  connectingIncoming: [initialized({ CALL_DIRECTION: 'incoming' }), card('answerButtonClick')],
  connectingOutgoing: [initialized({ CALL_DIRECTION: 'outgoing' })],
  connected: [initialized({ CALL_DIRECTION: 'incoming' }), card('answerButtonClick'), phone({ type: 'phone.connected' })],
  transferring: [
    initialized({ CALL_DIRECTION: 'incoming' }),
    card('answerButtonClick'),
    phone({ type: 'phone.connected' }),
    card('transferButtonClick', { phoneNumber: '+4930999', target: '42' }),
  ],
  transferFailed: [
    initialized({ CALL_DIRECTION: 'incoming' }),
    card('answerButtonClick'),
    phone({ type: 'phone.connected' }),
    card('transferButtonClick', { phoneNumber: '+4930999', target: '42' }),
    phone({ type: 'phone.transferFailed' }),
  ],
  transferConnected: [
    initialized({ CALL_DIRECTION: 'incoming' }),
    card('answerButtonClick'),
    phone({ type: 'phone.connected' }),
    card('transferButtonClick', { phoneNumber: '+4930999', target: '42' }),
    phone({ type: 'phone.transferSucceeded' }),
  ],
  error: [initialized({ CALL_DIRECTION: 'outgoing' }), phone({ type: 'phone.failed', code: 500 })],
  moneyError: [initialized({ CALL_DIRECTION: 'outgoing' }), phone({ type: 'phone.failed', code: 402 })],
  redial: [initialized({ CALL_DIRECTION: 'outgoing' }), phone({ type: 'phone.failed', code: 486 })],
};

/** The UI state the snapshot's `ui` region is in, or `'waiting'`. */
export function uiStateOf(snapshot: Snapshot): UiState | 'waiting' {
  const value = snapshot.value;
  if (value === 'waiting') return 'waiting';
  if (typeof value === 'object' && value !== null && 'call' in value) {
    const ui = value.call.ui;
    return (typeof ui === 'string' ? ui : Object.keys(ui)[0]) as UiState;
  }
  throw new Error(`unexpected snapshot value ${JSON.stringify(value)}`);
}

/** The card region of the snapshot: `attached`, `lost`, `none`, or `null` while waiting. */
export function cardOf(snapshot: Snapshot): 'attached' | 'lost' | 'none' | null {
  const value = snapshot.value;
  return typeof value === 'object' && value !== null && 'call' in value ? value.call.card : null;
}

/** The snapshot value of `connected` with these regions, the card attached. */
export function connectedValue(muted: boolean, held: boolean, card: 'attached' | 'lost' = 'attached') {
  return { call: { ui: { connected: { microphone: muted ? 'muted' : 'unmuted', hold: held ? 'held' : 'resumed' } }, card } };
}

/** The pinned clock of {@link startCard}: starts at 1,000,000 ms and moves only when told. */
export function pinnedClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A started actor of the call card machine with everything it emits recorded, on a pinned clock. */
export function startCard() {
  const clock = pinnedClock();
  const actor = createActor(callCardMachine, { input: { clock: clock.now } });
  const emitted: CallCardEmitted[] = [];
  actor.on('*', (event) => emitted.push(event as CallCardEmitted));
  actor.start();

  let markAt = 0;
  const since = () => emitted.slice(markAt);

  const driver = {
    actor,
    emitted,
    clock,
    send(...events: readonly CallCardInput[]) {
      for (const event of events) actor.send(event);
      return driver;
    },
    snapshot: () => actor.getSnapshot(),
    state: () => uiStateOf(actor.getSnapshot()),
    card: () => cardOf(actor.getSnapshot()),
    context: () => actor.getSnapshot().context,
    /** Forgets what was emitted so far: the reads below see only what follows. */
    mark() {
      markAt = emitted.length;
      return driver;
    },
    /** Opens a card and brings it to `state` by real events, then marks. */
    open(state: UiState, extra: readonly CallCardInput[] = []) {
      driver.send(...ROUTE_TO[state], ...extra);
      if (driver.state() !== state) throw new Error(`route to ${state} ended in ${driver.state()}`);
      return driver.mark();
    },
    /** What the card was told since the mark. */
    cardCommands: (): CardCommand[] => since().flatMap((e) => (e.type === 'card.command' ? [e.command] : [])),
    /** What the softphone was told since the mark. */
    softphoneCommands: (): SoftphoneCommand[] => since().flatMap((e) => (e.type === 'softphone.command' ? [e.command] : [])),
    summaries: (): CallSummary[] => since().flatMap((e) => (e.type === 'call.summary' ? [e.summary] : [])),
    /** The events reported ignored since the mark. */
    ignored: (): CallCardInput[] => since().flatMap((e) => (e.type === 'call.ignored' ? [e.event] : [])),
    /** Everything else emitted since the mark (integrator hooks, card lost / attached). */
    hooks: () => since().filter((e) => e.type !== 'card.command' && e.type !== 'softphone.command' && e.type !== 'call.summary' && e.type !== 'call.ignored'),
    since,
  };
  return driver;
}

export type CardDriver = ReturnType<typeof startCard>;

export const setUiState = (uiState: UiState): CardCommand => ({ command: 'CallCardSetUiState', params: { uiState } });
export const CLOSE: CardCommand = { command: 'CallCardClose', params: {} };
export const setMute = (muted: boolean): CardCommand => ({ command: 'CallCardSetMute', params: { muted } });
export const setHold = (held: boolean): CardCommand => ({ command: 'CallCardSetHold', params: { held } });

/** The ringing states (protocol/uiStates.ts): ended, the call is rejected. */
export const RINGING_STATES: readonly UiState[] = RINGING_UI_STATES;
/** The established states (protocol/uiStates.ts), which go on without their card (SC-C1). */
export const HELD_STATES: readonly UiState[] = ESTABLISHED_UI_STATES;
