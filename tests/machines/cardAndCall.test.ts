/**
 * statechart.md, "Card and call": the call and its card are separate concerns. An
 * established call goes on without its card; the card can come back; another call's card ends
 * the current call; a restarted worker closes or adopts an open card.
 */
import type { CallData } from '../../machines/callCard.events';
import { UI_STATES, type UiState } from '../../protocol/uiStates';
import {
  CLOSE,
  HELD_STATES,
  NOT_LIVE_STATES,
  RINGING_STATES,
  card,
  connectedValue,
  initialized,
  phone,
  setHold,
  setMute,
  setUiState,
  startCard,
} from './helpers';

const LOST = { type: 'card.lost' } as const;
const title = (text: string) => ({ command: 'CallCardSetCardTitle', params: { title: text } }) as const;
const statusText = (text: string) => ({ command: 'CallCardSetStatusText', params: { statusText: text } }) as const;

describe('SC-C1: a card that goes away on its own does not end an established call', () => {
  test.each(HELD_STATES)('%s → card.lost → same state, card lost, cardLost reported, the softphone told nothing', (state) => {
    const c = startCard().open(state);
    const ui = c.snapshot().value;
    c.clock.advance(5_000);
    c.send(LOST);
    expect(c.state()).toBe(state);
    expect(c.card()).toBe('lost');
    expect(c.softphoneCommands()).toEqual([]);
    expect(c.cardCommands()).toEqual([]);
    expect(c.summaries()).toEqual([]);
    expect(c.hooks()).toEqual([{ type: 'call.cardLost', cycle: 1, callId: 'call-1', at: 1_005_000 }]);
    // The ui region did not move.
    expect((c.snapshot().value as { call: { ui: unknown } }).call.ui).toEqual((ui as { call: { ui: unknown } }).call.ui);
  });

  test('while the card is lost the call moves on and the card is told nothing; the call ends as it would with a card', () => {
    const c = startCard().open('connectingIncoming');
    c.send(LOST, phone({ type: 'phone.connected' }), phone({ type: 'phone.mutedChanged', muted: true }), card('muteButtonClick', false));
    c.send({ type: 'softphone.muteFailed', muted: false }, { type: 'card.setTitle', title: 'Ivan' });
    expect(c.snapshot().value).toEqual(connectedValue(true, false, 'lost'));
    expect(c.cardCommands()).toEqual([]);
    expect(c.softphoneCommands()).toEqual([{ method: 'mute', muted: false }]);
    c.send(phone({ type: 'phone.ended' }));
    expect(c.state()).toBe('waiting');
    // No CallCardClose for a card that is gone.
    expect(c.cardCommands()).toEqual([]);
    expect(c.summaries()).toEqual([expect.objectContaining({ endedBy: 'remoteHungUp', cardLost: true, cardLostAt: 1_000_000, connected: true })]);
  });

  test('the summary says whether and when the card was lost: the first loss, even after it came back', () => {
    const c = startCard().open('connected');
    c.clock.advance(1_000);
    c.send(LOST);
    c.clock.advance(1_000);
    c.send(initialized(), LOST, card('hangupButtonClick'));
    expect(c.summaries()).toEqual([expect.objectContaining({ cardLost: true, cardLostAt: 1_001_000, closedAt: 1_002_000 })]);
  });

  test('a second card.lost while the card is lost changes nothing and is reported (another command found it gone too)', () => {
    const c = startCard().open('connected', [LOST]).mark();
    c.send(LOST);
    expect(c.since()).toEqual([{ type: 'call.ignored', event: LOST }]);
    expect(c.card()).toBe('lost');
  });

  test('card.lost in waiting is ignored and reported', () => {
    const c = startCard().mark();
    c.send(LOST);
    expect(c.state()).toBe('waiting');
    expect(c.ignored()).toEqual([LOST]);
    expect(c.since()).toHaveLength(1);
  });
});

describe('SC-C2: a card lost while ringing rejects the call, not hangup()', () => {
  test.each(RINGING_STATES)('%s → card.lost → call over, softphone.reject(), no command to a card that is gone', (state) => {
    const c = startCard().open(state);
    c.send(LOST);
    expect(c.state()).toBe('waiting');
    expect(c.softphoneCommands()).toEqual([{ method: 'reject' }]);
    expect(c.cardCommands()).toEqual([]);
    expect(c.summaries()).toEqual([expect.objectContaining({ endedBy: 'cardLost', lastUiState: state, cardLost: true, cardLostAt: 1_000_000 })]);
  });
});

describe('SC-C3: no live call and no card, the call is over', () => {
  test.each(NOT_LIVE_STATES)('%s → card.lost → call over, the softphone told nothing', (state) => {
    const c = startCard().open(state);
    c.send(LOST);
    expect(c.state()).toBe('waiting');
    expect(c.softphoneCommands()).toEqual([]);
    expect(c.cardCommands()).toEqual([]);
    expect(c.summaries()).toEqual([expect.objectContaining({ endedBy: 'cardLost', lastUiState: state, cardLost: true, cardLostAt: 1_000_000 })]);
  });
});

describe('the card reappears: initialized for the current CALL_ID (SC-C5, SC-C6)', () => {
  test.each(HELD_STATES)('%s, card lost → initialized(same CALL_ID) → attached, CallCardSetUiState(%s), no summary, nothing for the softphone', (state) => {
    const c = startCard().open(state, [LOST]).mark();
    c.send(initialized({ CALL_STATE: 'idle' }));
    expect(c.state()).toBe(state);
    expect(c.card()).toBe('attached');
    expect(c.cardCommands()).toEqual([setUiState(state)]);
    expect(c.softphoneCommands()).toEqual([]);
    expect(c.summaries()).toEqual([]);
    expect(c.hooks()).toEqual([{ type: 'call.cardAttached', cycle: 1, callId: 'call-1' }]);
  });

  test('a re-shown card of a connected call shows connected, not Answer/Skip', () => {
    const c = startCard().open('connected');
    c.send(initialized({ CALL_DIRECTION: 'incoming' }));
    expect(c.state()).toBe('connected');
    expect(c.cardCommands()).toEqual([setUiState('connected')]);
    expect(c.context().cycle).toBe(1);
  });

  test('brought up to date in order: UI state, then mute and hold, then title and status text', () => {
    const c = startCard().open('connected', [
      { type: 'softphone.muteDone', muted: true },
      phone({ type: 'phone.heldChanged', held: true }),
      { type: 'card.setTitle', title: 'Ivan Petrov' },
      { type: 'card.setStatusText', statusText: 'VIP' },
      LOST,
      { type: 'card.setTitle', title: 'Ivan Petrov (ACME)' },
    ]);
    c.send(initialized());
    expect(c.cardCommands()).toEqual([setUiState('connected'), setMute(true), setHold(true), title('Ivan Petrov (ACME)'), statusText('VIP')]);
    expect(c.snapshot().value).toEqual(connectedValue(true, true));
  });

  test.each([
    ['transferring', []],
    ['transferFailed', [phone({ type: 'phone.transferFailed', code: 480 })]],
  ] as const)('a card that reappears in %s is told the microphone and hold the call returns to (they live in the history of connected)', (state, toState) => {
    const c = startCard().open('connected', [{ type: 'softphone.muteDone', muted: true }, phone({ type: 'phone.heldChanged', held: true })]);
    c.send(card('transferButtonClick', { phoneNumber: '+4930123456', target: '42' }), ...toState, LOST);
    expect([c.state(), c.card()]).toEqual([state, 'lost']);
    c.mark();
    c.send(initialized());
    expect(c.cardCommands()).toEqual([setUiState(state), setMute(true), setHold(true)]);
    // Return to call: the new card already shows the flags the call has again.
    c.mark();
    c.send(card('cancelTransferButtonClick'));
    expect(c.snapshot().value).toEqual(connectedValue(true, true));
    expect(c.cardCommands()).toEqual([setUiState('connected')]);
  });

  test('a card that reappears while the statechart thought it attached (an Esc-closed card) is brought up to date too', () => {
    const c = startCard().open('outgoing', [{ type: 'card.setStatusText', statusText: 'dial?' }]);
    c.send(initialized({ CALL_DIRECTION: 'callback' }));
    expect(c.state()).toBe('outgoing');
    expect(c.cardCommands()).toEqual([setUiState('outgoing'), statusText('dial?')]);
  });

  test('the call data is kept: the re-show does not replace the number', () => {
    const c = startCard().open('outgoing');
    c.send(initialized({ CALL_DIRECTION: 'callback', PHONE_NUMBER: '+7000' }), card('makeCallButtonClick'));
    expect(c.softphoneCommands()).toEqual([{ method: 'call', phoneNumber: '+4930123456' }]);
  });
});

describe('SC-C4: initialized for another CALL_ID, the old call is replaced', () => {
  const expectedCommand = (state: UiState) =>
    RINGING_STATES.includes(state) ? [{ method: 'reject' }] : HELD_STATES.includes(state) ? [{ method: 'hangup' }] : [];

  test.each(UI_STATES)("%s → initialized(call-2) → the old call summarised as replaced, its softphone call ended, the new call opens", (state) => {
    const c = startCard().open(state, [card('addCommentButtonClick', 'old call')]);
    c.send(initialized({ CALL_ID: 'call-2', CALL_DIRECTION: 'callback', PHONE_NUMBER: '+4930222', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 }));
    expect(c.state()).toBe('outgoing');
    expect(c.softphoneCommands()).toEqual(expectedCommand(state));
    expect(c.summaries()).toEqual([expect.objectContaining({ cycle: 1, callId: 'call-1', endedBy: 'replaced', comment: 'old call', lastUiState: state })]);
    // The host dropped the old card itself: no CallCardClose; the new card is entered once, as call 2.
    expect(c.since().filter((e) => e.type === 'card.command')).toEqual([{ type: 'card.command', cycle: 2, command: setUiState('outgoing') }]);
    expect(c.context()).toMatchObject({ cycle: 2, comment: null, rating: null, dtmf: '', transfer: null, failureCode: null, connectedAt: null, entity: null });
    c.send(card('makeCallButtonClick'));
    expect(c.softphoneCommands().at(-1)).toEqual({ method: 'call', phoneNumber: '+4930222' });
  });

  test("a replaced card's live call is hung up (the bug: it never was)", () => {
    const c = startCard().open('connected', [LOST]);
    c.send(initialized({ CALL_ID: 'call-2' }));
    expect(c.softphoneCommands()).toEqual([{ method: 'hangup' }]);
    expect(c.summaries()).toEqual([expect.objectContaining({ endedBy: 'replaced', cardLost: true })]);
    expect(c.state()).toBe('incoming');
    expect(c.card()).toBe('attached');
  });
});

describe('SC-C6: title and status text', () => {
  test('sent while the card is there, kept while it is lost, ignored with no call', () => {
    const c = startCard().mark();
    c.send({ type: 'card.setTitle', title: 'nobody' });
    expect(c.ignored()).toEqual([{ type: 'card.setTitle', title: 'nobody' }]);
    c.send(initialized(), { type: 'card.setTitle', title: 'A' }, { type: 'card.setStatusText', statusText: 'B' });
    expect(c.cardCommands()).toEqual([setUiState('incoming'), title('A'), statusText('B')]);
    c.send(card('skipButtonClick'), initialized({ CALL_ID: 'call-2' }), card('skipButtonClick'));
    // A new call starts without the last one's title.
    expect(c.summaries()).toHaveLength(2);
    expect(c.cardCommands().filter((command) => command.command === 'CallCardSetCardTitle')).toEqual([title('A')]);
  });
});

describe('SC-W1, SC-W2: worker restart', () => {
  const storedCall = initialized({ CALL_ID: 'call-9', CALL_DIRECTION: 'incoming' }).call;

  test.each([
    ['with the call data an earlier instance stored', storedCall, 'call-9'],
    ['knowing nothing of the call', null, ''],
  ] as const)('an orphaned card (%s) is closed and summarised once, ended by orphaned', (_label, call: CallData | null, callId) => {
    const c = startCard().mark();
    c.send({ type: 'card.orphaned', call });
    expect(c.state()).toBe('waiting');
    expect(c.since().filter((e) => e.type === 'card.command')).toEqual([{ type: 'card.command', cycle: 1, command: CLOSE }]);
    expect(c.summaries()).toEqual([expect.objectContaining({ cycle: 1, callId, endedBy: 'orphaned', connected: false, lastUiState: null })]);
    expect(c.softphoneCommands()).toEqual([]);
    // The next call is the worker's second.
    c.mark().send(initialized());
    expect(c.since().filter((e) => e.type === 'card.command')).toEqual([{ type: 'card.command', cycle: 2, command: setUiState('incoming') }]);
  });

  test('an adopted connected call is brought up to date (UI state, then mute and hold) and managed like any other', () => {
    const c = startCard().mark();
    c.send({ type: 'card.adopted', call: storedCall, uiState: 'connected', muted: true, held: true });
    expect(c.snapshot().value).toEqual(connectedValue(true, true));
    expect(c.cardCommands()).toEqual([setUiState('connected'), setMute(true), setHold(true)]);
    expect(c.summaries()).toEqual([]);
    c.send(card('hangupButtonClick'));
    expect(c.softphoneCommands()).toEqual([{ method: 'hangup' }]);
    expect(c.summaries()).toEqual([expect.objectContaining({ callId: 'call-9', endedBy: 'hungUp', connected: true })]);
  });

  test.each(['incoming', 'transferIncoming', 'connectingIncoming', 'connectingOutgoing', 'transferring', 'transferFailed', 'transferConnected'] as const)(
    'a call adopted in %s shows that state',
    (uiState) => {
      const c = startCard().mark();
      c.send({ type: 'card.adopted', call: storedCall, uiState });
      expect(c.state()).toBe(uiState);
      expect(c.cardCommands()).toEqual([setUiState(uiState)]);
    },
  );

  test('orphaned or adopted during a call is ignored and reported', () => {
    const c = startCard().open('connected');
    c.send({ type: 'card.orphaned', call: null }, { type: 'card.adopted', call: storedCall, uiState: 'incoming' });
    expect(c.state()).toBe('connected');
    expect(c.ignored().map((e) => e.type)).toEqual(['card.orphaned', 'card.adopted']);
  });
});

describe('no entity of a closing card reaches the next call (SC-C8)', () => {
  test('an entityChanged after our CallCardClose (before it lands) is reported; the callback then dials its own number', () => {
    const c = startCard().open('connected');
    c.send(card('hangupButtonClick'));
    expect(c.cardCommands()).toEqual([CLOSE]);
    const late = card('entityChanged', { PHONE_NUMBER: '+4930OLD', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 1 });
    c.send(late);
    expect(c.ignored()).toEqual([late]);
    c.send(initialized({ CALL_ID: 'call-2', CALL_DIRECTION: 'callback', PHONE_NUMBER: '+4930NEW' }), card('makeCallButtonClick'));
    expect(c.softphoneCommands().at(-1)).toEqual({ method: 'call', phoneNumber: '+4930NEW' });
  });
});
