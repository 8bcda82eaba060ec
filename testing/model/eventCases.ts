import type { CallCardEvent, CardEvent, PhoneEvent } from '../../machines/events';
import { parseCardEvent, parsePhoneEvent } from '../../machines/parse';
import type { CardEventName } from '../../protocol/events';
import type { InitializedPayload } from '../host/payloads';

/**
 * How an event case reaches the statechart on the real stack:
 * - `raiseCall`: the simulated host raises a call (`initialized`);
 * - `click`: the host emits a card event with this raw payload (forced when no card is
 *   open, which only `entityChanged` may be: it can precede `initialized`);
 * - `phone`: the integrator's softphone reports through `callCard.send`;
 * - `cardLost`: the host drops the card behind the application's back and the next
 *   command earns `Call card is undefined`.
 */
export type HostAction =
  | { readonly via: 'raiseCall'; readonly call: Partial<InitializedPayload> }
  | { readonly via: 'click'; readonly name: CardEventName; readonly payload: unknown }
  | { readonly via: 'phone'; readonly event: PhoneEvent }
  | { readonly via: 'cardLost' };

/** One concrete event the model may take: its readable label, the typed event and how the host produces it. */
export interface EventCase {
  /** Short and unique, used in path names: `hold(true)`, `failed(486)`, `callback(no number)`. */
  readonly label: string;
  /** The typed event exactly as the adapter hands it to the statechart (built by the real parsers). */
  readonly event: CallCardEvent;
  readonly host: HostAction;
}

/** A typed event the parsers never let through from the host: only sendable to the machine directly. */
export interface DirectCase {
  readonly label: string;
  readonly event: CallCardEvent;
  /** Why no host payload can produce it. */
  readonly why: string;
}

function parsedCard(name: CardEventName, payload: unknown): CardEvent {
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

function call(label: string, fields: Partial<InitializedPayload>): EventCase {
  const raw: Partial<InitializedPayload> = {
    CALL_ID: `model-${label}`,
    PHONE_NUMBER: CASE_PHONE_NUMBER,
    LINE_NUMBER: 'model-line',
    LINE_NAME: '',
    CRM_ENTITY_TYPE: 'CONTACT',
    CRM_ENTITY_ID: 7,
    CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 7 }],
    CALL_STATE: 'idle',
    CALL_LIST_MODE: false,
    ...fields,
  };
  // What the host delivers: a field given as `undefined` is left out (simulator's rule).
  const delivered = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));
  return { label, event: parsedCard('initialized', delivered), host: { via: 'raiseCall', call: raw } };
}

function click(label: string, name: CardEventName, payload?: unknown): EventCase {
  return { label, event: parsedCard(name, payload), host: { via: 'click', name, payload } };
}

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
  call('callback', { CALL_DIRECTION: 'callback' }),
  // Call-list mode wins over the direction (statechart.md, Lifecycle).
  call('callList', { CALL_DIRECTION: 'incoming', CALL_LIST_MODE: true }),
  call('unknownDirection', { CALL_DIRECTION: 'inbound' as InitializedPayload['CALL_DIRECTION'] }),
  // No number to dial: the Call button must do nothing (knowsNumberToDial false).
  call('callback(no number)', { CALL_DIRECTION: 'callback', PHONE_NUMBER: undefined }),

  click('entity(+4930555)', 'entityChanged', { PHONE_NUMBER: '+4930555', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 9 }),
  click('entity(unknown)', 'entityChanged', { PHONE_NUMBER: 'unknown', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 3 }),
  click('comment', 'addCommentButtonClick', 'call back on Monday'),
  click('answer', 'answerButtonClick'),
  click('skip', 'skipButtonClick'),
  click('makeCall', 'makeCallButtonClick'),
  click('next', 'nextButtonClick'),
  click('hangup', 'hangupButtonClick'),
  click('close', 'closeButtonClick'),
  click('mute(true)', 'muteButtonClick', true),
  click('mute(false)', 'muteButtonClick', false),
  click('hold(true)', 'holdButtonClick', true),
  click('hold(false)', 'holdButtonClick', false),
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
];

/**
 * Typed events that break a guard the parsers already enforce. No host payload produces
 * them (the parser rejects `"x"`, `"7"` stars and an empty target first), so their guard's
 * false outcome can only be seen by sending them to the machine directly.
 */
export const DIRECT_CASES: readonly DirectCase[] = [
  { label: 'dial(x)', event: { type: 'dialpadButtonClick', key: 'x' } as unknown as CallCardEvent, why: 'parseDialKey rejects any key but 0–9 * #' },
  { label: 'rate(7)', event: { type: 'qualityMeterClick', rating: 7 } as unknown as CallCardEvent, why: 'parseQuality rejects ratings outside 1–5' },
  {
    label: 'transfer(blank)',
    event: { type: 'transferButtonClick', transfer: { destination: '  ', kind: null } },
    why: 'parseTransfer rejects a missing or blank target',
  },
];

const caseByEvent = new WeakMap<object, EventCase>();
for (const c of EVENT_CASES) caseByEvent.set(c.event, c);

/**
 * The case an event of a generated path came from. Paths carry the very event objects of
 * the case list, so identity finds it; a structurally equal event (from a custom list) is
 * matched by its JSON.
 */
export function caseOf(event: CallCardEvent, cases: readonly EventCase[] = EVENT_CASES): EventCase | undefined {
  const known = caseByEvent.get(event);
  if (known && cases.includes(known)) return known;
  const json = JSON.stringify(event);
  return cases.find((c) => c.event === event || JSON.stringify(c.event) === json);
}

/** The readable label of an event in a path (`hold(true)`); the event type when no case matches. */
export function labelOf(event: CallCardEvent, cases: readonly EventCase[] = EVENT_CASES): string {
  return caseOf(event, cases)?.label ?? event.type;
}
