import { createHostSimulator } from '../../testing/host';
import type { HostSimulator } from '../../testing/host';
import { send } from './helpers';

async function cardIn(uiState: string, params: Record<string, unknown> = {}): Promise<HostSimulator> {
  const sim = createHostSimulator();
  sim.raiseCall();
  await send(sim, 'CallCardSetUiState', { uiState, ...params });
  return sim;
}

const timer = (sim: HostSimulator) => sim.card?.timer;

test('a fresh card shows no timer', () => {
  const sim = createHostSimulator();
  sim.raiseCall();
  sim.tick(5000);
  expect(timer(sim)).toEqual({ visible: false, running: false, seconds: 0 });
});

test('entering connected shows and starts the timer, which shows whole seconds', async () => {
  const sim = await cardIn('connected');
  expect(timer(sim)).toEqual({ visible: true, running: true, seconds: 0 });
  sim.tick(999);
  expect(timer(sim)?.seconds).toBe(0);
  sim.tick(1);
  expect(timer(sim)?.seconds).toBe(1);
  sim.tick(61_500);
  expect(timer(sim)?.seconds).toBe(62);
});

test('connected with disableAutoStartTimer: true leaves it stopped, hidden and at zero', async () => {
  const sim = await cardIn('connected', { disableAutoStartTimer: true });
  sim.tick(3000);
  expect(timer(sim)).toEqual({ visible: false, running: false, seconds: 0 });
});

test('disableAutoStartTimer stops, hides and resets a running timer', async () => {
  const sim = await cardIn('connected');
  sim.tick(7000);
  await send(sim, 'CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: true });
  expect(timer(sim)).toEqual({ visible: false, running: false, seconds: 0 });
});

test('StartTimer shows and starts it; while it runs a second start changes nothing', async () => {
  const sim = await cardIn('connected', { disableAutoStartTimer: true });
  sim.placement.call('CallCardStartTimer', {}, () => {});
  sim.tick(4000);
  sim.placement.call('CallCardStartTimer', {}, () => {});
  sim.tick(1000);
  expect(timer(sim)).toEqual({ visible: true, running: true, seconds: 5 });
});

test('StopTimer freezes the shown value; a later start resumes from the first start, it does not restart', async () => {
  const sim = await cardIn('connected');
  sim.tick(5500);
  sim.placement.call('CallCardStopTimer', {}, () => {});
  sim.tick(10_000);
  expect(timer(sim)).toEqual({ visible: true, running: false, seconds: 5 });
  sim.placement.call('CallCardStartTimer', {}, () => {});
  // Counted from the first start, as the host renders now − initial timestamp.
  expect(timer(sim)).toEqual({ visible: true, running: true, seconds: 15 });
});

test('re-entering connected while running keeps counting', async () => {
  const sim = await cardIn('connected');
  sim.tick(3000);
  await send(sim, 'CallCardSetUiState', { uiState: 'connected' });
  sim.tick(1000);
  expect(timer(sim)?.seconds).toBe(4);
});

test.each(['incoming', 'transferIncoming', 'outgoing', 'connectingIncoming', 'connectingOutgoing', 'error', 'moneyError', 'redial', 'idle'])(
  'entering %s stops the timer, then hides it and resets it to zero',
  async (uiState) => {
    const sim = await cardIn('connected');
    sim.tick(8000);
    await send(sim, 'CallCardSetUiState', { uiState });
    sim.tick(2000);
    expect(timer(sim)).toEqual({ visible: false, running: false, seconds: 0 });
  },
);

test.each(['transferring', 'transferFailed', 'transferConnected'])('entering %s keeps it counting, and back in connected it goes on', async (uiState) => {
  const sim = await cardIn('connected');
  sim.tick(8000);
  await send(sim, 'CallCardSetUiState', { uiState });
  sim.tick(2000);
  expect(timer(sim)).toEqual({ visible: true, running: true, seconds: 10 });
  await send(sim, 'CallCardSetUiState', { uiState: 'connected' });
  sim.tick(1000);
  expect(timer(sim)?.seconds).toBe(11);
});

test.each(['transferring', 'transferConnected', 'sipPhoneError', 'externalCard'])('switching to %s while the timer is stopped hides it and resets it', async (uiState) => {
  const sim = await cardIn('connected');
  sim.tick(8000);
  sim.placement.call('CallCardStopTimer', {}, () => {});
  await send(sim, 'CallCardSetUiState', { uiState });
  expect(timer(sim)).toEqual({ visible: false, running: false, seconds: 0 });
  // Reset means a later start counts from zero again.
  sim.placement.call('CallCardStartTimer', {}, () => {});
  sim.tick(1000);
  expect(timer(sim)?.seconds).toBe(1);
});

test('a timer started outside connected runs until a stopping state', async () => {
  const sim = await cardIn('connectingOutgoing');
  sim.placement.call('CallCardStartTimer', {}, () => {});
  sim.tick(2000);
  expect(timer(sim)).toEqual({ visible: true, running: true, seconds: 2 });
  await send(sim, 'CallCardSetUiState', { uiState: 'connected' });
  sim.tick(1000);
  expect(timer(sim)?.seconds).toBe(3);
});

test('a new call starts with a fresh timer', async () => {
  const sim = await cardIn('connected');
  sim.tick(9000);
  sim.raiseCall();
  expect(timer(sim)).toEqual({ visible: false, running: false, seconds: 0 });
});

test('tick ignores negative or non-finite steps', async () => {
  const sim = await cardIn('connected');
  sim.tick(2000);
  sim.tick(-5000);
  sim.tick(Number.NaN);
  sim.tick(Number.POSITIVE_INFINITY);
  expect(timer(sim)?.seconds).toBe(2);
});
