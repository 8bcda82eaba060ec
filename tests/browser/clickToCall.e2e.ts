import { inFrame, startPortalCalls, USER, type OpenTab, type PortalCalls, type PortalCallsStage } from './fixtures/portalCallsWorld';
import { until } from './fixtures/until';

// Issue 23, click-to-call (host-behaviour §12, statechart SC-L5 and SC-L6) in real Chromium with
// storage partitioning on: the phone is owned by the frame of portal tab A; the operator clicks a
// number in portal tab B. The host (the portal double) sends `voximplant.call.startViaRest` with
// SHOW=Y to the REST double, which registers the call and POSTs ONEXTERNALCALLSTART to the relay
// handler over HTTP; the host raises the card in tab B at once with the portal's CALL_ID. Two
// roads lead to the owner — tab B's frame hands the card to it over the phone's channel (SC-L5:
// nobody dials this card, so the owner does), and the relay's pull.application.event.add reaches
// its @bitrix24/b24jssdk pull client (SC-L6) — and the owner dials once, whichever comes first.
// The relay's last step, or the card's events, are held to make each road the first in turn.
// The owner's softphone is the SIP adapters' core over a scripted stack (fixtures/relayedCallsFrame.ts):
// its binding answers SC-L5's `isDialling`, and the records learn the CALL_ID from it. No SIP is
// sent here; tests/sip makes the real calls. `rest.log` holds the requests the REST double
// received, the browser's and the relay's: the portal's own register of the call is not one.

let world: PortalCalls;
let stage: PortalCallsStage;

beforeAll(async () => {
  world = await startPortalCalls();
  console.log(`click-to-call e2e: ${world.relay.chromium}, partitioning on`);
}, 60_000);

afterEach(async () => {
  await stage?.close();
});

afterAll(async () => {
  await world?.close();
});

/** Tab A owning, tab B waiting; `before` holds what the test holds; then the operator clicks `number` in tab B. */
async function clickInTabB(number: string, before: (b: OpenTab) => void = () => undefined, entity?: { type: string; id: number }) {
  stage = await world.stage();
  const { a, b } = await stage.ownerAndWaiting();
  before(b);
  const started = b.tab.clickToCall(number, entity !== undefined ? { entity } : undefined);
  if (!started.started) throw new Error(started.reason);
  return { a, b, started, callId: started.callId };
}

test('SC-L5 the card first: a number clicked in tab B is dialled once by the owner in tab A before the relayed request comes; the request is the same call; one finish with the portal\'s CALL_ID, no register', async () => {
  const { rest, relayGate } = world.relay;
  const { a, b, started, callId } = await clickInTabB('+4930111222', () => relayGate.hold(), { type: 'CONTACT', id: 9 });
  expect(started.request).toMatchObject({ SHOW: 'Y', CALL_LIST_ID: 0, IS_MOBILE: false });
  expect(b.tab.card).toMatchObject({ call: { CALL_ID: callId, CALL_DIRECTION: 'outgoing' } });
  expect(rest.log.filter((entry) => entry.method === 'voximplant.call.startViaRest')).toHaveLength(1);

  await until(async () => (await inFrame(a.frame, (calls) => calls.dialled().length)) === 1, 'the owner to dial the card');
  expect(await inFrame(a.frame, (calls) => calls.dialled())).toEqual(['+4930111222']);
  // Dialled on the card alone: the relay had not reached the push server yet.
  expect(rest.pull.deliveries).toEqual([]);
  expect(await inFrame(a.frame, (calls) => calls.call())).toEqual({ callId, card: 'attached' });
  await until(() => b.tab.card?.uiState === 'connectingOutgoing', "tab B's card connecting");

  relayGate.release();
  await rest.apps.settle();
  expect(rest.apps.deliveries.map((delivery) => [delivery.event, delivery.status])).toEqual([['ONEXTERNALCALLSTART', 200]]);
  await until(() => rest.pull.deliveries.length === 1 && rest.pull.deliveries[0]!.acked === 1, 'the relayed request acknowledged by the owner');
  // To the user's one pull connection, the owner's: tab B's frame holds none.
  expect(rest.pull.deliveries[0]).toMatchObject({ userId: USER, connections: 1 });
  // The same call: the request is not taken in connectingOutgoing (reported, nothing dialled).
  await until(async () => (await inFrame(a.frame, (calls) => calls.diagnostics())).some((line) => /^ignoredEvent: dial\.request /.test(line)), 'the owner to hear the request');
  expect(await inFrame(a.frame, (calls) => calls.dialled())).toEqual(['+4930111222']);

  await stage.talkAndHangUp(a, b, callId);
  expect(rest.log.filter((entry) => entry.method === 'telephony.externalcall.register')).toEqual([]);
}, 60_000);

test('SC-L6 the relayed request first: the owner dials it with no card yet; tab B\'s card, let through after, is the same call; one finish with the portal\'s CALL_ID, no register', async () => {
  const { rest } = world.relay;
  const { a, b, callId } = await clickInTabB('+4930333444', (tab) => stage.holdCardEvents(tab, true));
  await rest.apps.settle();
  expect(rest.apps.deliveries.map((delivery) => [delivery.event, delivery.status])).toEqual([['ONEXTERNALCALLSTART', 200]]);
  await stage.dialledBeforeItsCard(a, b, callId, '+4930333444');

  await stage.talkAndHangUp(a, b, callId);
  expect(rest.log.filter((entry) => entry.method === 'telephony.externalcall.register')).toEqual([]);
}, 60_000);

test('nothing held: the card and the relayed request race to the owner as they come; one dial, one finish with the portal\'s CALL_ID, no register', async () => {
  const { rest } = world.relay;
  const { a, b, callId } = await clickInTabB('+4930555000');
  await rest.apps.settle();
  await until(() => rest.pull.deliveries.length === 1 && rest.pull.deliveries[0]!.acked === 1, 'the relayed request acknowledged by the owner');
  await until(async () => (await inFrame(a.frame, (calls) => calls.call()?.card)) === 'attached', "tab B's card attached to the call");
  await until(() => b.tab.card?.uiState === 'connectingOutgoing', "tab B's card connecting");
  // Both have reached the owner, whichever first; talkAndHangUp checks that one SIP session was all it dialled.
  expect(await inFrame(a.frame, (calls) => calls.dialled())).toEqual(['+4930555000']);

  await stage.talkAndHangUp(a, b, callId);
  expect(rest.log.filter((entry) => entry.method === 'telephony.externalcall.register')).toEqual([]);
}, 60_000);
