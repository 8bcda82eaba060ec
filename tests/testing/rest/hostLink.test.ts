// How the REST double drives a host page: the host simulator (its own raiseCall / show / hide;
// more in tests/testing/rest/rules.test.ts) and any HostLink.
import { createHostSimulator } from '../../../testing/host';
import { createRestDouble } from '../../../testing/rest';
import type { CardCall, HostLink } from '../../../testing/rest';

const register = { USER_ID: 1, PHONE_NUMBER: '+79001234567', TYPE: 1, LINE_NUMBER: '7', EXTERNAL_CALL_ID: 'e1' };
const callIdOf = (answer: { body: unknown }) => (answer.body as { result: { CALL_ID: string } }).result.CALL_ID;

test('any HostLink hears showCard on register/show and closeCard on finish/hide, with the card data', () => {
  const heard: string[] = [];
  let shown: CardCall | null = null;
  const link: HostLink = {
    showCard: (call) => {
      shown = call;
      heard.push(`show ${call.CALL_ID}`);
    },
    closeCard: (callId) => heard.push(`close ${callId}`),
  };
  const rest = createRestDouble({ host: link, bucket: false, operating: false, crm: [{ phone: '79001234567', type: 'CONTACT', id: 5 }] });
  const callId = callIdOf(rest.callSync('telephony.externalcall.register', register));
  rest.callSync('telephony.externalcall.hide', { CALL_ID: callId });
  rest.callSync('telephony.externalcall.show', { CALL_ID: callId });
  rest.callSync('telephony.externalcall.finish', { CALL_ID: callId, USER_ID: 1 });
  expect(heard).toEqual([`show ${callId}`, `close ${callId}`, `show ${callId}`, `close ${callId}`]);
  expect(shown).toEqual({
    CALL_ID: callId,
    PHONE_NUMBER: '+79001234567',
    LINE_NUMBER: '7',
    LINE_NAME: '',
    CRM_ENTITY_TYPE: 'CONTACT',
    CRM_ENTITY_ID: 5,
    CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 5 }],
    CALL_DIRECTION: 'outgoing',
  });
});

test("a user without a host (no portal tab open) gets no card, and REST answers the same", () => {
  const sim = createHostSimulator();
  const rest = createRestDouble({ host: (userId) => (userId === 1 ? sim : undefined), bucket: false, operating: false });
  expect(rest.callSync('telephony.externalcall.register', { ...register, USER_ID: 2 }).status).toBe(200);
  expect(sim.card).toBeNull();
});

test("the simulator's own raiseCall / show / hide do the host's part: a second call is dropped, hide and show act by CALL_ID", () => {
  const sim = createHostSimulator();
  const raise = jest.spyOn(sim, 'raiseCall');
  const show = jest.spyOn(sim, 'show');
  const hide = jest.spyOn(sim, 'hide');
  const rest = createRestDouble({ host: sim, bucket: false, operating: false });
  const first = callIdOf(rest.callSync('telephony.externalcall.register', register));
  expect(raise).toHaveLastReturnedWith({ raised: true, callId: first, window: 0 });
  expect(sim.card?.call.CALL_ID).toBe(first);

  // A second call while the first card is open: the simulator drops it (no card, no event).
  const second = callIdOf(rest.callSync('telephony.externalcall.register', { ...register, EXTERNAL_CALL_ID: 'e2', PHONE_NUMBER: '+79007654321' }));
  expect(raise).toHaveLastReturnedWith({ raised: false, callId: second, reason: 'cardAlreadyOpen' });
  expect(sim.card?.call.CALL_ID).toBe(first);

  // hide of the call whose card is not shown leaves the shown card alone.
  rest.callSync('telephony.externalcall.hide', { CALL_ID: second });
  expect(sim.card?.call.CALL_ID).toBe(first);
  rest.callSync('telephony.externalcall.hide', { CALL_ID: first });
  expect(sim.card).toBeNull();

  // show of the first call re-shows its card: initialized again with the same CALL_ID, not a new raise.
  const initializedBefore = sim.events.filter((event) => event.event === 'initialized').length;
  rest.callSync('telephony.externalcall.show', { CALL_ID: first });
  expect(show).toHaveLastReturnedWith({ raised: true, callId: first, window: 0 });
  expect(sim.card).toMatchObject({ uiState: 'externalCard', call: { CALL_ID: first, CALL_STATE: 'idle' } });
  expect(sim.events.filter((event) => event.event === 'initialized')).toHaveLength(initializedBefore + 1);
  expect(raise).toHaveBeenCalledTimes(2);

  rest.callSync('telephony.externalcall.finish', { CALL_ID: first, USER_ID: 1 });
  expect(hide).toHaveBeenLastCalledWith(first);
  expect(sim.card).toBeNull();
});

test('show of a call registered with SHOW=0 (the simulator never raised it) raises its card afresh', () => {
  const sim = createHostSimulator();
  const rest = createRestDouble({ host: sim, bucket: false, operating: false });
  const callId = callIdOf(rest.callSync('telephony.externalcall.register', { ...register, SHOW: 0 }));
  expect(sim.card).toBeNull();
  rest.callSync('telephony.externalcall.show', { CALL_ID: callId });
  expect(sim.card?.call).toMatchObject({ CALL_ID: callId, PHONE_NUMBER: '+79001234567', CALL_STATE: 'idle' });
  expect(sim.card?.call).not.toHaveProperty('CRM_ACTIVITY_ID');
});

test('a host link that throws does not change the REST answer (the portal pushes and moves on); the error is kept', () => {
  const rest = createRestDouble({
    host: { showCard: () => { throw new Error('host bug'); }, closeCard: () => undefined },
    bucket: false,
    operating: false,
  });
  expect(rest.callSync('telephony.externalcall.register', register)).toMatchObject({ status: 200, written: true });
  expect(rest.hostErrors).toEqual([new Error('host bug')]);
});
