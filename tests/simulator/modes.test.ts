import { createHostSimulator } from '../../testing/host';
import type { HostSimulator } from '../../testing/host';
import { listen, send } from './helpers';

function openCard(mode: 'browser' | 'desktop'): HostSimulator {
  const sim = createHostSimulator({ mode });
  sim.raiseCall();
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
  test.each([{}, { muted: undefined }, { muted: 'true' }, { muted: 1 }, null])('SetMute with %p answers a BARE error object and leaves the card', async (params) => {
    const sim = openCard('desktop');
    await send(sim, 'CallCardSetMute', { muted: true });
    expect(await send(sim, 'CallCardSetMute', params)).toEqual([{ result: 'error', errorCode: 'missing field muted' }]);
    expect(sim.card?.muted).toBe(true);
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

  test('no-payload events reach the handler with a callback as a second argument; payload events do not', () => {
    const sim = openCard('desktop');
    const hangups = listen(sim, 'BackgroundCallCard::hangupButtonClick');
    const mutes = listen(sim, 'BackgroundCallCard::muteButtonClick');
    const closes = listen(sim, 'BackgroundCallCard::closeButtonClick');
    sim.placement.call('CallCardSetUiState', { uiState: 'connected' }, () => {});
    sim.click('hangupButtonClick');
    sim.mute(true);
    sim.click('closeButtonClick');
    expect(hangups).toHaveLength(1);
    expect(hangups[0]?.[0]).toBeUndefined();
    expect(typeof hangups[0]?.[1]).toBe('function');
    expect(() => (hangups[0]?.[1] as () => void)()).not.toThrow();
    expect(typeof closes[0]?.[1]).toBe('function');
    expect(mutes).toEqual([[true]]);
  });

  test('in the browser the same events come with one argument, undefined', () => {
    const sim = openCard('browser');
    const hangups = listen(sim, 'BackgroundCallCard::hangupButtonClick');
    sim.placement.call('CallCardSetUiState', { uiState: 'connected' }, () => {});
    sim.click('hangupButtonClick');
    expect(hangups).toEqual([[undefined]]);
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
