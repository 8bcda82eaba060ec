/**
 * The SIP adapters' part in the phone's handovers (statechart SC-F5), on the shared SIP core
 * with a scripted stack: `ready()` waits for the registration, `setAcceptingCalls(false)`
 * answers a new INVITE 480 (never a 6xx), `holdIncomingCalls()` keeps an INVITE unanswered
 * until the softphone owns, `stop()` unregisters and stops the stack. What the stacks really
 * send is proved on real calls across tabs in tests/sip/phoneTabs.*.sip.ts.
 */
import { createSipSoftphone } from '../../../../adapters/softphone/sip/bridge';
import type { SipDiagnostic } from '../../../../adapters/softphone/sip/diagnostics';
import { HANDOVER_STATUS, READY_WAIT_MS } from '../../../../adapters/softphone/sip/handover';
import type { SipClock } from '../../../../adapters/softphone/sip/options';
import { fakeStack, flush, setup, uiOf } from './fakeStack';

function manualClock() {
  let now = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  let next = 0;
  const clock: SipClock = {
    now: () => now,
    setTimeout: (run, ms) => (timers.set(++next, { at: now + ms, run }), next),
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, timer] of [...timers]) if (timer.at <= now) (timers.delete(id), timer.run());
  };
  return { clock, advance };
}

describe('SIP softphone in a handover (SC-F5)', () => {
  test('setAcceptingCalls(false): a new INVITE is answered 480, not rung, and reported; true rings the next one', async () => {
    const s = setup();
    s.softphone.setAcceptingCalls(false);
    const refused = s.stack.invite('+4930111');
    expect(refused.did).toEqual([`end ${HANDOVER_STATUS}`]);
    expect(HANDOVER_STATUS).toBeGreaterThanOrEqual(400);
    expect(HANDOVER_STATUS).toBeLessThan(600);
    expect(s.softphone.session).toBeNull();
    expect(s.diagnostics.map((d) => d.kind)).toEqual(['sipHandoverRefused']);

    s.softphone.setAcceptingCalls(true);
    const rung = s.stack.invite('+4930222');
    expect(rung.did).toEqual([]);
    expect(s.softphone.session).toBe(rung);
  });

  test('the handover’s 480 follows neither rejectStatus nor a 6xx busyStatus', () => {
    const s = setup({ rejectStatus: 603, busyStatus: 600 });
    s.softphone.setAcceptingCalls(false);
    expect(s.stack.invite('bob').did).toEqual(['end 480']);
  });

  test('holdIncomingCalls(): an INVITE is held unanswered, nobody hears of it, and rings once calls are accepted', async () => {
    const started: string[] = [];
    const s = setup({ onIncoming: (call) => void started.push(`onIncoming ${call.phoneNumber}`) });
    s.softphone.observeCalls({ started: (facts) => void started.push(`started ${facts.phoneNumber}`) });
    s.softphone.holdIncomingCalls();
    const held = s.stack.invite('+4930333');
    expect(held.did).toEqual([]);
    expect(started).toEqual([]);
    expect(s.softphone.session).toBeNull();

    s.softphone.setAcceptingCalls(true);
    expect(started).toEqual(['onIncoming +4930333', 'started +4930333']);
    expect(s.softphone.session).toBe(held);
    // It is now a call like any other: the card answers it and hears it connect.
    s.sim.raiseCall({ CALL_ID: 'c1', PHONE_NUMBER: '+4930333', CALL_DIRECTION: 'incoming' });
    await s.sim.settle();
    s.sim.click('answerButtonClick');
    expect(held.did).toEqual(['answer']);
    held.events?.connected();
    await s.sim.settle();
    expect(uiOf(s.card.state)).toBe('connected');
  });

  test('a held INVITE the caller cancelled never rings; one still held when the softphone hands over is answered 480', () => {
    const s = setup();
    s.softphone.holdIncomingCalls();
    const cancelled = s.stack.invite('gone');
    cancelled.events?.over({ type: 'ended', cause: 'Canceled' });
    const waiting = s.stack.invite('waiting');
    s.softphone.setAcceptingCalls(false);
    expect(cancelled.did).toEqual([]);
    expect(waiting.did).toEqual(['end 480']);
    expect(s.softphone.session).toBeNull();
  });

  test('ready() resolves when the registration is seen, rejects when it fails or never comes', async () => {
    const { clock, advance } = manualClock();
    const stack = fakeStack(true, 'unknown');
    const softphone = createSipSoftphone('testSoftphone', stack.driver, { clock });
    let settled = 'pending';
    void softphone.ready().then(() => (settled = 'ready'), (error: Error) => (settled = error.message));
    await flush();
    expect(settled).toBe('pending');
    stack.health({ registration: 'registered' });
    await flush();
    expect(settled).toBe('ready');

    const failing = fakeStack(true, 'unknown');
    const failed = createSipSoftphone('testSoftphone', failing.driver, { clock, onDiagnostic: () => undefined });
    const outcome = failed.ready().catch((error: Error) => error.message);
    failing.health({ registration: 'failed', reason: '403 Forbidden' });
    expect(await outcome).toMatch(/REGISTER failed \(403 Forbidden\)/);

    const silent = createSipSoftphone('testSoftphone', fakeStack(true, 'unknown').driver, { clock });
    const late = silent.ready().catch((error: Error) => error.message);
    advance(READY_WAIT_MS);
    expect(await late).toMatch(/not registered in time/);
  });

  test('ready() of a softphone that cannot see its registration rejects at once, saying why', async () => {
    const stack = fakeStack();
    const softphone = createSipSoftphone('testSoftphone', { ...stack.driver, observesRegistration: false }, {});
    await expect(softphone.ready()).rejects.toThrow(/registerer/);
  });

  test('stop(): stops listening, then stops (unregisters) the stack once; later INVITEs never ring here', async () => {
    const diagnostics: SipDiagnostic[] = [];
    const stack = fakeStack();
    const softphone = createSipSoftphone('testSoftphone', stack.driver, { onDiagnostic: (d) => diagnostics.push(d) });
    softphone.holdIncomingCalls();
    const held = stack.invite('held');
    await softphone.stop();
    await softphone.stop();
    expect(stack.stops).toEqual(['stack stopped, not listening']);
    expect(stack.listening).toBe(false);
    expect(held.did).toEqual(['end 480']);
    await expect(softphone.ready()).rejects.toThrow(/stopped/);
    softphone.setAcceptingCalls(true);
    expect(softphone.session).toBeNull();
  });

  test('stop() is bounded: a stack that never finishes stopping does not hold the phone', async () => {
    const { clock, advance } = manualClock();
    const stack = fakeStack();
    const softphone = createSipSoftphone('testSoftphone', { ...stack.driver, stop: () => new Promise<void>(() => undefined) }, { clock });
    let done = false;
    void softphone.stop().then(() => (done = true));
    await flush();
    expect(done).toBe(false);
    advance(5_000);
    await flush();
    expect(done).toBe(true);
  });

  test('setAcceptingCalls with a non-boolean is a TypeError naming it', () => {
    const s = setup();
    expect(() => s.softphone.setAcceptingCalls('no' as unknown as boolean)).toThrow(TypeError);
  });
});
