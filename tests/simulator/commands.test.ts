import { createHostSimulator } from '../../testing/host';
import { CARD_COMMAND_NAMES, INTERNAL_UI_STATES, UI_STATES } from '../../protocol';
import { listen, noCard, send } from './helpers';

describe('the 9 commands answer as host-behaviour §4 says (browser)', () => {
  test.each([
    ['CallCardSetUiState', { uiState: 'incoming' }],
    ['CallCardSetMute', { muted: true }],
    ['CallCardSetHold', { held: true }],
    ['CallCardSetCardTitle', { title: 'Acme' }],
    ['CallCardSetStatusText', { statusText: 'Ringing' }],
    ['CallCardClose', {}],
  ])('%s on an open card answers [] once', async (command, params) => {
    const sim = createHostSimulator();
    sim.raiseCall();
    expect(await send(sim, command, params)).toEqual([[]]);
  });

  test('CallCardGetListUiStates answers the 12 names in order, with or without a card', async () => {
    const sim = createHostSimulator();
    expect(await send(sim, 'CallCardGetListUiStates')).toEqual([[...UI_STATES]]);
    sim.raiseCall();
    expect(await send(sim, 'CallCardGetListUiStates')).toEqual([[...UI_STATES]]);
    sim.autoClose();
    expect(await send(sim, 'CallCardGetListUiStates', null)).toEqual([[...UI_STATES]]);
  });

  test('the commands change what the card shows', async () => {
    const sim = createHostSimulator();
    sim.raiseCall();
    await send(sim, 'CallCardSetUiState', { uiState: 'connected' });
    await send(sim, 'CallCardSetMute', { muted: true });
    await send(sim, 'CallCardSetHold', { held: true });
    await send(sim, 'CallCardSetCardTitle', { title: 'Acme Ltd' });
    await send(sim, 'CallCardSetStatusText', { statusText: 'On the line' });
    expect(sim.card).toMatchObject({ uiState: 'connected', muted: true, held: true, title: 'Acme Ltd', statusText: 'On the line' });
  });

  test('every command but GetListUiStates fails with "Call card is undefined" before initialized', async () => {
    const sim = createHostSimulator();
    for (const command of CARD_COMMAND_NAMES.filter((name) => name !== 'CallCardGetListUiStates')) {
      expect(await send(sim, command, { uiState: 'connected', muted: true, held: true, title: 't', statusText: 's' })).toEqual(noCard);
    }
  });

  test.each([
    ['CallCardClose', (sim: ReturnType<typeof createHostSimulator>) => sim.placement.call('CallCardClose', {}, () => {})],
    ['the close button', (sim: ReturnType<typeof createHostSimulator>) => sim.click('closeButtonClick')],
    ['auto-close', (sim: ReturnType<typeof createHostSimulator>) => sim.autoClose()],
  ])('after %s every command fails with "Call card is undefined", and the timer commands answer it too', async (_, close) => {
    const sim = createHostSimulator();
    sim.raiseCall();
    close(sim);
    await sim.settle();
    expect(sim.card).toBeNull();
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'incoming' })).toEqual(noCard);
    expect(await send(sim, 'CallCardSetMute', { muted: true })).toEqual(noCard);
    // Browser timers never answer on success, but the no-card check comes first.
    expect(await send(sim, 'CallCardStartTimer')).toEqual(noCard);
    expect(await send(sim, 'CallCardClose')).toEqual(noCard);
  });

  test('an unknown UI state answers "Invalid ui state" and leaves the card as it was', async () => {
    const sim = createHostSimulator();
    sim.raiseCall();
    await send(sim, 'CallCardSetUiState', { uiState: 'incoming' });
    for (const params of [{ uiState: 'Connected' }, { uiState: 'talking' }, { uiState: '' }, { uiState: 6 }, {}, null, 'connected', { uiState: 'toString' }]) {
      expect(await send(sim, 'CallCardSetUiState', params)).toEqual([[{ result: 'error', errorCode: 'Invalid ui state' }]]);
    }
    expect(sim.card?.uiState).toBe('incoming');
  });

  test.each(INTERNAL_UI_STATES)('the internal state %s is accepted although not listed, and shows no buttons', async (uiState) => {
    const sim = createHostSimulator();
    sim.raiseCall();
    await send(sim, 'CallCardSetUiState', { uiState: 'connected' });
    expect(await send(sim, 'CallCardSetUiState', { uiState })).toEqual([[]]);
    expect(sim.card?.uiState).toBe(uiState);
    expect(sim.card?.buttons).toEqual([]);
  });

  test('CallCardClose answers [], removes the card and emits no closeButtonClick', async () => {
    const sim = createHostSimulator();
    const closes = listen(sim, 'BackgroundCallCard::closeButtonClick');
    sim.raiseCall();
    expect(await send(sim, 'CallCardClose')).toEqual([[]]);
    expect(sim.card).toBeNull();
    expect(closes).toHaveLength(0);
    expect(sim.events.map((e) => e.event)).toEqual(['initialized']);
  });

  test.each(['CallCardSetUIState', 'callCardClose', 'CallCardGetStatus', 'getStatus', ''])('the misspelt or foreign command %p never calls back, with or without a card', async (command) => {
    const sim = createHostSimulator();
    expect(await send(sim, command, {})).toEqual([]);
    sim.raiseCall();
    expect(await send(sim, command, {})).toEqual([]);
    expect(sim.log.filter((entry) => entry.command === command).map((entry) => entry.answered)).toEqual([false, false]);
    expect(sim.card?.uiState).toBe('externalCard');
  });

  test.each([
    ['CallCardSetMute', 'muted', 'muteButtonClick'],
    ['CallCardSetHold', 'held', 'holdButtonClick'],
  ])('%s answers [] when the card is already so and emits no click (field %s)', async (command, field, event) => {
    const sim = createHostSimulator();
    const clicks = listen(sim, `BackgroundCallCard::${event}`);
    sim.raiseCall();
    expect(await send(sim, command, { [field]: false })).toEqual([[]]);
    expect(await send(sim, command, { [field]: true })).toEqual([[]]);
    expect(await send(sim, command, { [field]: true })).toEqual([[]]);
    expect(sim.card?.[field as 'muted' | 'held']).toBe(true);
    expect(clicks).toHaveLength(0);
  });

  test('the log records each command, its params, its answers and whether a card was open', async () => {
    const sim = createHostSimulator();
    sim.placement.call('CallCardSetMute', { muted: true }, () => {});
    sim.raiseCall();
    sim.placement.call('CallCardSetUiState', { uiState: 'incoming' }, () => {});
    sim.placement.call('CallCardStartTimer', {}, () => {});
    expect(sim.log.map((entry) => entry.answered)).toEqual([false, false, false]);
    await sim.settle();
    expect(sim.log).toEqual([
      { command: 'CallCardSetMute', params: { muted: true }, results: noCard, answered: true, card: false, callbackErrors: [] },
      { command: 'CallCardSetUiState', params: { uiState: 'incoming' }, results: [[]], answered: true, card: true, callbackErrors: [] },
      { command: 'CallCardStartTimer', params: {}, results: [], answered: false, card: true, callbackErrors: [] },
    ]);
  });
});

describe('when a UI state change lands', () => {
  test('the state changes when the command arrives; the answer comes later, asynchronously', async () => {
    const sim = createHostSimulator();
    sim.raiseCall();
    const results: unknown[] = [];
    sim.placement.call('CallCardSetUiState', { uiState: 'incoming' }, (result) => results.push(result));
    expect(sim.card?.uiState).toBe('incoming');
    expect(results).toEqual([]);
    await sim.settle();
    expect(results).toEqual([[]]);
  });

  test('answers come in the order the commands were sent', async () => {
    const sim = createHostSimulator();
    sim.raiseCall();
    const order: string[] = [];
    sim.placement.call('CallCardSetUiState', { uiState: 'bogus' }, () => order.push('first'));
    sim.placement.call('CallCardGetListUiStates', {}, () => order.push('second'));
    sim.placement.call('CallCardSetHold', { held: true }, () => order.push('third'));
    await sim.settle();
    expect(order).toEqual(['first', 'second', 'third']);
  });
});
