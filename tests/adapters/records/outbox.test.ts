import { fromCallSummary, type RecordsDiagnostic } from '../../../adapters/records';
import { CALL_NOT_FOUND_TEXT } from '../../../protocol/rest';
import { createWorld, type World } from './support/world';

const FINISH = 'telephony.externalcall.finish';
const REGISTER = 'telephony.externalcall.register';
const STATS = 'voximplant.statistic.get';

const sent = (world: World, method: string) => world.rest.log.filter((entry) => entry.method === method);
const kinds = (diagnostics: readonly RecordsDiagnostic[]) => diagnostics.map((d) => d.kind);

/** Starts a call, lets it register, and ends it from the softphone: connected 30 s. */
async function answeredCall(world: World, worker = world.workers[0] ?? world.startWorker(), sipCallId = 'sip-1') {
  const handle = worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930555', sipCallId });
  await world.time.advance(1000);
  const now = world.time.now();
  handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: now - 30_000, closedAt: now, rating: null });
  return handle;
}

describe('records outbox: written to storage before it is sent, resumed by the next worker', () => {
  test('the register and the finish are in storage when the portal receives them', async () => {
    const seen: string[] = [];
    let world: World;
    world = createWorld({
      double: {
        faultHook: (method) => {
          const keys = [...world.storage.keys()];
          if (method === REGISTER) seen.push(keys.some((key) => key.includes('s.sip:sip-1')) ? 'register stored' : 'register NOT stored');
          if (method === FINISH) {
            const progress = keys.find((key) => key.includes('p.sip:sip-1'));
            seen.push(progress && world.storage.getItem(progress)!.includes('"finish":"sending"') ? 'finish marked sending' : 'finish NOT marked');
          }
          return null;
        },
      },
    });
    await answeredCall(world);
    await world.time.advance(2000);
    expect(seen).toEqual(['register stored', 'finish marked sending']);
    expect(world.rest.records).toHaveLength(1);
  });

  test('a worker that dies before sending anything: the next one registers and finishes the call', async () => {
    const world = createWorld();
    const first = world.startWorker();
    world.rest.faults.inject({ kind: 'hang', method: REGISTER }); // its register never answers…
    const handle = first.records.callStarted({ direction: 'outgoing', phoneNumber: '+4930666', sipCallId: 'sip-dies' });
    await world.time.advance(500);
    first.crash(); // …and the frame reloads
    const second = world.startWorker();
    await world.time.advance(15_000); // the dead frame's lease runs out
    const callId = second.records.callIdOf(handle.key);
    expect(callId).toBe(world.rest.activeCalls[0]?.CALL_ID); // the repeat got the same CALL_ID (same EXTERNAL_CALL_ID)
    second.records.callEnded({ source: 'softphone', key: handle.key, endedBy: 'hungUp', failureCode: null, connectedAt: null, closedAt: world.time.now(), rating: null });
    await world.time.advance(2000);
    expect(world.rest.records.map((r) => [r.CALL_ID, r.STATUS_CODE])).toEqual([[callId, '603-S']]);
    expect(sent(world, REGISTER)).toHaveLength(2);
  });

  test('a worker that dies with its finish in flight: the next one asks the statistics and sends nothing twice', async () => {
    const world = createWorld();
    const first = world.startWorker();
    world.rest.faults.inject({ kind: 'hang', method: FINISH }); // applied, never answered
    await answeredCall(world, first);
    await world.time.advance(1000);
    first.crash();
    const second = world.startWorker();
    await world.time.advance(20_000);
    expect(world.rest.records).toHaveLength(1);
    expect(sent(world, FINISH)).toHaveLength(1);
    expect(sent(world, STATS)).toHaveLength(1);
    expect(second.diagnostics).toContainEqual(expect.objectContaining({ kind: 'finishVerified', recorded: true }));
    expect(second.records.pending()).toEqual([]);
  });
});

describe('records outbox: retries', () => {
  test('503 QUERY_LIMIT_EXCEEDED: retried with growing, jittered delays; recorded once', async () => {
    // (BX24's api/v1 library never calls back on a 5xx: through it a 503 is a timeout, an ambiguous finish — tested below.)
    const world = createWorld({ port: 'direct' });
    const worker = world.startWorker({ random: () => 0.5 });
    world.rest.faults.inject({ kind: 'queryLimit', method: FINISH, times: 3 });
    await answeredCall(world, worker);
    await world.time.advance(30_000);
    const retries = worker.diagnostics.filter((d): d is Extract<RecordsDiagnostic, { kind: 'retrying' }> => d.kind === 'retrying');
    expect(retries.map((d) => d.failure.kind)).toEqual(['queryLimit', 'queryLimit', 'queryLimit']);
    expect(retries.map((d) => d.delayMs)).toEqual([375, 750, 1500]); // half fixed, half random: 0.5 → ¾ of each step
    expect(world.rest.records).toHaveLength(1);
    expect(sent(world, FINISH)).toHaveLength(4);
  });

  test('429 OPERATION_TIME_LIMIT: nothing is sent again before operating_reset_at', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    world.rest.faults.inject({ kind: 'operationLimit', method: FINISH });
    await answeredCall(world, worker);
    await world.time.advance(15 * 60_000);
    const retry = worker.diagnostics.find((d): d is Extract<RecordsDiagnostic, { kind: 'retrying' }> => d.kind === 'retrying')!;
    expect(retry.failure.kind).toBe('operationLimit');
    const resetAt = retry.failure.kind === 'operationLimit' ? retry.failure.resetAt! : NaN;
    const [refused, accepted] = sent(world, FINISH);
    expect(resetAt).toBeGreaterThan(refused!.at);
    expect(accepted!.at).toBeGreaterThanOrEqual(resetAt);
    expect(world.rest.records).toHaveLength(1);
  });

  test('401 expired_token: BX24 refreshes the auth and the call goes through', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    world.rest.auth.expireAll();
    await answeredCall(world, worker);
    await world.time.advance(2000);
    expect(world.rest.log.filter((entry) => entry.status === 401).length).toBeGreaterThan(0);
    expect(world.rest.records).toHaveLength(1);
  });

  test('a register whose connection is reset, or whose answer is lost: sent again with the same EXTERNAL_CALL_ID, one call, one CALL_ID', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    world.rest.faults.inject({ kind: 'reset', method: REGISTER });
    world.rest.faults.inject({ kind: 'lostAnswer', method: REGISTER, skip: 1 });
    const handle = worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930777', sipCallId: 'sip-r' });
    await world.time.advance(120_000);
    expect(sent(world, REGISTER).map((entry) => entry.params['EXTERNAL_CALL_ID'])).toEqual(['sip-r', 'sip-r', 'sip-r']);
    expect(world.rest.activeCalls).toHaveLength(1);
    expect(worker.records.callIdOf(handle.key)).toBe(world.rest.activeCalls[0]!.CALL_ID);
  });
});

describe('records outbox: an ambiguous finish is never sent blindly again', () => {
  test.each([
    ['the answer lost after the write', { kind: 'lostAnswer' as const }, 1],
    ['a 504 after the portal ran it', { kind: 'http504' as const, after: true }, 1],
    ['no answer at all (timeout)', { kind: 'hang' as const }, 1],
    ['a 502 before the portal ran it', { kind: 'http502' as const, after: false }, 2],
    ['a reset before the portal ran it', { kind: 'reset' as const }, 2],
    ['a 503 through BX24 (api/v1 never calls back on a 5xx, so it looks like a timeout)', { kind: 'queryLimit' as const }, 2],
  ])('%s → voximplant.statistic.get first, then exactly one record', async (_name, fault, finishes) => {
    const world = createWorld();
    const worker = world.startWorker();
    world.rest.faults.inject({ ...fault, method: FINISH });
    await answeredCall(world, worker);
    await world.time.advance(90_000);
    expect(world.rest.records).toHaveLength(1);
    expect(sent(world, FINISH)).toHaveLength(finishes);
    const methods = world.rest.log.map((entry) => entry.method).filter((method) => method !== REGISTER);
    expect(methods.slice(0, 2)).toEqual([FINISH, STATS]); // asked before anything else
    expect(kinds(worker.diagnostics)).toEqual(expect.arrayContaining(['finishAmbiguous', 'finishVerified']));
    expect(kinds(worker.diagnostics)).not.toContain('deadLetter');
  });

  test('"Call is not found" but the statistics have it (finished by another instance): recorded, no dead letter', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    const handle = worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930888', sipCallId: 'sip-x' });
    await world.time.advance(1000);
    const callId = worker.records.callIdOf(handle.key)!;
    world.rest.callSync(FINISH, { CALL_ID: callId, USER_ID: 7, DURATION: 5, STATUS_CODE: '200', ADD_TO_CHAT: 0 });
    handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: world.time.now() - 5000, closedAt: world.time.now(), rating: null });
    await world.time.advance(2000);
    expect(world.rest.records).toHaveLength(1);
    expect(worker.deadLetters).toEqual([]);
    expect(worker.diagnostics).toContainEqual(expect.objectContaining({ kind: 'finishVerified', recorded: true }));
  });

  test('statistics not readable (no permission) and an ambiguous finish: a dead letter that says so, never a silent drop', async () => {
    const world = createWorld({ double: { statisticsAccess: 'none' } });
    const worker = world.startWorker();
    world.rest.faults.inject({ kind: 'lostAnswer', method: FINISH });
    await answeredCall(world, worker);
    await world.time.advance(60_000);
    expect(world.rest.records).toHaveLength(1);
    expect(worker.deadLetters.map((letter) => letter.reason)).toEqual(['unverified']);
    expect(worker.deadLetters[0]!.message).toMatch(/may have been recorded/);
    expect(worker.deadLetters[0]!.finish).toMatchObject({ STATUS_CODE: '200', DURATION: 30 });
  });
});

describe('records outbox: dead letters for what Bitrix24 refuses', () => {
  test('never registered (a click-to-call CALL_ID the portal does not know): "Call is not found", no statistics row → dead letter', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    const handle = worker.records.callStarted({ direction: 'outgoing', phoneNumber: '+4930999', callId: 'externalCall.unknown' });
    expect(sent(world, REGISTER)).toHaveLength(0);
    handle.ended({ endedBy: 'hungUp', failureCode: null, connectedAt: null, closedAt: world.time.now(), rating: null });
    await world.time.advance(5000);
    expect(sent(world, REGISTER)).toHaveLength(0); // click-to-call: only finished
    expect(worker.deadLetters).toEqual([expect.objectContaining({ reason: 'notFound', callId: 'externalCall.unknown', response: expect.objectContaining({ description: expect.stringContaining(CALL_NOT_FOUND_TEXT) }) })]);
    expect(worker.records.deadLetters()).toHaveLength(1);
  });

  test('expired (unfinished for 30 days): dead letter with its age', async () => {
    const world = createWorld({ double: { expiryMs: 30 * 24 * 3_600_000 } });
    const worker = world.startWorker();
    const handle = worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930123', sipCallId: 'sip-old' });
    await world.time.advance(1000);
    await world.time.jump(31 * 24 * 3_600_000);
    handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: null, closedAt: world.time.now(), rating: null });
    await world.time.advance(5000);
    expect(worker.deadLetters.map((letter) => letter.reason)).toEqual(['notFound']);
    expect(worker.deadLetters[0]!.message).toMatch(/never registered or it expired \(registered 446\d\d min ago\)/);
  });

  test('a withheld number: nothing is sent, a dead letter says why', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    const handle = worker.records.callStarted({ direction: 'incoming', phoneNumber: 'hidden', sipCallId: 'sip-h' });
    handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: null, closedAt: world.time.now(), rating: null });
    await world.time.advance(5000);
    expect(world.rest.log).toEqual([]);
    expect(worker.deadLetters).toEqual([expect.objectContaining({ reason: 'withheldNumber', message: expect.stringMatching(/withheld number/) })]);
    expect(kinds(worker.diagnostics)).toContain('duplicateOutcome'); // the end of a dead-lettered call is reported, not queued
  });

  test('a call with a bad lineNumber, crmCreate or show (null, a number, a string): each reported, defaults sent, the call registered and recorded', async () => {
    const world = createWorld();
    const worker = world.startWorker({ lineNumber: 'line-7' });
    const handle = worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930919', sipCallId: 'sip-bad', lineNumber: 101, crmCreate: 'yes', show: null } as never);
    const other = worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930920', sipCallId: 'sip-null', lineNumber: null } as never);
    await world.time.advance(1000);
    expect(sent(world, REGISTER).map((entry) => [entry.params['LINE_NUMBER'], entry.params['CRM_CREATE'], entry.params['SHOW']])).toEqual([
      ['line-7', '0', '1'],
      ['line-7', '0', '1'],
    ]);
    expect(worker.diagnostics.filter((d) => d.kind === 'invalidInput').map((d) => (d as Extract<RecordsDiagnostic, { kind: 'invalidInput' }>).field)).toEqual(['lineNumber', 'crmCreate', 'show', 'lineNumber']);
    const now = world.time.now();
    for (const h of [handle, other]) h.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: now - 5000, closedAt: now, rating: null });
    await world.time.advance(2000);
    expect(world.rest.records).toHaveLength(2);
    expect(worker.records.deadLetters()).toEqual([]);
  });

  test('register refused (403): dead letter with the portal\'s answer', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    world.rest.faults.inject({ kind: 'accessDenied', method: REGISTER });
    worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930321', sipCallId: 'sip-403' });
    await world.time.advance(5000);
    expect(worker.deadLetters).toEqual([expect.objectContaining({ reason: 'refused', register: expect.objectContaining({ PHONE_NUMBER: '+4930321' }) })]);
  });
});

describe('records: tying the card to the call', () => {
  test("the card's summary wins over the softphone's end (it has the rating) when a card was shown; the second is ignored", async () => {
    const world = createWorld();
    const worker = world.startWorker();
    const handle = worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930444', sipCallId: 'sip-c' });
    await world.time.advance(1000);
    const callId = worker.records.callIdOf(handle.key)!;
    worker.records.cardShown(callId);
    const now = world.time.now();
    handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: now - 10_000, closedAt: now, rating: null });
    await world.time.advance(300);
    worker.records.callEnded(fromCallSummary({ callId, direction: 'incoming', endedBy: 'remoteHungUp', failureCode: null, rating: 2, connectedAt: now - 10_000, closedAt: now }));
    await world.time.advance(10_000);
    worker.records.callEnded(fromCallSummary({ callId, direction: 'incoming', endedBy: 'remoteHungUp', failureCode: null, rating: 5, connectedAt: now - 10_000, closedAt: now }));
    await world.time.advance(10_000);
    expect(world.rest.records.map((r) => r.VOTE)).toEqual([2]);
    expect(kinds(worker.diagnostics)).toContain('duplicateOutcome');
  });

  test("the card's summary before the register's answer reached the worker (the push raced ahead): held, then tied to the call", async () => {
    const world = createWorld();
    const worker = world.startWorker();
    world.rest.faults.inject({ kind: 'lostAnswer', method: REGISTER });
    const handle = worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930333', sipCallId: 'sip-race' });
    await world.time.advance(200);
    const callId = world.rest.activeCalls[0]!.CALL_ID; // the card has it; the worker does not yet
    expect(worker.records.callIdOf(handle.key)).toBeNull();
    worker.records.cardShown(callId);
    const now = world.time.now();
    worker.records.callEnded(fromCallSummary({ callId, direction: 'incoming', endedBy: 'skipped', failureCode: null, rating: null, connectedAt: null, closedAt: now }));
    await world.time.advance(120_000);
    expect(worker.records.callIdOf(handle.key)).toBe(callId);
    expect(world.rest.records.map((r) => [r.CALL_ID, r.STATUS_CODE])).toEqual([[callId, '603']]);
    expect(worker.records.pending()).toEqual([]);
  });

  test("a register whose answer was lost, held back over a minute (429), while its card's summary waits: the summary is not finished alone; the retry ties it; one record", async () => {
    const world = createWorld();
    const worker = world.startWorker();
    world.rest.faults.inject({ kind: 'lostAnswer', method: REGISTER }); // the portal has the call, the worker does not know it
    world.rest.faults.inject({ kind: 'operationLimit', method: REGISTER }); // the retry waits for operating_reset_at (minutes)
    const handle = worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930313', sipCallId: 'sip-held' });
    await world.time.advance(200);
    const callId = world.rest.activeCalls[0]!.CALL_ID;
    worker.records.cardShown(callId);
    const now = world.time.now();
    worker.records.callEnded(fromCallSummary({ callId, direction: 'incoming', endedBy: 'remoteHungUp', failureCode: null, rating: 4, connectedAt: now - 20_000, closedAt: now }));
    await world.time.advance(15 * 60_000);
    handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: now - 20_000, closedAt: now, rating: null });
    await world.time.advance(60_000);
    expect(world.rest.records.map((r) => [r.CALL_ID, r.VOTE])).toEqual([[callId, 4]]);
    expect(worker.records.callIdOf(handle.key)).toBe(callId);
    expect(world.rest.activeCalls).toEqual([]);
    expect(worker.records.pending()).toEqual([]);
  });

  test('a summary for a call this worker never saw start (a previous worker left no storage): finished by its CALL_ID', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    const registered = world.rest.callSync(REGISTER, { USER_ID: 7, PHONE_NUMBER: '+4930222', TYPE: 2, EXTERNAL_CALL_ID: 'elsewhere', SHOW: 1 });
    const callId = String((registered.body as { result: { CALL_ID: string } }).result.CALL_ID);
    worker.records.callEnded(fromCallSummary({ callId, direction: 'incoming', endedBy: 'orphaned', failureCode: null, rating: null, connectedAt: null, closedAt: world.time.now() }));
    await world.time.advance(5000);
    expect(world.rest.records.map((r) => [r.CALL_ID, r.STATUS_CODE])).toEqual([[callId, '304']]);
  });
});

describe('records: pacing keeps every instance under the portal bucket', () => {
  test('150 calls ending at once through two workers: no 503 with pacing; every one recorded', async () => {
    const world = createWorld();
    const a = world.startWorker();
    const b = world.startWorker();
    const handles = Array.from({ length: 150 }, (_, i) => (i % 2 ? a : b).records.callStarted({ direction: 'incoming', phoneNumber: `+49301${i}`, sipCallId: `p-${i}` }));
    await world.time.advance(100_000);
    const now = world.time.now();
    handles.forEach((handle) => handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: null, closedAt: now, rating: null }));
    await world.time.until(() => world.rest.records.length === 150, 600_000);
    expect(world.rest.records).toHaveLength(150);
    expect(world.rest.counts.queryLimited).toBe(0);
    expect(new Set(world.rest.records.map((r) => r.EXTERNAL_CALL_ID)).size).toBe(150);
  });

  test('without pacing the portal answers 503 and every one is still recorded once', async () => {
    const world = createWorld({ records: { pacing: false } });
    const a = world.startWorker();
    const handles = Array.from({ length: 80 }, (_, i) => a.records.callStarted({ direction: 'incoming', phoneNumber: `+49302${i}`, sipCallId: `q-${i}` }));
    await world.time.until(() => world.rest.activeCalls.length === 80, 600_000);
    const now = world.time.now();
    handles.forEach((handle) => handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: null, closedAt: now, rating: null }));
    await world.time.until(() => world.rest.records.length === 80, 600_000);
    expect(world.rest.counts.queryLimited).toBeGreaterThan(0);
    expect(world.rest.records).toHaveLength(80);
  });
});

describe('records: recording', () => {
  test('attachRecording: attached after the finish of an answered call', async () => {
    const world = createWorld({ records: { attachRecording: ({ callId }) => ({ filename: `${callId}.mp3`, content: 'AAAA' }) } });
    const worker = world.startWorker();
    await answeredCall(world, worker);
    await world.time.advance(5000);
    const methods = world.rest.log.map((entry) => entry.method);
    expect(methods).toEqual([REGISTER, FINISH, 'telephony.externalCall.attachRecord']);
    expect(worker.records.pending()).toEqual([]);
  });
});
