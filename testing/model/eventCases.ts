import type { CallCardInput, CallData, ClickToCallChoice, PhoneEvent } from '../../machines/callCard.events';
import { parseCardEvent, parsePhoneEvent, type CardEventOf } from '../../machines/callCard.parse';
import type { CardEventName } from '../../protocol/events';
import type { InitializedPayload } from '../host/payloads';
import type { OrphanDecision } from '../../adapters/session/options';
import { readDialRequest } from '../../adapters/session/dialRequest';
import type { DialRequest } from '../../protocol/dialRequest';

/**
 * How an event case reaches the statechart on the real stack:
 * - `raiseCall`: the simulated host raises a call (`initialized`);
 * - `click`: the host emits a card event with this raw payload (forced when no card is
 *   open, which only `entityChanged` may be: it can precede `initialized`);
 * - `phone`: the integrator's softphone reports through `callCard.send`;
 * - `cardLost`: the host drops the card behind the application's back and the next
 *   command earns `Call card is undefined`;
 * - `softphone`: the operator clicks Mute or Hold and the softphone's `mute()` / `hold()`
 *   succeeds or (`fails`) throws; the adapter tells the statechart which;
 * - `reshow`: the host shows the current call's card again (`telephony.externalcall.show`,
 *   after a hide if the card was still up), or raises it first for a dial request's call (`call`);
 * - `replace`: the host drops the current call's card without a word and shows another
 *   call's (`call` is that call's payload);
 * - `dialRequest`: the application's server relays a dial request (`callCard.dialRequest`, SC-L6);
 * - `restart`: the worker frame reloads while a card (`call`) is open; the new worker's
 *   start-up probe finds it and the integrator's `onOrphanedCard` answers `decision`.
 */
export type HostAction =
  | { readonly via: 'raiseCall'; readonly call: Partial<InitializedPayload> }
  | { readonly via: 'click'; readonly name: CardEventName; readonly payload: unknown }
  | { readonly via: 'phone'; readonly event: PhoneEvent }
  | { readonly via: 'cardLost' }
  | { readonly via: 'softphone'; readonly name: 'muteButtonClick' | 'holdButtonClick'; readonly value: boolean; readonly fails: boolean }
  | { readonly via: 'reshow'; readonly call: Partial<InitializedPayload> }
  | { readonly via: 'integrator'; readonly title?: string; readonly statusText?: string }
  | { readonly via: 'restart'; readonly call: Partial<InitializedPayload>; readonly decision: OrphanDecision }
  | { readonly via: 'replace'; readonly call: Partial<InitializedPayload> }
  | { readonly via: 'dialRequest'; readonly request: DialRequest };

/** One concrete event the model may take: its readable label, the typed event and how the host produces it. */
export interface EventCase {
  /** Short and unique, used in path names: `hold(true)`, `failed(486)`, `callback(no number)`. */
  readonly label: string;
  /**
   * The typed event exactly as the adapter hands it to the statechart (built by the real
   * parsers). For a Mute or Hold click it is the softphone's answer that the adapter sends
   * after the click: that is the step that moves the statechart.
   */
  readonly event: CallCardInput;
  readonly host: HostAction;
}

function parsedCard<K extends CardEventName>(name: K, payload: unknown): CardEventOf<K> {
  const parsed = parseCardEvent(name, payload);
  if (!parsed.ok) throw new Error(`event case ${name} has a payload the parser rejects: ${parsed.diagnostic.message}`);
  return parsed.event;
}

function parsedPhone(input: PhoneEvent): PhoneEvent {
  const parsed = parsePhoneEvent(input);
  if (!parsed.ok) throw new Error(`event case ${input.type} is rejected by the parser: ${parsed.diagnostic.message}`);
  return parsed.event;
}

/** The number every simulated call has unless a case says otherwise. */
export const CASE_PHONE_NUMBER = '+4930123456';

/** What every model call has unless a case says otherwise (CRM data: the card has its CRM layout). */
const BASE_CALL: Partial<InitializedPayload> = {
  PHONE_NUMBER: CASE_PHONE_NUMBER,
  LINE_NUMBER: 'model-line',
  LINE_NAME: '',
  CRM_ENTITY_TYPE: 'CONTACT',
  CRM_ENTITY_ID: 7,
  CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 7 }],
  CALL_STATE: 'idle',
  CALL_LIST_MODE: false,
};

function call(label: string, fields: Partial<InitializedPayload>, clickToCall?: ClickToCallChoice): EventCase {
  const raw: Partial<InitializedPayload> = { CALL_ID: `model-${label}`, ...BASE_CALL, ...fields };
  // What the host delivers: a field given as `undefined` is left out (simulator's rule).
  const delivered = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));
  const parsed = parsedCard('initialized', delivered);
  // Click-to-call: the session marks the card with the integrator's choice once the softphone says it dials nothing (SC-L5).
  const event = clickToCall === undefined ? parsed : { ...parsed, clickToCall };
  return { label, event, host: { via: 'raiseCall', call: raw } };
}

/**
 * The CALL_IDs of the click-to-call cases start with this: the stack's softphone dials none of
 * them (`isDialling` false), and its `clickToCall` option shows Call for those naming `showCall`.
 */
export const CLICK_TO_CALL_PREFIX = 'model-clickToCall';

function click(label: string, name: CardEventName, payload?: unknown): EventCase {
  return { label, event: parsedCard(name, payload), host: { via: 'click', name, payload } };
}

/** A Mute or Hold click, and the softphone's answer to it: the answer is the statechart's step. */
function softphone(label: string, name: 'muteButtonClick' | 'holdButtonClick', value: boolean, fails: boolean): EventCase {
  const event: CallCardInput =
    name === 'muteButtonClick'
      ? { type: fails ? 'softphone.muteFailed' : 'softphone.muteDone', muted: value }
      : { type: fails ? 'softphone.holdFailed' : 'softphone.holdDone', held: value };
  return { label, event, host: { via: 'softphone', name, value, fails } };
}

/** The CALL_ID of the card a restarted worker finds open. */
const ORPHAN_ID = 'model-orphan';

/**
 * A worker restart with a card open. The typed event is what the adapter sends the new
 * statechart after its probe; only `uiState`, `muted` and `held` steer it (the call data
 * stands for what the adapter builds from the decision).
 */
function restart(label: string, decision: OrphanDecision): EventCase {
  const raw: Partial<InitializedPayload> = { ...BASE_CALL, CALL_ID: ORPHAN_ID, CALL_DIRECTION: 'incoming' };
  const orphanCall = parsedCard('initialized', raw);
  const event: CallCardInput =
    decision === 'close'
      ? { type: 'card.orphaned', call: null }
      : {
          type: 'card.adopted',
          call: { ...orphanCall.call, callId: decision.adopt.callId },
          uiState: decision.adopt.uiState,
          ...(decision.adopt.muted === undefined ? {} : { muted: decision.adopt.muted }),
          ...(decision.adopt.held === undefined ? {} : { held: decision.adopt.held }),
        };
  return { label, event, host: { via: 'restart', call: raw, decision } };
}

/** A dial request (SC-L6) as the session reads it into the statechart's event. */
function dialRequest(label: string, request: DialRequest): EventCase {
  const reading = readDialRequest(request);
  if (!reading.ok || reading.warnings.length > 0) throw new Error(`event case ${label} is not a clean dial request`);
  return { label, event: reading.event, host: { via: 'dialRequest', request } };
}

/** A dial request for `callId` of the number every model call has. */
const requestFor = (callId: string, extension?: string): DialRequest => ({ callId, phoneNumber: CASE_PHONE_NUMBER, userId: 1, isMobile: false, ...(extension === undefined ? {} : { extension }) });

function phone(label: string, event: PhoneEvent): EventCase {
  return { label, event: parsedPhone(event), host: { via: 'phone', event } };
}

/**
 * Payload cases for every event the statechart hears (host-behaviour.md §3, statechart.md):
 * each `CALL_DIRECTION` and `CALL_LIST_MODE`, a call with no number, both entity number
 * states, both mute and hold values, every dial key class, ratings 1 and 5 (as the string
 * one page sends and the integer the other does), both transfer payload shapes, and the
 * busy / declined / no-funds / other / no-code failures.
 */
export const EVENT_CASES: readonly EventCase[] = [
  call('incoming', { CALL_DIRECTION: 'incoming' }),
  call('transferIncoming', { CALL_DIRECTION: 'incomingTransfer' }),
  call('outgoing', { CALL_DIRECTION: 'outgoing' }),
  // An outgoing card nobody dials (SC-L5): dialled at once, shown with Call, or shown for want of a number.
  call('clickToCall(dial)', { CALL_DIRECTION: 'outgoing' }, 'dial'),
  call('clickToCall(showCall)', { CALL_DIRECTION: 'outgoing' }, 'showCall'),
  call('clickToCall(dial, no number)', { CALL_DIRECTION: 'outgoing', PHONE_NUMBER: undefined }, 'dial'),
  call('callback', { CALL_DIRECTION: 'callback' }),
  // Call-list mode wins over the direction (statechart.md, Lifecycle).
  call('callList', { CALL_DIRECTION: 'incoming', CALL_LIST_MODE: true }),
  call('unknownDirection', { CALL_DIRECTION: 'inbound' as InitializedPayload['CALL_DIRECTION'] }),
  // No number to dial: the Call button must do nothing (knowsNumberToDial false).
  call('callback(no number)', { CALL_DIRECTION: 'callback', PHONE_NUMBER: undefined }),
  // A dial request with no card (SC-L6), whose extension goes out as DTMF on connect.
  dialRequest('dialRequest(ext 1#)', requestFor('model-dialRequest', '1#')),

  click('entity(+4930555)', 'entityChanged', { PHONE_NUMBER: '+4930555', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 9 }),
  click('entity(unknown)', 'entityChanged', { PHONE_NUMBER: 'unknown', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 3 }),
  click('comment', 'addCommentButtonClick', 'call back on Monday'),
  click('answer', 'answerButtonClick'),
  click('skip', 'skipButtonClick'),
  click('makeCall', 'makeCallButtonClick'),
  click('next', 'nextButtonClick'),
  click('hangup', 'hangupButtonClick'),
  click('close', 'closeButtonClick'),
  softphone('mute(true)', 'muteButtonClick', true, false),
  softphone('mute(false)', 'muteButtonClick', false, false),
  softphone('hold(true)', 'holdButtonClick', true, false),
  softphone('hold(false)', 'holdButtonClick', false, false),
  softphone('mute(true) fails', 'muteButtonClick', true, true),
  softphone('mute(false) fails', 'muteButtonClick', false, true),
  softphone('hold(true) fails', 'holdButtonClick', true, true),
  softphone('hold(false) fails', 'holdButtonClick', false, true),
  click('dial(7)', 'dialpadButtonClick', '7'),
  click('dial(*)', 'dialpadButtonClick', '*'),
  click('dial(#)', 'dialpadButtonClick', '#'),
  click('rate("1")', 'qualityMeterClick', '1'),
  click('rate(5)', 'qualityMeterClick', 5),
  // The shape the host sends before the application's first command, and the documented one.
  click('transfer(user 42)', 'transferButtonClick', { type: 'user', target: '42' }),
  click('transfer(+4930999)', 'transferButtonClick', { phoneNumber: CASE_PHONE_NUMBER, target: '+4930999' }),
  click('completeTransfer', 'completeTransferButtonClick'),
  click('cancelTransfer', 'cancelTransferButtonClick'),
  click('notifyAdmin', 'notifyAdminButtonClick'),

  phone('connected', { type: 'phone.connected' }),
  phone('ended', { type: 'phone.ended' }),
  phone('failed(486)', { type: 'phone.failed', code: 486 }),
  phone('failed(600)', { type: 'phone.failed', code: 600 }),
  phone('failed(603)', { type: 'phone.failed', code: 603 }),
  phone('failed(402)', { type: 'phone.failed', code: 402 }),
  phone('failed(480)', { type: 'phone.failed', code: 480 }),
  phone('failed(none)', { type: 'phone.failed', code: null }),
  phone('transferSucceeded', { type: 'phone.transferSucceeded' }),
  phone('transferFailed', { type: 'phone.transferFailed', code: 486 }),
  phone('heldChanged(true)', { type: 'phone.heldChanged', held: true }),
  phone('heldChanged(false)', { type: 'phone.heldChanged', held: false }),
  phone('mutedChanged(true)', { type: 'phone.mutedChanged', muted: true }),
  phone('mutedChanged(false)', { type: 'phone.mutedChanged', muted: false }),

  { label: 'cardLost', event: { type: 'card.lost' }, host: { via: 'cardLost' } },
  { label: 'setTitle', event: { type: 'card.setTitle', title: 'Model Customer' }, host: { via: 'integrator', title: 'Model Customer' } },
  { label: 'setStatusText', event: { type: 'card.setStatusText', statusText: 'model status' }, host: { via: 'integrator', statusText: 'model status' } },

  restart('restart(close)', 'close'),
  restart('restart(adopt incoming)', { adopt: { callId: ORPHAN_ID, direction: 'incoming', phoneNumber: CASE_PHONE_NUMBER, uiState: 'incoming' } }),
  restart('restart(adopt transferIncoming)', { adopt: { callId: ORPHAN_ID, direction: 'incoming', phoneNumber: CASE_PHONE_NUMBER, uiState: 'transferIncoming' } }),
  restart('restart(adopt connectingIncoming)', { adopt: { callId: ORPHAN_ID, direction: 'incoming', phoneNumber: CASE_PHONE_NUMBER, uiState: 'connectingIncoming' } }),
  restart('restart(adopt connectingOutgoing)', { adopt: { callId: ORPHAN_ID, direction: 'incoming', phoneNumber: CASE_PHONE_NUMBER, uiState: 'connectingOutgoing' } }),
  restart('restart(adopt connected, muted, held)', { adopt: { callId: ORPHAN_ID, direction: 'incoming', phoneNumber: CASE_PHONE_NUMBER, uiState: 'connected', muted: true, held: true } }),
  restart('restart(adopt transferring)', { adopt: { callId: ORPHAN_ID, direction: 'incoming', phoneNumber: CASE_PHONE_NUMBER, uiState: 'transferring' } }),
  restart('restart(adopt transferFailed)', { adopt: { callId: ORPHAN_ID, direction: 'incoming', phoneNumber: CASE_PHONE_NUMBER, uiState: 'transferFailed' } }),
  restart('restart(adopt transferConnected)', { adopt: { callId: ORPHAN_ID, direction: 'incoming', phoneNumber: CASE_PHONE_NUMBER, uiState: 'transferConnected' } }),
];

/** The two CALL_IDs a replacing call alternates between, so the state space stays finite. */
const REPLACEMENT_IDS = ['model-replacement-a', 'model-replacement-b'] as const;

const dynamicCases = new WeakMap<object, EventCase>();
/** The count of dial requests for another call made so far: each gets a CALL_ID of its own. */
let requestIds = 0;
const casesByCallId = new Map<string, EventCase[]>();

/**
 * The cases that depend on the call being served: `reshow` (an `initialized` with its
 * CALL_ID) and `replace` (an incoming call with another CALL_ID). None while waiting.
 * Each event object is registered, so {@link caseOf} finds its case in a generated path.
 */
export function callCases(call: CallData | null): EventCase[] {
  if (call === null) return [];
  const known = casesByCallId.get(call.callId);
  if (known) return known;
  const reshowCall: Partial<InitializedPayload> = { ...rawOf(call), CALL_STATE: 'idle' };
  const reshow = parsedCard('initialized', reshowCall);
  const replacementId = call.callId === REPLACEMENT_IDS[0] ? REPLACEMENT_IDS[1] : REPLACEMENT_IDS[0];
  const replacement: Partial<InitializedPayload> = { ...BASE_CALL, CALL_ID: replacementId, CALL_DIRECTION: 'incoming' };
  const cases: EventCase[] = [
    { label: 'reshow', event: reshow, host: { via: 'reshow', call: reshowCall } },
    { label: 'replace', event: parsedCard('initialized', replacement), host: { via: 'replace', call: replacement } },
    // SC-L6: a request for this call (the same call), and for another (busy while live, else a new call).
    dialRequest('dialRequest(this call)', requestFor(call.callId)),
    // A CALL_ID never used before: the session dials none twice (a served one is reported `repeated`).
    dialRequest('dialRequest(another)', requestFor(`model-request-${++requestIds}`)),
  ];
  for (const c of cases) dynamicCases.set(c.event, c);
  casesByCallId.set(call.callId, cases);
  return cases;
}

/**
 * The same case for the call being served now: a `reshow` or `replace` event picked for
 * another call stands for this call's own (the state keys leave the CALL_ID out).
 */
export function forCall(event: CallCardInput, call: CallData | null): CallCardInput {
  const dynamic = dynamicCases.get(event);
  if (!dynamic) return event;
  return callCases(call).find((c) => c.label === dynamic.label)?.event ?? event;
}

/** An `initialized` payload carrying a parsed call's CALL_ID (the rest as the model's calls have it). */
function rawOf(call: CallData): Partial<InitializedPayload> {
  // The host shows the call it registered: the same CALL_DIRECTION, understood or not.
  return { ...BASE_CALL, CALL_ID: call.callId, CALL_DIRECTION: call.rawDirection as InitializedPayload['CALL_DIRECTION'] };
}

const caseByEvent = new WeakMap<object, EventCase>();
for (const c of EVENT_CASES) caseByEvent.set(c.event, c);

/**
 * The case an event of a generated path came from. Paths carry the very event objects of
 * the case list, so identity finds it; a structurally equal event (from a custom list) is
 * matched by its JSON.
 */
export function caseOf(event: CallCardInput, cases: readonly EventCase[] = EVENT_CASES): EventCase | undefined {
  const known = caseByEvent.get(event);
  if (known && cases.includes(known)) return known;
  const dynamic = dynamicCases.get(event);
  if (dynamic) return dynamic;
  const json = JSON.stringify(event);
  return cases.find((c) => c.event === event || JSON.stringify(c.event) === json);
}

/** The readable label of an event in a path (`hold(true)`); the event type when no case matches. */
export function labelOf(event: CallCardInput, cases: readonly EventCase[] = EVENT_CASES): string {
  return caseOf(event, cases)?.label ?? event.type;
}
