/**
 * SC-L5 end to end on the doubles: a number clicked in the portal double (host-behaviour §12:
 * `startViaRest`, the portal registers the call itself, the card at once with its CALL_ID)
 * reaches a worker running the shipped wiring — `jsSipSoftphone`, `records.attach(softphone)`,
 * `softphone.connect(createCallCard(…))` — and the REST double. The softphone is told
 * `call(number)` once, and the record is the portal's: finished once with its CALL_ID, never
 * registered again. Only the JsSIP user agent is a double (tests/sip/ makes real calls).
 */
import { createCallCard, type CallSummary } from '../../index';
import { createCallRecords, fromBx24, type CallRecords } from '../../adapters/records/index';
import { jsSipSoftphone } from '../../adapters/softphone/jssip/index';
import { createPortalDouble, type PortalDouble } from '../../testing/host';
import { createBx24Client, createRestDouble } from '../../testing/rest/index';
import { fakeUa } from '../examples/support/fakeJsSip';

const USER_ID = 7;
const disposers: (() => void)[] = [];
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()));

/** Waits (a condition, never a duration) until `check` holds: the outbox's writer works on its own timers. */
async function until(what: string, check: () => boolean, records: CallRecords, portal: PortalDouble) {
  for (let i = 0; i < 500 && !check(); i++) {
    await Promise.race([records.whenIdle(), new Promise((resolve) => setTimeout(resolve, 10))]);
    await portal.settle();
  }
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

function world() {
  const portal = createPortalDouble();
  const tab = portal.tabs[0]!;
  const rest = createRestDouble({ operating: false, bucket: false });
  // The portal's side of §12: startViaRest registers the call in the REST double (as Voximplant's startCall does) and names its CALL_ID.
  portal.onStartViaRest((request) => {
    const event = rest.clickToCall({ userId: USER_ID, phoneNumber: request.PHONE_NUMBER, lineNumber: request.LINE_NUMBER });
    return 'data' in event ? { CALL_ID: event.data.CALL_ID } : undefined;
  });
  const phone = fakeUa();
  const summaries: CallSummary[] = [];

  // --- the wiring of docs/sip-records.md, as an integrator writes it ---
  const records = createCallRecords({ rest: fromBx24(createBx24Client({ rest, userId: USER_ID })), userId: USER_ID });
  const softphone = jsSipSoftphone(phone.ua);
  records.attach(softphone);
  const card = createCallCard({ placement: tab.placement, softphone, onSummary: (s) => summaries.push(s) });
  softphone.connect(card);
  // ---

  disposers.push(() => records.dispose(), () => card.dispose(), () => softphone.dispose());
  const calls = (method: string) => rest.log.filter((entry) => entry.method === method).map((entry) => entry.params as Record<string, unknown>);
  return { portal, tab, rest, phone, records, softphone, card, summaries, calls };
}

describe('SC-L5 click-to-call on the portal double, through the SIP adapter and the records layer', () => {
  test('a number clicked: call(number) once, connected, hung up on the card; finished once with the portal\'s CALL_ID, no second registration', async () => {
    const w = world();
    const started = w.tab.clickToCall('+49 30 111 222', { entity: { type: 'CONTACT', id: 7 } });
    if (!started.started) throw new Error(started.reason);
    const portalCallId = started.callId;
    expect(w.rest.events).toEqual([expect.objectContaining({ event: 'ONEXTERNALCALLSTART', data: expect.objectContaining({ CALL_ID: portalCallId }) })]);

    await until('the softphone dialling', () => w.phone.placed.length > 0, w.records, w.portal);
    expect(w.phone.placed).toHaveLength(1);
    expect(w.tab.card?.uiState).toBe('connectingOutgoing');
    expect(w.card.state).toMatchObject({ uiState: 'connectingOutgoing', call: { callId: portalCallId } });

    w.phone.placed[0]!.confirm();
    await until('connected', () => w.tab.card?.uiState === 'connected', w.records, w.portal);
    expect(w.tab.click('hangupButtonClick')).toEqual({ delivered: true });
    await until('the finish', () => w.calls('telephony.externalcall.finish').length > 0, w.records, w.portal);

    expect(w.phone.placed).toHaveLength(1);
    expect(w.calls('telephony.externalcall.register')).toEqual([]);
    expect(w.calls('telephony.externalcall.finish')).toEqual([expect.objectContaining({ CALL_ID: portalCallId, STATUS_CODE: '200' })]);
    expect(w.summaries).toEqual([expect.objectContaining({ callId: portalCallId, endedBy: 'hungUp', connected: true })]);
    // The portal's one call, finished: nothing else was ever registered.
    expect(w.rest.records.map((record) => record.CALL_ID)).toEqual([portalCallId]);
    expect(w.rest.activeCalls).toEqual([]);
  });

  test('the callee busy: the record of the portal\'s CALL_ID is finished 486, once', async () => {
    const w = world();
    const started = w.tab.clickToCall('+4930333');
    if (!started.started) throw new Error(started.reason);
    await until('the softphone dialling', () => w.phone.placed.length > 0, w.records, w.portal);
    w.phone.placed[0]!.remoteEnds('Busy Here', 486);
    await until('the finish', () => w.calls('telephony.externalcall.finish').length > 0, w.records, w.portal);
    expect(w.tab.card?.uiState).toBe('redial');
    expect(w.calls('telephony.externalcall.register')).toEqual([]);
    expect(w.calls('telephony.externalcall.finish')).toEqual([expect.objectContaining({ CALL_ID: started.callId, STATUS_CODE: '486' })]);
  });
});
