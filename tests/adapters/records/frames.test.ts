/**
 * Issue 18 ("Why"), the records layer across frames, tabs, users and portals: each proved
 * bug of the review has its regression here (statechart v3 SC-F8).
 */
import { createCallRecords, createMemoryStorage, fromBx24, type CallRecordsOptions } from '../../../adapters/records';
import { createFakeLockPartition } from '../../../testing/phone/fakeLocks';
import { createRestDouble } from '../../../testing/rest';
import { createScheduler } from './support/fakeTime';
import { createWorld, directPort } from './support/world';

const cleanups: (() => void)[] = [];
const afterThis = (cleanup: () => void) => cleanups.push(cleanup);
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

describe('SC-F8 the records of one portal and user, whichever frame writes them', () => {
  test('the finish carries the USER_ID of the call, not of the worker that resumes the outbox (operator 7’s call is not finished as operator 8)', async () => {
    const world = createWorld({ port: 'direct' });
    // Two operators whose outboxes meet (one storage and prefix given by the integrator).
    const seven = world.startWorker({ userId: 7, storagePrefix: 'shared.' });
    const handle = seven.records.callStarted({ direction: 'incoming', phoneNumber: '+4930111', sipCallId: 'u7-1' });
    const answeredAt = world.time.now();
    handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: answeredAt, closedAt: answeredAt + 65_000, rating: null });
    seven.crash(); // before anything was sent
    world.startWorker({ userId: 8, storagePrefix: 'shared.' });
    expect(await world.time.until(() => world.rest.records.length === 1, 120_000, 500)).toBe(true);
    const register = world.rest.log.find((entry) => entry.method === 'telephony.externalcall.register')!.params as Record<string, unknown>;
    const finish = world.rest.log.find((entry) => entry.method === 'telephony.externalcall.finish')!.params as Record<string, unknown>;
    expect(String(register['USER_ID'])).toBe('7');
    expect(String(finish['USER_ID'])).toBe('7');
    expect(String(finish['DURATION'])).toBe('65');
  });

  test('one browser, two portals and users, the default storage prefix: user 22 of portal Y never finishes user 11’s call of portal X', async () => {
    const time = createScheduler();
    const portalX = createRestDouble({ clock: time.clock, operating: false, bucket: false });
    const portalY = createRestDouble({ clock: time.clock, operating: false, bucket: false });
    const storage = createMemoryStorage(); // the origin's one localStorage
    const start = (rest: typeof portalX, userId: number, memberId: string) => {
      const clock = time.instance();
      const records = createCallRecords({ rest: directPort(rest), userId, memberId, storage, clock, locks: null } as CallRecordsOptions);
      return { records, clock };
    };
    const x = start(portalX, 11, 'portal-x');
    const handle = x.records.callStarted({ direction: 'outgoing', phoneNumber: '+4930222', sipCallId: 'x-1' });
    await time.until(() => x.records.callIdOf(handle.key) !== null, 60_000, 200);
    const callIdX = x.records.callIdOf(handle.key)!;
    expect(callIdX).toEqual(expect.any(String));
    handle.ended({ endedBy: 'hungUp', failureCode: null, connectedAt: time.now() - 5000, closedAt: time.now(), rating: null });
    x.records.dispose();
    x.clock.kill(); // portal X's tab navigates away before its finish goes out

    const y = start(portalY, 22, 'portal-y');
    await time.advance(120_000);
    expect(portalY.log.filter((entry) => entry.method === 'telephony.externalcall.finish')).toEqual([]);
    expect(portalY.log.map((entry) => JSON.stringify(entry.params))).not.toContainEqual(expect.stringContaining(callIdX));

    // The next frame of portal X's user finishes it, on portal X, as user 11.
    start(portalX, 11, 'portal-x');
    expect(await time.until(() => portalX.records.length === 1, 120_000, 500)).toBe(true);
    expect(portalX.records[0]).toMatchObject({ CALL_ID: callIdX, USER_ID: 11 });
    y.records.dispose();
  });

  test('the portal comes from BX24.getAuth().member_id when memberId is not given; unknown, it is reported (portalUnknown)', () => {
    const storage = createMemoryStorage();
    const bx24 = { callMethod: () => undefined, getAuth: () => ({ access_token: 't', member_id: 'abc123' }) };
    const records = createCallRecords({ rest: fromBx24(bx24), userId: 7, storage, locks: null });
    records.callStarted({ direction: 'incoming', phoneNumber: '+4930999', sipCallId: 'scope-1' });
    expect([...storage.keys()].filter((key) => key.includes('.s.'))).toEqual(['b24cc.records.abc123.7.s.sip:scope-1']);
    records.dispose();
    const reported: string[] = [];
    createCallRecords({ rest: fromBx24({ callMethod: () => undefined }), userId: 7, storage, locks: null, onDiagnostic: (d) => reported.push(d.kind) }).dispose();
    expect(reported).toEqual(['portalUnknown']);
  });

  test('storage blocked (each frame keeps its outbox in memory) and two tabs: the tab that is not the lock’s writer still sends its calls', async () => {
    const world = createWorld({ port: 'direct' });
    const locks = createFakeLockPartition(); // Web Locks work where storage is blocked
    // Blocked storage: reading localStorage throws (Chromium with third-party storage blocked).
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, get: () => { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
    afterThis(() => delete (globalThis as { localStorage?: unknown }).localStorage);
    const tabA = world.startWorker({ storage: undefined, locks: locks.managerOf('A') });
    const tabB = world.startWorker({ storage: undefined, locks: locks.managerOf('B') });
    await world.time.advance(1000);
    const inA = tabA.records.callStarted({ direction: 'incoming', phoneNumber: '+4930333', sipCallId: 'blocked-a' });
    const inB = tabB.records.callStarted({ direction: 'incoming', phoneNumber: '+4930444', sipCallId: 'blocked-b' });
    for (const handle of [inA, inB]) handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: null, closedAt: world.time.now(), rating: null });
    expect(await world.time.until(() => world.rest.records.length === 2, 300_000, 500)).toBe(true);
    expect(world.rest.records.map((record) => record.EXTERNAL_CALL_ID).sort()).toEqual(['blocked-a', 'blocked-b']);
    expect(tabB.diagnostics.some((diagnostic) => diagnostic.kind === 'storageFailed')).toBe(true);
  });

  test('a call abandoned with its answer known (callAnswered) claims the talk time it had, not DURATION 0', async () => {
    const world = createWorld({ port: 'direct', records: { abandonAfterMs: 3_600_000 } });
    const worker = world.startWorker();
    const handle = worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930555', sipCallId: 'abandoned-1' });
    await world.time.advance(10_000);
    const answeredAt = world.time.now();
    (worker.records as unknown as { callAnswered(key: string, at: number): void }).callAnswered(handle.key, answeredAt);
    (worker.records as unknown as { callAlive(key: string, at: number): void }).callAlive(handle.key, answeredAt + 300_000);
    await world.time.jump(3_600_000); // the end never comes: an hour later the call is abandoned
    expect(await world.time.until(() => world.rest.records.length === 1, 600_000, 1000)).toBe(true);
    expect(world.rest.records[0]).toMatchObject({ STATUS_CODE: '200', DURATION: 300 });
  }, 30_000);
});
