/**
 * A call outlives its card (statechart.md, "Card and call"), through the real stack and
 * the v2 host: the card hidden, closed in another tab or shown again, as the integrator
 * sees it through `card.state`, `card.subscribe` and `onCard`.
 */
import type { CardChange } from '../../adapters/session/options';
import type { CallCardState } from '../../machines/callCard.connect';
import { act, active, buildStack, call, CLOSE, disposeStacks, driveTo, expectCardShowsStatechart, MODES, showUi, type Stack } from './harness';

afterEach(disposeStacks);

function withCardWatch(mode: (typeof MODES)[number]) {
  const changes: CardChange[] = [];
  const s = buildStack({ mode, extra: { onCard: (change) => changes.push(change) } });
  const states: CallCardState[] = [];
  const unsubscribe = s.card.subscribe((state) => states.push(state));
  return { s, changes, states, unsubscribe, types: () => changes.map((c) => c.type) };
}

describe.each(MODES)('%s host: the card and the call', (mode) => {
  test('a card shown again during a transfer gets the microphone and hold the call had, so after Return to call it shows them', async () => {
    const { s } = withCardWatch(mode);
    await driveTo(s, 'connected', { CALL_ID: 'xfer-1' });
    await act(s, () => s.sim.hold(true));
    await act(s, () => s.card.send({ type: 'phone.mutedChanged', muted: true }));
    await act(s, () => s.sim.transfer('42'));
    expect(s.card.state).toMatchObject({ uiState: 'transferring', muted: true, held: true });
    s.sim.hide();
    await act(s, () => s.card.setStatusText('transferring…'));
    expect(s.card.state).toMatchObject({ uiState: 'transferring', card: 'lost' });

    // The host's new card starts unmuted and not held; the statechart tells it the call's flags.
    const step = await act(s, () => s.sim.show('xfer-1'));
    expect(step.sent).toEqual([
      showUi('transferring'),
      { command: 'CallCardSetMute', params: { muted: true } },
      { command: 'CallCardSetHold', params: { held: true } },
      { command: 'CallCardSetStatusText', params: { statusText: 'transferring…' } },
    ]);
    await act(s, () => s.sim.click('cancelTransferButtonClick'));
    expect(s.card.state).toMatchObject({ uiState: 'connected', card: 'attached', muted: true, held: true });
    expect(s.sim.card).toMatchObject({ uiState: 'connected', muted: true, held: true });
  });

  test('a card hidden during a live call (telephony.externalcall.hide): no hangup, card lost, and it comes back up to date on show', async () => {
    const { s, types } = withCardWatch(mode);
    await driveTo(s, 'connected', { CALL_ID: 'hide-1' });
    await act(s, () => s.sim.hold(true));
    await act(s, () => s.card.setTitle('ACME Ltd.'));
    s.sim.hide();

    // The next command meets no card: the call goes on.
    let step = await act(s, () => s.card.setStatusText('VIP'));
    expect(step.told).toEqual([]);
    expect(step.diagnostics.map((d) => d.kind)).toEqual(['commandFailed', 'cardLost']);
    expect(s.card.state).toMatchObject({ status: 'call', uiState: 'connected', card: 'lost', held: true });
    expect(types()).toEqual(['opened', 'lost']);

    // While lost, what happens is kept, nothing is sent.
    step = await act(s, () => s.card.send({ type: 'phone.mutedChanged', muted: true }));
    expect(step.sent).toEqual([]);

    // telephony.externalcall.show: initialized again for the same CALL_ID; brought up to date, no summary.
    step = await act(s, () => s.sim.show('hide-1'));
    expect(step.sent).toEqual([
      showUi('connected'),
      { command: 'CallCardSetMute', params: { muted: true } },
      { command: 'CallCardSetHold', params: { held: true } },
      { command: 'CallCardSetCardTitle', params: { title: 'ACME Ltd.' } },
      { command: 'CallCardSetStatusText', params: { statusText: 'VIP' } },
    ]);
    expect(step.told).toEqual([]);
    expect(s.summaries).toEqual([]);
    expect(s.card.state).toMatchObject({ card: 'attached', muted: true, held: true });
    expect(types()).toEqual(['opened', 'lost', 'reattached']);
    expectCardShowsStatechart(s);
    expect(s.sim.card).toMatchObject({ title: 'ACME Ltd.', statusText: 'VIP', muted: true, held: true });

    step = await act(s, () => s.sim.click('hangupButtonClick'));
    expect(step).toMatchObject({ sent: [CLOSE], told: [{ method: 'hangup' }] });
    expect(s.summaries).toEqual([expect.objectContaining({ callId: 'hide-1', endedBy: 'hungUp', cardLost: true, cardLostAt: expect.any(Number) })]);
    expect(types()).toEqual(['opened', 'lost', 'reattached', 'closed']);
  });

  test('a refusal of a command sent before the card reappeared does not lose the reappeared card (fuzz finding)', async () => {
    const { s } = withCardWatch(mode);
    await act(s, () => s.sim.raiseCall(call({ PHONE_NUMBER: '+100' })));
    s.sim.autoClose();
    await act(s, () => {
      s.card.send({ type: 'phone.failed', code: 486 }); // SetUiState(error) goes out to no card…
      s.sim.show(); // …and the host shows the call's card again before that command lands
    });
    expect(s.card.state).toMatchObject({ status: 'call', uiState: 'error', card: 'attached' });
    expect(s.sim.card?.uiState).toBe('error');
    expect(s.summaries).toEqual([]);
    expectCardShowsStatechart(s);
  });

  test('the card closed in another tab while ringing: the call is rejected, and the integrator hears closed', async () => {
    const { s, types } = withCardWatch(mode);
    await driveTo(s, 'incoming');
    s.sim.closeInOtherTab();
    const step = await act(s, () => s.card.setTitle('ACME'));
    expect(step.told).toEqual([{ method: 'reject' }]);
    expect(s.card.state).toEqual({ status: 'idle' });
    expect(types()).toEqual(['opened', 'closed']);
  });

  test('card.state is the same object until something changes, and subscribe hears each change once', async () => {
    const { s, states, unsubscribe } = withCardWatch(mode);
    const idle = s.card.state;
    expect(s.card.state).toBe(idle);
    await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'same-1' })));
    const ringing = s.card.state;
    expect(ringing).not.toBe(idle);
    expect(s.card.state).toBe(ringing);
    // A click that changes nothing the integrator sees keeps the object.
    await act(s, () => s.card.setTitle('ACME'));
    expect(s.card.state).toBe(ringing);
    expect(states).toEqual([ringing]);

    await act(s, () => s.sim.click('answerButtonClick'));
    expect(states.map((state) => (state.status === 'call' ? state.uiState : 'idle'))).toEqual(['incoming', 'connectingIncoming']);
    unsubscribe();
    await act(s, () => s.card.send({ type: 'phone.connected' }));
    expect(states).toHaveLength(2);
    expect(active(s).uiState).toBe('connected');
  });

  test('a throwing subscriber or onCard is reported and does not stop the card', async () => {
    const s = buildStack({
      mode,
      extra: {
        onCard: () => {
          throw new Error('ui bug');
        },
      },
    });
    s.card.subscribe(() => {
      throw new Error('ui bug');
    });
    const step = await act(s, () => s.sim.raiseCall(call()));
    expect(step.sent).toEqual([showUi('incoming')]);
    expect(step.diagnostics.map((d) => d.kind === 'hookError' && d.hook)).toEqual(['onCard', 'subscribe']);
  });

  test('onCard "opened" is the moment for setTitle: the title lands on the new card', async () => {
    let s: Stack | undefined;
    s = buildStack({
      mode,
      extra: { onCard: (change) => change.type === 'opened' && s?.card.setTitle(`Call ${change.state.call.callId}`) },
    });
    const step = await act(s, () => s!.sim.raiseCall(call({ CALL_ID: 'titled-1' })));
    expect(step.sent).toEqual([showUi('incoming'), { command: 'CallCardSetCardTitle', params: { title: 'Call titled-1' } }]);
    expect(s.sim.card?.title).toBe('Call titled-1');
  });

  test('hooks that send from inside a command are handled in order', async () => {
    // The integrator's onComment hook reports a softphone event at once.
    let s: Stack | undefined;
    s = buildStack({ mode, hooks: { onComment: () => s?.card.send({ type: 'phone.ended' }) } });
    await driveTo(s, 'connected', { CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 });
    const step = await act(s, () => s!.sim.comment('call me back'));
    expect(step.sent).toEqual([CLOSE]);
    expect(s.summaries).toEqual([expect.objectContaining({ endedBy: 'remoteHungUp', comment: 'call me back' })]);
  });
});
