/**
 * Bounds and quota in the records layer (issue 20 item 5): every string it stores has a length
 * bound, an over-long one that would otherwise lose the call is cut and reported, and a write the
 * storage refuses is tried again after freeing its key instead of living only in memory.
 */
import { RECORD_BOUNDS, type RecordsDiagnostic, type RecordsStorage } from '../../../adapters/records';
import { createWorld, type World } from './support/world';

const MB3 = 3_000_000;
const ofKind = <K extends RecordsDiagnostic['kind']>(diagnostics: readonly RecordsDiagnostic[], kind: K) => diagnostics.filter((d): d is Extract<RecordsDiagnostic, { kind: K }> => d.kind === kind);
const largestValue = (world: World) => Math.max(0, ...[...world.storage.keys()].map((key) => key.length + (world.storage.getItem(key) ?? '').length));

describe('records: every stored string has a bound', () => {
  test('a 3 MB number, Call-ID, line and end: cut to their bounds and reported; the call is registered and recorded; storage stays small', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    let largest = 0;
    const handle = worker.records.callStarted({ direction: 'incoming', phoneNumber: `+49${'1'.repeat(MB3)}`, sipCallId: `c${'x'.repeat(MB3)}`, lineNumber: `l${'2'.repeat(MB3)}` });
    largest = Math.max(largest, largestValue(world));
    await world.time.advance(1000);
    const now = world.time.now();
    handle.ended({ endedBy: `e${'y'.repeat(MB3)}` as never, failureCode: null, connectedAt: now, closedAt: now + 5000, rating: null });
    largest = Math.max(largest, largestValue(world));
    await world.time.advance(5000);
    expect(largest).toBeLessThan(4000);
    expect(ofKind(worker.diagnostics, 'truncated').map((d) => [d.field, d.bound])).toEqual([
      ['sipCallId', RECORD_BOUNDS.sipCallId],
      ['phoneNumber', RECORD_BOUNDS.phoneNumber],
      ['lineNumber', RECORD_BOUNDS.lineNumber],
      ['endedBy', RECORD_BOUNDS.endedBy],
    ]);
    const register = world.rest.log.find((entry) => entry.method === 'telephony.externalcall.register')!.params as Record<string, string>;
    expect(register['PHONE_NUMBER']).toHaveLength(RECORD_BOUNDS.phoneNumber);
    expect(register['EXTERNAL_CALL_ID']).toHaveLength(RECORD_BOUNDS.sipCallId);
    expect(world.rest.records).toEqual([expect.objectContaining({ STATUS_CODE: '200', DURATION: 5 })]);
    expect(handle.key.length).toBeLessThanOrEqual(RECORD_BOUNDS.key);
  });

  test('an outcome or a card whose CALL_ID or key is longer than any call has is refused (invalidInput), and nothing is stored', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    const long = 'z'.repeat(MB3);
    worker.records.callEnded({ source: 'card', callId: long, endedBy: 'hungUp', failureCode: null, connectedAt: null, closedAt: world.time.now(), rating: null });
    worker.records.callEnded({ source: 'softphone', key: long, endedBy: 'hungUp', failureCode: null, connectedAt: null, closedAt: world.time.now(), rating: null });
    worker.records.cardShown(long);
    await world.time.advance(2000);
    expect(ofKind(worker.diagnostics, 'invalidInput').map((d) => d.field)).toEqual(['callId', 'key', 'callId']);
    expect(ofKind(worker.diagnostics, 'invalidInput').every((d) => d.message.length < 1000)).toBe(true);
    expect(largestValue(world)).toBeLessThan(1000);
  });
});

describe('records: a storage quota error', () => {
  /** The world's storage, refusing the next `refuse` writes of keys that contain `match` as a full storage does. */
  function refusing(world: World, match: string, refuse: number): RecordsStorage {
    let left = refuse;
    return {
      getItem: (key) => world.storage.getItem(key),
      setItem: (key, value) => {
        if (key.includes(match) && left > 0) {
          left -= 1;
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        world.storage.setItem(key, value);
      },
      removeItem: (key) => world.storage.removeItem(key),
      keys: () => world.storage.keys(),
    };
  }

  test('is retried after freeing the key and reported: the call is in storage, so the next worker records it after a crash', async () => {
    const world = createWorld();
    const first = world.startWorker({ storage: refusing(world, '.s.', 1) });
    world.rest.faults.inject({ kind: 'hang', method: 'telephony.externalcall.register' });
    const handle = first.records.callStarted({ direction: 'incoming', phoneNumber: '+4930555', sipCallId: 'quota-1' });
    expect(ofKind(first.diagnostics, 'storageFailed')).toEqual([expect.objectContaining({ recovered: true })]);
    await world.time.advance(500);
    first.crash();
    const second = world.startWorker();
    await world.time.advance(15_000);
    second.records.callEnded({ source: 'softphone', key: handle.key, endedBy: 'remoteHungUp', failureCode: null, connectedAt: null, closedAt: world.time.now(), rating: null });
    await world.time.advance(5000);
    expect(world.rest.records).toEqual([expect.objectContaining({ EXTERNAL_CALL_ID: 'quota-1', STATUS_CODE: '304' })]);
  });

  test('a storage that keeps refusing: reported (not recovered), the value lives in this worker, and the call is still recorded', async () => {
    const world = createWorld();
    const worker = world.startWorker({ storage: refusing(world, '.s.', 2) });
    const handle = worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930666', sipCallId: 'quota-2' });
    expect(ofKind(worker.diagnostics, 'storageFailed')).toEqual([expect.objectContaining({ recovered: false })]);
    await world.time.advance(1000);
    handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: null, closedAt: world.time.now(), rating: null });
    await world.time.advance(5000);
    expect(world.rest.records).toHaveLength(1); // this worker still records it from memory
  });
});
