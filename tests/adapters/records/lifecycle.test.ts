import { createCallRecords, createMemoryStorage, fromCallSummary, type RecordsDiagnostic } from '../../../adapters/records';
import { createWorld, USER_ID } from './support/world';

const T0 = Date.parse('2026-01-05T09:00:00Z');

describe('records: a call from start to record', () => {
  test('the softphone sees a call → register before any card: TYPE, SHOW=1, LINE_NUMBER, EXTERNAL_CALL_ID = SIP Call-ID, CALL_START_DATE with zone', async () => {
    const world = createWorld({ records: { lineNumber: 'line-1' } });
    const worker = world.startWorker();
    worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930111', sipCallId: 'sip-abc@pbx', startedAt: T0 });
    await world.time.advance(1000);
    const register = world.rest.log.find((entry) => entry.method === 'telephony.externalcall.register');
    expect(register?.params).toEqual({
      USER_ID: String(USER_ID),
      PHONE_NUMBER: '+4930111',
      TYPE: '2',
      LINE_NUMBER: 'line-1',
      EXTERNAL_CALL_ID: 'sip-abc@pbx',
      CRM_CREATE: '0',
      SHOW: '1',
      CALL_START_DATE: '2026-01-05T09:00:00+00:00',
    });
    expect(world.rest.activeCalls).toHaveLength(1);
    expect(worker.records.callIdOf('sip:sip-abc@pbx')).toBe(world.rest.activeCalls[0]!.CALL_ID);
  });

  test('the card summary finishes the call once: DURATION, STATUS_CODE, VOTE, ADD_TO_CHAT explicit', async () => {
    const world = createWorld({ records: { addToChat: false } });
    const worker = world.startWorker();
    worker.records.callStarted({ direction: 'outgoing', phoneNumber: '+4930222', sipCallId: 'c1' });
    await world.time.advance(1000);
    const callId = worker.records.callIdOf('sip:c1')!;
    worker.records.cardShown(callId);
    const now = world.time.now();
    worker.records.callEnded(fromCallSummary({ callId, direction: 'outgoing', endedBy: 'hungUp', failureCode: null, rating: 4, connectedAt: now - 61_500, closedAt: now }));
    await world.time.advance(2000);
    expect(world.rest.records).toHaveLength(1);
    expect(world.rest.records[0]).toMatchObject({ CALL_ID: callId, STATUS_CODE: '200', DURATION: 62, VOTE: 4, ADD_TO_CHAT: 0 });
    expect(world.rest.statistics).toHaveLength(1);
    expect(worker.records.pending()).toEqual([]);
  });
});

describe('records: an unreadable rating', () => {
  test("the card's outcome with a rating out of 1–5 still finishes the call, without VOTE, and the rating is reported", async () => {
    const world = createWorld();
    const worker = world.startWorker();
    worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930333', sipCallId: 'r1' });
    await world.time.advance(1000);
    const callId = worker.records.callIdOf('sip:r1')!;
    const now = world.time.now();
    worker.records.callEnded({ source: 'card', callId, endedBy: 'hungUp', failureCode: null, connectedAt: now - 10_000, closedAt: now, rating: 9 as never });
    await world.time.advance(2000);
    expect(world.rest.records).toHaveLength(1);
    expect(world.rest.records[0]).toMatchObject({ CALL_ID: callId, STATUS_CODE: '200', DURATION: 10, VOTE: 0 });
    expect(worker.diagnostics.filter((d) => d.kind === 'invalidInput').map((d) => (d as { field: string }).field)).toEqual(['rating']);
  });
});

describe('records: setup mistakes throw, bad input from the softphone never does', () => {
  const rest = { call: async () => ({ ok: true as const, result: null }) };

  test.each([
    [undefined, /options are required/],
    [{ userId: 1 }, /rest must be a REST port/],
    [{ rest, userId: 0 }, /userId must be a positive integer, got 0/],
    [{ rest, userId: 1, storage: { getItem() {} } }, /storage must have getItem, setItem, removeItem and keys/],
    [{ rest, userId: 1, leaseMs: -1 }, /leaseMs must be a positive finite number/],
    [{ rest, userId: 1, pacing: { burst: 0, drainPerSecond: 2 } }, /pacing.burst must be a positive finite number/],
    [{ rest, userId: 1, onDeadLetter: 'x' }, /onDeadLetter must be a function/],
    [{ rest, userId: 1, pacing: {} }, /pacing.burst must be a positive finite number, got undefined/],
    [{ rest, userId: 1, pacing: { burst: 10 } }, /pacing.drainPerSecond must be a positive finite number, got undefined/],
    [{ rest, userId: 1, pacing: true }, /pacing must be \{ burst, drainPerSecond \} or false, got true/],
    [{ rest, userId: 1, storagePrefix: '' }, /storagePrefix must be a non-empty string/],
    [{ rest, userId: 1, clock: { now: () => 0 } }, /clock must have now, setTimeout and clearTimeout/],
    [{ rest, userId: 1, random: 0.5 }, /random must be a function/],
    [{ rest, userId: 1, locks: {} }, /locks must be a LockManager/],
    [{ rest, userId: 1, memberId: 'a:b' }, /memberId must be the portal's member_id/],
  ])('createCallRecords(%p) → TypeError', (options, message) => {
    expect(() => createCallRecords(options as never)).toThrow(TypeError);
    expect(() => createCallRecords(options as never)).toThrow(message);
  });

  test('an unreadable entry in storage (not JSON) is reported once, not skipped silently', () => {
    const storage = createMemoryStorage();
    storage.setItem('b24cc.records.portal-a.1.s.sip:torn', '{"key":"sip:to');
    const diagnostics: RecordsDiagnostic[] = [];
    const records = createCallRecords({ rest, userId: 1, memberId: 'portal-a', storage, locks: null, onDiagnostic: (d) => diagnostics.push(d) });
    expect(records.pending()).toEqual([]);
    expect(records.pending()).toEqual([]);
    records.dispose();
    expect(diagnostics.filter((d) => d.kind === 'storageFailed').map((d) => (d as { key: string }).key)).toEqual(['b24cc.records.portal-a.1.s.sip:torn']);
  });

  test('an unreadable call is reported and kept as a dead letter; an unreadable outcome is reported; nothing throws', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    expect(() => worker.records.callStarted(null as never)).not.toThrow();
    worker.records.callStarted({ direction: 'sideways' as never, phoneNumber: '+4930', sipCallId: 'bad-dir' });
    worker.records.callStarted({ direction: 'incoming', phoneNumber: '  ', sipCallId: 'no-number' });
    expect(() => worker.records.callEnded(42 as never)).not.toThrow();
    worker.records.callEnded({ source: 'card', callId: 'C1', endedBy: 'hungUp', failureCode: null, connectedAt: null, closedAt: Number.NaN, rating: null });
    await world.time.advance(2000);
    expect(world.rest.log).toEqual([]);
    expect(worker.deadLetters.map((letter) => letter.reason)).toEqual(['invalidCall', 'invalidCall', 'invalidCall']);
    expect(worker.diagnostics.filter((d) => d.kind === 'invalidInput').map((d) => (d as { field: string }).field)).toEqual(['(call)', 'direction', 'phoneNumber', '(outcome)', 'closedAt']);
  });
});
