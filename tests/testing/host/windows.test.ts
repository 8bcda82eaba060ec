/** The worker frame and the portal's windows (host-behaviour.md §6, §7). */
import { createHostSimulator } from '../../../testing/host';
import type { PlacementPort } from '../../../protocol';
import { CRM_CALL, MODES, cardIn, noCard } from './helpers';

async function sendOn(sim: { settle(): Promise<void> }, placement: PlacementPort, command: string, params: unknown = {}): Promise<unknown[]> {
  const results: unknown[] = [];
  placement.call(command, params, (result) => results.push(result));
  await sim.settle();
  return results;
}

describe.each(MODES)('§6 reloadWorker(): the worker frame alone is replaced (%s)', (mode) => {
  test('the handlers bound so far stop receiving; the card stays open; nothing is re-sent', async () => {
    const sim = await cardIn('connected', { mode });
    const oldPort = sim.placement;
    const heard: unknown[] = [];
    oldPort.bindEvent('BackgroundCallCard::hangupButtonClick', () => heard.push('old'));
    const eventsBefore = sim.events.length;
    const fresh = sim.reloadWorker();
    expect(fresh).not.toBe(oldPort);
    expect(sim.placement).toBe(fresh);
    expect(sim.windows[0]?.worker).toBe(2);
    expect(sim.card).toMatchObject({ uiState: 'connected', call: { CALL_ID: 'crm-call' } });
    expect(sim.events.length).toBe(eventsBefore);
    expect(sim.boundHandlerCount('hangupButtonClick')).toBe(0);
    sim.click('hangupButtonClick');
    expect(heard).toEqual([]);
  });

  test('a new worker instance on the same host can send commands to the card and hears its events', async () => {
    const sim = await cardIn('connected', { mode });
    const fresh = sim.reloadWorker();
    const heard: unknown[] = [];
    fresh.bindEvent('BackgroundCallCard::muteButtonClick', (muted) => heard.push(muted));
    expect(await sendOn(sim, fresh, 'CallCardSetUiState', { uiState: 'no-such-state' })).toEqual([[{ result: 'error', errorCode: 'Invalid ui state' }]]);
    expect(await sendOn(sim, fresh, 'CallCardSetStatusText', { statusText: 'Taken over' })).toEqual([[]]);
    expect(sim.card?.statusText).toBe('Taken over');
    sim.mute();
    expect(heard).toEqual([true]);
  });

  test('the old frame\'s port reaches nothing: its commands are logged as stale and never answered, and it cannot bind', async () => {
    const sim = await cardIn('connected', { mode });
    const oldPort = sim.placement;
    sim.reloadWorker();
    expect(await sendOn(sim, oldPort, 'CallCardSetCardTitle', { title: 'ghost' })).toEqual([]);
    expect(sim.log.at(-1)).toMatchObject({ command: 'CallCardSetCardTitle', worker: 1, stale: true, landed: false, answered: false });
    expect(sim.card?.title).toBe('');
    oldPort.bindEvent('BackgroundCallCard::hangupButtonClick', () => undefined);
    expect(sim.boundHandlerCount('hangupButtonClick')).toBe(0);
  });

  test('an answer on its way when the frame is replaced reaches nobody', async () => {
    const sim = await cardIn('connected', { mode });
    const results: unknown[] = [];
    sim.placement.call('CallCardSetHold', { held: true }, (result) => results.push(result));
    await Promise.resolve();
    sim.reloadWorker();
    await sim.settle();
    expect(results).toEqual([]);
    expect(sim.card?.held).toBe(true);
    expect(sim.log.at(-1)).toMatchObject({ command: 'CallCardSetHold', landed: true, stale: true, answered: false });
  });

  test('the host page\'s "a command has reached me" flag survives the reload', async () => {
    const sim = await cardIn('connected', { mode });
    sim.reloadWorker();
    expect(sim.windows[0]?.appHasSpoken).toBe(true);
    const transfers: unknown[] = [];
    sim.placement.bindEvent('BackgroundCallCard::transferButtonClick', (payload) => transfers.push(payload));
    sim.transfer('5');
    expect(transfers).toEqual([{ phoneNumber: '+4930123456', target: '5' }]);
  });
});

describe.each(MODES)('§6 v3: a reload leaves the old frame\'s bindings in the host, so each event goes down the wire once per binding set (%s)', (mode) => {
  test('after one reload the event is posted twice: the old binding\'s copy is stale and the frame library drops it', async () => {
    const sim = await cardIn('connected', { mode });
    sim.placement.bindEvent('BackgroundCallCard::muteButtonClick', () => undefined);
    const fresh = sim.reloadWorker();
    const heard: unknown[] = [];
    fresh.bindEvent('BackgroundCallCard::muteButtonClick', (muted) => heard.push(muted));
    const wire: { stale: boolean; bindingWorker: number; args: readonly unknown[] }[] = [];
    sim.windows[0]?.onWire((message) => wire.push(message));
    sim.mute();
    expect(wire.map((m) => [m.bindingWorker, m.stale, m.args])).toEqual([[1, true, [true]], [2, false, [true]]]);
    expect(heard).toEqual([true]);
    expect(sim.windows[0]?.staleBindingCount('muteButtonClick')).toBe(1);
    expect(sim.boundHandlerCount('muteButtonClick')).toBe(1);
  });

  test('each reload adds another set: three frames bound, three copies, one delivered', async () => {
    const sim = await cardIn('connected', { mode });
    sim.placement.bindEvent('BackgroundCallCard::hangupButtonClick', () => undefined);
    sim.reloadWorker().bindEvent('BackgroundCallCard::hangupButtonClick', () => undefined);
    const heard: string[] = [];
    sim.reloadWorker().bindEvent('BackgroundCallCard::hangupButtonClick', () => heard.push('third'));
    let copies = 0;
    sim.windows[0]?.onWire(() => {
      copies += 1;
    });
    sim.click('hangupButtonClick');
    expect(copies).toBe(3);
    expect(heard).toEqual(['third']);
  });
});

describe.each(MODES)('§7 several windows: a host per window, one of them showing the card (%s)', (mode) => {
  test('only the window showing the card emits its events; commands from the others answer Call card is undefined', async () => {
    const sim = createHostSimulator({ mode, windows: 2 });
    const [first, second] = sim.windows;
    if (first === undefined || second === undefined) throw new Error('two windows expected');
    const heard: string[] = [];
    first.placement.bindEvent('BackgroundCallCard::initialized', () => heard.push('first'));
    second.placement.bindEvent('BackgroundCallCard::initialized', () => heard.push('second'));
    expect(sim.raiseCall({ ...CRM_CALL }, { window: 1 })).toMatchObject({ raised: true, window: 1 });
    expect(heard).toEqual(['second']);
    expect([first.showsCard, second.showsCard]).toEqual([false, true]);
    expect(await sendOn(sim, first.placement, 'CallCardSetUiState', { uiState: 'incoming' })).toEqual(noCard);
    expect(await sendOn(sim, second.placement, 'CallCardSetUiState', { uiState: 'incoming' })).toEqual([[]]);
    expect(sim.card?.uiState).toBe('incoming');
    expect(sim.log.map((entry) => entry.window)).toEqual([0, 1]);
    expect(sim.events.every((event) => event.window === 1)).toBe(true);
  });

  test('openWindow adds a window with its own worker and its own "spoken" flag', async () => {
    const sim = createHostSimulator({ mode });
    await sendOn(sim, sim.placement, 'CallCardGetListUiStates');
    const slider = sim.openWindow();
    expect(sim.windows.map((w) => w.index)).toEqual([0, 1]);
    expect([sim.windows[0]?.appHasSpoken, slider.appHasSpoken]).toEqual([true, false]);
    sim.raiseCall({}, { window: 1 });
    const transfers: unknown[] = [];
    slider.placement.bindEvent('BackgroundCallCard::transferButtonClick', (payload) => transfers.push(payload));
    sim.transfer('9', 'user', { force: true });
    expect(transfers).toEqual([{ type: 'user', target: '9' }]);
  });

  test('each window reloads its own worker', () => {
    const sim = createHostSimulator({ mode, windows: 2 });
    const port = sim.windows[1]?.reloadWorker();
    expect(port).toBe(sim.windows[1]?.placement);
    expect(sim.windows.map((w) => w.worker)).toEqual([1, 2]);
  });
});
