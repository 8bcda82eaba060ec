/**
 * host-behaviour.md's quirks, each survived by the real stack with the card showing
 * the statechart's UI state.
 */
import { createCommandQueue } from '../../adapters/placement/commandQueue';
import { createHostSimulator } from '../../testing/host';
import type { Diagnostic } from '../../diagnostics';
import { CARD_EVENT_NAMES, INVALID_UI_STATE_ERROR, NO_CARD_ERROR, type CardCommand } from '../../protocol';
import { act, active, buildStack, call, disposeStacks, driveTo, expectCardShowsStatechart, MODES, showUi, uiOf } from './harness';

afterEach(disposeStacks);

describe.each(MODES)('%s host: quirks the adapter survives', (mode) => {
  test('"Call card is undefined" after an auto-close mid-call: the card is lost, the call is not (no hangup, no summary)', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'connected', { CALL_ID: 'lost-1' });
    s.sim.autoClose();

    let step = await act(s, () => s.card.send({ type: 'phone.mutedChanged', muted: true }));
    expect(step.sent).toEqual([{ command: 'CallCardSetMute', params: { muted: true } }]);
    expect(step.told).toEqual([]);
    expect(step.diagnostics).toEqual([
      expect.objectContaining({ kind: 'commandFailed', command: 'CallCardSetMute', errorCode: NO_CARD_ERROR }),
      expect.objectContaining({ kind: 'cardLost', command: 'CallCardSetMute' }),
    ]);
    expect(s.card.state).toMatchObject({ status: 'call', uiState: 'connected', card: 'lost', muted: true });
    expect(s.summaries).toEqual([]);

    // While the card is lost nothing is sent to the host; the call ends as it would with a card.
    step = await act(s, () => s.card.send({ type: 'phone.ended' }));
    expect(step.sent).toEqual([]);
    expect(s.summaries).toEqual([expect.objectContaining({ callId: 'lost-1', endedBy: 'remoteHungUp', cardLost: true, lastUiState: 'connected' })]);

    const next = await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'lost-2' })));
    expect(next).toEqual({ sent: [showUi('incoming')], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);
  });

  test('"Call card is undefined" where no call is live (redial): back to waiting, nothing hung up', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'redial');
    s.sim.autoClose();
    const step = await act(s, () => s.card.setTitle('Acme'));
    expect(step.told).toEqual([]);
    expect(step.diagnostics.map((d) => d.kind)).toEqual(['commandFailed', 'cardLost']);
    expectCardShowsStatechart(s);
    expect(s.summaries.at(-1)?.endedBy).toBe('cardLost');
  });

  test('"Invalid ui state": the real host answer to an unknown name, and the card going on after one', async () => {
    // The host's own answer, through the queue.
    const sim = createHostSimulator({ mode });
    sim.raiseCall(call());
    const diagnostics: Diagnostic[] = [];
    const queue = createCommandQueue({ placement: sim.placement, report: (d) => diagnostics.push(d) });
    const outcome = queue.enqueue({ command: 'CallCardSetUiState', params: { uiState: 'ringing' } });
    await sim.settle();
    await expect(outcome).resolves.toEqual({ status: 'failed', errorCode: INVALID_UI_STATE_ERROR });
    expect(diagnostics).toEqual([expect.objectContaining({ kind: 'commandFailed', errorCode: INVALID_UI_STATE_ERROR })]);
    expect(sim.card?.uiState).toBe('externalCard');
    queue.dispose();

    // A portal that does not know a state the statechart shows: reported, not fatal.
    const s = buildStack({ mode });
    await driveTo(s, 'incoming');
    s.sim.injectFault({ command: 'CallCardSetUiState', kind: 'error', errorCode: INVALID_UI_STATE_ERROR });
    let step = await act(s, () => s.sim.click('answerButtonClick'));
    expect(step.told).toEqual([{ method: 'answer' }]);
    expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'commandFailed', command: 'CallCardSetUiState', errorCode: INVALID_UI_STATE_ERROR })]);
    expect(uiOf(s)).toBe('connectingIncoming');
    // Until the next state lands, the card still shows the old one (and the check says so).
    expect(s.sim.card?.uiState).toBe('incoming');
    expect(() => expectCardShowsStatechart(s)).toThrow();
    step = await act(s, () => s.card.send({ type: 'phone.connected' }));
    expect(step).toEqual({ sent: [showUi('connected')], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);
  });

  test('StartTimer / StopTimer answered by the browser never, by the desktop with []: the queue is never blocked', async () => {
    jest.useFakeTimers();
    try {
      const sim = createHostSimulator({ mode });
      // The CRM layout: the simple one has no timer element, and never answers StartTimer even on the desktop.
      sim.raiseCall(call({ CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 }));
      const diagnostics: Diagnostic[] = [];
      const queue = createCommandQueue({ placement: sim.placement, report: (d) => diagnostics.push(d), timeoutMs: 60_000 });
      const commands: CardCommand[] = [
        { command: 'CallCardStartTimer', params: {} },
        { command: 'CallCardStopTimer', params: {} },
        { command: 'CallCardSetCardTitle', params: { title: 'after the timers' } },
      ];
      const outcomes = Promise.all(commands.map((c) => queue.enqueue(c)));
      await sim.settle();
      // No fake time has passed: a queue waiting for the timers would still hold the title.
      expect((await outcomes).map((o) => o.status)).toEqual(['notAwaited', 'notAwaited', 'ok']);
      expect(sim.card?.title).toBe('after the timers');
      expect(sim.log.map((e) => e.answered)).toEqual(mode === 'browser' ? [false, false, true] : [true, true, true]);
      expect(diagnostics).toEqual([]);
      queue.dispose();
    } finally {
      jest.useRealTimers();
    }
  });

  test('entityChanged before initialized is reported in waiting; the call takes number and entity from its own initialized', async () => {
    const s = buildStack({ mode });
    let step = await act(s, () =>
      s.sim.raiseCall(call({ CALL_ID: 'ent-1', CALL_DIRECTION: 'callback', PHONE_NUMBER: '+4930555', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 12 }), {
        entityFirst: { PHONE_NUMBER: '+4930555', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 12 },
      }),
    );
    expect(step).toEqual({ sent: [showUi('outgoing')], told: [], diagnostics: [expect.objectContaining({ kind: 'ignoredEvent', event: 'entityChanged', state: 'waiting' })] });
    expectCardShowsStatechart(s);

    step = await act(s, () => s.sim.click('makeCallButtonClick'));
    expect(step.told).toEqual([{ method: 'call', phoneNumber: '+4930555' }]);
    await act(s, () => s.card.send({ type: 'phone.failed', code: 486 }));
    expectCardShowsStatechart(s);
    // The CRM block rebinds during the call: the new number is the one Call again dials.
    await act(s, () => s.sim.changeEntity({ PHONE_NUMBER: '+4930999', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 7 }));
    step = await act(s, () => s.sim.click('makeCallButtonClick'));
    expect(step.told).toEqual([{ method: 'call', phoneNumber: '+4930999' }]);
    await act(s, () => s.card.send({ type: 'phone.ended' }));
    expect(s.summaries).toEqual([expect.objectContaining({ callId: 'ent-1', phoneNumber: '+4930999', crmEntity: { type: 'CONTACT', id: 7 } })]);
  });

  test('an early entity belongs to no call: the next call uses its own number', async () => {
    const s = buildStack({ mode });
    await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'e-1', CALL_DIRECTION: 'callback' }), { entityFirst: { PHONE_NUMBER: '+4930999' } }));
    await act(s, () => s.sim.pressEsc()); // the outgoing card is closable by Esc, silently
    await act(s, () => s.card.setTitle('x')); // answered [] by the disposed card: nothing learnt
    s.sim.autoClose();
    await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'e-2', CALL_DIRECTION: 'callback', PHONE_NUMBER: '+4930777' })));
    const step = await act(s, () => s.sim.click('makeCallButtonClick'));
    expect(step.told).toEqual([{ method: 'call', phoneNumber: '+4930777' }]);
    expect(s.summaries).toEqual([expect.objectContaining({ callId: 'e-1', endedBy: 'replaced' })]);
  });

  test('phone.failed and phone.transferFailed without a code (optional in the types too): error, transferFailed', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'transferring');
    let step = await act(s, () => s.card.send({ type: 'phone.transferFailed' }));
    expect(step).toEqual({ sent: [showUi('transferFailed')], told: [], diagnostics: [] });
    step = await act(s, () => s.card.send({ type: 'phone.failed' }));
    expect(step).toEqual({ sent: [showUi('error')], told: [], diagnostics: [] });
    expect(active(s).uiState).toBe('error');
  });

  test('quality comes as the string "1"–"5": kept as a number', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'connected', { CALL_ID: 'q-1' });
    const step = await act(s, () => s.sim.rate(2));
    expect(s.sim.events.at(-1)?.payload).toBe('2');
    expect(step).toEqual({ sent: [], told: [], diagnostics: [] });
    expect(s.ratings).toEqual([{ callId: 'q-1', rating: 2 }]);
    await act(s, () => s.sim.click('hangupButtonClick'));
    expect(s.summaries[0]?.rating).toBe(2);
  });

  test('a rating outside 1–5 is rejected with a typed diagnostic and changes nothing', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'connected');
    const step = await act(s, () => s.sim.click('qualityMeterClick', '7'));
    expect(step).toEqual({ sent: [], told: [], diagnostics: [expect.objectContaining({ kind: 'rejectedPayload', event: 'qualityMeterClick', received: '7' })] });
    expect(s.ratings).toEqual([]);
    expectCardShowsStatechart(s);
  });

  test('transfer: {type, target} before any command, {phoneNumber, target} after; both reach startTransfer', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'connected', { PHONE_NUMBER: '+4930444' });
    // The stack always speaks first (SetUiState on initialized), so the host sends the documented shape.
    let step = await act(s, () => s.sim.transfer('17', 'queue'));
    expect(s.sim.events.at(-1)?.payload).toEqual({ phoneNumber: '+4930444', target: '17' });
    expect(step.told).toEqual([{ method: 'startTransfer', target: { destination: '17', kind: null } }]);
    await act(s, () => s.sim.click('cancelTransferButtonClick'));
    expectCardShowsStatechart(s);

    // The shape the host's code sends to an application that has not spoken yet.
    step = await act(s, () => s.sim.emitRaw('transferButtonClick', { type: 'pstn', target: '+4930888' }));
    expect(step).toEqual({
      sent: [showUi('transferring')],
      told: [{ method: 'startTransfer', target: { destination: '+4930888', kind: 'pstn' } }],
      diagnostics: [],
    });
    expectCardShowsStatechart(s);
  });

  test('a click racing a state change: ignoredEvent, nothing sent to the softphone or the card', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'transferring');
    let step = await act(s, () => s.sim.click('hangupButtonClick', undefined, { force: true }));
    expect(step).toEqual({ sent: [], told: [], diagnostics: [expect.objectContaining({ kind: 'ignoredEvent', event: 'hangupButtonClick', state: 'call.transferring' })] });
    expectCardShowsStatechart(s);

    await act(s, () => s.card.send({ type: 'phone.transferSucceeded' }));
    step = await act(s, () => s.sim.click('completeTransferButtonClick', undefined, { force: true }));
    expect(step).toEqual({ sent: [], told: [], diagnostics: [expect.objectContaining({ kind: 'ignoredEvent', event: 'completeTransferButtonClick', state: 'call.transferConnected' })] });
    expectCardShowsStatechart(s);
  });

  test('a double answer click: the softphone answers once', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'incoming');
    await act(s, () => s.sim.click('answerButtonClick'));
    const step = await act(s, () => s.sim.click('answerButtonClick', undefined, { force: true }));
    expect(step).toEqual({ sent: [], told: [], diagnostics: [expect.objectContaining({ kind: 'ignoredEvent', event: 'answerButtonClick' })] });
    expect(s.phone.methods).toEqual(['answer']);
    expectCardShowsStatechart(s);
  });

  test('a click after the card closed (no card at all): ignored in waiting, nothing told', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'connected');
    await act(s, () => s.sim.click('hangupButtonClick'));
    s.phone.clear();
    const step = await act(s, () => s.sim.click('hangupButtonClick', undefined, { force: true }));
    expect(step).toEqual({ sent: [], told: [], diagnostics: [expect.objectContaining({ kind: 'ignoredEvent', event: 'hangupButtonClick', state: 'waiting' })] });
  });

  test('createCallCard binds each of the 17 events exactly once, so each click is handled once', async () => {
    const s = buildStack({ mode });
    for (const name of CARD_EVENT_NAMES) expect({ name, count: s.sim.boundHandlerCount(name) }).toEqual({ name, count: 1 });
    await driveTo(s, 'connected');
    await act(s, () => s.sim.dial('5'));
    expect(s.phone.calls).toEqual([{ method: 'sendDtmf', key: '5' }]);
  });

  test('binding twice runs handlers twice: two call cards on one page both act on every click', async () => {
    const first = buildStack({ mode });
    const second = buildStack({ mode, sim: first.sim });
    expect(first.sim.boundHandlerCount('answerButtonClick')).toBe(2);
    await act(first, () => first.sim.raiseCall(call()));
    await act(first, () => first.sim.click('answerButtonClick'));
    // The host hazard createCallCard avoids by binding once: one click, two answers.
    expect([first.phone.methods, second.phone.methods]).toEqual([['answer'], ['answer']]);
  });

  test('another call\'s card while one is live: old summary endedBy "replaced" and its call hung up, the new card works', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'connected', { CALL_ID: 'old-1' });
    s.sim.autoClose(); // the host drops the old card silently; it never shows two
    let step = await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'new-1', CALL_DIRECTION: 'outgoing' })));
    expect(step).toEqual({ sent: [showUi('connectingOutgoing')], told: [{ method: 'hangup' }], diagnostics: [] });
    expect(s.summaries).toEqual([expect.objectContaining({ callId: 'old-1', endedBy: 'replaced', lastUiState: 'connected' })]);
    expect(active(s).call.callId).toBe('new-1');
    expectCardShowsStatechart(s);

    step = await act(s, () => s.card.send({ type: 'phone.connected' }));
    expect(step.sent).toEqual([showUi('connected')]);
    expectCardShowsStatechart(s);
  });
});

describe('desktop host: answers only the desktop application gives', () => {
  test('bare {result: "error", errorCode: "missing field muted"} is a commandFailed', async () => {
    const sim = createHostSimulator({ mode: 'desktop' });
    sim.raiseCall(call());
    const diagnostics: Diagnostic[] = [];
    const queue = createCommandQueue({ placement: sim.placement, report: (d) => diagnostics.push(d) });
    const outcome = queue.enqueue({ command: 'CallCardSetMute', params: {} } as unknown as CardCommand);
    await sim.settle();
    expect(sim.log[0]?.results).toEqual([{ result: 'error', errorCode: 'missing field muted' }]);
    await expect(outcome).resolves.toEqual({ status: 'failed', errorCode: 'missing field muted' });
    expect(diagnostics).toEqual([expect.objectContaining({ kind: 'commandFailed', command: 'CallCardSetMute', errorCode: 'missing field muted' })]);
    queue.dispose();
  });

  test('"missing field held" then [] again: one commandFailed, one duplicateCallback, the second answer ignored', async () => {
    const sim = createHostSimulator({ mode: 'desktop' });
    sim.raiseCall(call());
    const diagnostics: Diagnostic[] = [];
    const queue = createCommandQueue({ placement: sim.placement, report: (d) => diagnostics.push(d) });
    const outcome = queue.enqueue({ command: 'CallCardSetHold', params: {} } as unknown as CardCommand);
    const next = queue.enqueue({ command: 'CallCardSetCardTitle', params: { title: 'next' } });
    await sim.settle();
    expect(sim.log[0]?.results).toEqual([[{ result: 'error', errorCode: 'missing field held' }], []]);
    await expect(outcome).resolves.toEqual({ status: 'failed', errorCode: 'missing field held' });
    await expect(next).resolves.toEqual({ status: 'ok', value: [] });
    expect(diagnostics.map((d) => d.kind)).toEqual(['commandFailed', 'duplicateCallback']);
    queue.dispose();
  });

  test('through the stack the statechart always sends the field, so mute and hold work in the desktop application', async () => {
    const s = buildStack({ mode: 'desktop' });
    await driveTo(s, 'connected');
    // A bare error on SetMute, as the desktop gives, does not derail the card.
    s.sim.injectFault({ command: 'CallCardSetMute', kind: 'bareError', errorCode: 'missing field muted' });
    let step = await act(s, () => s.card.send({ type: 'phone.mutedChanged', muted: true }));
    expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'commandFailed', errorCode: 'missing field muted' })]);
    expect(active(s).muted).toBe(true);
    step = await act(s, () => s.card.send({ type: 'phone.heldChanged', held: true }));
    expect(step).toEqual({ sent: [{ command: 'CallCardSetHold', params: { held: true } }], told: [], diagnostics: [] });
    expect(s.sim.log.at(-1)?.results).toEqual([[]]);
    expect(s.sim.card?.held).toBe(true);
    expectCardShowsStatechart(s);
  });

  test.each(['undefined', 'emptyString', 'emptyArray'] as const)('no-payload events as the %s the frame library delivers: handled once, nothing reported', async (noData) => {
    const s = buildStack({ sim: createHostSimulator({ mode: 'desktop', noData }) });
    await driveTo(s, 'incoming');
    await act(s, () => s.sim.click('answerButtonClick'));
    expect(s.phone.methods).toEqual(['answer']);
    expect(s.diagnostics).toEqual([]);
    expectCardShowsStatechart(s);
  });
});
