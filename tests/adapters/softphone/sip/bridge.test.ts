/**
 * The stack-independent half of the SIP adapters (adapters/softphone/sip/), driven through
 * a scripted stack driver and the real card session on the host simulator. What each
 * stack really puts on the wire is proved on real calls in tests/sip/.
 */
import type { PhoneEvent, PhoneEventInput } from '../../../../index';
import { createSipSoftphone, SipCommandError } from '../../../../adapters/softphone/sip/bridge';
import type { SipDiagnostic } from '../../../../adapters/softphone/sip/diagnostics';
import type { SipSoftphoneOptions } from '../../../../adapters/softphone/sip/options';
import { fakeStack, flush, heldOf, setup, uiOf, type FakeSession } from './fakeStack';

describe('SIP bridge: which session a card command is for', () => {
  test('incoming INVITE → card → Answer → the session answers; connected → card connected; BYE → card closed, summary', async () => {
    const s = setup();
    const invite = s.stack.invite('+4930111');
    s.sim.raiseCall({ CALL_ID: 'c1', PHONE_NUMBER: '+4930111', CALL_DIRECTION: 'incoming' });
    await s.sim.settle();
    s.sim.click('answerButtonClick');
    expect(invite.did).toEqual(['answer']);
    invite.events?.connected();
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('connected');
    invite.events?.over({ type: 'ended', cause: 'Terminated' });
    await s.sim.settle();
    expect(s.card.state.status).toBe('idle');
    expect(s.summaries.map((x) => [x.callId, x.endedBy, x.connected])).toEqual([['c1', 'remoteHungUp', true]]);
  });

  test('Skip rejects with 603 by default, and with the configured status', async () => {
    for (const [options, expected] of [[{}, 'end 603'], [{ rejectStatus: 486 }, 'end 486']] as const) {
      const s = setup(options);
      const invite = s.stack.invite('alice');
      s.sim.raiseCall({ CALL_ID: 'c1', CALL_DIRECTION: 'incoming' });
      await s.sim.settle();
      s.sim.click('skipButtonClick');
      invite.events?.over({ type: 'ended', cause: 'Rejected' }); // the stack reports the end we asked for
      await s.sim.settle();
      expect(invite.did).toEqual([expected]);
      expect(s.summaries.map((x) => x.endedBy)).toEqual(['skipped']);
    }
  });

  test('a caller who cancels before the card opens: the card that opens for that CALL_ID hears it at once (missed)', async () => {
    const s = setup({ onIncoming: () => 'c7' });
    const invite = s.stack.invite('bob');
    invite.events?.over({ type: 'ended', cause: 'Canceled' });
    s.sim.raiseCall({ CALL_ID: 'c7', CALL_DIRECTION: 'incoming' });
    await s.sim.settle();
    expect(s.card.state.status).toBe('idle');
    expect(s.summaries.map((x) => [x.callId, x.endedBy, x.connected])).toEqual([['c7', 'remoteHungUp', false]]);
  });

  test('an ended call whose CALL_ID was never given is not told to the next, unrelated card', async () => {
    const s = setup();
    const invite = s.stack.invite('bob');
    invite.events?.over({ type: 'ended', cause: 'Canceled' });
    s.sim.raiseCall({ CALL_ID: 'other', CALL_DIRECTION: 'incoming' });
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('incoming');
  });

  test('onIncoming may resolve the CALL_ID later; a card of another CALL_ID does not command this session', async () => {
    let resolveId: (id: string) => void = () => undefined;
    const s = setup({ onIncoming: () => new Promise<string>((resolve) => (resolveId = resolve)) });
    const invite = s.stack.invite('carol');
    resolveId('c9');
    await flush();
    s.sim.raiseCall({ CALL_ID: 'c8', CALL_DIRECTION: 'incoming' });
    await s.sim.settle();
    await expect(Promise.resolve().then(() => s.softphone.answer())).rejects.toBeInstanceOf(SipCommandError);
    expect(invite.did).toEqual([]);
  });

  test('a second INVITE while a call is live is rejected 486 (configurable) and reported', async () => {
    const s = setup({ busyStatus: 480 });
    s.stack.invite('first');
    const second = s.stack.invite('second');
    expect(second.did).toEqual(['end 480']);
    expect(second.events).toBeNull();
    expect(s.diagnostics).toEqual([expect.objectContaining({ kind: 'sipBusyRejected', statusCode: 480, remoteUser: 'second' })]);
  });
});

describe('SIP bridge: commands in a connected call', () => {
  async function connected(options: SipSoftphoneOptions<FakeSession> = {}) {
    const s = setup({ onIncoming: () => 'c1', ...options });
    const invite = s.stack.invite('cust');
    s.sim.raiseCall({ CALL_ID: 'c1', CALL_DIRECTION: 'incoming' });
    await s.sim.settle();
    s.sim.click('answerButtonClick');
    invite.events?.connected();
    await s.sim.settle();
    return { ...s, invite };
  }

  test('hold, mute and DTMF reach the session; the statechart follows hold and mute from their promise, with no extra command (issue 21 §7)', async () => {
    const s = await connected({ dtmf: 'info' });
    const sent: PhoneEventInput[] = [];
    const send = s.card.send.bind(s.card);
    s.card.send = (event) => (sent.push(event), send(event));
    const commandsBefore = s.sim.log.length;
    s.sim.hold(true);
    s.sim.mute(true);
    s.sim.dial('5');
    await flush();
    await s.sim.settle();
    expect(s.invite.did).toEqual(['answer', 'hold true', 'mute true', 'dtmf 5 info']);
    // The card flipped its own flags on the clicks: a phone.heldChanged / mutedChanged would send it CallCardSetHold / SetMute again.
    expect(sent).toEqual([]);
    expect(s.sim.log.slice(commandsBefore).map((entry) => entry.command)).toEqual([]);
    expect(s.card.state).toEqual(expect.objectContaining({ held: true, muted: true }));
  });

  test('the card is hidden mid-call: the session goes on, still hears its call, and the card that reappears shows it', async () => {
    const s = await connected();
    s.sim.hide();
    s.card.setStatusText('still there?'); // the host answers `Call card is undefined`: the card is lost
    await s.card.whenIdle();
    await s.sim.settle();
    expect(s.card.state).toEqual(expect.objectContaining({ status: 'call', uiState: 'connected', card: 'lost' }));
    expect(s.invite.did).toEqual(['answer']); // no hangup: a lost card is not a finished call
    s.sim.show('c1');
    await s.sim.settle();
    await s.card.whenIdle();
    expect(s.card.state).toEqual(expect.objectContaining({ uiState: 'connected', card: 'attached' }));
    expect(s.sim.card?.uiState).toBe('connected');
    s.sim.hide();
    s.card.setStatusText('gone again');
    await s.card.whenIdle();
    await s.sim.settle();
    s.invite.events?.over({ type: 'ended', cause: 'Terminated' }); // the customer hangs up while no card is shown
    await s.sim.settle();
    expect(s.card.state.status).toBe('idle');
    expect(s.summaries.map((x) => [x.endedBy, x.connected, x.cardLost])).toEqual([['remoteHungUp', true, true]]);
  });

  test('the hold re-INVITE is rejected, mute fails: the card, which flipped itself on the click, is set back', async () => {
    const s = await connected();
    const driver = s.invite.driver as { hold: (held: boolean) => Promise<void>; mute: (muted: boolean) => void };
    driver.hold = () => Promise.reject(new Error('re-INVITE answered 491 Request Pending'));
    driver.mute = () => {
      throw new Error('no local audio track');
    };
    s.sim.hold(true);
    s.sim.mute(true);
    await flush();
    await s.sim.settle();
    expect(s.sim.card).toEqual(expect.objectContaining({ held: false, muted: false }));
    expect(s.card.state).toEqual(expect.objectContaining({ held: false, muted: false }));
  });

  test('Hold then Resume clicked before the first re-INVITE is answered: the resume waits for it, the call ends resumed', async () => {
    const s = await connected();
    const pending: (() => void)[] = [];
    const started: boolean[] = [];
    const driver = s.invite.driver as { hold: (held: boolean) => Promise<void> };
    driver.hold = (held) => {
      started.push(held);
      return new Promise<void>((resolve) => pending.push(resolve));
    };
    s.sim.hold(true);
    s.sim.hold(false);
    await flush();
    expect(started).toEqual([true]); // a stack refuses a second re-INVITE while one is in flight
    pending.shift()?.();
    await flush();
    expect(started).toEqual([true, false]);
    pending.shift()?.();
    await flush();
    await s.sim.settle();
    expect(heldOf(s.card.state)).toBe(false);
  });

  test('blind transfer: REFER to the target URI; NOTIFY 200 → transferConnected and our leg ends', async () => {
    const s = await connected();
    s.sim.transfer('105', 'user');
    await s.sim.settle();
    s.sim.click('completeTransferButtonClick');
    expect(s.invite.did.at(-1)).toBe('refer sip:105@pbx.test');
    s.invite.refer?.accepted();
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('transferConnected');
    expect(s.invite.did.at(-1)).toBe('end 603');
    s.invite.events?.over({ type: 'ended', cause: 'Terminated' }); // our own BYE: not news for the card
    s.sim.click('hangupButtonClick');
    await s.sim.settle();
    expect(s.summaries.map((x) => x.endedBy)).toEqual(['hungUp']);
  });

  test('Transfer clicked twice: one REFER; its NOTIFY 200 still lands (transferConnected)', async () => {
    const s = await connected();
    s.sim.transfer('105', 'user');
    await s.sim.settle();
    s.sim.click('completeTransferButtonClick');
    s.sim.click('completeTransferButtonClick');
    await s.sim.settle();
    expect(s.invite.did.filter((d) => d.startsWith('refer'))).toEqual(['refer sip:105@pbx.test']);
    s.invite.refer?.accepted();
    await s.sim.settle();
    expect(s.card.state).toEqual(expect.objectContaining({ uiState: 'transferConnected' }));
  });

  test('a failed transfer → transferFailed with its code; Return to call; a late outcome of that REFER is ignored', async () => {
    const s = await connected();
    s.sim.transfer('999', 'user');
    await s.sim.settle();
    s.sim.click('completeTransferButtonClick');
    s.invite.refer?.failed(404, 'NOTIFY SIP/2.0 404 Not Found');
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('transferFailed');
    s.sim.click('cancelTransferButtonClick');
    await s.sim.settle();
    s.invite.refer?.accepted();
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('connected');
  });

  test('the transport drops mid-call → phone.failed without a code (error), a diagnostic, the session ended', async () => {
    const s = await connected();
    s.stack.dropTransport('WebSocket closed (1006)');
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('error');
    expect(s.diagnostics).toEqual([
      expect.objectContaining({ kind: 'sipPhoneOffline', cause: 'transportDown', reason: 'WebSocket closed (1006)' }),
      expect.objectContaining({ kind: 'sipTransportLost', reason: 'WebSocket closed (1006)', calls: ['c1'] }),
    ]);
    expect(s.softphone.health).toEqual(expect.objectContaining({ online: false, transport: 'down' }));
    expect(s.invite.did.at(-1)).toBe('end 603');
  });
});

describe('SIP bridge: attended transfer (transfer: attended)', () => {
  async function consulting() {
    const s = setup({ transfer: 'attended', onIncoming: () => 'c1' });
    const customer = s.stack.invite('cust');
    s.sim.raiseCall({ CALL_ID: 'c1', CALL_DIRECTION: 'incoming' });
    await s.sim.settle();
    s.sim.click('answerButtonClick');
    customer.events?.connected();
    await s.sim.settle();
    s.sim.transfer('105', 'user');
    await flush();
    await s.sim.settle();
    const consult = s.stack.sessions[1];
    if (!consult) throw new Error('no consult call');
    return { ...s, customer, consult };
  }

  test('choosing the target holds the customer and calls the target; Transfer → REFER with Replaces; accepted → both our legs end', async () => {
    const s = await consulting();
    expect(s.customer.did).toEqual(['answer', 'hold true']);
    expect(s.consult.name).toBe('sip:105@pbx.test');
    expect(uiOf(s.card.state)).toBe('transferring');
    s.consult.events?.connected();
    s.sim.click('completeTransferButtonClick');
    expect(s.customer.did.at(-1)).toBe('refer sip:105@pbx.test replacing sip:105@pbx.test');
    s.customer.refer?.accepted();
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('transferConnected');
    expect([s.customer.did.at(-1), s.consult.did.at(-1)]).toEqual(['end 603', 'end 603']);
  });

  test('Return to call ends the consult call and resumes the customer', async () => {
    const s = await consulting();
    s.consult.events?.connected();
    s.sim.click('cancelTransferButtonClick');
    await flush();
    await s.sim.settle();
    expect(s.consult.did).toEqual(['end 603']);
    expect(s.customer.did).toEqual(['answer', 'hold true', 'hold false']);
    expect(s.card.state).toEqual(expect.objectContaining({ uiState: 'connected', held: false }));
  });

  test('the target rejects the consult call → transferFailed with its code; Transfer before it answers is refused', async () => {
    const s = await consulting();
    await expect(Promise.resolve().then(() => s.softphone.completeTransfer())).rejects.toBeInstanceOf(SipCommandError);
    s.consult.events?.over({ type: 'failed', code: 486, cause: 'Busy' });
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('transferFailed');
    expect(s.customer.did.filter((d) => d.startsWith('refer'))).toEqual([]);
  });

  test('a stack whose driver cannot send Replaces refuses the option at creation', () => {
    expect(() => createSipSoftphone('testSoftphone', fakeStack(false).driver, { transfer: 'attended' })).toThrow(/options\.transfer 'attended' is not supported/);
  });
});

describe('SIP bridge: outgoing calls', () => {
  test('Call → the number as a SIP URI; 486 → redial; Call again → a new session → connected', async () => {
    const s = setup();
    s.sim.raiseCall({ CALL_ID: 'o1', PHONE_NUMBER: '+49 30 222', CALL_DIRECTION: 'callback' });
    await s.sim.settle();
    s.sim.click('makeCallButtonClick');
    const first = s.stack.sessions[0];
    expect(first?.name).toBe('sip:+4930222@pbx.test'); // CRM formatting removed before dialling
    first?.events?.over({ type: 'failed', code: 486, cause: 'Busy' });
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('redial');
    s.sim.click('makeCallButtonClick');
    s.stack.sessions[1]?.events?.connected();
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('connected');
  });

  test('a call() that cannot start (numberToUri throws) sends the card to error instead of leaving it connecting', async () => {
    const s = setup({
      numberToUri: () => {
        throw new Error('no route');
      },
    });
    s.sim.raiseCall({ CALL_ID: 'o1', CALL_DIRECTION: 'callback' });
    await s.sim.settle();
    s.sim.click('makeCallButtonClick');
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('error');
  });

  test('dial(number, callId): click-to-call answered before its card opens → the card opens and goes connected', async () => {
    const s = setup();
    s.softphone.dial('200', 'o2');
    s.stack.sessions[0]?.events?.connected();
    s.sim.raiseCall({ CALL_ID: 'o2', CALL_DIRECTION: 'outgoing' });
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('connected');
  });
});

describe('SIP bridge: setup mistakes throw a TypeError naming them', () => {
  test.each([
    [{ rejectStatus: 200 }, /options\.rejectStatus must be a SIP final failure status/],
    [{ busyStatus: '486' }, /options\.busyStatus/],
    [{ dtmf: 'inband' }, /options\.dtmf must be 'rfc4733' or 'info'/],
    [{ transfer: 'warm' }, /options\.transfer must be 'blind' or 'attended'/],
    [{ onIncoming: 'register' }, /options\.onIncoming must be a function/],
    [{ numberToURI: () => '' }, /unknown option numberToURI/],
  ])('%p', (options, message) => {
    expect(() => createSipSoftphone('testSoftphone', fakeStack().driver, options as never)).toThrow(message);
    expect(() => createSipSoftphone('testSoftphone', fakeStack().driver, options as never)).toThrow(TypeError);
  });

  test('connect(send): a bare send function hears the events; one that throws is reported, not thrown into the stack', () => {
    const stack = fakeStack();
    const diagnostics: SipDiagnostic[] = [];
    const softphone = createSipSoftphone('testSoftphone', stack.driver, { onDiagnostic: (d) => diagnostics.push(d) });
    const heard: PhoneEvent[] = [];
    softphone.connect((event) => {
      heard.push(event);
      throw new Error('integrator bug');
    });
    const invite = stack.invite('cust');
    expect(() => invite.events?.connected()).not.toThrow();
    expect(heard).toEqual([{ type: 'phone.connected' }]);
    expect(diagnostics).toEqual([expect.objectContaining({ kind: 'sipHookError', hook: 'connect(send)' })]);
  });

  test('dispose stops listening to the stack', () => {
    const stack = fakeStack();
    const softphone = createSipSoftphone('testSoftphone', stack.driver, {});
    expect(stack.listening).toBe(true);
    softphone.dispose();
    expect(stack.listening).toBe(false);
  });
});
