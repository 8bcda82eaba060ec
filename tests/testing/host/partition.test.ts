/** Storage partitions: which frames can talk to each other (host-behaviour.md v3 §10). */
import { createPortalDouble, createStoragePartition } from '../../../testing/host';
import type { AppFrame, PortalDouble } from '../../../testing/host';
import { CRM_CALL } from './portalHelpers';

function twoTabs(): { portal: PortalDouble; a: AppFrame; b: AppFrame } {
  const portal = createPortalDouble({ tabs: 0 });
  const a = portal.openTab().workerFrame;
  const b = portal.openTab({ page: 'app' }).appPage;
  if (b === null) throw new Error('an app page');
  return { portal, a, b };
}

describe('§10 all of the application\'s frames under one portal share one partition, across tabs: BroadcastChannel, localStorage with its storage event, Web Locks', () => {
  test('a worker in one tab, the application\'s page in another and the card\'s CALL_CARD tab hear each other on a BroadcastChannel (not themselves)', async () => {
    const { portal, a, b } = twoTabs();
    portal.push({ ...CRM_CALL });
    const tabFrame = portal.frames.find((f) => f.kind === 'callCardTab');
    if (tabFrame === undefined) throw new Error('a CALL_CARD tab');
    const heard: string[] = [];
    for (const [label, frame] of [['a', a], ['b', b], ['tab', tabFrame]] as const) {
      frame.partition.channel('phone').onmessage = (event) => heard.push(`${label}<-${String(event.data)}`);
    }
    a.partition.channel('phone').postMessage('hello');
    await portal.settle();
    expect(heard.sort()).toEqual(['a<-hello', 'b<-hello', 'tab<-hello']);
    const self: unknown[] = [];
    const own = b.partition.channel('phone');
    own.onmessage = (event) => self.push(event.data);
    own.postMessage('me');
    await portal.settle();
    expect(self).toHaveLength(0);
  });

  test('localStorage is shared; the storage event reaches the other documents, not the writer', async () => {
    const { portal, a, b } = twoTabs();
    const seenA: unknown[] = [];
    const seenB: unknown[] = [];
    a.partition.localStorage.onStorage((event) => seenA.push(event));
    b.partition.localStorage.onStorage((event) => seenB.push(event));
    a.partition.localStorage.setItem('owner', 'frame-a');
    await portal.settle();
    expect(b.partition.localStorage.getItem('owner')).toBe('frame-a');
    expect(seenA).toHaveLength(0);
    expect(seenB).toEqual([{ key: 'owner', oldValue: null, newValue: 'frame-a' }]);
  });

  test('an exclusive Web Lock: the second frame waits; ifAvailable answers null while it is held', async () => {
    const { portal, a, b } = twoTabs();
    let releaseA: () => void = () => undefined;
    const order: string[] = [];
    void a.partition.locks.request('phone-owner', () => {
      order.push('a holds');
      return new Promise<void>((resolve) => {
        releaseA = resolve;
      });
    });
    await portal.settle();
    const probe = await b.partition.locks.request('phone-owner', { ifAvailable: true }, (lock) => lock);
    expect(probe).toBeNull();
    const bDone = b.partition.locks.request('phone-owner', () => {
      order.push('b holds');
    });
    await portal.settle();
    expect(order).toEqual(['a holds']);
    expect((await a.partition.locks.query()).pending).toEqual([{ name: 'phone-owner', clientId: expect.stringContaining(`frame${b.id}`) }]);
    releaseA();
    await bDone;
    expect(order).toEqual(['a holds', 'b holds']);
  });
});

describe('§10 §6 a frame\'s document takes its partition handles with it: navigation, a worker reload or a closed slider release its locks and close its channels', () => {
  test.each([
    ['the tab navigates', (portal: PortalDouble) => portal.tabs[0]?.navigate()],
    ['the tab closes', (portal: PortalDouble) => portal.tabs[0]?.close()],
    ['the worker frame alone reloads', (portal: PortalDouble) => portal.tabs[0]?.worker.reloadWorker()],
  ])('%s: the lock the worker held goes to the frame waiting in the other tab', async (_label, end) => {
    const portal = createPortalDouble({ tabs: 2 });
    const [first, second] = portal.tabs;
    if (first === undefined || second === undefined) throw new Error('two tabs');
    const owner = first.workerFrame;
    const ownerDocument = owner.partition;
    let ownerLost = false;
    void ownerDocument.locks.request('phone-owner', () => new Promise(() => undefined));
    await portal.settle();
    const granted: string[] = [];
    void second.workerFrame.partition.locks.request('phone-owner', () => {
      granted.push('second');
      return new Promise(() => undefined);
    });
    const channel = ownerDocument.channel('phone');
    channel.onmessage = () => {
      ownerLost = true;
    };
    await portal.settle();
    expect(granted).toEqual([]);
    end(portal);
    await portal.settle();
    expect(granted).toEqual(['second']);
    second.workerFrame.partition.channel('phone').postMessage('anyone?');
    await portal.settle();
    expect(ownerLost).toBe(false);
    expect(ownerDocument.alive).toBe(false);
  });

  test('a reloaded worker frame gets a new document in the same partition: it reads what the old one wrote', () => {
    const portal = createPortalDouble();
    const frame = portal.tabs[0]?.workerFrame;
    if (frame === undefined) throw new Error('a frame');
    frame.partition.localStorage.setItem('journal', '{"call":"c1"}');
    const before = frame.partition.clientId;
    portal.tabs[0]?.worker.reloadWorker();
    expect(frame.partition.clientId).not.toBe(before);
    expect(frame.partition.localStorage.getItem('journal')).toBe('{"call":"c1"}');
  });
});

describe('§10 the partition key is the top-level site: two portals of one site may share one; a first-party window shares none', () => {
  test('two portal doubles given one partition share storage and channels; a separate partition hears nothing', async () => {
    const shared = createStoragePartition('bitrix24.com');
    const portalX = createPortalDouble({ partition: shared });
    const portalY = createPortalDouble({ partition: shared });
    const x = portalX.tabs[0]?.workerFrame;
    const y = portalY.tabs[0]?.workerFrame;
    if (x === undefined || y === undefined) throw new Error('frames');
    x.partition.localStorage.setItem('outbox', 'portal X');
    expect(y.partition.localStorage.getItem('outbox')).toBe('portal X');
    expect(portalX.partition).toBe(shared);
    const popup = createStoragePartition('app.example').open('first-party popup');
    expect(popup.localStorage.getItem('outbox')).toBeNull();
    const heard: unknown[] = [];
    popup.channel('phone').onmessage = (event) => heard.push(event.data);
    x.partition.channel('phone').postMessage('hello');
    await portalX.settle();
    expect(heard).toHaveLength(0);
    expect(createPortalDouble().partition).not.toBe(shared);
  });
});
