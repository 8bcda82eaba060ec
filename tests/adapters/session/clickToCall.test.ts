/**
 * statechart.md SC-L5 in the session: an outgoing card for a new CALL_ID waits for the
 * softphone's `isDialling(callId)` (bounded) before its first state; not dialling is
 * click-to-call, dialled at once or shown with Call by the integrator's option.
 */
import { createCallCard } from '../../../adapters/session/createCallCard';
import { DIALLING_ANSWER_WAIT_MS } from '../../../adapters/session/firstState';
import { createHostSimulator } from '../../../testing/host';
import { createRecordingSoftphone } from '../../../testing/softphone';
import type { Diagnostic } from '../../../diagnostics';
import type { CallSummary } from '../../../machines/callCard.types';
import type { CallCardOptions } from '../../../adapters/session/options';

const disposers: (() => void)[] = [];
afterEach(() => {
  disposers.splice(0).forEach((dispose) => dispose());
  jest.useRealTimers();
});

/** The host, a recording softphone with `isDialling` as given, and the session. */
function world(isDialling?: (callId: string) => unknown, extra: Partial<CallCardOptions> = {}) {
  const sim = createHostSimulator();
  const base = createRecordingSoftphone();
  const asked: string[] = [];
  const softphone = isDialling
    ? Object.assign(base, {
        isDialling: (callId: string) => {
          asked.push(callId);
          return isDialling(callId) as Promise<boolean>;
        },
      })
    : base;
  const diagnostics: Diagnostic[] = [];
  const summaries: CallSummary[] = [];
  const card = createCallCard({ placement: sim.placement, softphone, onDiagnostic: (d) => diagnostics.push(d), onSummary: (s) => summaries.push(s), ...extra });
  disposers.push(() => card.dispose());
  const settle = async () => {
    await card.whenIdle();
    await sim.settle();
  };
  return { sim, softphone: base, asked, card, diagnostics, summaries, settle };
}

const CLICKED = { CALL_ID: 'portal-7', CALL_DIRECTION: 'outgoing' as const, PHONE_NUMBER: '+4930111222', CALL_STATE: 'idle' as const, CALL_LIST_MODE: false };

describe('SC-L5: click-to-call in the session', () => {
  test('an outgoing card nobody dials does not hang in connectingOutgoing: the softphone is told call(number) once', async () => {
    const w = world(async () => false);
    w.sim.raiseCall(CLICKED);
    await w.settle();
    expect(w.asked).toEqual(['portal-7']);
    expect(w.softphone.calls).toEqual([{ method: 'call', phoneNumber: '+4930111222' }]);
    expect(w.card.state).toMatchObject({ status: 'call', uiState: 'connectingOutgoing', call: { callId: 'portal-7' } });
    expect(w.sim.card?.uiState).toBe('connectingOutgoing');
  });

  test('a card of a call the softphone dials (isDialling true): connectingOutgoing, nothing told (SC-L1)', async () => {
    const w = world(async () => true);
    w.sim.raiseCall(CLICKED);
    await w.settle();
    expect(w.softphone.calls).toEqual([]);
    expect(w.card.state).toMatchObject({ uiState: 'connectingOutgoing' });
  });

  test("clickToCall 'showCall': the card opens in outgoing; Call dials", async () => {
    const w = world(async () => false, { clickToCall: 'showCall' });
    w.sim.raiseCall(CLICKED);
    await w.settle();
    expect(w.softphone.calls).toEqual([]);
    expect(w.sim.card?.uiState).toBe('outgoing');
    w.sim.click('makeCallButtonClick');
    await w.settle();
    expect(w.softphone.calls).toEqual([{ method: 'call', phoneNumber: '+4930111222' }]);
  });

  test('a function decides per call', async () => {
    const w = world(async () => false, { clickToCall: (call) => (call.lineNumber === 'sales' ? 'showCall' : 'dial') });
    w.sim.raiseCall({ ...CLICKED, LINE_NUMBER: 'sales' });
    await w.settle();
    expect(w.sim.card?.uiState).toBe('outgoing');
  });

  test('while the softphone has not answered, nothing is decided and later events wait behind the card, in order', async () => {
    let answer: (dialling: boolean) => void = () => undefined;
    const w = world(() => new Promise<boolean>((resolve) => (answer = resolve)));
    w.sim.raiseCall(CLICKED);
    await w.sim.settle();
    expect(w.card.state).toEqual({ status: 'idle' });
    w.card.setTitle('Customer');
    w.sim.click('closeButtonClick', undefined, { force: true });
    answer(false);
    await w.settle();
    // Opened and dialled first, then the title, then the close that came after it.
    expect(w.softphone.calls).toEqual([{ method: 'call', phoneNumber: '+4930111222' }, { method: 'hangup' }]);
    expect(w.summaries).toEqual([expect.objectContaining({ callId: 'portal-7', endedBy: 'closedByOperator' })]);
  });

  test('the same card shown again is not asked about again and not dialled twice', async () => {
    const w = world(async () => false);
    w.sim.raiseCall(CLICKED);
    await w.settle();
    w.sim.hide();
    w.sim.show('portal-7');
    await w.settle();
    expect(w.asked).toEqual(['portal-7']);
    expect(w.softphone.calls).toEqual([{ method: 'call', phoneNumber: '+4930111222' }]);
  });

  test('a softphone without isDialling: by default the card is a call it dials (nothing told); outgoingWithoutIsDialling clickToCall dials it', async () => {
    const plain = world();
    plain.sim.raiseCall(CLICKED);
    await plain.settle();
    expect(plain.softphone.calls).toEqual([]);
    expect(plain.card.state).toMatchObject({ uiState: 'connectingOutgoing' });

    const opted = world(undefined, { outgoingWithoutIsDialling: 'clickToCall' });
    opted.sim.raiseCall(CLICKED);
    await opted.settle();
    expect(opted.softphone.calls).toEqual([{ method: 'call', phoneNumber: '+4930111222' }]);
  });

  test('isDialling that rejects or answers no boolean: reported, the option decides', async () => {
    const rejects = world(async () => Promise.reject(new Error('sip stack gone')));
    rejects.sim.raiseCall(CLICKED);
    await rejects.settle();
    expect(rejects.diagnostics).toContainEqual(expect.objectContaining({ kind: 'diallingUnknown', callId: 'portal-7', assumed: 'dialling' }));
    expect(rejects.softphone.calls).toEqual([]);

    const odd = world(() => Promise.resolve('no'), { outgoingWithoutIsDialling: 'clickToCall' });
    odd.sim.raiseCall(CLICKED);
    await odd.settle();
    expect(odd.diagnostics).toContainEqual(expect.objectContaining({ kind: 'diallingUnknown', assumed: 'clickToCall' }));
    expect(odd.softphone.calls).toEqual([{ method: 'call', phoneNumber: '+4930111222' }]);
  });

  test('an isDialling that never answers: the wait is bounded, then reported and decided', async () => {
    jest.useFakeTimers();
    const w = world(() => new Promise<boolean>(() => undefined), { outgoingWithoutIsDialling: 'clickToCall' });
    w.sim.raiseCall(CLICKED);
    await jest.advanceTimersByTimeAsync(DIALLING_ANSWER_WAIT_MS - 1);
    expect(w.card.state).toEqual({ status: 'idle' });
    await jest.advanceTimersByTimeAsync(1);
    expect(w.diagnostics).toContainEqual(expect.objectContaining({ kind: 'diallingUnknown', callId: 'portal-7' }));
    expect(w.softphone.calls).toEqual([{ method: 'call', phoneNumber: '+4930111222' }]);
  });

  test('an incoming or call-list card never asks the softphone', async () => {
    const w = world(async () => false);
    w.sim.raiseCall({ ...CLICKED, CALL_DIRECTION: 'incoming' });
    await w.settle();
    expect(w.asked).toEqual([]);
    expect(w.softphone.calls).toEqual([]);
  });

  test('setup mistakes: a clickToCall or outgoingWithoutIsDialling that is not one of the words is a TypeError naming it', () => {
    const sim = createHostSimulator();
    const softphone = createRecordingSoftphone();
    expect(() => createCallCard({ placement: sim.placement, softphone, clickToCall: 'ring' as never })).toThrow(/clickToCall must be 'dial', 'showCall'/);
    expect(() => createCallCard({ placement: sim.placement, softphone, outgoingWithoutIsDialling: true as never })).toThrow(/outgoingWithoutIsDialling must be/);
  });
});
