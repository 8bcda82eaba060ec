import { createMemoryStorage } from '../../../adapters/records';
import { Pacer } from '../../../adapters/records/outbox/pacer';
import { Store } from '../../../adapters/records/outbox/store';
import { createWriterLock, type LockManagerLike } from '../../../adapters/records/storage/writerLock';
import { createScheduler } from './support/fakeTime';

function lease(time: ReturnType<typeof createScheduler>, store: Store, id: string) {
  const clock = time.instance();
  const lock = createWriterLock({ name: 'w', instanceId: id, store, clock, report: () => undefined, locks: null, leaseMs: 10_000 });
  const changes: boolean[] = [];
  lock.start((held) => changes.push(held));
  return { lock, clock, changes };
}

describe('records: one writer at a time', () => {
  test('storage lease: the first instance holds it, the second waits; a crashed holder is replaced once its lease expires', async () => {
    const time = createScheduler();
    const store = new Store(createMemoryStorage(), 'p.', () => undefined);
    const a = lease(time, store, 'A');
    await time.advance(100);
    const b = lease(time, store, 'B');
    await time.advance(30_000);
    expect(a.lock.isHeld()).toBe(true);
    expect(b.lock.isHeld()).toBe(false);
    // A's frame dies: it renews no more.
    a.clock.kill();
    // A renewed at most a third of the lease (3.3 s) before it died: its lease runs 6.7–10 s more.
    await time.advance(6_000);
    expect(b.lock.isHeld()).toBe(false); // not before the lease runs out
    await time.advance(8_000);
    expect(b.lock.isHeld()).toBe(true);
    expect(b.changes).toEqual([true]);
    expect(a.lock.isHeld()).toBe(false); // A, were it alive, would see the lease is not its own
  });

  test('storage lease: two instances racing for a free lease settle on one', async () => {
    const time = createScheduler();
    const store = new Store(createMemoryStorage(), 'p.', () => undefined);
    const a = lease(time, store, 'A');
    const b = lease(time, store, 'B');
    await time.advance(60_000);
    expect([a.lock.isHeld(), b.lock.isHeld()].filter(Boolean)).toHaveLength(1);
  });

  test('storage lease: a disposed holder hands over at once (no wait for expiry)', async () => {
    const time = createScheduler();
    const store = new Store(createMemoryStorage(), 'p.', () => undefined);
    const a = lease(time, store, 'A');
    await time.advance(100);
    const b = lease(time, store, 'B');
    await time.advance(1000);
    a.lock.stop();
    await time.advance(4000);
    expect(b.lock.isHeld()).toBe(true);
  });

  test('navigator.locks: only the granted instance writes; the next is granted when it lets go', async () => {
    // The Web Locks API's exclusive grant, as browsers implement it.
    const queue: { callback: (lock: unknown) => Promise<void>; done: (value: unknown) => void }[] = [];
    let busy = false;
    const grant = () => {
      if (busy || queue.length === 0) return;
      busy = true;
      const next = queue.shift()!;
      void next.callback({}).then((value) => {
        busy = false;
        next.done(value);
        grant();
      });
    };
    const locks: LockManagerLike = { request: (_name, _options, callback) => new Promise((done) => (queue.push({ callback, done }), grant())) };
    const time = createScheduler();
    const store = new Store(createMemoryStorage(), 'p.', () => undefined);
    const make = (id: string) => createWriterLock({ name: 'w', instanceId: id, store, clock: time.instance(), report: () => undefined, locks, leaseMs: 10_000 });
    const a = make('A');
    const b = make('B');
    a.start(() => undefined);
    b.start(() => undefined);
    await time.advance(10);
    expect([a.isHeld(), b.isHeld()]).toEqual([true, false]);
    a.stop();
    await time.advance(10);
    expect([a.isHeld(), b.isHeld()]).toEqual([false, true]);
  });
});

describe('records: client-side pacing shared through storage', () => {
  test('a burst goes at once, then one request per drain slot; a second instance inherits the level', () => {
    const storage = createMemoryStorage();
    const one = new Pacer(new Store(storage, 'p.', () => undefined), { burst: 3, drainPerSecond: 2 });
    const two = new Pacer(new Store(storage, 'p.', () => undefined), { burst: 3, drainPerSecond: 2 });
    for (let i = 0; i < 3; i += 1) {
      expect(one.delay(0)).toBe(0);
      one.spend(0);
    }
    expect(one.delay(0)).toBe(500);
    expect(two.delay(0)).toBe(500); // the other instance sees the same bucket
    expect(two.delay(500)).toBe(0);
  });

  test('a 503 fills the bucket; a 429 blocks until operating_reset_at', () => {
    const pacer = new Pacer(new Store(createMemoryStorage(), 'p.', () => undefined), { burst: 40, drainPerSecond: 2 });
    pacer.saturate(1000);
    expect(pacer.delay(1000)).toBe(500);
    pacer.block(90_000, 2000);
    expect(pacer.delay(2000)).toBe(88_000);
  });
});
