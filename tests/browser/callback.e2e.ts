import { inFrame, startPortalCalls, USER, type PortalCalls, type PortalCallsStage } from './fixtures/portalCallsWorld';
import { until } from './fixtures/until';

// Issue 23, a callback (host-behaviour §12, statechart SC-L1 `callback`, SC-L6) in real Chromium
// with storage partitioning on: a web form asks for a callback; the REST double POSTs
// ONEXTERNALCALLBACKSTART (no CALL_ID, no operator) to the relay handler, which picks the
// operator (user 7), registers TYPE=4 with SHOW=1 over HTTP, and relays the request with that
// CALL_ID through the push server to the owner of the operator's phone (tab A). The register
// pushes the card to the operator's portal tabs: tab B shows it (tab A's push comes after tab B
// set the shared flag, so tab A drops it). The card's Call button dials, or the relayed request
// does, whichever comes first, once. The owner's softphone is the SIP adapters' core over a
// scripted stack (fixtures/relayedCallsFrame.ts); tests/sip makes the real calls.

let world: PortalCalls;
let stage: PortalCallsStage;

beforeAll(async () => {
  world = await startPortalCalls();
}, 60_000);

afterEach(async () => {
  await stage?.close();
});

afterAll(async () => {
  await world?.close();
});

/** Every register the REST double received (the relay's, a callback for the operator with its card shown, is to be the only one). */
function registers(): unknown[] {
  return world.relay.rest.log.filter((entry) => entry.method === 'telephony.externalcall.register').map((entry) => entry.params);
}

test('the card first: the callback card in tab B shows Call; Call dials once through the owner in tab A; the relayed request after is the same call; one register (TYPE=4), one finish', async () => {
  const { rest, relayGate } = world.relay;
  stage = await world.stage();
  const { a, b } = await stage.ownerAndWaiting({ pushDelayMs: { a: 1_000 } });
  relayGate.hold();
  expect(rest.apps.requestCallback({ phoneNumber: '+4930555666' })).toBe(true);
  await until(() => b.tab.card !== null, "the callback's card in tab B");
  const callId = b.tab.card!.call.CALL_ID as string;
  expect(b.tab.card).toMatchObject({ call: { CALL_DIRECTION: 'callback', PHONE_NUMBER: '+4930555666' } });
  expect(registers()).toEqual([expect.objectContaining({ USER_ID: String(USER), TYPE: '4', SHOW: '1', PHONE_NUMBER: '+4930555666' })]);
  await until(async () => (await inFrame(a.frame, (calls) => calls.uiState())) === 'outgoing', 'the owner to show Call');
  expect(await inFrame(a.frame, (calls) => calls.call())).toEqual({ callId, card: 'attached' });
  expect(await inFrame(a.frame, (calls) => calls.dialled())).toEqual([]);
  await until(() => b.tab.card?.uiState === 'outgoing', "tab B's card showing Call");
  await until(() => stage.portal.deliveries.some((delivery) => delivery.tab === a.tab.index), "the push reaching tab A");
  expect(stage.portal.deliveries.map((delivery) => [delivery.tab, delivery.outcome])).toEqual([[b.tab.index, 'built'], [a.tab.index, 'anotherTabHoldsCard']]);

  expect(b.tab.click('makeCallButtonClick')).toEqual({ delivered: true });
  await until(async () => (await inFrame(a.frame, (calls) => calls.dialled().length)) === 1, 'the owner to dial');
  expect(await inFrame(a.frame, (calls) => calls.dialled())).toEqual(['+4930555666']);
  expect(rest.pull.deliveries).toEqual([]);
  await until(() => b.tab.card?.uiState === 'connectingOutgoing', "tab B's card connecting");

  relayGate.release();
  await rest.apps.settle();
  expect(rest.apps.deliveries.map((delivery) => [delivery.event, delivery.status])).toEqual([['ONEXTERNALCALLBACKSTART', 200]]);
  await until(async () => (await inFrame(a.frame, (calls) => calls.diagnostics())).some((line) => /^ignoredEvent: dial\.request /.test(line)), 'the owner to hear the relayed request');
  expect(await inFrame(a.frame, (calls) => calls.dialled())).toEqual(['+4930555666']);

  await stage.talkAndHangUp(a, b, callId);
  expect(registers()).toHaveLength(1);
}, 60_000);

test('the relayed request first: the owner dials the callback with no card yet; tab B\'s callback card, let through after, is the same call; one register (TYPE=4), one finish', async () => {
  const { rest } = world.relay;
  stage = await world.stage();
  const { a, b } = await stage.ownerAndWaiting({ pushDelayMs: { a: 1_000 } });
  stage.holdCardEvents(b, true);
  expect(rest.apps.requestCallback({ phoneNumber: '+4930777888' })).toBe(true);
  await rest.apps.settle();
  expect(rest.apps.deliveries.map((delivery) => [delivery.event, delivery.status])).toEqual([['ONEXTERNALCALLBACKSTART', 200]]);
  const callId = b.tab.card!.call.CALL_ID as string;
  await stage.dialledBeforeItsCard(a, b, callId, '+4930777888');

  await stage.talkAndHangUp(a, b, callId);
  expect(registers()).toEqual([expect.objectContaining({ USER_ID: String(USER), TYPE: '4', SHOW: '1' })]);
}, 60_000);
