/**
 * SC-C9, "A close that fails is not the end of it" (statechart.md, "Card and call"): a card
 * the host still shows after our close blocks every later call's card (host-behaviour §1.3).
 * Against the host double, with its fault injection; timers are Jest's, so the pauses
 * between retries are stepped through, not waited for.
 */
import { CLOSE_RETRY_LIMIT, CLOSE_RETRY_PAUSE_MS } from '../../adapters/placement/closeFollowUp';
import { PROBE_COMMAND } from '../../adapters/session/orphanProbe';
import type { PlacementPort } from '../../protocol';
import { createHostSimulator, type HostMode } from '../../testing/host';
import { act, buildStack, call, CLOSE, disposeStacks, driveTo, MODES, type Stack } from './harness';

const TIMEOUT_MS = 2000;
const PROBE = { command: PROBE_COMMAND.command, params: PROBE_COMMAND.params };

beforeEach(() => jest.useFakeTimers());
afterEach(() => {
  disposeStacks();
  jest.useRealTimers();
});

/** Lets `ms` of fake time pass, then lets the host deliver whatever that caused. */
async function elapse(s: Stack, ms: number): Promise<void> {
  jest.advanceTimersByTime(ms);
  await s.sim.settle();
}

const stillOpen = (s: Stack) => s.diagnostics.filter((d) => d.kind === 'cardStillOpen');

describe.each(MODES)('SC-C9 %s host: a close that fails is not the end of it', (mode: HostMode) => {
  test('the first close fails (an error): probed, sent again, and the next call\'s card appears', async () => {
    const s = buildStack({ mode, commandTimeoutMs: TIMEOUT_MS });
    await driveTo(s, 'connected', { CALL_ID: 'first' });
    s.sim.injectFault({ command: 'CallCardClose', kind: 'error', errorCode: 'Access denied' });
    const hangup = await act(s, () => s.sim.click('hangupButtonClick'));
    expect(hangup.sent).toEqual([CLOSE, PROBE]);
    expect(s.sim.card).not.toBeNull(); // the host refused the close: the card is still there
    expect(stillOpen(s)).toEqual([expect.objectContaining({ kind: 'cardStillOpen', action: 'retried', attempt: 1 })]);

    const logAt = s.sim.log.length;
    await elapse(s, CLOSE_RETRY_PAUSE_MS);
    expect(s.sim.log.slice(logAt).map((entry) => entry.command)).toEqual(['CallCardClose']);
    expect(s.sim.card).toBeNull();
    expect(s.summaries).toHaveLength(1);

    const raised = s.sim.raiseCall(call({ CALL_ID: 'second', CALL_DIRECTION: 'incoming' }));
    await s.sim.settle();
    expect(raised).toMatchObject({ raised: true });
    expect(s.card.state).toMatchObject({ status: 'call', uiState: 'incoming', call: { callId: 'second' } });
    expect(s.sim.card?.uiState).toBe('incoming');
  });

  test('a close that is never answered and never reached the card: probed after the timeout, sent again', async () => {
    const sim = createHostSimulator({ mode });
    let swallowed = 0;
    // The first close goes nowhere (a frame in another placement: never answered, never applied, host-behaviour §4).
    const placement: PlacementPort = {
      call: (command, params, callback) => (command === 'CallCardClose' && swallowed++ === 0 ? undefined : sim.placement.call(command, params, callback)),
      bindEvent: (event, handler) => sim.placement.bindEvent(event, handler),
    };
    const s = buildStack({ sim, commandTimeoutMs: TIMEOUT_MS, extra: { placement } });
    await driveTo(s, 'connected', { CALL_ID: 'first' });
    await act(s, () => s.sim.click('hangupButtonClick'));
    expect(s.sim.card).not.toBeNull();

    await elapse(s, TIMEOUT_MS); // the close times out: the probe finds the card open
    expect(s.kinds()).toEqual(['commandTimedOut', 'cardStillOpen']);
    await elapse(s, Math.min(TIMEOUT_MS, CLOSE_RETRY_PAUSE_MS));
    expect(s.sim.card).toBeNull();
    expect(s.sim.raiseCall(call({ CALL_ID: 'second' }))).toMatchObject({ raised: true });
  });

  test('a close applied but never answered: the probe finds no card, nothing is sent again', async () => {
    const s = buildStack({ mode, commandTimeoutMs: TIMEOUT_MS });
    await driveTo(s, 'connected', { CALL_ID: 'first' });
    s.sim.injectFault({ command: 'CallCardClose', kind: 'noCallback' });
    await act(s, () => s.sim.click('hangupButtonClick'));
    const logAt = s.sim.log.length;
    await elapse(s, TIMEOUT_MS);
    await elapse(s, 10 * CLOSE_RETRY_PAUSE_MS);
    expect(s.sim.log.slice(logAt).map((entry) => entry.command)).toEqual(['CallCardSetUiState']); // the probe only
    expect(stillOpen(s)).toEqual([]);
    expect(s.card.actor.getSnapshot().status).toBe('active');
  });

  test('a new initialized stops the retries: the next call\'s card is never closed by the old call\'s retry', async () => {
    const s = buildStack({ mode, commandTimeoutMs: TIMEOUT_MS });
    await driveTo(s, 'connected', { CALL_ID: 'first' });
    s.sim.injectFault({ command: 'CallCardClose', kind: 'error' });
    await act(s, () => s.sim.click('hangupButtonClick'));
    expect(stillOpen(s)).toHaveLength(1);
    // Before the pause is over the old card goes (telephony.externalcall.hide) and the next call's card comes.
    await act(s, () => s.sim.hide());
    await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'second', CALL_DIRECTION: 'incoming' })));
    const logAt = s.sim.log.length;
    await elapse(s, 10 * CLOSE_RETRY_PAUSE_MS);
    expect(s.sim.log.slice(logAt).map((entry) => entry.command)).not.toContain('CallCardClose');
    // Not even tried: a retry reaching the queue would be dropped as staleCall, by luck of the generation.
    expect(s.diagnostics.filter((d) => d.kind === 'commandDropped')).toEqual([]);
    expect(s.sim.card?.uiState).toBe('incoming');
    expect(s.card.state).toMatchObject({ status: 'call', call: { callId: 'second' } });
    expect(stillOpen(s)).toHaveLength(1);
  });

  test(`the retry gives up after ${CLOSE_RETRY_LIMIT} retries with a diagnostic`, async () => {
    const s = buildStack({ mode, commandTimeoutMs: TIMEOUT_MS });
    await driveTo(s, 'connected', { CALL_ID: 'first' });
    s.sim.injectFault({ command: 'CallCardClose', kind: 'bareError', times: 100 });
    await act(s, () => s.sim.click('hangupButtonClick'));
    for (let retry = 1; retry <= CLOSE_RETRY_LIMIT; retry += 1) await elapse(s, CLOSE_RETRY_PAUSE_MS * 2 ** (retry - 1));
    await elapse(s, 10 * CLOSE_RETRY_PAUSE_MS);
    expect(s.sim.log.filter((entry) => entry.command === 'CallCardClose')).toHaveLength(1 + CLOSE_RETRY_LIMIT);
    expect(stillOpen(s).map((d) => d.kind === 'cardStillOpen' && [d.action, d.attempt])).toEqual([
      ['retried', 1],
      ['retried', 2],
      ['retried', 3],
      ['gaveUp', 3],
    ]);
    expect(s.sim.card).not.toBeNull(); // left to the operator
    await expect(s.card.whenIdle()).resolves.toBeUndefined();
  });
});
