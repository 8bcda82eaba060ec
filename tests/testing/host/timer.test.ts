import { createHostSimulator } from '../../../testing/host';
import type { HostSimulator } from '../../../testing/host';
import { CRM_CALL, cardIn as openIn, send } from './helpers';

/** The timer rules of host-behaviour §5, on a card with its CRM layout (the simple layout has no timer: §4). */
const cardIn = (uiState: string, params: Record<string, unknown> = {}): Promise<HostSimulator> => openIn(uiState, { params });

const timer = (sim: HostSimulator) => sim.card?.timer;

test('a fresh card shows no timer', () => {
  const sim = createHostSimulator();
  sim.raiseCall({ ...CRM_CALL });
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
  await send(sim, 'CallCardStartTimer');
  sim.tick(4000);
  await send(sim, 'CallCardStartTimer');
  sim.tick(1000);
  expect(timer(sim)).toEqual({ visible: true, running: true, seconds: 5 });
});

test('StopTimer freezes the shown value; a later start resumes from the first start, it does not restart', async () => {
  const sim = await cardIn('connected');
  sim.tick(5500);
  await send(sim, 'CallCardStopTimer');
  sim.tick(10_000);
  expect(timer(sim)).toEqual({ visible: true, running: false, seconds: 5 });
  await send(sim, 'CallCardStartTimer');
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

test.each([
  ['transferring', true],
  ['transferFailed', false],
  ['transferConnected', false],
])('§5 entering %s keeps it counting (shown: %s, only connected and transferring show it), and back in connected it goes on', async (uiState, visible) => {
  const sim = await cardIn('connected');
  sim.tick(8000);
  await send(sim, 'CallCardSetUiState', { uiState });
  sim.tick(2000);
  expect(timer(sim)).toEqual({ visible, running: true, seconds: 10 });
  await send(sim, 'CallCardSetUiState', { uiState: 'connected' });
  sim.tick(1000);
  expect(timer(sim)?.seconds).toBe(11);
});

test.each(['transferring', 'transferConnected', 'sipPhoneError', 'externalCard'])('switching to %s while the timer is stopped hides it and resets it', async (uiState) => {
  const sim = await cardIn('connected');
  sim.tick(8000);
  await send(sim, 'CallCardStopTimer');
  await send(sim, 'CallCardSetUiState', { uiState });
  expect(timer(sim)).toEqual({ visible: false, running: false, seconds: 0 });
  // Reset means a later start counts from zero again.
  await send(sim, 'CallCardStartTimer');
  sim.tick(1000);
  expect(timer(sim)?.seconds).toBe(1);
});

test('§5 CallCardStartTimer outside connected and transferring counts unseen until a stopping state', async () => {
  const sim = await cardIn('connectingOutgoing');
  await send(sim, 'CallCardStartTimer');
  sim.tick(2000);
  expect(timer(sim)).toEqual({ visible: false, running: true, seconds: 2 });
  await send(sim, 'CallCardSetUiState', { uiState: 'connected' });
  sim.tick(1000);
  expect(timer(sim)?.seconds).toBe(3);
});

test('a new card starts with a fresh timer', async () => {
  const sim = await cardIn('connected');
  sim.tick(9000);
  await send(sim, 'CallCardClose');
  sim.raiseCall({ ...CRM_CALL, CALL_ID: 'next' });
  expect(timer(sim)).toEqual({ visible: false, running: false, seconds: 0 });
});

describe('§5 the timer (v2 corrections)', () => {
  test('sipPhoneError stops a running timer, and so hides and resets it', async () => {
    const sim = await cardIn('connected');
    sim.tick(4000);
    await send(sim, 'CallCardSetUiState', { uiState: 'sipPhoneError' });
    sim.tick(3000);
    expect(timer(sim)).toEqual({ visible: false, running: false, seconds: 0 });
  });

  test.each(['connected', 'transferring'])('CallCardStartTimer is seen in %s', async (uiState) => {
    const sim = await cardIn(uiState, { disableAutoStartTimer: true });
    await send(sim, 'CallCardStartTimer');
    sim.tick(3000);
    expect(timer(sim)).toEqual({ visible: true, running: true, seconds: 3 });
  });

  test.each(['incoming', 'outgoing', 'connectingIncoming', 'transferFailed', 'transferConnected', 'error', 'redial', 'externalCard'])(
    'CallCardStartTimer in %s counts but is not seen; entering connected shows the same count',
    async (uiState) => {
      const sim = await cardIn(uiState);
      await send(sim, 'CallCardStartTimer');
      sim.tick(3000);
      expect(timer(sim)).toEqual({ visible: false, running: true, seconds: 3 });
      if (uiState === 'incoming' || uiState === 'outgoing' || uiState === 'connectingIncoming' || uiState === 'error' || uiState === 'redial') return;
      await send(sim, 'CallCardSetUiState', { uiState: 'connected' });
      expect(timer(sim)).toEqual({ visible: true, running: true, seconds: 3 });
    },
  );

  test('the CRM block loading later re-applies connected: the timer starts even after disableAutoStartTimer', async () => {
    const sim = await openIn('connected', { crm: 'loading', params: { disableAutoStartTimer: true } });
    expect(timer(sim)).toEqual({ visible: false, running: false, seconds: 0 });
    expect(sim.loadCrmBlock()).toEqual({ delivered: true });
    sim.tick(2000);
    expect(timer(sim)).toEqual({ visible: true, running: true, seconds: 2 });
  });
});

test('tick ignores negative or non-finite steps', async () => {
  const sim = await cardIn('connected');
  sim.tick(2000);
  sim.tick(-5000);
  sim.tick(Number.NaN);
  sim.tick(Number.POSITIVE_INFINITY);
  expect(timer(sim)?.seconds).toBe(2);
});
