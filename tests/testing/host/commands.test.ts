import { createHostSimulator } from '../../../testing/host';
import { CARD_COMMAND_NAMES, INTERNAL_UI_STATES, UI_STATES } from '../../../protocol';
import { MODES, cardIn, listen, noCard, send } from './helpers';

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

  test.each(INTERNAL_UI_STATES)('§2 the internal state %s is accepted although not listed, and shows only Close', async (uiState) => {
    const sim = createHostSimulator();
    sim.raiseCall();
    await send(sim, 'CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: true });
    expect(await send(sim, 'CallCardSetUiState', { uiState })).toEqual([[]]);
    expect(sim.card?.uiState).toBe(uiState);
    expect(sim.card?.buttons).toEqual([{ label: 'Close', event: 'closeButtonClick' }]);
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
    await sim.settle();
    sim.raiseCall({ CALL_ID: 'c', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 4 });
    sim.placement.call('CallCardSetUiState', { uiState: 'incoming' }, () => {});
    sim.placement.call('CallCardStartTimer', {}, () => {});
    expect(sim.log.map((entry) => entry.answered)).toEqual([true, false, false]);
    await sim.settle();
    const from = { window: 0, worker: 1, stale: false, landed: true, callbackErrors: [] };
    expect(sim.log).toEqual([
      { command: 'CallCardSetMute', params: { muted: true }, results: noCard, answered: true, card: false, ...from },
      { command: 'CallCardSetUiState', params: { uiState: 'incoming' }, results: [[]], answered: true, card: true, ...from },
      { command: 'CallCardStartTimer', params: {}, results: [], answered: false, card: true, ...from },
    ]);
  });
});

describe('§2 when a UI state change lands: one postMessage hop after placement.call', () => {
  test.each(MODES)('not inside placement.call: the card changes one hop later, the answer one hop after that (%s)', async (mode) => {
    const sim = createHostSimulator({ mode });
    sim.raiseCall();
    const results: unknown[] = [];
    sim.placement.call('CallCardSetUiState', { uiState: 'incoming' }, (result) => results.push(result));
    expect(sim.card?.uiState).toBe('externalCard');
    expect(sim.log.at(-1)?.landed).toBe(false);
    await Promise.resolve();
    expect(sim.card?.uiState).toBe('incoming');
    expect(sim.log.at(-1)?.landed).toBe(true);
    expect(results).toEqual([]);
    await sim.settle();
    expect(results).toEqual([[]]);
  });

  test('§1.2 a command sent before the card was raised finds no card, even if it lands after: building a card takes longer than a hop', async () => {
    const sim = createHostSimulator();
    const results: unknown[] = [];
    sim.placement.call('CallCardSetCardTitle', { title: 'Early' }, (result) => results.push(result));
    sim.raiseCall();
    sim.placement.call('CallCardSetStatusText', { statusText: 'After' }, (result) => results.push(result));
    await sim.settle();
    expect(results).toEqual([...noCard, []]);
    expect(sim.card).toMatchObject({ title: '', statusText: 'After' });
    expect(sim.log.map((entry) => entry.card)).toEqual([false, true]);
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

describe.each(MODES)('§4 the simple layout: commands that never answer (%s)', (mode) => {
  test.each([
    ['no CRM block (the call has none)', 'none'],
    ['the CRM block not loaded yet', 'loading'],
  ] as const)('%s: SetUiState connected without disableAutoStartTimer is applied but never called back', async (_label, crm) => {
    const sim = await cardIn('incoming', { mode, crm });
    expect(sim.card?.layout).toBe('simple');
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'connected' })).toEqual([]);
    expect(sim.card?.uiState).toBe('connected');
    expect(sim.card?.timer).toEqual({ visible: false, running: false, seconds: 0 });
    expect(sim.log.at(-1)).toMatchObject({ command: 'CallCardSetUiState', answered: false });
    // The next command is answered as usual: the host's page goes on.
    expect(await send(sim, 'CallCardSetHold', { held: true })).toEqual([[]]);
  });

  test('with disableAutoStartTimer, connected is answered in the simple layout too', async () => {
    const sim = await cardIn('incoming', { mode, crm: 'none' });
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: true })).toEqual([[]]);
  });

  test('CallCardStartTimer is never called back in the simple layout, and starts nothing', async () => {
    const sim = await cardIn('connected', { mode, crm: 'none', params: { disableAutoStartTimer: true } });
    expect(await send(sim, 'CallCardStartTimer')).toEqual([]);
    sim.tick(2000);
    expect(sim.card?.timer.running).toBe(false);
  });

  test('the CRM block loading later emits entityChanged, switches to the CRM layout and re-applies the UI state (§5)', async () => {
    const sim = await cardIn('incoming', { mode, crm: 'loading' });
    const entities = listen(sim, 'BackgroundCallCard::entityChanged');
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'connected' })).toEqual([]);
    expect(sim.loadCrmBlock({ CRM_ENTITY_ID: 8 })).toEqual({ delivered: true });
    expect(entities).toEqual([[{ PHONE_NUMBER: '+4930123456', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 8 }]]);
    expect(sim.card).toMatchObject({ layout: 'crm', uiState: 'connected', timer: { visible: true, running: true } });
    // Now the layout has its timer: the same command is answered.
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'connected' })).toEqual([[]]);
    expect(sim.loadCrmBlock()).toMatchObject({ delivered: false, reason: expect.stringContaining('already') });
  });

  test('a call without CRM never loads a block', async () => {
    const sim = await cardIn('incoming', { mode, crm: 'none' });
    expect(sim.loadCrmBlock()).toMatchObject({ delivered: false, reason: expect.stringContaining('no CRM block') });
  });
});

describe.each(MODES)('§4 the probe: an unknown uiState answers Invalid ui state only while a card exists (%s)', (mode) => {
  const probe = { uiState: 'b24-call-card:probe' };
  test('no card yet, a card, and the card gone', async () => {
    const sim = createHostSimulator({ mode });
    expect(await send(sim, 'CallCardSetUiState', probe)).toEqual(noCard);
    sim.raiseCall();
    expect(await send(sim, 'CallCardSetUiState', probe)).toEqual([[{ result: 'error', errorCode: 'Invalid ui state' }]]);
    expect(sim.card?.uiState).toBe('externalCard');
    await send(sim, 'CallCardClose');
    expect(await send(sim, 'CallCardSetUiState', probe)).toEqual(noCard);
  });
});

describe('§4 older desktop builds answer [] when no card is open', () => {
  test('before the first card and after an auto-close; the probe then cannot tell', async () => {
    const sim = createHostSimulator({ mode: 'desktop', oldDesktop: true });
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'incoming' })).toEqual([[]]);
    expect(await send(sim, 'CallCardSetMute', { muted: true })).toEqual([[]]);
    sim.raiseCall();
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'nope' })).toEqual([[{ result: 'error', errorCode: 'Invalid ui state' }]]);
    sim.autoClose();
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'nope' })).toEqual([[]]);
  });

  test('oldDesktop is a desktop build: the browser ignores it', async () => {
    const sim = createHostSimulator({ mode: 'browser', oldDesktop: true });
    expect(await send(sim, 'CallCardClose')).toEqual(noCard);
  });
});
