// How the REST double drives a host page: today's simulator (tests/rest/rules.test.ts), the
// simulator's v2 API from issue 10 when it is there, and any HostLink.
import { createHostSimulator } from '../../testing/host';
import { createRestDouble } from '../../testing/rest';
import type { CardCall, HostLink } from '../../testing/rest';

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

test('the simulator v2 API (raiseCall drops, show/hide by CALL_ID) is used when the simulator has it', () => {
  const sim = createHostSimulator();
  const calls: string[] = [];
  const raised = new Set<string>();
  const v2 = Object.assign(sim, {
    show(callId: string) {
      calls.push(`show ${callId}`);
      return raised.has(callId) ? { raised: true } : { raised: false, reason: 'unknownCall' };
    },
    hide(callId: string) {
      calls.push(`hide ${callId}`);
      return { closed: true };
    },
  });
  const original = sim.raiseCall.bind(sim);
  v2.raiseCall = (call) => {
    calls.push(`raise ${call?.CALL_ID}`);
    raised.add(String(call?.CALL_ID));
    original(call);
  };
  const rest = createRestDouble({ host: v2, bucket: false, operating: false });
  const callId = callIdOf(rest.callSync('telephony.externalcall.register', register));
  rest.callSync('telephony.externalcall.hide', { CALL_ID: callId });
  rest.callSync('telephony.externalcall.show', { CALL_ID: callId });
  rest.callSync('telephony.externalcall.finish', { CALL_ID: callId, USER_ID: 1 });
  expect(calls).toEqual([`show ${callId}`, `raise ${callId}`, `hide ${callId}`, `show ${callId}`, `hide ${callId}`]);
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
