import { createHostSimulator } from '../../../testing/host';
import type { HostSimulator } from '../../../testing/host';
import { CRM_CALL, MODES, listen, send } from './helpers';

function openCard(mode: 'browser' | 'desktop'): HostSimulator {
  const sim = createHostSimulator({ mode });
  sim.raiseCall({ ...CRM_CALL });
  return sim;
}

test('the default mode is the browser', () => {
  expect(createHostSimulator().mode).toBe('browser');
  expect(createHostSimulator({ mode: 'desktop' }).mode).toBe('desktop');
});

describe('StartTimer / StopTimer', () => {
  test.each(['CallCardStartTimer', 'CallCardStopTimer'])('%s never calls back in the browser, but acts', async (command) => {
    const sim = openCard('browser');
    await send(sim, 'CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: true });
    if (command === 'CallCardStopTimer') await send(sim, 'CallCardStartTimer');
    expect(await send(sim, command)).toEqual([]);
    expect(sim.card?.timer.running).toBe(command === 'CallCardStartTimer');
  });

  test.each(['CallCardStartTimer', 'CallCardStopTimer'])('%s answers [] in the desktop application', async (command) => {
    expect(await send(openCard('desktop'), command)).toEqual([[]]);
  });
});

describe('desktop quirks (host-behaviour §4)', () => {
  test.each([{}, { muted: undefined }, { held: true }, null])('§4 SetMute with no muted key (%p) answers a BARE error object and leaves the card', async (params) => {
    const sim = openCard('desktop');
    await send(sim, 'CallCardSetMute', { muted: true });
    expect(await send(sim, 'CallCardSetMute', params)).toEqual([{ result: 'error', errorCode: 'missing field muted' }]);
    expect(sim.card?.muted).toBe(true);
  });

  test.each([
    ['true', true],
    [1, true],
    [0, false],
    [null, false],
  ])('§4 missing field muted goes by key presence: a present muted %p is applied by its truth and answered []', async (value, muted) => {
    const sim = openCard('desktop');
    await send(sim, 'CallCardSetMute', { muted: !muted });
    expect(await send(sim, 'CallCardSetMute', { muted: value })).toEqual([[]]);
    expect(sim.card?.muted).toBe(muted);
  });

  test('SetHold without held answers the wrapped error, then calls back a SECOND time with [] (and the card is un-held)', async () => {
    const sim = openCard('desktop');
    await send(sim, 'CallCardSetHold', { held: true });
    expect(await send(sim, 'CallCardSetHold', {})).toEqual([[{ result: 'error', errorCode: 'missing field held' }], []]);
    // The desktop falls through and applies `!!params.held`.
    expect(sim.card?.held).toBe(false);
  });

  test.each([
    ['CallCardSetCardTitle', 'title'],
    ['CallCardSetStatusText', 'statusText'],
  ] as const)('%s without %s answers the wrapped "missing field" error and changes nothing', async (command, field) => {
    const sim = openCard('desktop');
    await send(sim, command, { [field]: 'Before' });
    expect(await send(sim, command, {})).toEqual([[{ result: 'error', errorCode: `missing field ${field}` }]]);
    expect(sim.card?.[field]).toBe('Before');
  });

  test('the desktop accepts well-formed params like the browser', async () => {
    const sim = openCard('desktop');
    expect(await send(sim, 'CallCardSetMute', { muted: true })).toEqual([[]]);
    expect(await send(sim, 'CallCardSetHold', { held: true })).toEqual([[]]);
    expect(await send(sim, 'CallCardSetCardTitle', { title: 'T' })).toEqual([[]]);
    expect(sim.card).toMatchObject({ muted: true, held: true, title: 'T' });
  });

});

describe.each(MODES)('§3 no second handler argument ever reaches the frame (%s)', (mode) => {
  test('no-payload and payload events come with exactly one argument', async () => {
    const sim = openCard(mode);
    const hangups = listen(sim, 'BackgroundCallCard::hangupButtonClick');
    const mutes = listen(sim, 'BackgroundCallCard::muteButtonClick');
    const closes = listen(sim, 'BackgroundCallCard::closeButtonClick');
    await send(sim, 'CallCardSetUiState', { uiState: 'connected' });
    sim.mute();
    sim.click('hangupButtonClick');
    await send(sim, 'CallCardSetUiState', { uiState: 'error' });
    sim.click('closeButtonClick');
    expect(hangups).toEqual([[undefined]]);
    expect(closes).toEqual([[undefined]]);
    expect(mutes).toEqual([[true]]);
    expect(sim.events.every((event) => event.args.length === 1)).toBe(true);
  });
});

describe('browser with missing or odd fields (the spec is silent: the host code reads them for truth / as text, and answers [])', () => {
  test('SetMute / SetHold without the flag clear it and answer []', async () => {
    const sim = openCard('browser');
    await send(sim, 'CallCardSetMute', { muted: true });
    await send(sim, 'CallCardSetHold', { held: true });
    expect(await send(sim, 'CallCardSetMute', {})).toEqual([[]]);
    expect(await send(sim, 'CallCardSetHold', null)).toEqual([[]]);
    expect(sim.card).toMatchObject({ muted: false, held: false });
  });

  test('a non-boolean flag counts by its truth, as `!!params.muted` does', async () => {
    const sim = openCard('browser');
    expect(await send(sim, 'CallCardSetMute', { muted: 'yes' })).toEqual([[]]);
    expect(sim.card?.muted).toBe(true);
    await send(sim, 'CallCardSetMute', { muted: 0 });
    expect(sim.card?.muted).toBe(false);
  });

  test('a missing title or status text empties it and answers []; a non-string is shown as text', async () => {
    const sim = openCard('browser');
    await send(sim, 'CallCardSetCardTitle', { title: 'Acme' });
    await send(sim, 'CallCardSetStatusText', { statusText: 'Ringing' });
    expect(await send(sim, 'CallCardSetCardTitle', {})).toEqual([[]]);
    expect(await send(sim, 'CallCardSetStatusText', { statusText: null })).toEqual([[]]);
    expect(sim.card).toMatchObject({ title: '', statusText: '' });
    await send(sim, 'CallCardSetCardTitle', { title: 42 });
    expect(sim.card?.title).toBe('42');
  });
});
