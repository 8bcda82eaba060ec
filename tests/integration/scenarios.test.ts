/**
 * Whole calls through the real stack. After every step: what the simulated card shows
 * (the statechart's UI state and that state's buttons) and exactly what the softphone
 * was told (statechart.md, "Transitions in open").
 */
import { UI_STATES, type UiState } from '../../protocol';
import { act, active, buildStack, call, CLOSE, disposeStacks, driveTo, expectCardShowsStatechart, MODES, showUi, uiOf } from './harness';

afterEach(disposeStacks);

describe.each(MODES)('%s host: scenarios', (mode) => {
  test('incoming call: answer, connected, mute, hold, dial keys, rating, comment, hang up → summary', async () => {
    const s = buildStack({ mode });
    let step = await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'in-1', PHONE_NUMBER: '+4930111', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 })));
    // The CRM block loads first: its entityChanged reaches `waiting`, is reported, and initialized carries the same data.
    expect(step).toEqual({ sent: [showUi('incoming')], told: [], diagnostics: [expect.objectContaining({ kind: 'ignoredEvent', event: 'entityChanged', state: 'waiting' })] });
    expectCardShowsStatechart(s);

    step = await act(s, () => s.sim.click('answerButtonClick'));
    expect(step).toEqual({ sent: [showUi('connectingIncoming')], told: [{ method: 'answer' }], diagnostics: [] });
    expectCardShowsStatechart(s);

    step = await act(s, () => s.card.send({ type: 'phone.connected' }));
    expect(step).toEqual({ sent: [showUi('connected')], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);
    expect(s.sim.card?.timer.running).toBe(true);

    step = await act(s, () => s.sim.mute(true));
    expect(step).toEqual({ sent: [], told: [{ method: 'mute', muted: true }], diagnostics: [] });
    expect(active(s).muted).toBe(true);
    expectCardShowsStatechart(s);

    step = await act(s, () => s.sim.hold(true));
    expect(step).toEqual({ sent: [], told: [{ method: 'hold', held: true }], diagnostics: [] });
    expect(s.card.state).toEqual(expect.objectContaining({ uiState: 'connected', muted: true, held: true }));
    expectCardShowsStatechart(s);

    step = await act(s, () => s.sim.hold(false));
    expect(step.told).toEqual([{ method: 'hold', held: false }]);
    expect(active(s).held).toBe(false);

    for (const key of ['1', '#', '0']) {
      step = await act(s, () => s.sim.dial(key));
      expect(step).toEqual({ sent: [], told: [{ method: 'sendDtmf', key }], diagnostics: [] });
      expectCardShowsStatechart(s);
    }

    step = await act(s, () => s.sim.rate(4));
    expect(step).toEqual({ sent: [], told: [], diagnostics: [] });
    expect(s.ratings).toEqual([{ callId: 'in-1', rating: 4 }]);

    step = await act(s, () => s.sim.comment('Wants a refund'));
    expect(step).toEqual({ sent: [], told: [], diagnostics: [] });
    expect(s.comments).toEqual([{ callId: 'in-1', text: 'Wants a refund' }]);
    expectCardShowsStatechart(s);

    step = await act(s, () => s.sim.click('hangupButtonClick'));
    expect(step).toEqual({ sent: [CLOSE], told: [{ method: 'hangup' }], diagnostics: [] });
    expect(s.card.state.status).toBe('idle');
    expectCardShowsStatechart(s);

    expect(s.summaries).toEqual([
      expect.objectContaining({
        callId: 'in-1',
        phoneNumber: '+4930111',
        crmEntity: { type: 'CONTACT', id: 5 },
        direction: 'incoming',
        comment: 'Wants a refund',
        cardLost: false,
        rating: 4,
        dtmf: '1#0',
        transferTarget: null,
        endedBy: 'hungUp',
        lastUiState: 'connected',
        failureCode: null,
        connected: true,
      }),
    ]);
    expect(s.phone.methods).toEqual(['answer', 'mute', 'hold', 'hold', 'sendDtmf', 'sendDtmf', 'sendDtmf', 'hangup']);
  });

  test('outgoing call: connectingOutgoing, phone.connected, remote hang-up', async () => {
    const s = buildStack({ mode });
    let step = await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'out-1', CALL_DIRECTION: 'outgoing', PHONE_NUMBER: '+4930222' })));
    // The integrator placed this call itself: the softphone is told nothing.
    expect(step).toEqual({ sent: [showUi('connectingOutgoing')], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);

    step = await act(s, () => s.card.send({ type: 'phone.connected' }));
    expect(step).toEqual({ sent: [showUi('connected')], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);

    step = await act(s, () => s.card.send({ type: 'phone.ended' }));
    expect(step).toEqual({ sent: [CLOSE], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);
    expect(s.summaries).toEqual([expect.objectContaining({ callId: 'out-1', direction: 'outgoing', endedBy: 'remoteHungUp', connected: true })]);
  });

  test('callback → outgoing → Call → busy 486 → redial → Call again → connected', async () => {
    const s = buildStack({ mode });
    let step = await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'cb-1', CALL_DIRECTION: 'callback', PHONE_NUMBER: '+4930333' })));
    expect(step).toEqual({ sent: [showUi('outgoing')], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);

    step = await act(s, () => s.sim.click('makeCallButtonClick'));
    expect(step).toEqual({ sent: [showUi('connectingOutgoing')], told: [{ method: 'call', phoneNumber: '+4930333' }], diagnostics: [] });
    expectCardShowsStatechart(s);

    step = await act(s, () => s.card.send({ type: 'phone.failed', code: 486 }));
    expect(step).toEqual({ sent: [showUi('redial')], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);

    step = await act(s, () => s.sim.click('makeCallButtonClick'));
    expect(step).toEqual({ sent: [showUi('connectingOutgoing')], told: [{ method: 'call', phoneNumber: '+4930333' }], diagnostics: [] });
    expectCardShowsStatechart(s);

    step = await act(s, () => s.card.send({ type: 'phone.connected' }));
    expect(step).toEqual({ sent: [showUi('connected')], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);

    await act(s, () => s.sim.click('hangupButtonClick'));
    expect(s.summaries).toEqual([expect.objectContaining({ callId: 'cb-1', direction: 'callback', failureCode: 486, connected: true, endedBy: 'hungUp' })]);
  });

  test('transfer succeeds: transferring → complete → transferConnected → hang up', async () => {
    const s = buildStack({ mode });
    // With CRM data the card has its CRM layout, whose timer runs (the simple layout has none).
    await driveTo(s, 'connected', { CALL_ID: 'tr-1', PHONE_NUMBER: '+4930444', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 12 });

    let step = await act(s, () => s.sim.transfer('17'));
    expect(step).toEqual({ sent: [showUi('transferring')], told: [{ method: 'startTransfer', target: { destination: '17', kind: null } }], diagnostics: [] });
    expectCardShowsStatechart(s);
    expect(s.sim.card?.timer.running).toBe(true);

    step = await act(s, () => s.sim.click('completeTransferButtonClick'));
    expect(step).toEqual({ sent: [], told: [{ method: 'completeTransfer' }], diagnostics: [] });
    expect(uiOf(s)).toBe('transferring');
    expectCardShowsStatechart(s);

    step = await act(s, () => s.card.send({ type: 'phone.transferSucceeded' }));
    expect(step).toEqual({ sent: [showUi('transferConnected')], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);
    expect(s.sim.card?.timer.running).toBe(true);

    step = await act(s, () => s.sim.click('hangupButtonClick'));
    expect(step).toEqual({ sent: [CLOSE], told: [{ method: 'hangup' }], diagnostics: [] });
    expectCardShowsStatechart(s);
    expect(s.summaries).toEqual([expect.objectContaining({ callId: 'tr-1', transferTarget: { destination: '17', kind: null }, endedBy: 'hungUp' })]);
  });

  test('transfer fails: transferFailed → Return to call → connected with mute and hold restored', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'connected');
    await act(s, () => s.sim.mute(true));
    await act(s, () => s.sim.hold(true));
    s.phone.clear();

    await act(s, () => s.sim.transfer('17'));
    let step = await act(s, () => s.card.send({ type: 'phone.transferFailed', code: 480 }));
    expect(step).toEqual({ sent: [showUi('transferFailed')], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);

    step = await act(s, () => s.sim.click('cancelTransferButtonClick'));
    expect(step).toEqual({ sent: [showUi('connected')], told: [{ method: 'cancelTransfer' }], diagnostics: [] });
    expect(s.card.state).toEqual(expect.objectContaining({ uiState: 'connected', muted: true, held: true }));
    expectCardShowsStatechart(s);

    // The restored regions are live: the next click toggles from there.
    step = await act(s, () => s.sim.mute(false));
    expect(step.told).toEqual([{ method: 'mute', muted: false }]);
    expect(s.card.state).toEqual(expect.objectContaining({ muted: false, held: true }));
  });

  test('money error: 402 → moneyError → Notify administrator → Close', async () => {
    const s = buildStack({ mode });
    await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'm-1', CALL_DIRECTION: 'outgoing' })));

    let step = await act(s, () => s.card.send({ type: 'phone.failed', code: 402 }));
    expect(step).toEqual({ sent: [showUi('moneyError')], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);

    step = await act(s, () => s.sim.click('notifyAdminButtonClick'));
    expect(step).toEqual({ sent: [], told: [], diagnostics: [] });
    expect(s.notifications).toEqual([{ callId: 'm-1' }]);
    expectCardShowsStatechart(s);

    step = await act(s, () => s.sim.click('closeButtonClick'));
    // The host closed the card itself; no call is live any more.
    expect(step).toEqual({ sent: [], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);
    expect(s.summaries).toEqual([expect.objectContaining({ callId: 'm-1', endedBy: 'closedByOperator', failureCode: 402, lastUiState: 'moneyError' })]);
  });

  /** statechart.md: close hangs up "if a call is still live", rejects "if ringing". */
  const RINGING: readonly UiState[] = ['incoming', 'transferIncoming'];
  const LIVE: readonly UiState[] = ['connectingIncoming', 'connectingOutgoing', 'connected', 'transferring', 'transferFailed', 'transferConnected'];
  /** The Close button exists only there (host-behaviour §2); elsewhere the click can only race a state change. */
  const WITH_CLOSE: readonly UiState[] = ['error', 'moneyError'];

  test.each(UI_STATES)("the operator's close in %s: no CallCardClose, hangup if live, reject if ringing, and the next call works", async (uiState) => {
    const s = buildStack({ mode });
    await driveTo(s, uiState, { CALL_ID: 'close-1' });

    const step = await act(s, () => s.sim.click('closeButtonClick', undefined, { force: !WITH_CLOSE.includes(uiState) }));
    expect(step.sent).toEqual([]);
    expect(step.told).toEqual(LIVE.includes(uiState) ? [{ method: 'hangup' }] : RINGING.includes(uiState) ? [{ method: 'reject' }] : []);
    expect(step.diagnostics).toEqual([]);
    expectCardShowsStatechart(s);
    expect(s.summaries).toEqual([expect.objectContaining({ callId: 'close-1', endedBy: 'closedByOperator', lastUiState: uiState })]);

    const next = await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'close-2' })));
    expect(next).toEqual({ sent: [showUi('incoming')], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);
    await act(s, () => s.sim.click('answerButtonClick'));
    expect(s.phone.methods.at(-1)).toBe('answer');
    expectCardShowsStatechart(s);
  });
});
