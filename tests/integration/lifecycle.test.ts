/**
 * dispose(), and integrator code that fails: hooks that throw, a softphone that throws
 * or rejects. The card goes on in every case.
 */
import { createRecordingSoftphone } from '../../testing/softphone';
import type { SoftphoneMethod } from '../../machines/callCard.types';
import { CARD_EVENT_NAMES } from '../../protocol';
import { act, active, buildStack, call, CLOSE, disposeStacks, driveTo, expectCardShowsStatechart, MODES, showUi, uiOf } from './harness';

afterEach(disposeStacks);

describe.each(MODES)('%s host: dispose()', (mode) => {
  test('after dispose, host events are no-ops, send and setTitle report, and no command is sent', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'connected');
    s.card.dispose();
    const logAt = s.sim.log.length;

    // The host cannot unbind: the handlers stay, and do nothing.
    expect(s.sim.boundHandlerCount('hangupButtonClick')).toBe(1);
    let step = await act(s, () => s.sim.click('hangupButtonClick'));
    expect(step).toEqual({ sent: [], told: [], diagnostics: [] });
    step = await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'after' })));
    expect(step).toEqual({ sent: [], told: [], diagnostics: [] });

    step = await act(s, () => s.card.send({ type: 'phone.ended' }));
    expect(step.sent).toEqual([]);
    expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'ignoredEvent', state: 'disposed' })]);

    step = await act(s, () => s.card.setTitle('too late'));
    expect(step.sent).toEqual([]);
    expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'ignoredEvent', event: 'card.setTitle', state: 'disposed' })]);

    expect(s.sim.log.length).toBe(logAt);
    expect(s.phone.calls).toEqual([]);
    expect(s.summaries).toEqual([]);
    s.card.dispose(); // a second dispose is harmless
  });

  test('dispose drops queued commands and ignores the answer of the one in flight', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'connected');
    s.card.setTitle('one');
    s.card.setStatusText('two');
    // `one` is in flight (its answer comes later), `two` is queued.
    s.card.dispose();
    await s.sim.settle();
    expect(s.sim.log.at(-1)?.command).toBe('CallCardSetCardTitle');
    expect(s.diagnostics).toEqual([expect.objectContaining({ kind: 'commandDropped', command: 'CallCardSetStatusText', reason: 'disposed' })]);
    await expect(s.card.whenIdle()).resolves.toBeUndefined();
  });

  test('a second createCallCard on the same host works alone; the first one stale handlers do nothing', async () => {
    const first = buildStack({ mode });
    await driveTo(first, 'connected', { CALL_ID: 'first' });
    first.card.dispose();
    first.phone.clear();

    // The first session left its card open: the second one's start-up probe finds it and closes it.
    const second = buildStack({ mode, sim: first.sim });
    for (const name of CARD_EVENT_NAMES) expect(second.sim.boundHandlerCount(name)).toBe(2);
    await second.sim.settle();
    expect(second.kinds()).toEqual(['orphanedCard']);
    expect(second.summaries).toEqual([expect.objectContaining({ endedBy: 'orphaned' })]);
    expect(second.sim.card).toBeNull();

    let step = await act(second, () => second.sim.raiseCall(call({ CALL_ID: 'second' })));
    expect(step).toEqual({ sent: [showUi('incoming')], told: [], diagnostics: [] });
    expectCardShowsStatechart(second);
    step = await act(second, () => second.sim.click('answerButtonClick'));
    expect(step.told).toEqual([{ method: 'answer' }]);
    await act(second, () => second.card.send({ type: 'phone.connected' }));
    step = await act(second, () => second.sim.click('hangupButtonClick'));
    expect(step).toEqual({ sent: [CLOSE], told: [{ method: 'hangup' }], diagnostics: [] });
    expectCardShowsStatechart(second);
    expect(second.summaries.map((x) => x.callId)).toEqual(['', 'second']);

    expect(first.phone.calls).toEqual([]);
    expect(first.diagnostics).toEqual([]);
    expect(first.summaries).toEqual([]);
  });
});

describe.each(MODES)('%s host: integrator code that fails', (mode) => {
  const boom = () => {
    throw new Error('integrator bug');
  };

  test('onComment, onRating and onSummary throwing: hookError each, and the card goes on', async () => {
    const s = buildStack({ mode, hooks: { onComment: boom, onRating: boom, onSummary: boom } });
    await driveTo(s, 'connected', { CALL_ID: 'hooks', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 }); // the comment editor is in the CRM block

    let step = await act(s, () => s.sim.comment('note'));
    expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'hookError', hook: 'onComment' })]);
    step = await act(s, () => s.sim.rate(5));
    expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'hookError', hook: 'onRating' })]);
    expectCardShowsStatechart(s);

    step = await act(s, () => s.sim.click('hangupButtonClick'));
    expect(step.sent).toEqual([CLOSE]);
    expect(step.told).toEqual([{ method: 'hangup' }]);
    expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'hookError', hook: 'onSummary' })]);
    expectCardShowsStatechart(s);

    step = await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'next' })));
    expect(step).toEqual({ sent: [showUi('incoming')], told: [], diagnostics: [] });
    expectCardShowsStatechart(s);
  });

  test('onNotifyAdmin and onNext throwing: hookError, the card goes on', async () => {
    const s = buildStack({ mode, hooks: { onNotifyAdmin: boom, onNext: boom } });
    await driveTo(s, 'moneyError');
    let step = await act(s, () => s.sim.click('notifyAdminButtonClick'));
    expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'hookError', hook: 'onNotifyAdmin' })]);
    expectCardShowsStatechart(s);
    await act(s, () => s.sim.click('closeButtonClick'));

    await act(s, () => s.sim.raiseCall(call({ CALL_LIST_MODE: true })));
    expect(uiOf(s)).toBe('outgoing');
    // The host never shows Next on an external card; the event is part of the interface all the same.
    step = await act(s, () => s.sim.click('nextButtonClick', undefined, { force: true }));
    expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'hookError', hook: 'onNext' })]);
    step = await act(s, () => s.sim.click('makeCallButtonClick'));
    expect(step.told).toEqual([{ method: 'call', phoneNumber: '+4930111' }]);
    expectCardShowsStatechart(s);
  });

  test.each(['throws', 'rejects'] as const)('a softphone that %s: softphoneError per method, and the card goes on', async (how) => {
    const failing: readonly SoftphoneMethod[] = ['answer', 'mute', 'hold', 'sendDtmf', 'startTransfer', 'cancelTransfer', 'hangup'];
    const softphone = createRecordingSoftphone((command) => {
      if (!failing.includes(command.method)) return undefined;
      const error = new Error(`${command.method} failed`);
      if (how === 'throws') throw error;
      return Promise.reject(error);
    });
    const s = buildStack({ mode, softphone });
    await act(s, () => s.sim.raiseCall(call()));

    const steps: [() => unknown, string][] = [
      [() => s.sim.click('answerButtonClick'), 'answer'],
      [() => s.card.send({ type: 'phone.connected' }), ''],
      [() => s.sim.mute(true), 'mute'],
      [() => s.sim.hold(true), 'hold'],
      [() => s.sim.dial('9'), 'sendDtmf'],
      [() => s.sim.transfer('17'), 'startTransfer'],
      [() => s.sim.click('cancelTransferButtonClick'), 'cancelTransfer'],
      [() => s.sim.click('hangupButtonClick'), 'hangup'],
    ];
    for (const [run, method] of steps) {
      const step = await act(s, run);
      expect(step.diagnostics).toEqual(method === '' ? [] : [expect.objectContaining({ kind: 'softphoneError', method })]);
      expectCardShowsStatechart(s);
    }
    expect(s.phone.methods).toEqual(['answer', 'mute', 'hold', 'sendDtmf', 'startTransfer', 'cancelTransfer', 'hangup']);
    expect(s.summaries).toEqual([expect.objectContaining({ endedBy: 'hungUp', dtmf: '9' })]);
    expect(s.sim.card).toBeNull();
  });

  test('a softphone method removed after setup: softphoneError, and the card goes on', async () => {
    const recording = createRecordingSoftphone();
    const s = buildStack({ mode, softphone: recording });
    (recording as { answer?: unknown }).answer = undefined;
    await act(s, () => s.sim.raiseCall(call()));
    const step = await act(s, () => s.sim.click('answerButtonClick'));
    expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'softphoneError', method: 'answer' })]);
    expect(step.sent).toEqual([showUi('connectingIncoming')]);
    expectCardShowsStatechart(s);
  });
});
