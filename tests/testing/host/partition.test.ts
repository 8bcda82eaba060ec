/** Storage partitions: which frames can talk to each other (host-behaviour.md v3 §10), on testing/phone's fake partition. */
import { createPortalDouble } from '../../../testing/host';
import type { AppFrame, PortalDouble } from '../../../testing/host';
import { createFakePartition } from '../../../testing/phone/fakePartition';
import { CRM_CALL } from './portalHelpers';

/** Everything `frame`'s current document hears on `name`. */
function listenOn(frame: AppFrame, name: string): unknown[] {
  const heard: unknown[] = [];
  frame.partition.channel(name).addEventListener('message', (event) => heard.push(event.data));
  return heard;
}

/** Holds `name` from `frame`'s current document until the test ends. */
function hold(frame: AppFrame, name: string, granted: string[], label: string): void {
  void frame.partition.locks.request(name, { mode: 'exclusive' }, () => {
    granted.push(label);
    return new Promise<void>(() => undefined);
  });
}

describe('§10 all of the application\'s frames under one portal share one partition, across tabs: a worker, the application\'s page and the CALL_CARD tab', () => {
  test('a BroadcastChannel reaches every other channel of the name (other tabs, the card\'s tab, another one in the sender\'s document), not the sender; localStorage is one', async () => {
    const portal = createPortalDouble({ tabs: 0 });
    const worker = portal.openTab().workerFrame;
    const appPage = portal.openTab({ page: 'app' }).appPage;
    if (appPage === null) throw new Error('an app page');
    portal.push({ ...CRM_CALL });
    const cardTab = portal.frames.find((frame) => frame.kind === 'callCardTab');
    if (cardTab === undefined) throw new Error('a CALL_CARD tab');
    const heard = { worker: listenOn(worker, 'phone'), appPage: listenOn(appPage, 'phone'), cardTab: listenOn(cardTab, 'phone') };
    const sender = appPage.partition.channel('phone');
    const self: unknown[] = [];
    sender.addEventListener('message', (event) => self.push(event.data));
    sender.postMessage('hello');
    await portal.partition.settle();
    expect(heard).toEqual({ worker: ['hello'], appPage: ['hello'], cardTab: ['hello'] });
    expect(self).toHaveLength(0);
    portal.partition.storage.setItem('owner', worker.partition.id);
    expect(portal.partition.storage.getItem('owner')).toBe(worker.partition.id);
  });
});

describe('§10 §6 a frame\'s document takes its partition handles with it: navigation, a closed tab or a worker reload kill it, and its locks pass on', () => {
  test.each([
    ['the tab navigates', (portal: PortalDouble) => portal.tabs[0]?.navigate()],
    ['the tab closes', (portal: PortalDouble) => portal.tabs[0]?.close()],
    ['the worker frame alone reloads', (portal: PortalDouble) => portal.tabs[0]?.worker.reloadWorker()],
  ])('%s: the lock the worker held goes to the frame waiting in the other tab; the old document hears nothing more', async (_label, end) => {
    const portal = createPortalDouble({ tabs: 2 });
    const [first, second] = portal.tabs;
    if (first === undefined || second === undefined) throw new Error('two tabs');
    const granted: string[] = [];
    const ownerDocument = first.workerFrame.partition.id;
    hold(first.workerFrame, 'phone-owner', granted, 'first');
    await portal.partition.settle();
    hold(second.workerFrame, 'phone-owner', granted, 'second');
    const oldHears = listenOn(first.workerFrame, 'phone');
    await portal.partition.settle();
    expect(portal.partition.holderOf('phone-owner')).toBe(ownerDocument);
    end(portal);
    await portal.partition.settle();
    expect(granted).toEqual(['first', 'second']);
    expect(portal.partition.holderOf('phone-owner')).toBe(second.workerFrame.partition.id);
    second.workerFrame.partition.channel('phone').postMessage('anyone?');
    await portal.partition.settle();
    expect(oldHears).toHaveLength(0);
  });

  test('a slider closing kills its frames\' documents; the CALL_CARD tab\'s document dies with the card', async () => {
    const portal = createPortalDouble();
    const tab = portal.tabs[0];
    if (tab === undefined) throw new Error('a tab');
    const slider = tab.openSlider({ app: true });
    const appPage = slider.appPage;
    if (appPage === null) throw new Error('an app page');
    const granted: string[] = [];
    hold(appPage, 'ui', granted, 'slider');
    portal.push({ ...CRM_CALL });
    const cardTab = tab.callCardTab?.frame;
    if (cardTab === undefined) throw new Error('a CALL_CARD tab');
    hold(cardTab, 'form', granted, 'tab');
    await portal.partition.settle();
    slider.close();
    portal.hide('c-crm');
    await portal.partition.settle();
    expect([portal.partition.holderOf('ui'), portal.partition.holderOf('form')]).toEqual([null, null]);
  });
});

describe('§10 the partition key is the top-level site: two portals of one site may share one partition', () => {
  test('two portal doubles given one fake partition hear each other; a default one is their own', async () => {
    const shared = createFakePartition();
    const x = createPortalDouble({ partition: shared }).tabs[0]?.workerFrame;
    const y = createPortalDouble({ partition: shared }).tabs[0]?.workerFrame;
    if (x === undefined || y === undefined) throw new Error('frames');
    expect(x.partition.id).not.toBe(y.partition.id);
    const heard = listenOn(y, 'phone');
    x.partition.channel('phone').postMessage('from portal X');
    await shared.settle();
    expect(heard).toEqual(['from portal X']);
    expect(createPortalDouble().partition).not.toBe(shared);
  });
});
