/**
 * Retention (issue 20 item 4): nothing the records layer stores stays for ever. Dead letters
 * (they hold phone numbers) go after deadLetterRetentionMs; a call whose end never comes is
 * finished, or dead-lettered, after abandonAfterMs; 60 simulated days leave nothing behind.
 */
import { createCallRecords, type RecordsDiagnostic } from '../../../adapters/records';
import { createWorld, type World } from './support/world';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PREFIX = 'b24cc.records.';

/** Every stored key of the layer except its lease and pacing state (one each, whatever the traffic). */
const callKeys = (world: World) => [...world.storage.keys()].filter((key) => key.startsWith(PREFIX) && !key.endsWith('.lease') && !key.endsWith('.pace'));
const ofKind = <K extends RecordsDiagnostic['kind']>(diagnostics: readonly RecordsDiagnostic[], kind: K) => diagnostics.filter((d): d is Extract<RecordsDiagnostic, { kind: K }> => d.kind === kind);

/** Lets fake time pass in steps of `stepMs` (the writer polls every second: a day at 1 s steps would be 86,400 timers). */
async function live(world: World, ms: number, stepMs = HOUR): Promise<void> {
  for (let passed = 0; passed < ms; passed += stepMs) {
    await world.time.jump(stepMs);
    await world.time.advance(5000);
  }
}

describe('records retention', () => {
  test('60 simulated days: a call never ended is finished after 12 h (OTHER, DURATION 0), a dead letter goes after 7 days, and nothing stays', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    const never = worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930111', sipCallId: 'never-ends' });
    worker.records.callStarted({ direction: 'incoming', phoneNumber: 'hidden', sipCallId: 'withheld' });
    await world.time.advance(2000);
    const callId = worker.records.callIdOf(never.key)!;
    worker.records.cardShown(callId);
    expect(worker.records.deadLetters().map((letter) => letter.reason)).toEqual(['withheldNumber']);

    await live(world, 11 * HOUR);
    expect(worker.records.pending().map((call) => call.key)).toEqual([never.key]);
    await live(world, 2 * HOUR);
    expect(world.rest.records).toEqual([expect.objectContaining({ CALL_ID: callId, STATUS_CODE: 'OTHER', DURATION: 0, FAILED_REASON: 'failed (noOutcome)' })]);
    expect(ofKind(worker.diagnostics, 'callAbandoned')).toEqual([expect.objectContaining({ key: never.key, callId })]);
    expect(worker.records.pending()).toEqual([]);

    await live(world, 6 * DAY);
    expect(worker.records.deadLetters()).toHaveLength(1);
    await live(world, 2 * DAY);
    expect(worker.records.deadLetters()).toEqual([]);
    expect(ofKind(worker.diagnostics, 'deadLetterExpired').map((d) => d.letter.reason)).toEqual(['withheldNumber']);

    await live(world, 52 * DAY, 6 * HOUR);
    expect(callKeys(world)).toEqual([]);
    expect([...world.storage.keys()].join(' ')).not.toContain('+4930111');
  });

  test('a call that never got a CALL_ID (every register failing for 3 h) and never ended: a noOutcome dead letter after abandonAfterMs', async () => {
    const world = createWorld({ port: 'direct', records: { abandonAfterMs: 2 * HOUR } });
    const worker = world.startWorker();
    world.rest.faults.inject({ kind: 'http500', method: 'telephony.externalcall.register', times: 10_000 });
    const handle = worker.records.callStarted({ direction: 'outgoing', phoneNumber: '+4930222', sipCallId: 'no-register' });
    await live(world, 3 * HOUR, 10 * 60_000);
    expect(worker.records.pending()).toEqual([]);
    expect(worker.records.deadLetters()).toEqual([expect.objectContaining({ key: handle.key, reason: 'noOutcome' })]);
    expect(ofKind(worker.diagnostics, 'callAbandoned')).toEqual([expect.objectContaining({ key: handle.key, callId: null })]);
  });

  test('the ages are options: a dead letter kept 1 hour is gone after it', async () => {
    const world = createWorld({ records: { deadLetterRetentionMs: HOUR } });
    const worker = world.startWorker();
    worker.records.callStarted({ direction: 'incoming', phoneNumber: 'hidden', sipCallId: 'short' });
    await live(world, 30 * 60_000, 10 * 60_000);
    expect(worker.records.deadLetters()).toHaveLength(1);
    await live(world, HOUR, 10 * 60_000);
    expect(worker.records.deadLetters()).toEqual([]);
  });

  test.each([
    [{ deadLetterRetentionMs: 0 }, /deadLetterRetentionMs must be a positive finite number, got 0/],
    [{ abandonAfterMs: -1 }, /abandonAfterMs must be a positive finite number, got -1/],
    [{ abandonAfterMs: '12h' }, /abandonAfterMs must be a positive finite number, got "12h"/],
    [{ cardGraceMs: Number.NaN }, /cardGraceMs must be a positive finite number, got NaN/],
  ])('a bad retention option is a setup mistake: %p → TypeError naming it', (extra, message) => {
    const rest = { call: async () => ({ ok: true as const, result: null }) };
    expect(() => createCallRecords({ rest, userId: 1, locks: null, ...extra } as never)).toThrow(TypeError);
    expect(() => createCallRecords({ rest, userId: 1, locks: null, ...extra } as never)).toThrow(message);
  });
});
