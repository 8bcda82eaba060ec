import { createPhone } from '../../adapters/phone';
import { createFakeBx24, installFakeBx24 } from '../../testing/fakeBx24';
import { createFakePartition } from '../../testing/phone/fakePartition';
import { createRecordingSoftphone } from '../../testing/softphone';

// The fake BX24 is what a worker page runs on without a portal (examples/worker.html, the
// script build). A page keys its phone by the portal's member_id from BX24.getAuth(), as the
// README's quick start does: the fake must carry it, as the frame library does.

test('getAuth() gives the tokens and the portal (member_id, domain) of the REST double\'s grant', () => {
  const { BX24 } = createFakeBx24({ userId: 7 });
  const auth = BX24.getAuth();
  expect(auth).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), expires_in: expect.any(Number), domain: expect.any(String), member_id: expect.any(String) });
  expect(auth && auth.member_id).not.toBe('');
});

test("a phone keyed by the fake's member_id runs the card the fake portal shows", async () => {
  const { BX24, host, userId } = createFakeBx24({ userId: 7 });
  const auth = BX24.getAuth();
  if (!auth) throw new Error('no grant');
  const partition = createFakePartition();
  const frame = partition.frame('worker');
  const softphone = createRecordingSoftphone();
  const phone = createPhone({
    identity: { memberId: auth.member_id, userId },
    kind: 'worker',
    placement: BX24.placement,
    createSoftphone: () => softphone,
    platform: { frameId: 'worker', channel: frame.channel, locks: frame.locks, storage: partition.storage, clock: frame.clock },
  });
  await partition.advance(2_000);
  host.raiseCall({ CALL_ID: 'fake-1', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930123' });
  for (let round = 0; round < 8; round += 1) await partition.settle();
  host.click('answerButtonClick');
  for (let round = 0; round < 8; round += 1) await partition.settle();
  expect(softphone.methods).toEqual(['answer']);
  expect(phone.state.call).toMatchObject({ callId: 'fake-1', uiState: 'connectingIncoming' });
  await phone.stop();
});

test('installFakeBx24 leaves a real BX24 alone', () => {
  const real = { placement: {} };
  const target: Record<string, unknown> = { BX24: real };
  expect(installFakeBx24(target)).toBeNull();
  expect(target.BX24).toBe(real);
  const empty: Record<string, unknown> = {};
  const world = installFakeBx24(empty);
  expect(empty.BX24).toBe(world?.BX24);
  expect(empty.b24FakePortal).toBe(world);
});
