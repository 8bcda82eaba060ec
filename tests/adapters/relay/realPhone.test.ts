// SC-L6 end to end with the real phone: the host's click-to-call (startViaRest on the REST double
// over HTTP) → the relay handler → pull.application.event.add → the push server →
// @bitrix24/b24jssdk's pull client in the owning frame → connectRelay's default destination,
// phone.dialRequest → the owner's softphone dials the number once, with no card (card none).
import WebSocket from 'ws';
import { callWithEventAuth } from '../../../adapters/relay';
import { connectRelay, createPhone, type Phone } from '../../../adapters/phone';
import { createFakePartition } from '../../../testing/phone/fakePartition';
import { createRecordingSoftphone, type RecordingSoftphone } from '../../../testing/softphone';
import { APP, startPortal, until, type Portal } from './support';

// The SDK's pull client asks `window.WebSocket`; Node 20 has none, so the `ws` package's client.
(globalThis as Record<string, unknown>).WebSocket = WebSocket;
(globalThis as Record<string, unknown>).window = { WebSocket, addEventListener: () => undefined, removeEventListener: () => undefined };

jest.mock('qs-esm', () => ({
  stringify: () => {
    throw new Error('qs-esm is stubbed in this test: only batch requests use it');
  },
}));

let portal: Portal;
const phones: Phone[] = [];
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const phone of phones.splice(0)) await phone.stop();
  await portal.close();
});

describe('SC-L6 a click-to-call relayed to the real phone', () => {
  test('the owner dials the portal\'s CALL_ID once, with no card; the frame that does not own holds no pull connection', async () => {
    portal = await startPortal({ relay: { rest: callWithEventAuth } });
    const partition = createFakePartition();
    const identity = { memberId: portal.memberId, userId: 7 };
    const softphones: RecordingSoftphone[] = [];
    const open = (id: string) => {
      const frame = partition.frame(id);
      const phone = createPhone({
        identity,
        kind: 'worker',
        placement: null,
        createSoftphone: () => {
          const softphone = createRecordingSoftphone();
          softphones.push(softphone);
          return softphone;
        },
        platform: { frameId: id, tab: id, channel: frame.channel, locks: frame.locks, storage: partition.storage, clock: frame.clock },
        timings: { heartbeatMs: 1_000, silenceMs: 10_000, handoverTimeoutMs: 5_000 },
      });
      phones.push(phone);
      const relay = connectRelay(phone, { identity, b24: portal.client(7) });
      stops.push(() => relay.stop());
      return phone;
    };
    const a = open('tabA');
    const b = open('tabB');
    await partition.advance(2_000);
    for (let round = 0; round < 8; round += 1) await partition.settle();
    await until('tab A owns', () => a.session !== null);
    await until('the owner connected to the push server', () => portal.rest.pull.connections(APP, 7) === 1);
    expect(b.session).toBeNull();

    expect((await portal.rest.call('voximplant.call.startViaRest', { NUMBER: '+7 (900) 123-45-67' }, { session: { userId: 7 } })).status).toBe(200);
    await portal.rest.apps.settle();
    await until('the softphone dialled', () => (softphones[0]?.calls.length ?? 0) > 0);
    const [call] = portal.rest.activeCalls;
    expect(softphones[0]!.calls).toEqual([{ method: 'call', phoneNumber: '+79001234567' }]);
    expect(a.state.call).toMatchObject({ callId: call!.CALL_ID, card: 'none' });
    expect(portal.rest.pull.connections(APP, 7)).toBe(1);
  });
});
