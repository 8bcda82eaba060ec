import { createHostSimulator } from '../../../testing/host';
import { BUTTONS_BY_UI_STATE, CARD_EVENT_NAMES, DIAL_KEYS, INTERNAL_UI_STATES, NO_PAYLOAD_EVENTS, UI_STATES, hostEventName } from '../../../protocol';
import type { CardEventName } from '../../../protocol';
import { CRM_CALL, MODES, cardIn, listen, noCard, send } from './helpers';

describe('raiseCall builds an external card', () => {
  test('§3 initialized carries every field of an external card: CALL_LIST_MODE false, CALL_STATE idle, no CRM_ACTIVITY_ID', () => {
    const sim = createHostSimulator();
    const seen: unknown[] = [];
    sim.placement.bindEvent('BackgroundCallCard::initialized', (payload) => {
      seen.push({ payload, uiState: sim.card?.uiState, buttons: sim.card?.buttons });
    });
    sim.raiseCall({ PHONE_NUMBER: '+79001234567', CALL_DIRECTION: 'outgoing' });
    expect(seen).toEqual([
      {
        payload: {
          CALL_ID: expect.any(String),
          PHONE_NUMBER: '+79001234567',
          LINE_NUMBER: expect.any(String),
          LINE_NAME: '',
          CRM_ENTITY_TYPE: '',
          CRM_ENTITY_ID: 0,
          CRM_BINDINGS: [],
          CALL_DIRECTION: 'outgoing',
          CALL_STATE: 'idle',
          CALL_LIST_MODE: false,
        },
        uiState: 'externalCard',
        buttons: [{ label: 'Close', event: 'closeButtonClick' }],
      },
    ]);
    expect(seen[0]).not.toHaveProperty('payload.CRM_ACTIVITY_ID');
  });

  test('§3 a withheld number is PHONE_NUMBER "hidden"; CRM types beyond the four are sent as given', () => {
    const sim = createHostSimulator();
    const calls = listen(sim, 'BackgroundCallCard::initialized');
    const entities = listen(sim, 'BackgroundCallCard::entityChanged');
    sim.raiseCall({ PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'DYNAMIC_128', CRM_ENTITY_ID: 5, CRM_BINDINGS: [{ ENTITY_TYPE: 'SMART_INVOICE', ENTITY_ID: 2 }] });
    expect(calls[0]?.[0]).toMatchObject({ PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'DYNAMIC_128', CRM_BINDINGS: [{ ENTITY_TYPE: 'SMART_INVOICE', ENTITY_ID: 2 }] });
    expect(entities).toEqual([[{ PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'DYNAMIC_128', CRM_ENTITY_ID: 5 }]]);
  });

  test('each call gets its own CALL_ID, and a number given as undefined is left out as the host does', async () => {
    const sim = createHostSimulator();
    const calls = listen(sim, 'BackgroundCallCard::initialized');
    sim.raiseCall();
    await send(sim, 'CallCardClose');
    sim.raiseCall({ PHONE_NUMBER: undefined });
    const [first, second] = calls.map((args) => args[0] as Record<string, unknown>);
    expect(first?.CALL_ID).not.toEqual(second?.CALL_ID);
    expect(second).not.toHaveProperty('PHONE_NUMBER');
  });

  test('commands fail until initialized: a handler sees the card only from initialized on', async () => {
    const sim = createHostSimulator();
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'incoming' })).toEqual(noCard);
    sim.raiseCall();
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'incoming' })).toEqual([[]]);
  });
});

describe('§2 which clicks the card allows', () => {
  test.each(UI_STATES)('in %s exactly the shown buttons, and the CRM section (comment, entity), can be clicked', async (uiState) => {
    const sim = await cardIn(uiState);
    const shown = BUTTONS_BY_UI_STATE[uiState].map((button) => button.event as CardEventName);
    for (const event of CARD_EVENT_NAMES.filter((name) => name !== 'closeButtonClick' && name !== 'initialized')) {
      const result = sim.click(event, undefined);
      expect([event, result.delivered]).toEqual([event, shown.includes(event) || event === 'addCommentButtonClick' || event === 'entityChanged']);
    }
  });

  test.each([...UI_STATES, ...INTERNAL_UI_STATES])('the Close button exists only in error, moneyError, sipPhoneError, idle, externalCard: %s', async (uiState) => {
    const sim = await cardIn(uiState);
    const closable = ['error', 'moneyError', 'sipPhoneError', 'idle', 'externalCard'].includes(uiState);
    const result = sim.click('closeButtonClick');
    expect(result.delivered).toBe(closable);
    if (!closable) {
      expect(result).toMatchObject({ reason: expect.stringContaining(uiState) });
      expect(sim.card?.uiState).toBe(uiState);
    } else {
      expect(sim.card).toBeNull();
    }
  });

  test('without a CRM block there is no comment section and no entity: those clicks are refused', async () => {
    const sim = await cardIn('connected', { crm: 'none' });
    expect(sim.card?.layout).toBe('simple');
    expect(sim.comment('x')).toMatchObject({ delivered: false, reason: expect.stringContaining('CRM') });
    expect(sim.changeEntity().delivered).toBe(false);
    expect(sim.openCommentEditor()).toBe(false);
  });

  test('nextButtonClick is never shown on an external card', async () => {
    for (const uiState of UI_STATES) {
      expect((await cardIn(uiState)).click('nextButtonClick').delivered).toBe(false);
    }
  });

  test('a refused click reaches no handler and says why', async () => {
    const sim = await cardIn('incoming');
    const hangups = listen(sim, 'BackgroundCallCard::hangupButtonClick');
    const result = sim.click('hangupButtonClick');
    expect(result.delivered).toBe(false);
    expect(result).toMatchObject({ reason: expect.stringContaining('incoming') });
    expect(hangups).toHaveLength(0);
    expect(sim.events.map((e) => e.event)).toEqual(['entityChanged', 'initialized']);
  });

  test('with no card every click is refused, even the close button', () => {
    const sim = createHostSimulator();
    expect(sim.click('closeButtonClick')).toEqual({ delivered: false, reason: 'no card is open' });
    expect(sim.comment('hi').delivered).toBe(false);
    expect(sim.events).toEqual([]);
  });

  test.each(MODES)('the click race: until SetUiState lands, one postMessage hop later, the card still shows the previous buttons (%s)', async (mode) => {
    const sim = await cardIn('incoming', { mode });
    sim.placement.call('CallCardSetUiState', { uiState: 'connectingIncoming' }, () => {});
    // Sent, not landed: Answer is still there and a click on it still reaches the application.
    expect(sim.click('answerButtonClick').delivered).toBe(true);
    expect(sim.click('hangupButtonClick').delivered).toBe(false);
    await sim.settle();
    expect(sim.click('answerButtonClick').delivered).toBe(false);
    expect(sim.click('hangupButtonClick').delivered).toBe(true);
  });

  test('force delivers a click for a button that is not shown, or after the card is gone', async () => {
    const sim = createHostSimulator();
    const holds = listen(sim, 'BackgroundCallCard::holdButtonClick');
    sim.raiseCall();
    expect(sim.hold(true, { force: true })).toEqual({ delivered: true });
    sim.autoClose();
    expect(sim.click('hangupButtonClick', undefined, { force: true })).toEqual({ delivered: true });
    expect(holds).toEqual([[true]]);
    expect(sim.events.map((e) => e.event)).toEqual(['initialized', 'holdButtonClick', 'hangupButtonClick']);
  });

  test.each(MODES)("the operator's Close closes the card itself, before the handler runs, and emits closeButtonClick (%s)", async (mode) => {
    const sim = await cardIn('error', { mode });
    const seen: unknown[] = [];
    sim.placement.bindEvent('BackgroundCallCard::closeButtonClick', (payload) => {
      seen.push({ payload, card: sim.card });
      sim.placement.call('CallCardClose', {}, (result) => seen.push(result));
    });
    expect(sim.click('closeButtonClick')).toEqual({ delivered: true });
    await sim.settle();
    expect(sim.card).toBeNull();
    expect(seen).toEqual([{ payload: undefined, card: null }, ...noCard]);
  });
});

describe.each(MODES)('§2 Mute and Hold toggle the card itself (%s)', (mode) => {
  test.each([
    ['mute', 'muted', 'muteButtonClick'],
    ['hold', 'held', 'holdButtonClick'],
  ] as const)('a %s click flips the card\'s own %s flag at once and emits the new value', async (method, flag, event) => {
    const sim = await cardIn('connected', { mode });
    const clicks = listen(sim, hostEventName(event));
    expect(sim[method]()).toEqual({ delivered: true });
    expect(sim.card?.[flag]).toBe(true);
    expect(sim[method]()).toEqual({ delivered: true });
    expect(sim.card?.[flag]).toBe(false);
    expect(clicks).toEqual([[true], [false]]);
  });

  test('a click toggles from what CallCardSetMute / CallCardSetHold last set, and those emit nothing', async () => {
    const sim = await cardIn('connected', { mode });
    const mutes = listen(sim, 'BackgroundCallCard::muteButtonClick');
    await send(sim, 'CallCardSetMute', { muted: true });
    await send(sim, 'CallCardSetHold', { held: true });
    expect(mutes).toEqual([]);
    sim.mute();
    sim.hold();
    expect(sim.card).toMatchObject({ muted: false, held: false });
    expect(sim.events.slice(-2).map((e) => [e.event, e.payload])).toEqual([
      ['muteButtonClick', false],
      ['holdButtonClick', false],
    ]);
  });

  test('asking for the value the card already shows is refused (a click would do the opposite) unless forced', async () => {
    const sim = await cardIn('connected', { mode });
    expect(sim.mute(false)).toMatchObject({ delivered: false, reason: expect.stringContaining('already unmuted') });
    expect(sim.hold(true)).toEqual({ delivered: true });
    expect(sim.hold(true)).toMatchObject({ delivered: false, reason: expect.stringContaining('already held') });
    expect(sim.hold(true, { force: true })).toEqual({ delivered: true });
    expect(sim.card?.held).toBe(true);
  });
});

describe('§2 the comment editor resends its whole text on each save', () => {
  test('the first click opens the editor (nothing emitted), the second saves the whole text; the editor keeps it', async () => {
    const sim = await cardIn('connected');
    const comments = listen(sim, 'BackgroundCallCard::addCommentButtonClick');
    expect(sim.saveComment()).toMatchObject({ delivered: false, reason: expect.stringContaining('not open') });
    expect(sim.openCommentEditor()).toBe(true);
    expect(comments).toEqual([]);
    expect(sim.typeComment('Wants a refund.')).toBe(true);
    expect(sim.saveComment()).toEqual({ delivered: true });
    expect(sim.card?.commentEditor).toEqual({ open: false, text: 'Wants a refund.' });
    sim.openCommentEditor();
    sim.typeComment(' Call back Monday.');
    sim.saveComment();
    expect(comments).toEqual([['Wants a refund.'], ['Wants a refund. Call back Monday.']]);
  });

  test('comment(text) opens, types and saves: successive comments carry growing text, not new comments', async () => {
    const sim = await cardIn('incoming');
    const comments = listen(sim, 'BackgroundCallCard::addCommentButtonClick');
    sim.comment('a');
    sim.comment('b');
    expect(comments).toEqual([['a'], ['ab']]);
  });
});

describe('§3 payloads as the host\'s code sends them', () => {
  test('quality is a STRING "1"–"5"', async () => {
    const sim = await cardIn('connected');
    const ratings = listen(sim, 'BackgroundCallCard::qualityMeterClick');
    sim.rate(5);
    sim.rate(1);
    expect(ratings).toEqual([['5'], ['1']]);
  });

  describe.each(MODES)('no-data events (%s)', (mode) => {
    test.each([
      ['undefined', undefined],
      ['emptyString', ''],
      ['emptyArray', []],
    ] as const)('with noData %s every no-payload event carries %p', async (noData, value) => {
      const sim = createHostSimulator({ mode, noData });
      const received: unknown[] = [];
      for (const event of NO_PAYLOAD_EVENTS) sim.placement.bindEvent(hostEventName(event), (payload) => received.push(payload));
      sim.raiseCall({ ...CRM_CALL });
      await send(sim, 'CallCardSetUiState', { uiState: 'incoming' });
      sim.click('answerButtonClick');
      await send(sim, 'CallCardSetUiState', { uiState: 'moneyError' });
      sim.click('notifyAdminButtonClick');
      sim.click('closeButtonClick');
      for (const event of NO_PAYLOAD_EVENTS) sim.click(event, undefined, { force: true });
      expect(received).toHaveLength(3 + NO_PAYLOAD_EVENTS.length);
      expect(received.every((payload) => JSON.stringify(payload) === JSON.stringify(value) && typeof payload === typeof value)).toBe(true);
    });

    test('the default is undefined', () => {
      const sim = createHostSimulator({ mode });
      const hangups = listen(sim, 'BackgroundCallCard::hangupButtonClick');
      sim.click('hangupButtonClick', undefined, { force: true });
      expect(hangups).toEqual([[undefined]]);
    });
  });

  describe.each(MODES)('transfer (%s)', (mode) => {
    test('{type, target} until any command has reached this window\'s host since the page loaded; target as given, a number or a string', () => {
      const sim = createHostSimulator({ mode });
      const transfers = listen(sim, 'BackgroundCallCard::transferButtonClick');
      sim.raiseCall();
      sim.transfer('42', 'user', { force: true });
      sim.transfer(17, 'user', { force: true });
      sim.transfer('+15550001', 'pstn', { force: true });
      sim.transfer('7', 'queue', { force: true });
      expect(transfers).toEqual([[{ type: 'user', target: '42' }], [{ type: 'user', target: 17 }], [{ type: 'pstn', target: '+15550001' }], [{ type: 'queue', target: '7' }]]);
    });

    test('then {phoneNumber, target}, phoneNumber the CALL\'s own number; the flag is per host page, not per card', async () => {
      const sim = createHostSimulator({ mode });
      const transfers = listen(sim, 'BackgroundCallCard::transferButtonClick');
      // A command before any card counts: the flag lives in the host page.
      await send(sim, 'CallCardGetListUiStates');
      sim.raiseCall({ PHONE_NUMBER: '+14155550100' });
      sim.transfer(42, 'user', { force: true });
      await send(sim, 'CallCardClose');
      sim.raiseCall({ PHONE_NUMBER: 'hidden' });
      sim.transfer('43', 'queue', { force: true });
      expect(transfers).toEqual([[{ phoneNumber: '+14155550100', target: 42 }], [{ phoneNumber: 'hidden', target: '43' }]]);
    });
  });

  test('dial pad keys carry their key; a long press on 0 types + and emits "0"; keyboard digits emit, keyboard * and # do not', async () => {
    const sim = await cardIn('connected');
    const keys = listen(sim, 'BackgroundCallCard::dialpadButtonClick');
    for (const key of DIAL_KEYS) sim.dial(key);
    expect(sim.dial('0', { via: 'longPress' })).toEqual({ delivered: true });
    expect(sim.dial('5', { via: 'keyboard' })).toEqual({ delivered: true });
    expect(sim.dial('*', { via: 'keyboard' })).toMatchObject({ delivered: false });
    expect(sim.dial('#', { via: 'keyboard' })).toMatchObject({ delivered: false });
    expect(keys.map((args) => args[0])).toEqual([...DIAL_KEYS, '0', '5']);
    expect(sim.card?.dialled).toBe(`${DIAL_KEYS.join('')}+5*#`);
  });

  test('changeEntity sends the entity, filling the number from the call', async () => {
    const sim = await cardIn('incoming');
    const entities = listen(sim, 'BackgroundCallCard::entityChanged');
    sim.changeEntity({ CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 12 });
    expect(entities).toEqual([[{ PHONE_NUMBER: sim.card?.call.PHONE_NUMBER, CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 12 }]]);
  });

  test('the events list records what was emitted, by short name, with the window it went to', async () => {
    const sim = await cardIn('connected');
    sim.rate(3);
    expect(sim.events.at(-1)).toEqual({ event: 'qualityMeterClick', payload: '3', args: ['3'], window: 0, handlerErrors: [] });
  });
});

describe('bindings', () => {
  test('binding an event twice runs the handler twice; the count says so', async () => {
    const sim = await cardIn('incoming');
    let runs = 0;
    const handler = (): void => {
      runs += 1;
    };
    sim.placement.bindEvent(hostEventName('answerButtonClick'), handler);
    sim.placement.bindEvent(hostEventName('answerButtonClick'), handler);
    sim.click('answerButtonClick');
    expect(runs).toBe(2);
    expect(sim.boundHandlerCount('answerButtonClick')).toBe(2);
    expect(sim.boundHandlerCount('BackgroundCallCard::answerButtonClick')).toBe(2);
  });

  test('a handler bound to the short name (a common mistake) never hears the card', async () => {
    const sim = createHostSimulator();
    let heard = false;
    sim.placement.bindEvent('initialized', () => {
      heard = true;
    });
    sim.raiseCall();
    expect(heard).toBe(false);
    expect(sim.boundHandlerCount('initialized')).toBe(0);
  });
});
