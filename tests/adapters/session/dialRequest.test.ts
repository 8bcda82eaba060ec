/**
 * statechart.md SC-L6 in the session: `callCard.dialRequest(request)` — read and bounded,
 * dialled once per CALL_ID with or without a card, `isMobile` and repeats reported, busy
 * refused with its record finished 486 through the records layer (onSummary → fromCallSummary).
 */
import { createCallCard } from '../../../adapters/session/createCallCard';
import { createCallRecords, fromBx24, fromCallSummary } from '../../../adapters/records/index';
import { createHostSimulator } from '../../../testing/host';
import { createRecordingSoftphone } from '../../../testing/softphone';
import { createBx24Client, createRestDouble } from '../../../testing/rest/index';
import type { Diagnostic } from '../../../diagnostics';
import type { CallSummary } from '../../../machines/callCard.types';
import type { DialRequest } from '../../../protocol/dialRequest';

const disposers: (() => void)[] = [];
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()));

function world() {
  const sim = createHostSimulator();
  const softphone = createRecordingSoftphone();
  const diagnostics: Diagnostic[] = [];
  const summaries: CallSummary[] = [];
  const card = createCallCard({ placement: sim.placement, softphone, onDiagnostic: (d) => diagnostics.push(d), onSummary: (s) => summaries.push(s) });
  disposers.push(() => card.dispose());
  const settle = async () => {
    await card.whenIdle();
    await sim.settle();
  };
  return { sim, softphone, card, diagnostics, summaries, settle, kinds: () => diagnostics.map((d) => d.kind) };
}

const REQUEST: DialRequest = { callId: 'portal-1', phoneNumber: '8 (030) 123-45-67', phoneNumberInternational: '+49 30 1234567', userId: 1, isMobile: false };

describe('SC-L6: the dial request in the session', () => {
  test('a call-list call (no card ever): the international number dialled once, card none; ended by the softphone, one summary, no command to any card', async () => {
    const w = world();
    w.card.dialRequest({ ...REQUEST, callListId: 12 });
    await w.settle();
    expect(w.softphone.calls).toEqual([{ method: 'call', phoneNumber: '+49301234567' }]);
    expect(w.card.state).toMatchObject({ status: 'call', uiState: 'connectingOutgoing', card: 'none', call: { callId: 'portal-1' } });
    w.card.send({ type: 'phone.connected' });
    w.card.send({ type: 'phone.ended' });
    await w.settle();
    // The start-up probe for an orphaned card (SC-W1) is the only command the host ever heard.
    expect(w.sim.log.map((entry) => [entry.command, entry.params])).toEqual([['CallCardSetUiState', { uiState: 'b24CallCardProbe' }]]);
    expect(w.summaries).toEqual([expect.objectContaining({ callId: 'portal-1', endedBy: 'remoteHungUp', cardLost: false })]);
    expect(w.kinds()).not.toContain('cardLost');
  });

  test('PHONE_NUMBER with its formatting removed when no international form is given', async () => {
    const w = world();
    w.card.dialRequest({ callId: 'portal-2', phoneNumber: '+49 (30) 555-66.77', userId: 1, isMobile: false });
    await w.settle();
    expect(w.softphone.calls).toEqual([{ method: 'call', phoneNumber: '+49305556677' }]);
  });

  test('the card comes after the request (click-to-call): the same call, attached, not asked about and not dialled again', async () => {
    const w = world();
    w.card.dialRequest(REQUEST);
    w.sim.raiseCall({ CALL_ID: 'portal-1', CALL_DIRECTION: 'outgoing', PHONE_NUMBER: '+49301234567' });
    await w.settle();
    expect(w.softphone.calls).toHaveLength(1);
    expect(w.card.state).toMatchObject({ card: 'attached', uiState: 'connectingOutgoing' });
    expect(w.sim.card?.uiState).toBe('connectingOutgoing');
  });

  test('isMobile: not dialled, reported', async () => {
    const w = world();
    w.card.dialRequest({ ...REQUEST, isMobile: true });
    await w.settle();
    expect(w.softphone.calls).toEqual([]);
    expect(w.diagnostics).toEqual([expect.objectContaining({ kind: 'dialRequestNotDialled', reason: 'mobile', callId: 'portal-1' })]);
  });

  test('a CALL_ID served already is not dialled again (once per CALL_ID)', async () => {
    const w = world();
    w.card.dialRequest(REQUEST);
    w.card.send({ type: 'phone.ended' });
    w.card.dialRequest(REQUEST);
    await w.settle();
    expect(w.softphone.calls).toHaveLength(1);
    expect(w.diagnostics).toContainEqual(expect.objectContaining({ kind: 'dialRequestNotDialled', reason: 'repeated' }));
  });

  test('bad requests from the relay are reported, bounded, never thrown; a bad extension is set aside and the number dialled', async () => {
    const w = world();
    for (const bad of [null, 'call me', { ...REQUEST, callId: '' }, { ...REQUEST, callId: 'x'.repeat(10_000) }, { ...REQUEST, phoneNumber: 42 }, { ...REQUEST, phoneNumber: '--', phoneNumberInternational: undefined }, { ...REQUEST, isMobile: 'yes' }]) {
      expect(() => w.card.dialRequest(bad as never)).not.toThrow();
    }
    expect(w.kinds()).toEqual(Array(7).fill('rejectedPayload'));
    expect(w.diagnostics.every((d) => d.message.length < 400)).toBe(true);
    w.card.dialRequest({ ...REQUEST, extension: '12; DROP' });
    await w.settle();
    expect(w.softphone.calls).toEqual([{ method: 'call', phoneNumber: '+49301234567' }]);
    expect(w.diagnostics.at(-1)).toMatchObject({ kind: 'rejectedPayload', field: 'extension' });
  });

  test('after dispose: reported, nothing dialled', () => {
    const w = world();
    w.card.dispose();
    w.card.dialRequest(REQUEST);
    expect(w.softphone.calls).toEqual([]);
    expect(w.diagnostics).toEqual([expect.objectContaining({ kind: 'ignoredEvent', event: 'dialRequest', reason: 'stopped' })]);
  });
});

describe('SC-L6 busy: refused while a call is live, the softphone not disturbed, the record finished 486 on the REST double', () => {
  test('an incoming call is connected; a dial request for another CALL_ID: refused; its CALL_ID finished with STATUS_CODE 486 through records.callEnded(fromCallSummary)', async () => {
    const sim = createHostSimulator();
    const rest = createRestDouble({ operating: false, bucket: false });
    const records = createCallRecords({ rest: fromBx24(createBx24Client({ rest, userId: 7 })), userId: 7 });
    const softphone = createRecordingSoftphone();
    const diagnostics: Diagnostic[] = [];
    const card = createCallCard({ placement: sim.placement, softphone, onDiagnostic: (d) => diagnostics.push(d), onSummary: (s) => records.callEnded(fromCallSummary(s)) });
    disposers.push(() => card.dispose(), () => records.dispose());
    const clicked = rest.clickToCall({ userId: 7, phoneNumber: '+4930999' });
    if (!('data' in clicked)) throw new Error('the REST double refused the click');

    sim.raiseCall({ CALL_ID: 'live-1', CALL_DIRECTION: 'incoming' });
    await sim.settle();
    sim.click('answerButtonClick');
    card.send({ type: 'phone.connected' });
    await sim.settle();
    softphone.clear();

    card.dialRequest({ callId: clicked.data.CALL_ID, phoneNumber: clicked.data.PHONE_NUMBER, userId: 7, isMobile: false });
    for (let i = 0; i < 200 && rest.records.length === 0; i++) {
      await Promise.race([records.whenIdle(), new Promise((resolve) => setTimeout(resolve, 10))]);
    }
    expect(softphone.calls).toEqual([]);
    expect(card.state).toMatchObject({ uiState: 'connected', call: { callId: 'live-1' } });
    expect(diagnostics).toContainEqual(expect.objectContaining({ kind: 'dialRequestNotDialled', reason: 'busy', callId: clicked.data.CALL_ID }));
    expect(rest.records).toEqual([expect.objectContaining({ CALL_ID: clicked.data.CALL_ID, STATUS_CODE: '486', DURATION: 0 })]);
    expect(rest.log.filter((entry) => entry.method === 'telephony.externalcall.register')).toEqual([]);
  });
});

describe('SC-L6 a CALL_ID whose finish is still pending is finished first, then dialled', () => {
  test('the portal reused a CALL_ID whose earlier call has an unsent finish: finishFirst(records.finishPending) sends it, then the softphone dials', async () => {
    const sim = createHostSimulator();
    const rest = createRestDouble({ operating: false, bucket: false });
    const records = createCallRecords({ rest: fromBx24(createBx24Client({ rest, userId: 7 })), userId: 7 });
    const finishedWhenDialled: number[] = [];
    const softphone = createRecordingSoftphone((command) => {
      if (command.method === 'call') finishedWhenDialled.push(rest.records.length);
    });
    const card = createCallCard({ placement: sim.placement, softphone, onDiagnostic: () => undefined, finishFirst: (callId) => records.finishPending(callId) });
    disposers.push(() => card.dispose(), () => records.dispose());
    const clicked = rest.clickToCall({ userId: 7, phoneNumber: '+4930777' });
    if (!('data' in clicked)) throw new Error('the REST double refused the click');
    const callId = clicked.data.CALL_ID;
    // An earlier instance's call of this CALL_ID ended; its finish is in the outbox, not yet sent.
    records.callStarted({ direction: 'outgoing', phoneNumber: '+4930777', callId }).ended({ callId, endedBy: 'remoteHungUp', failureCode: 480, connectedAt: null, closedAt: Date.now(), rating: null });
    expect(rest.records).toEqual([]);

    card.dialRequest({ callId, phoneNumber: '+4930777', userId: 7, isMobile: false });
    expect(softphone.calls).toEqual([]);
    await card.whenIdle();
    expect(softphone.calls).toEqual([{ method: 'call', phoneNumber: '+4930777' }]);
    expect(finishedWhenDialled).toEqual([1]);
    expect(rest.records).toEqual([expect.objectContaining({ CALL_ID: callId, STATUS_CODE: '480' })]);
  });

  test('a finishFirst that throws is reported and the request dialled anyway', async () => {
    const w = { sim: createHostSimulator(), softphone: createRecordingSoftphone(), diagnostics: [] as Diagnostic[] };
    const card = createCallCard({ placement: w.sim.placement, softphone: w.softphone, onDiagnostic: (d) => w.diagnostics.push(d), finishFirst: () => { throw new Error('outbox gone'); } });
    disposers.push(() => card.dispose());
    card.dialRequest(REQUEST);
    await card.whenIdle();
    expect(w.softphone.calls).toHaveLength(1);
    expect(w.diagnostics).toContainEqual(expect.objectContaining({ kind: 'hookError', hook: 'finishFirst' }));
  });
});
