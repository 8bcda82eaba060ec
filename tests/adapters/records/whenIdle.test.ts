/** `records.whenIdle()` (issue 20 item 8): it resolves only when nothing is pending or in flight. */
import { flush } from './support/fakeTime';
import { createWorld } from './support/world';

describe('records.whenIdle()', () => {
  test('a call ended before the writer holds its lease: whenIdle resolves only once the call is recorded', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    const handle = worker.records.callStarted({ direction: 'incoming', phoneNumber: '+4930111', sipCallId: 'idle-1' });
    handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: world.time.now(), closedAt: world.time.now() + 10_000, rating: null });
    let idleAt: number | null = null;
    let recordsWhenIdle = -1;
    void worker.records.whenIdle().then(() => {
      idleAt = world.time.now();
      recordsWhenIdle = world.rest.records.length;
    });
    await flush();
    expect(idleAt).toBeNull(); // the lease is not even taken yet: nothing has been sent
    expect(await world.time.until(() => idleAt !== null, 60_000, 100)).toBe(true);
    expect(recordsWhenIdle).toBe(1);
    expect(worker.records.pending()).toEqual([]);
  });

  test('a call still waiting for its end keeps whenIdle waiting; its end lets it resolve; dispose always does', async () => {
    const world = createWorld();
    const worker = world.startWorker();
    const handle = worker.records.callStarted({ direction: 'outgoing', phoneNumber: '+4930222', sipCallId: 'idle-2' });
    let idle = false;
    void worker.records.whenIdle().then(() => (idle = true));
    await world.time.advance(30_000);
    expect(idle).toBe(false);
    expect(worker.records.pending().map((call) => call.stage)).toEqual(['awaitingOutcome']);
    handle.ended({ endedBy: 'hungUp', failureCode: null, connectedAt: null, closedAt: world.time.now(), rating: null });
    expect(await world.time.until(() => idle, 60_000, 100)).toBe(true);
    expect(world.rest.records).toHaveLength(1);

    worker.records.callStarted({ direction: 'outgoing', phoneNumber: '+4930333', sipCallId: 'idle-3' });
    let afterDispose = false;
    void worker.records.whenIdle().then(() => (afterDispose = true));
    worker.records.dispose();
    await flush();
    expect(afterDispose).toBe(true);
  });

  test('an instance that is not the writer waits until the writer has sent everything', async () => {
    const world = createWorld();
    const writer = world.startWorker();
    await world.time.advance(1000); // the first instance holds the lease
    const other = world.startWorker();
    const handle = other.records.callStarted({ direction: 'incoming', phoneNumber: '+4930444', sipCallId: 'idle-4' });
    handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: null, closedAt: world.time.now(), rating: null });
    let recordsWhenIdle: number | null = null;
    void other.records.whenIdle().then(() => (recordsWhenIdle = world.rest.records.length));
    await flush();
    expect(recordsWhenIdle).toBeNull();
    expect(await world.time.until(() => recordsWhenIdle !== null, 60_000, 100)).toBe(true);
    expect(writer.records.isWriter).toBe(true);
    expect(other.records.isWriter).toBe(false);
    expect(recordsWhenIdle).toBe(1);
  });
});
