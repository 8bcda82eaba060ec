// SC-L6, host-behaviour §12, end to end over real HTTP and WebSocket on 127.0.0.1: the host's
// click-to-call (voximplant.call.startViaRest on the REST double) → ONEXTERNALCALLSTART POSTed
// to the application's server → the relay handler → pull.application.event.add → the push
// server → @bitrix24/b24jssdk's own pull client in the owning frame → connectRelay →
// onDialRequest, once, and only for that portal and user.
import WebSocket from 'ws';
import { callWithEventAuth } from '../../../adapters/relay';
import { connectRelay, type DialRequest, type Phone, type RelayDiagnostic } from '../../../adapters/phone';
import { APP, startPortal, until, type Portal } from './support';

// The SDK's pull client runs in a browser: it asks `window.WebSocket` whether it may connect
// by WebSocket and then uses the global `WebSocket`. Node 20 has neither, so this file gives
// it the `ws` package's client, a standard WebSocket.
(globalThis as Record<string, unknown>).WebSocket = WebSocket;
(globalThis as Record<string, unknown>).window = { WebSocket, addEventListener: () => undefined, removeEventListener: () => undefined };

jest.mock('qs-esm', () => ({
  stringify: () => {
    throw new Error('qs-esm is stubbed in this test: only batch requests use it');
  },
}));

/** A frame of the phone as connectRelay sees it: owning (a session) or not. */
function frame(owning: boolean) {
  const listeners = new Set<() => void>();
  const handle = {
    session: owning ? ({} as object) : null,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(owns: boolean) {
      handle.session = owns ? {} : null;
      for (const listener of listeners) listener();
    },
  };
  return handle as unknown as Pick<Phone, 'session' | 'subscribe'> & { set(owns: boolean): void };
}

describe('the relay (host-behaviour §12): startViaRest → handler → pull → the owner', () => {
  let portal: Portal;
  const stops: (() => void)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) stop();
    await portal.close();
  });

  function operator(userId: number, owning = true) {
    const received: DialRequest[] = [];
    const diagnostics: RelayDiagnostic[] = [];
    const phone = frame(owning);
    const relay = connectRelay(phone, { identity: { memberId: portal.memberId, userId }, b24: portal.client(userId), onDialRequest: (request) => received.push(request), onDiagnostic: (d) => diagnostics.push(d) });
    stops.push(() => relay.stop());
    return { received, diagnostics, phone };
  }

  test('click-to-call reaches the clicking operator\'s owner once, with the portal\'s CALL_ID', async () => {
    portal = await startPortal({ relay: { rest: callWithEventAuth } });
    const seven = operator(7);
    const eight = operator(8);
    await until('both owners connected to the push server', () => portal.rest.pull.connections(APP, 7) === 1 && portal.rest.pull.connections(APP, 8) === 1);

    const started = await portal.rest.call('voximplant.call.startViaRest', { NUMBER: '+7 (900) 123-45-67', SHOW: 'Y' }, { session: { userId: 7 } });
    expect(started.status).toBe(200);
    await portal.rest.apps.settle();
    await until('the pull message acknowledged', () => portal.rest.pull.deliveries.some((delivery) => delivery.acked > 0));

    const [call] = portal.rest.activeCalls;
    expect(portal.rest.activeCalls).toHaveLength(1);
    // CRM_CREATE: the portal made a lead for the unknown number, and the event names it.
    expect(seven.received).toEqual([{ callId: call!.CALL_ID, phoneNumber: '+7 (900) 123-45-67', phoneNumberInternational: '+79001234567', userId: 7, isMobile: false, crmEntityType: 'LEAD', crmEntityId: call!.CRM_ENTITY_ID }]);
    expect(eight.received).toEqual([]);
    expect(portal.outcomes.map((outcome) => outcome.kind)).toEqual(['relayed']);
    expect(portal.rest.pull.deliveries).toEqual([expect.objectContaining({ userId: 7, connections: 1, acked: 1 })]);
  });

  test('a frame that does not own has no pull connection; it gets one when it takes over, and the old owner drops its own', async () => {
    portal = await startPortal({ relay: { rest: callWithEventAuth } });
    const waiting = operator(7, false);
    // Another user's owner, started after it, connects: by then a frame that loaded the pull client would have too.
    operator(8);
    await until('the other owner connected', () => portal.rest.pull.connections(APP, 8) === 1);
    expect(portal.rest.pull.connections(APP, 7)).toBe(0);
    waiting.phone.set(true);
    await until('the new owner connected', () => portal.rest.pull.connections(APP, 7) === 1);
    waiting.phone.set(false);
    await until('the old owner disconnected', () => portal.rest.pull.connections(APP, 7) === 0);
    expect(waiting.diagnostics.map((d) => d.kind)).toEqual(['relayConnected', 'relayDisconnected']);
  });

  test('a message for another portal on the same channel is rejected, not dialled', async () => {
    portal = await startPortal({ relay: { rest: callWithEventAuth } });
    const seven = operator(7);
    await until('the owner connected', () => portal.rest.pull.connections(APP, 7) === 1);
    const request = { callId: 'externalCall.other.1', phoneNumber: '+4930123', userId: 7, isMobile: false };
    const sent = await portal.client(1).actions.v2.call.make({ method: 'pull.application.event.add', params: { COMMAND: 'b24CallCard.dialRequest', USER_ID: 7, PARAMS: { v: 1, memberId: 'another-portal', userId: 7, request } } });
    expect(sent.isSuccess).toBe(true);
    await until('acknowledged', () => portal.rest.pull.deliveries.some((delivery) => delivery.acked > 0));
    expect(seven.received).toEqual([]);
    expect(seven.diagnostics).toContainEqual(expect.objectContaining({ kind: 'relayRejected', reason: 'another portal or user' }));
  });

  test('a callback: the picked operator gets a TYPE=4 call registered for them and its dial request', async () => {
    portal = await startPortal({ relay: { rest: callWithEventAuth, pickOperator: () => 7 } });
    const seven = operator(7);
    await until('the owner connected', () => portal.rest.pull.connections(APP, 7) === 1);
    expect(portal.rest.apps.requestCallback({ phoneNumber: '+4930555', text: 'Call me back' })).toBe(true);
    await portal.rest.apps.settle();
    await until('acknowledged', () => portal.rest.pull.deliveries.some((delivery) => delivery.acked > 0));
    const [call] = portal.rest.activeCalls;
    expect(call).toEqual(expect.objectContaining({ TYPE: 4, USER_ID: 7, PHONE_NUMBER: '+4930555' }));
    expect(seven.received).toEqual([{ callId: call!.CALL_ID, phoneNumber: '+4930555', userId: 7, isMobile: false }]);
  });
});
