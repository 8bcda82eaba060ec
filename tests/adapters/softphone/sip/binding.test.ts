/**
 * Issue 21 on the SIP core, with a scripted stack: a session meets its card by identity
 * only (§1), `isDialling`, the transfer's bounded wait (§3), bounded bookkeeping (§4), the
 * phone's health (§5), dial strings (§6) and what the records layer hears. The same cases
 * on real calls through Kamailio are in tests/sip/.
 */
import { SipCalls, MAX_ENDED_CALLS } from '../../../../adapters/softphone/sip/calls';
import type { SipCallFacts } from '../../../../adapters/softphone/sip/facts';
import type { SipPhoneHealth } from '../../../../adapters/softphone/sip/health';
import type { SipSessionDriver } from '../../../../adapters/softphone/sip/driver';
import { flush, setup, uiOf } from './fakeStack';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A clock whose timers run only when the test moves it on. */
function manualClock() {
  let now = 1_000_000;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let nextId = 0;
  return {
    now: () => now,
    setTimeout(run: () => void, ms: number) {
      const id = ++nextId;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimeout(id: unknown) {
      timers = timers.filter((timer) => timer.id !== id);
    },
    advance(ms: number) {
      now += ms;
      const due = timers.filter((timer) => timer.at <= now);
      timers = timers.filter((timer) => timer.at > now);
      for (const timer of due) timer.run();
    },
  };
}

describe('§1 a session meets its card by identity, never as "the unclaimed one"', () => {
  test('queue: A cancels before its register answered, B rings, A\'s card comes late → A\'s card is closed as A; Answer never answers B; B\'s own card works', async () => {
    const registers = new Map<string, ReturnType<typeof deferred<string>>>();
    const s = setup({
      onIncoming: (call) => {
        const register = deferred<string>();
        registers.set(call.phoneNumber ?? '', register);
        return register.promise;
      },
    });
    const a = s.stack.invite('+4930111');
    a.events?.over({ type: 'ended', cause: 'Canceled' }); // A gives up before A's register answered
    const b = s.stack.invite('+4930222'); // the queue's next caller
    // A's register answers, and A's card arrives late.
    registers.get('+4930111')?.resolve('cA');
    await flush();
    s.sim.raiseCall({ CALL_ID: 'cA', PHONE_NUMBER: '+4930111', CALL_DIRECTION: 'incoming' });
    await s.sim.settle();
    expect(s.summaries.map((x) => [x.callId, x.endedBy, x.connected])).toEqual([['cA', 'remoteHungUp', false]]);
    expect(s.card.state.status).toBe('idle');
    expect(b.did).toEqual([]); // B was never answered, nor rejected, by A's card
    // B's own card.
    registers.get('+4930222')?.resolve('cB');
    await flush();
    s.sim.raiseCall({ CALL_ID: 'cB', PHONE_NUMBER: '+4930222', CALL_DIRECTION: 'incoming' });
    await s.sim.settle();
    s.sim.click('answerButtonClick');
    expect(b.did).toEqual(['answer']);
    b.events?.connected();
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('connected');
  });

  test('A\'s card arrives before A\'s register answers: bound by number and direction (the only candidate), closed as A', async () => {
    const s = setup({ onIncoming: () => new Promise<string>(() => undefined) });
    const a = s.stack.invite('+4930111');
    a.events?.over({ type: 'ended', cause: 'Canceled' });
    const b = s.stack.invite('+4930222');
    s.sim.raiseCall({ CALL_ID: 'cA', PHONE_NUMBER: '+49 (30) 111', CALL_DIRECTION: 'incoming' });
    await s.sim.settle();
    expect(s.summaries.map((x) => [x.callId, x.endedBy])).toEqual([['cA', 'remoteHungUp']]);
    expect(b.did).toEqual([]);
  });

  test('a card that fits no waiting session is bound to none and reported; its Answer fails instead of answering another caller', async () => {
    const s = setup();
    const b = s.stack.invite('+4930222');
    s.sim.raiseCall({ CALL_ID: 'cX', PHONE_NUMBER: '+4930999', CALL_DIRECTION: 'incoming' });
    await s.sim.settle();
    expect(s.diagnostics).toEqual([expect.objectContaining({ kind: 'sipCardUnmatched', callId: 'cX', candidates: 0 })]);
    s.sim.click('answerButtonClick');
    await s.sim.settle();
    expect(b.did).toEqual([]);
    expect(uiOf(s.card.state)).toBe('error');
  });

  test('without onIncoming, the card with the session\'s number and direction is its card; another direction is not', async () => {
    const wrong = setup();
    wrong.stack.invite('+4930222');
    wrong.sim.raiseCall({ CALL_ID: 'cB', PHONE_NUMBER: '+49 30 222', CALL_DIRECTION: 'callback' });
    await wrong.sim.settle();
    expect(wrong.diagnostics).toEqual([expect.objectContaining({ kind: 'sipCardUnmatched', callId: 'cB', candidates: 0 })]);
    const s = setup();
    const b = s.stack.invite('+4930222');
    s.sim.raiseCall({ CALL_ID: 'cB', PHONE_NUMBER: '+49 30 222', CALL_DIRECTION: 'incoming' });
    await s.sim.settle();
    s.sim.click('answerButtonClick');
    expect(b.did).toEqual(['answer']);
    expect(s.diagnostics).toEqual([]);
  });

  test('isDialling(callId) waits for registers in flight, then answers from the binding', async () => {
    const s = setup();
    const register = deferred<string>();
    s.softphone.observeCalls({ started: (_call, bind) => bind(register.promise) });
    s.softphone.dial('+4930333');
    let answer: boolean | null = null;
    void s.softphone.isDialling('o9').then((value) => (answer = value));
    await flush();
    expect(answer).toBeNull(); // still waiting for the register
    register.resolve('o9');
    await flush();
    expect(answer).toBe(true);
    expect(await s.softphone.isDialling('other')).toBe(false);
    s.stack.sessions[0]?.events?.over({ type: 'failed', code: 486, cause: 'Busy' });
    expect(await s.softphone.isDialling('o9')).toBe(false);
  });
});

describe('§3 a REFER whose final NOTIFY never comes', () => {
  test.each([[undefined, 30_000], [5_000, 5_000]])('transferTimeoutMs %p: transferFailed (408) with a diagnostic after %i ms, not before', async (given, waitMs) => {
    const clock = manualClock();
    const s = setup({ onIncoming: () => 'c1', clock, ...(given === undefined ? {} : { transferTimeoutMs: given }) });
    const invite = s.stack.invite('+4930111');
    s.sim.raiseCall({ CALL_ID: 'c1', PHONE_NUMBER: '+4930111', CALL_DIRECTION: 'incoming' });
    await s.sim.settle();
    s.sim.click('answerButtonClick');
    invite.events?.connected();
    await s.sim.settle();
    s.sim.transfer('105', 'user');
    await s.sim.settle();
    s.sim.click('completeTransferButtonClick');
    await s.sim.settle();
    expect(invite.did.at(-1)).toBe('refer sip:105@pbx.test');
    clock.advance(waitMs - 1);
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('transferring');
    clock.advance(1);
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('transferFailed');
    expect(s.diagnostics).toEqual([expect.objectContaining({ kind: 'sipTransferTimedOut', callId: 'c1', timeoutMs: waitMs })]);
    invite.refer?.accepted(); // a NOTIFY after the give-up is ignored
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('transferFailed');
  });
});

describe('§4 session bookkeeping stays bounded over a shift', () => {
  const fakeDriver = (i: number): SipSessionDriver<null> => ({
    session: null,
    direction: 'incoming',
    sipCallId: `sip-${i}`,
    remoteUser: `+49${i}`,
    remoteName: null,
    answer: () => undefined,
    end: () => undefined,
    hold: () => Promise.resolve(),
    mute: () => undefined,
    sendDtmf: () => undefined,
    refer: () => undefined,
  });

  test('1,000 calls with a CALL_ID whose end no card ever heard (and some whose register never answers): the map stays flat', () => {
    let now = 0;
    const calls = new SipCalls<null>(() => now);
    const sizes: number[] = [];
    for (let i = 0; i < 1000; i++) {
      now += 60_000;
      const call = calls.add(fakeDriver(i), 'ringing', i % 3 === 0 ? null : `c${i}`);
      if (i % 3 === 0) call.registers = 1; // a register that never answers
      calls.end(call, 'remoteHungUp', null);
      call.unheardEnd = { type: 'phone.ended' };
      sizes.push((calls as unknown as { calls: unknown[] }).calls.length);
    }
    expect(Math.max(...sizes.slice(100))).toBeLessThanOrEqual(MAX_ENDED_CALLS + 1);
    expect(sizes.at(-1)).toBe(sizes[499]);
  });
});

describe('§5 the phone\'s health, with or without a live call', () => {
  test('a refused transport (a wss certificate), a failed registration: offline with a typed diagnostic; back online when they recover', () => {
    const s = setup();
    const seen: SipPhoneHealth[] = [];
    s.softphone.onHealth((health) => seen.push(health));
    expect(s.softphone.health).toEqual({ online: true, transport: 'connected', registration: 'registered', reason: null });
    s.stack.dropTransport('WebSocket closed (1006)', true);
    expect(s.softphone.health).toEqual(expect.objectContaining({ online: false, transport: 'down' }));
    expect(s.softphone.health.reason).toMatch(/certificate/);
    expect(s.diagnostics).toEqual([expect.objectContaining({ kind: 'sipPhoneOffline', cause: 'transportRefused' })]);
    s.stack.health({ transport: 'connected' });
    expect(s.softphone.health.online).toBe(true);
    s.stack.health({ registration: 'failed', reason: 'Authentication Error' });
    expect(s.softphone.health).toEqual(expect.objectContaining({ online: false, registration: 'failed' }));
    expect(s.diagnostics.at(-1)).toEqual(expect.objectContaining({ kind: 'sipPhoneOffline', cause: 'registrationFailed', reason: 'Authentication Error' }));
    s.stack.health({ registration: 'registered' });
    expect(seen.map((health) => health.online)).toEqual([false, true, false, true]);
  });
});

describe('§6 dial strings', () => {
  async function dialFromCard(number: string, options = {}) {
    const s = setup(options);
    s.sim.raiseCall({ CALL_ID: 'o1', PHONE_NUMBER: number, CALL_DIRECTION: 'callback' });
    await s.sim.settle();
    s.sim.click('makeCallButtonClick');
    await s.sim.settle();
    return s;
  }

  test('CRM formatting is removed: spaces, parentheses, dashes, dots', async () => {
    const s = await dialFromCard('+49 (30) 123-45.67');
    expect(s.stack.sessions.map((x) => x.name)).toEqual(['sip:+4930123 4567'.replace(' ', '') + '@pbx.test']);
  });

  test.each(['+4930123&x=1', '4930;user=phone', '123?Subject=x', '12@evil', 'abc'])('%s: refused, reported, nothing sent; the card fails', async (number) => {
    const s = await dialFromCard(number);
    expect(s.stack.sessions).toEqual([]);
    expect(s.diagnostics).toEqual([expect.objectContaining({ kind: 'sipDialStringRefused', phoneNumber: number })]);
    expect(uiOf(s.card.state)).not.toBe('connectingOutgoing');
  });

  test('dialCharacters allows more (a pause)', async () => {
    const s = await dialFromCard('123,45', { dialCharacters: ',' });
    expect(s.stack.sessions.map((x) => x.name)).toEqual(['sip:123,45@pbx.test']);
  });
});

describe('what the records layer hears (observeCalls)', () => {
  test('an outgoing call that fails 486 and an incoming call answered then hung up: SIP Call-ID, direction, number, times, final code', async () => {
    const clock = manualClock();
    const s = setup({ onIncoming: () => 'c1', clock });
    const ended: SipCallFacts[] = [];
    const started: SipCallFacts[] = [];
    s.softphone.observeCalls({ started: (call) => void started.push(call), ended: (call) => void ended.push(call) });
    s.softphone.dial('+4930555', 'o1');
    clock.advance(1000);
    s.stack.sessions[0]?.events?.over({ type: 'failed', code: 486, cause: 'Busy' });
    const invite = s.stack.invite('+4930111');
    s.sim.raiseCall({ CALL_ID: 'c1', PHONE_NUMBER: '+4930111', CALL_DIRECTION: 'incoming' });
    await s.sim.settle();
    s.sim.click('answerButtonClick');
    clock.advance(2000);
    invite.events?.connected();
    await s.sim.settle();
    clock.advance(5000);
    s.sim.click('hangupButtonClick');
    await s.sim.settle();
    invite.events?.over({ type: 'ended', cause: 'Terminated' });
    expect(started.map((call) => [call.direction, call.callId, call.binding])).toEqual([['outgoing', 'o1', 'bound'], ['incoming', 'c1', 'bound']]);
    const t0 = 1_000_000;
    expect(ended).toEqual([
      { sipCallId: 'sip-sip:+4930555@pbx.test', direction: 'outgoing', phoneNumber: 'sip:+4930555@pbx.test', callId: 'o1', binding: 'bound', startedAt: t0, answeredAt: null, endedAt: t0 + 1000, finalCode: 486, endedBy: 'failed' },
      { sipCallId: 'sip-+4930111', direction: 'incoming', phoneNumber: '+4930111', callId: 'c1', binding: 'bound', startedAt: t0 + 1000, answeredAt: t0 + 3000, endedAt: t0 + 8000, finalCode: null, endedBy: 'hungUp' },
    ]);
  });
});
