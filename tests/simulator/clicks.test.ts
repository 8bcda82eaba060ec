import { createHostSimulator } from '../../testing/host';
import type { HostSimulator } from '../../testing/host';
import { BUTTONS_BY_UI_STATE, CARD_EVENT_NAMES, DIAL_KEYS, EVENTS_OUTSIDE_BUTTONS, UI_STATES, hostEventName } from '../../protocol';
import type { CardEventName, UiState } from '../../protocol';
import { listen, noCard, send } from './helpers';

async function cardIn(uiState: UiState | 'externalCard'): Promise<HostSimulator> {
  const sim = createHostSimulator();
  sim.raiseCall();
  if (uiState !== 'externalCard') await send(sim, 'CallCardSetUiState', { uiState });
  return sim;
}

describe('raiseCall', () => {
  test('builds the card in externalCard with no buttons, then emits initialized with every documented field', () => {
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
          CRM_ACTIVITY_ID: '',
          CRM_BINDINGS: [],
          CALL_DIRECTION: 'outgoing',
          CALL_STATE: 'idle',
          CALL_LIST_MODE: false,
        },
        uiState: 'externalCard',
        buttons: [],
      },
    ]);
    expect(sim.card?.call.PHONE_NUMBER).toBe('+79001234567');
  });

  test('each call gets its own CALL_ID, and a number given as undefined is left out as the host does', () => {
    const sim = createHostSimulator();
    const calls = listen(sim, 'BackgroundCallCard::initialized');
    sim.raiseCall();
    sim.raiseCall({ PHONE_NUMBER: undefined, CRM_ACTIVITY_ID: undefined });
    const [first, second] = calls.map((args) => args[0] as Record<string, unknown>);
    expect(first?.CALL_ID).not.toEqual(second?.CALL_ID);
    expect(second).not.toHaveProperty('PHONE_NUMBER');
    expect(second).not.toHaveProperty('CRM_ACTIVITY_ID');
  });

  test('commands fail until initialized: a handler sees the card only from initialized on', async () => {
    const sim = createHostSimulator();
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'incoming' })).toEqual(noCard);
    sim.raiseCall();
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'incoming' })).toEqual([[]]);
  });

  test('entityFirst emits entityChanged BEFORE initialized, while commands still fail', async () => {
    const sim = createHostSimulator();
    const order: string[] = [];
    const answers: unknown[] = [];
    sim.placement.bindEvent('BackgroundCallCard::entityChanged', (payload) => {
      order.push(`entityChanged ${JSON.stringify(payload)}`);
      sim.placement.call('CallCardSetCardTitle', { title: 'too early' }, (result) => answers.push(result));
    });
    sim.placement.bindEvent('BackgroundCallCard::initialized', () => order.push('initialized'));
    sim.raiseCall({ PHONE_NUMBER: '+100' }, { entityFirst: { CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 7 } });
    await sim.settle();
    expect(order).toEqual(['entityChanged {"PHONE_NUMBER":"+100","CRM_ENTITY_TYPE":"CONTACT","CRM_ENTITY_ID":7}', 'initialized']);
    expect(answers).toEqual(noCard);
    expect(sim.card?.title).toBe('');
  });

  test('a second call replaces the open card without any event for the old one', async () => {
    const sim = await cardIn('connected');
    sim.raiseCall({ CALL_ID: 'second' });
    expect(sim.events.map((e) => e.event)).toEqual(['initialized', 'initialized']);
    expect(sim.card).toMatchObject({ uiState: 'externalCard', call: { CALL_ID: 'second' } });
  });
});

describe('which clicks the card allows', () => {
  test.each(UI_STATES)('in %s exactly the shown buttons (plus close, comment, entity) can be clicked', async (uiState) => {
    const sim = await cardIn(uiState);
    const shown = BUTTONS_BY_UI_STATE[uiState].map((button) => button.event as CardEventName);
    const always: readonly CardEventName[] = EVENTS_OUTSIDE_BUTTONS;
    for (const event of CARD_EVENT_NAMES.filter((name) => name !== 'closeButtonClick')) {
      const result = sim.click(event, undefined);
      expect([event, result.delivered]).toEqual([event, shown.includes(event) || always.includes(event)]);
    }
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
    expect(sim.events.map((e) => e.event)).toEqual(['initialized']);
  });

  test('with no card every click is refused, even the close button', () => {
    const sim = createHostSimulator();
    expect(sim.click('closeButtonClick')).toEqual({ delivered: false, reason: 'no card is open' });
    expect(sim.comment('hi').delivered).toBe(false);
    expect(sim.events).toEqual([]);
  });

  test('the click race: until SetUiState lands the card still shows the previous state\'s buttons', async () => {
    const sim = await cardIn('incoming');
    // The application decided on connectingIncoming but has not sent it yet: Answer is still there.
    expect(sim.click('answerButtonClick').delivered).toBe(true);
    expect(sim.click('answerButtonClick').delivered).toBe(true);
    expect(sim.click('hangupButtonClick').delivered).toBe(false);
    sim.placement.call('CallCardSetUiState', { uiState: 'connectingIncoming' }, () => {});
    expect(sim.click('answerButtonClick').delivered).toBe(false);
    expect(sim.click('hangupButtonClick').delivered).toBe(true);
  });

  test('force delivers a click for a button that is not shown, or after the card is gone', () => {
    const sim = createHostSimulator();
    const holds = listen(sim, 'BackgroundCallCard::holdButtonClick');
    sim.raiseCall();
    expect(sim.hold(true, { force: true })).toEqual({ delivered: true });
    sim.autoClose();
    expect(sim.click('hangupButtonClick', undefined, { force: true })).toEqual({ delivered: true });
    expect(holds).toEqual([[true]]);
    expect(sim.events.map((e) => e.event)).toEqual(['initialized', 'holdButtonClick', 'hangupButtonClick']);
  });

  test('the operator\'s close button closes the card itself, before the handler runs, and emits closeButtonClick', async () => {
    const sim = await cardIn('connected');
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

  test('an operator\'s mute or hold click reports the wish but does not change the card', async () => {
    const sim = await cardIn('connected');
    sim.mute(true);
    sim.hold(true);
    expect(sim.card).toMatchObject({ muted: false, held: false });
  });
});

describe('payloads as the host\'s code sends them', () => {
  test('quality is a STRING "1"–"5"', async () => {
    const sim = await cardIn('connected');
    const ratings = listen(sim, 'BackgroundCallCard::qualityMeterClick');
    sim.rate(5);
    sim.rate(1);
    expect(ratings).toEqual([['5'], ['1']]);
  });

  test('transfer before the application spoke on this card: {type, target}, target a string', () => {
    const sim = createHostSimulator();
    const transfers = listen(sim, 'BackgroundCallCard::transferButtonClick');
    // A command before the card does not count: it was not sent on this card.
    sim.placement.call('CallCardGetListUiStates', {}, () => {});
    sim.raiseCall();
    sim.transfer('42', 'user', { force: true });
    sim.transfer('+15550001', 'pstn', { force: true });
    sim.transfer('7', 'queue', { force: true });
    expect(transfers).toEqual([[{ type: 'user', target: '42' }], [{ type: 'pstn', target: '+15550001' }], [{ type: 'queue', target: '7' }]]);
  });

  test('transfer after any command on this card: {phoneNumber, target}, target a string', async () => {
    const sim = createHostSimulator();
    const transfers = listen(sim, 'BackgroundCallCard::transferButtonClick');
    sim.raiseCall({ PHONE_NUMBER: '+14155550100' });
    await send(sim, 'CallCardSetUiState', { uiState: 'connected' });
    sim.transfer('42');
    expect(transfers).toEqual([[{ phoneNumber: '+14155550100', target: '42' }]]);
    // A new card starts silent again.
    sim.raiseCall();
    sim.transfer('43', 'user', { force: true });
    expect(transfers[1]).toEqual([{ type: 'user', target: '43' }]);
  });

  test('dial pad keys, mute, hold and comment carry their value', async () => {
    const sim = await cardIn('connected');
    const keys = listen(sim, 'BackgroundCallCard::dialpadButtonClick');
    const mutes = listen(sim, 'BackgroundCallCard::muteButtonClick');
    const holds = listen(sim, 'BackgroundCallCard::holdButtonClick');
    const comments = listen(sim, 'BackgroundCallCard::addCommentButtonClick');
    for (const key of DIAL_KEYS) sim.dial(key);
    sim.mute(true);
    sim.mute(false);
    sim.hold(true);
    sim.comment('Call back tomorrow');
    expect(keys.map((args) => args[0])).toEqual([...DIAL_KEYS]);
    expect(mutes).toEqual([[true], [false]]);
    expect(holds).toEqual([[true]]);
    expect(comments).toEqual([['Call back tomorrow']]);
  });

  test('changeEntity sends the entity, filling the number from the call', async () => {
    const sim = await cardIn('incoming');
    const entities = listen(sim, 'BackgroundCallCard::entityChanged');
    sim.changeEntity({ CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 12 });
    expect(entities).toEqual([[{ PHONE_NUMBER: sim.card?.call.PHONE_NUMBER, CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 12 }]]);
  });

  test('the events list records what was emitted, by short name', async () => {
    const sim = await cardIn('connected');
    sim.rate(3);
    expect(sim.events.at(-1)).toEqual({ event: 'qualityMeterClick', payload: '3', args: ['3'], handlerErrors: [] });
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
