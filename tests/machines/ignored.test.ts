/**
 * statechart.md: "An event that the state it reaches does not take is ignored and
 * reported." Every event goes to the actor; the root's `*` transition takes what no state
 * takes, emits `call.ignored` with the event, and changes nothing else.
 */
import { UI_STATES, type UiState } from '../../protocol/uiStates';
import type { CallCardEvent } from '../../machines/callCard.events';
import { takes as machineTakes } from '../../machines/takes';
import { LIVE_STATES, SAMPLE_EVENTS, card, initialized, phone, startCard, type CardDriver, type SampleEventName } from './helpers';

const ALL_EVENTS = Object.keys(SAMPLE_EVENTS) as SampleEventName[];

/** Accepted in every UI state: the card's comment, entity and top close button, and a new call's card. */
const ANY_OPEN: readonly SampleEventName[] = ['closeButtonClick', 'addCommentButtonClick', 'entityChanged', 'initialized'];
/** "every state with a live call" rows of the softphone table. */
const WHILE_LIVE: readonly SampleEventName[] = ['phone.ended', 'phone.failed'];

/** What each state takes, read off statechart.md's two tables and its lifecycle. */
const TAKES: Record<UiState | 'waiting', readonly SampleEventName[]> = {
  waiting: ['initialized'],
  incoming: ['answerButtonClick', 'skipButtonClick'],
  transferIncoming: ['answerButtonClick', 'skipButtonClick'],
  outgoing: ['makeCallButtonClick', 'nextButtonClick'],
  connectingIncoming: ['hangupButtonClick', 'phone.connected'],
  connectingOutgoing: ['hangupButtonClick', 'phone.connected'],
  connected: [
    'hangupButtonClick',
    'muteButtonClick',
    'holdButtonClick',
    'dialpadButtonClick',
    'qualityMeterClick',
    'transferButtonClick',
    'phone.heldChanged',
    'phone.mutedChanged',
  ],
  transferring: ['completeTransferButtonClick', 'cancelTransferButtonClick', 'phone.transferSucceeded', 'phone.transferFailed'],
  transferFailed: ['cancelTransferButtonClick'],
  transferConnected: ['hangupButtonClick'],
  error: [],
  moneyError: ['notifyAdminButtonClick'],
  redial: ['makeCallButtonClick'],
};

function takes(state: UiState | 'waiting', event: SampleEventName): boolean {
  if (TAKES[state].includes(event)) return true;
  if (state === 'waiting') return false;
  return ANY_OPEN.includes(event) || ((LIVE_STATES as readonly string[]).includes(state) && WHILE_LIVE.includes(event));
}

function openIn(state: UiState | 'waiting'): CardDriver {
  return state === 'waiting' ? startCard().mark() : startCard().open(state);
}

/** Sending `event` must leave the machine exactly as it was and emit only `call.ignored` with it. */
function expectUntouched(c: CardDriver, event: CallCardEvent) {
  const before = c.snapshot();
  c.mark().send(event);
  const after = c.snapshot();
  expect(after.value).toEqual(before.value);
  expect(after.context).toEqual(before.context);
  expect(after.historyValue).toEqual(before.historyValue);
  expect(c.since()).toEqual([{ type: 'call.ignored', event }]);
}

const STATES = ['waiting', ...UI_STATES] as const;
const matrix = STATES.flatMap((state) => ALL_EVENTS.map((event) => [state, event, takes(state, event)] as const));

test('the matrix covers 13 states × (17 card + 7 softphone events)', () => {
  expect(ALL_EVENTS).toHaveLength(24);
  expect(matrix).toHaveLength(13 * 24);
});

describe.each(STATES)('SC-E1: in %s', (state) => {
  const rows = ALL_EVENTS.map((event) => [event, takes(state, event)] as const);

  test.each(rows)('%s: taken is %s', (event, expected) => {
    const c = openIn(state);
    expect(machineTakes(c.snapshot(), SAMPLE_EVENTS[event])).toBe(expected);
  });

  const ignored = rows.filter(([, accepted]) => !accepted).map(([event]) => event);
  if (ignored.length > 0) {
    test.each(ignored)('%s: nothing changes, call.ignored reports it', (event) => {
      expectUntouched(openIn(state), SAMPLE_EVENTS[event]);
    });
  }
});

describe('SC-B03: a number is known, or makeCallButtonClick is not taken', () => {
  test.each([
    ['absent', undefined],
    ['hidden', 'hidden'],
    ['unknown', 'unknown'],
  ])('outgoing with PHONE_NUMBER %s → makeCallButtonClick is not taken', (_label, phoneNumber) => {
    const c = startCard().mark().send(initialized({ CALL_DIRECTION: 'callback', PHONE_NUMBER: phoneNumber }));
    expect(c.state()).toBe('outgoing');
    expect(machineTakes(c.snapshot(), card('makeCallButtonClick'))).toBe(false);
    expectUntouched(c, card('makeCallButtonClick'));
  });

  test('redial with no number to dial → makeCallButtonClick is not taken', () => {
    const c = startCard().send(initialized({ CALL_DIRECTION: 'outgoing', PHONE_NUMBER: 'hidden' }), phone({ type: 'phone.failed', code: 486 }));
    expect(c.state()).toBe('redial');
    expect(machineTakes(c.snapshot(), card('makeCallButtonClick'))).toBe(false);
    expectUntouched(c, card('makeCallButtonClick'));
  });

  test('an entityChanged with an unknown number does not make a number to dial', () => {
    const c = startCard().send(
      initialized({ CALL_DIRECTION: 'callback', PHONE_NUMBER: undefined }),
      card('entityChanged', { PHONE_NUMBER: 'unknown', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 4 }),
    );
    expect(machineTakes(c.snapshot(), card('makeCallButtonClick'))).toBe(false);
  });

  test('outgoing with no number, then entityChanged with one → makeCallButtonClick is taken', () => {
    const c = startCard().send(
      initialized({ CALL_DIRECTION: 'callback', PHONE_NUMBER: undefined }),
      card('entityChanged', { PHONE_NUMBER: '+4930444', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 4 }),
    );
    expect(machineTakes(c.snapshot(), card('makeCallButtonClick'))).toBe(true);
  });
});

test('snapshot.can() is no way to ask: the root * takes every event (the reason for machines/takes.ts)', () => {
  const c = startCard().mark();
  expect(c.snapshot().can(card('hangupButtonClick'))).toBe(true);
  expect(machineTakes(c.snapshot(), card('hangupButtonClick'))).toBe(false);
});
