/**
 * One regression test per bug of issue 11's "Why" list that is the adapter's to fix, each
 * named after the bug. Every one of them failed on the code before the fix (see the
 * issue's closing note); they run in both host modes where the mode matters.
 */
import type { SoftphoneCommand } from '../../machines/callCard.types';
import { createRecordingSoftphone } from '../../testing/softphone';
import { act, buildStack, call, CLOSE, disposeStacks, driveTo, MODES, showUi, type Stack } from './harness';

afterEach(disposeStacks);

/** A recording softphone whose methods can be made to report back synchronously, as some SIP stacks do. */
function reportingSoftphone(onCall: (command: SoftphoneCommand, stack: () => Stack) => unknown) {
  let stack: Stack | undefined;
  const phone = createRecordingSoftphone((command) => onCall(command, () => stack as Stack));
  return { phone, bind: (s: Stack) => (stack = s) };
}

describe.each(MODES)('%s host: bugs the review proved', (mode) => {
  test('a softphone that reports synchronously from inside answer() (phone.connected, then phone.mutedChanged) loses neither event', async () => {
    const { phone, bind } = reportingSoftphone((command, stack) => {
      if (command.method !== 'answer') return;
      stack().card.send({ type: 'phone.connected' });
      stack().card.send({ type: 'phone.mutedChanged', muted: true });
    });
    const s = bind(buildStack({ mode, softphone: phone }));
    await act(s, () => s.sim.raiseCall(call()));
    const step = await act(s, () => s.sim.click('answerButtonClick'));

    expect(step.told).toEqual([{ method: 'answer' }]);
    expect(step.sent).toEqual([showUi('connectingIncoming'), showUi('connected'), { command: 'CallCardSetMute', params: { muted: true } }]);
    expect(step.diagnostics).toEqual([]);
    expect(s.card.state).toMatchObject({ status: 'call', uiState: 'connected', muted: true, held: false });
    expect(s.sim.card?.muted).toBe(true);
  });

  test('an event a synchronous softphone reports after phone.failed 486 is taken in redial or reported, never dropped silently', async () => {
    // Call → call() → the network answers busy at once, and the softphone also says the call ended.
    const { phone, bind } = reportingSoftphone((command, stack) => {
      if (command.method !== 'call') return;
      stack().card.send({ type: 'phone.failed', code: 486 });
      stack().card.send({ type: 'phone.ended' });
    });
    const s = bind(buildStack({ mode, softphone: phone }));
    await act(s, () => s.sim.raiseCall(call({ CALL_DIRECTION: 'callback' })));
    const step = await act(s, () => s.sim.click('makeCallButtonClick'));

    expect(step.sent).toEqual([showUi('connectingOutgoing'), showUi('redial')]);
    // phone.ended reaches redial, which has no live call to end: reported where it landed.
    expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'ignoredEvent', event: 'phone.ended' })]);
    expect((step.diagnostics[0] as { state: string }).state).toMatch(/redial/);
    expect(s.card.state).toMatchObject({ status: 'call', uiState: 'redial' });
  });

  test('a softphone event reported from inside hangup() reaches the state after the call, and is reported there, not dropped', async () => {
    const { phone, bind } = reportingSoftphone((command, stack) => {
      if (command.method === 'hangup') stack().card.send({ type: 'phone.failed', code: 486 });
    });
    const s = bind(buildStack({ mode, softphone: phone }));
    await driveTo(s, 'connectingOutgoing');
    const step = await act(s, () => s.sim.click('hangupButtonClick'));

    expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'ignoredEvent', event: 'phone.failed' })]);
    expect(s.summaries.map((summary) => summary.endedBy)).toEqual(['hungUp']);
    expect(s.card.state).toEqual({ status: 'idle' });
  });

  test("the closing card's entityChanged does not leak into the next call: a callback dials its own customer's number", async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'connected', { CALL_ID: 'first', PHONE_NUMBER: '+4930111' });
    await act(s, () => {
      s.sim.click('hangupButtonClick'); // CallCardClose goes out…
      // …and before its answer the closing card's CRM block reloads (host-behaviour §2).
      s.sim.emitRaw('entityChanged', { PHONE_NUMBER: '+4930111', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 });
    });

    await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'second', PHONE_NUMBER: '+4930222', CALL_DIRECTION: 'callback', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 9 })));
    const step = await act(s, () => s.sim.click('makeCallButtonClick'));
    expect(step.told).toEqual([{ method: 'call', phoneNumber: '+4930222' }]);
    // Reported as the closing card's (the second call's own early entityChanged is reported too: it reached `waiting`).
    expect(s.diagnostics.filter((d) => d.kind === 'ignoredEvent' && d.reason === 'closingCard')).toEqual([
      expect.objectContaining({ kind: 'ignoredEvent', event: 'entityChanged', reason: 'closingCard' }),
    ]);
    await act(s, () => s.card.send({ type: 'phone.ended' }));
    expect(s.summaries[1]).toMatchObject({ callId: 'second', phoneNumber: '+4930222', crmEntity: { type: 'LEAD', id: 9 } });
  });

  test("the closing card's entityChanged after the next call's initialized, its close still unanswered, is still the closing card's", async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'connected', { CALL_ID: 'first', PHONE_NUMBER: '+4930111' });
    s.sim.injectFault({ command: 'CallCardClose', kind: 'noCallback' }); // applied, never answered
    await act(s, () => s.sim.click('hangupButtonClick'));
    await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'second', PHONE_NUMBER: '+4930222', CALL_DIRECTION: 'callback' })));
    const step = await act(s, () => s.sim.emitRaw('entityChanged', { PHONE_NUMBER: '+4930111', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 }));
    expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'ignoredEvent', event: 'entityChanged', reason: 'closingCard' })]);
    const dial = await act(s, () => s.sim.click('makeCallButtonClick'));
    expect(dial.told).toEqual([{ method: 'call', phoneNumber: '+4930222' }]);
  });

  test('mute is not shown before the softphone confirms, and is rolled back on the card when mute() rejects', async () => {
    let fail: (error: Error) => void = () => undefined;
    const phone = createRecordingSoftphone((command) => (command.method === 'mute' ? new Promise((_, reject) => (fail = reject)) : undefined));
    const s = buildStack({ mode, softphone: phone });
    await driveTo(s, 'connected');

    let step = await act(s, () => s.sim.mute(true));
    expect(step.told).toEqual([{ method: 'mute', muted: true }]);
    expect(s.card.state).toMatchObject({ uiState: 'connected', muted: false });

    step = await act(s, () => fail(new Error('no microphone')));
    expect(step.sent).toEqual([{ command: 'CallCardSetMute', params: { muted: false } }]);
    expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'softphoneError', method: 'mute' })]);
    expect(s.card.state).toMatchObject({ uiState: 'connected', muted: false });
    expect(s.sim.card?.muted).toBe(false);
  });

  test('hold follows hold() once it resolves, and the card is set back when hold() throws', async () => {
    let throwOnHold = false;
    const phone = createRecordingSoftphone((command) => {
      if (command.method !== 'hold') return undefined;
      if (throwOnHold) throw new Error('no session');
      return Promise.resolve();
    });
    const s = buildStack({ mode, softphone: phone });
    await driveTo(s, 'connected');

    let step = await act(s, () => s.sim.hold(true));
    expect(step.sent).toEqual([]); // the card toggled itself; nothing to set
    expect(s.card.state).toMatchObject({ held: true });

    throwOnHold = true;
    step = await act(s, () => s.sim.hold(false));
    expect(step.sent).toEqual([{ command: 'CallCardSetHold', params: { held: true } }]);
    expect(s.card.state).toMatchObject({ held: true });
    expect(s.sim.card?.held).toBe(true);
  });

  test('a card lost while ringing rejects the call (reject(), not hangup())', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'incoming');
    s.sim.autoClose();
    const step = await act(s, () => s.card.setTitle('ACME'));
    expect(step.told).toEqual([{ method: 'reject' }]);
    expect(s.summaries).toEqual([expect.objectContaining({ endedBy: 'cardLost', cardLost: true })]);
  });

  test('a card lost during a live call does not hang up: the call keeps its state and card.state says lost', async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'connected');
    s.sim.autoClose();
    const step = await act(s, () => s.card.setTitle('ACME'));
    expect(step.told).toEqual([]);
    expect(s.card.state).toMatchObject({ status: 'call', uiState: 'connected', card: 'lost' });
    expect(s.summaries).toEqual([]);
    expect(step.diagnostics.map((d) => d.kind)).toContain('cardLost');
  });

  test("a replaced card's live call is hung up, a ringing one rejected", async () => {
    const s = buildStack({ mode });
    await driveTo(s, 'connected', { CALL_ID: 'old' });
    // The host dropped the old card silently (hidden, closed elsewhere) and shows another call's.
    s.sim.autoClose();
    let step = await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'new' })));
    expect(step.told).toEqual([{ method: 'hangup' }]);
    expect(s.summaries).toEqual([expect.objectContaining({ callId: 'old', endedBy: 'replaced' })]);

    s.sim.autoClose();
    step = await act(s, () => s.sim.raiseCall(call({ CALL_ID: 'newer' })));
    expect(step.told).toEqual([{ method: 'reject' }]);
    expect(s.summaries[1]).toMatchObject({ callId: 'new', endedBy: 'replaced' });
  });

  test('Hang up is not held back by a command the host never answers: the close goes out at once, no timeout waited for', async () => {
    jest.useFakeTimers();
    try {
      const s = buildStack({ mode, commandTimeoutMs: 5000 });
      await driveTo(s, 'connected');
      // A command the host will never answer (host-behaviour §4), then one queued behind it.
      s.sim.injectFault({ command: 'CallCardSetCardTitle', kind: 'noCallback' });
      await act(s, () => s.card.setTitle('ACME'));
      await act(s, () => s.card.setStatusText('queued behind'));
      const step = await act(s, () => s.sim.click('hangupButtonClick'));
      // No timer has run: the close went out at once; the status text queued for the closing card was dropped.
      expect(step.sent).toEqual([CLOSE]);
      expect(step.told).toEqual([{ method: 'hangup' }]);
      expect(s.sim.card).toBeNull();
      expect(step.diagnostics).toEqual([
        expect.objectContaining({ kind: 'commandDropped', command: 'CallCardSetStatusText', reason: 'cardGone' }),
        expect.objectContaining({ kind: 'commandAbandoned', command: 'CallCardSetCardTitle' }),
      ]);
      expect(s.summaries).toEqual([expect.objectContaining({ endedBy: 'hungUp' })]);
    } finally {
      jest.useRealTimers();
    }
  });

  test('in the simple layout CallCardSetUiState connected is never answered, and nothing waits behind it', async () => {
    jest.useFakeTimers();
    try {
      const phone = createRecordingSoftphone((command) => (command.method === 'mute' ? Promise.reject(new Error('no microphone')) : undefined));
      const s = buildStack({ mode, softphone: phone });
      await driveTo(s, 'connectingIncoming'); // no CRM data: the simple layout
      await act(s, () => s.card.send({ type: 'phone.connected' }));
      const step = await act(s, () => s.sim.mute(true));
      // The roll-back went out with no timer run, though `connected` was never answered.
      expect(step.sent).toEqual([{ command: 'CallCardSetMute', params: { muted: false } }]);
      expect(s.kinds()).not.toContain('commandTimedOut');
    } finally {
      jest.useRealTimers();
    }
  });
});
