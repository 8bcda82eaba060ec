/**
 * Call identity (issue 20 item 3): the SIP Call-ID comes from the other side (a proxy may pass
 * the caller's through), so it must not be able to merge two calls or suppress one's record.
 */
import type { RecordsDiagnostic } from '../../../adapters/records';
import { createWorld, type World } from './support/world';

const REGISTER = 'telephony.externalcall.register';
const registers = (world: World) => world.rest.log.filter((entry) => entry.method === REGISTER).map((entry) => entry.params as Record<string, string>);
const repeats = (diagnostics: readonly RecordsDiagnostic[]) => diagnostics.filter((d): d is Extract<RecordsDiagnostic, { kind: 'repeatedCallId' }> => d.kind === 'repeatedCallId');

/** A call the softphone announces and ends after `talkMs` of talk. */
async function call(world: World, sipCallId: string, phoneNumber: string, talkMs = 20_000) {
  const worker = world.workers[0] ?? world.startWorker();
  const handle = worker.records.callStarted({ direction: 'incoming', phoneNumber, sipCallId });
  await world.time.advance(1000);
  const now = world.time.now();
  return { handle, end: () => handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: now, closedAt: now + talkMs, rating: null }) };
}

describe('records: a repeated SIP Call-ID is a new call, and is reported', () => {
  test('the same Call-ID after the first call was recorded (within the 15-minute tombstone): registered and recorded with an EXTERNAL_CALL_ID of its own', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    const first = await call(world, 'dup@proxy', '+4930111');
    first.end();
    await world.time.advance(5 * 60_000);
    expect(world.rest.records).toHaveLength(1);
    const second = await call(world, 'dup@proxy', '+4930111', 45_000);
    second.end();
    await world.time.advance(10_000);
    expect(second.handle.key).not.toBe(first.handle.key);
    expect(second.handle.externalCallId).not.toBe('dup@proxy');
    expect(registers(world).map((params) => params['EXTERNAL_CALL_ID'])).toEqual(['dup@proxy', second.handle.externalCallId]);
    expect(world.rest.records.map((record) => [record.EXTERNAL_CALL_ID, record.DURATION])).toEqual([
      ['dup@proxy', 20],
      [second.handle.externalCallId, 45],
    ]);
    expect(new Set(world.rest.records.map((record) => record.CALL_ID)).size).toBe(2);
    expect(repeats(worker.diagnostics)).toEqual([expect.objectContaining({ sipCallId: 'dup@proxy', previousKey: first.handle.key, key: second.handle.key })]);
    expect(worker.diagnostics.filter((d) => d.kind === 'duplicateOutcome')).toEqual([]);
  });

  test('the same Call-ID from another number while the first call still rings: two calls, two records, each with its own number', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    const first = await call(world, 'shared@proxy', '+4930111');
    const second = await call(world, 'shared@proxy', '+4930222');
    second.end();
    first.end();
    await world.time.advance(10_000);
    expect(registers(world).map((params) => [params['PHONE_NUMBER'], params['EXTERNAL_CALL_ID']])).toEqual([
      ['+4930111', 'shared@proxy'],
      ['+4930222', second.handle.externalCallId],
    ]);
    expect(world.rest.records).toHaveLength(2);
    expect(worker.records.callIdOf(first.handle.key)).not.toBe(worker.records.callIdOf(second.handle.key));
    expect(repeats(worker.diagnostics)).toHaveLength(1);
  });

  test('the same call announced twice (same Call-ID, number and direction, not ended) is one call, not a repeat', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    const first = await call(world, 'again@pbx', '+4930333');
    const again = await call(world, 'again@pbx', '+4930333');
    expect(again.handle.key).toBe(first.handle.key);
    again.end();
    await world.time.advance(10_000);
    expect(registers(world)).toHaveLength(1);
    expect(world.rest.records).toHaveLength(1);
    expect(repeats(worker.diagnostics)).toEqual([]);
  });

  test('click-to-call announced twice with its CALL_ID and Call-ID is one call: finished once, no repeat reported', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    const first = worker.records.callStarted({ direction: 'outgoing', phoneNumber: '+4930555', sipCallId: 'c2c@pbx', callId: 'externalCall.c2c' });
    const again = worker.records.callStarted({ direction: 'outgoing', phoneNumber: '+4930555', sipCallId: 'c2c@pbx', callId: 'externalCall.c2c' });
    expect(again.key).toBe(first.key);
    expect(worker.records.pending()).toHaveLength(1);
    expect(repeats(worker.diagnostics)).toEqual([]);
  });

  test('a Call-ID first seen by a worker that crashed is still known to the next one', async () => {
    const world = createWorld();
    const a = world.startWorker();
    const first = await call(world, 'crash@proxy', '+4930444');
    first.end();
    await world.time.advance(5000);
    a.crash();
    const b = world.startWorker();
    const handle = b.records.callStarted({ direction: 'incoming', phoneNumber: '+4930444', sipCallId: 'crash@proxy' });
    await world.time.advance(15_000);
    handle.ended({ endedBy: 'hungUp', failureCode: null, connectedAt: null, closedAt: world.time.now(), rating: null });
    await world.time.advance(5000);
    expect(world.rest.records.map((record) => record.EXTERNAL_CALL_ID)).toEqual(['crash@proxy', handle.externalCallId]);
    expect(repeats(b.diagnostics)).toHaveLength(1);
  });
});
