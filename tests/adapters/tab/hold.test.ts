/**
 * Holding the card open after the call (statechart v3 SC-T4) and the closing notice (SC-T2),
 * against the portal double's CALL_CARD tab (host-behaviour v3 §11: the 65 s auto-close hold,
 * the worker's CallCardClose not stopped by it, a held card suppressing the next call's card)
 * with the phone's owner in a worker frame of the same partition.
 */
import { AUTO_CLOSE_HOLD_MS } from '../../../protocol/callCardTab';
import type { PortalTab } from '../../../testing/host';
import { HEARTBEAT, World, type Worker } from './world';
import type { CallCardTabOptions } from '../../../adapters/tab/types';
import type { PhoneOptions } from '../../../adapters/phone/createPhone';

const CALL = Object.freeze({ CALL_ID: 'c-form', CALL_DIRECTION: 'incoming' as const, PHONE_NUMBER: '+4930555', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 9 });

let world: World;
beforeEach(() => {
  world = new World({ tabs: 0 });
});
afterEach(async () => {
  await world.stop();
});

/** The owner's worker in the card's portal tab, a connected call, and its CALL_CARD tab running. */
async function connectedCall(tabOptions: Partial<CallCardTabOptions> = {}, phoneOptions: Partial<Pick<PhoneOptions, 'cardTab'>> = {}, sip = false) {
  const portalTab = world.portal.openTab();
  const owner = world.worker(portalTab.workerFrame, phoneOptions, 'worker', sip);
  await world.advance(HEARTBEAT * 2);
  world.portal.push({ ...CALL });
  await world.settle();
  const cardTab = world.cardTab(portalTab, tabOptions);
  await world.advance(HEARTBEAT);
  portalTab.click('answerButtonClick');
  await world.settle();
  owner.phone.session!.card.send({ type: 'phone.connected' });
  await world.settle();
  expect(cardTab.tab.state.call?.uiState).toBe('connected');
  return { portalTab, owner, ...cardTab };
}

async function endCall(owner: Worker): Promise<void> {
  owner.phone.session!.card.send({ type: 'phone.ended' });
  await world.settle();
}

describe('SC-T4 holding the card open after the call', () => {
  test('the owner defers its own CallCardClose of the held call; the summary is handed over; release() closes the card', async () => {
    const { portalTab, owner, tab } = await connectedCall();
    tab.holdOpen();
    await world.settle();
    await endCall(owner);
    expect(owner.summaries).toEqual([expect.objectContaining({ callId: 'c-form', endedBy: 'remoteHungUp' })]);
    expect(tab.state.call).toBeNull();
    expect(portalTab.card).not.toBeNull();
    expect(owner.diagnostics).toContainEqual(expect.objectContaining({ kind: 'closeDeferred', callId: 'c-form' }));
    await world.advance(30_000);
    expect(portalTab.card).not.toBeNull();
    tab.release();
    await world.settle();
    expect(portalTab.card).toBeNull();
    expect(tab.state.hold).toEqual({ status: 'released', callId: 'c-form', reason: 'released' });
  });

  test('§11 the host\'s auto-close stays held: disableAutoClose renewed before each 65 s runs out', async () => {
    const { portalTab, tab } = await connectedCall();
    tab.holdOpen();
    await world.settle();
    world.portal.hide('c-form');
    expect(portalTab.card?.closesAt).not.toBeNull();
    await world.advance(AUTO_CLOSE_HOLD_MS * 3, 5_000);
    expect(portalTab.card).not.toBeNull();
    const renewals = world.portal.tabCommands?.filter((entry) => entry.command === 'disableAutoClose') ?? [];
    expect(renewals.length).toBeGreaterThanOrEqual(4);
  });

  test('bounded: the owner closes the card once its maxHoldMs has passed, and the tab hears "timeout"', async () => {
    const { portalTab, owner, tab } = await connectedCall({}, { cardTab: { maxHoldMs: 60_000 } });
    tab.holdOpen();
    await world.settle();
    await endCall(owner);
    await world.advance(55_000, 5_000);
    expect(portalTab.card).not.toBeNull();
    await world.advance(6_000);
    expect(portalTab.card).toBeNull();
    expect(tab.state.hold).toMatchObject({ status: 'released', reason: 'timeout' });
  });

  test('§11 a held card suppresses the next call\'s card; a new call releases the hold and closes it first, so the next card is raised, and the tab hears "newCall"', async () => {
    const { portalTab, owner, tab } = await connectedCall();
    tab.holdOpen();
    await world.settle();
    await endCall(owner);
    // The host's own fact, held card and all: the next push raises no card.
    world.portal.push({ CALL_ID: 'c-suppressed', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930666' });
    await world.settle();
    expect(portalTab.card?.call.CALL_ID).toBe('c-form');
    await world.newCallWins(portalTab, owner, tab, 'c-form', 'c-next');
  });
});

describe('SC-T4 and SC-L6: a dial request is a new call', () => {
  test('the held card is released and closed before the request is dialled (from any frame), so the click-to-call card can be raised', async () => {
    const { portalTab, owner, tab } = await connectedCall();
    tab.holdOpen();
    await world.settle();
    await endCall(owner);
    expect(portalTab.card?.call.CALL_ID).toBe('c-form');
    owner.phone.dialRequest({ callId: 'c-dialled', phoneNumber: '+4930888', userId: 7, isMobile: false });
    await world.settle();
    expect(portalTab.card).toBeNull();
    expect(tab.state.hold).toMatchObject({ status: 'released', callId: 'c-form', reason: 'newCall' });
    expect(owner.phone.state.call).toMatchObject({ callId: 'c-dialled', uiState: 'connectingOutgoing', card: 'none' });
  });
});

describe('SC-T4 a new SIP session releases the hold by itself', () => {
  test('the softphone\'s observeCalls reports a session start (an INVITE rings): the held card is closed at once, before any register, and the tab hears "newCall"', async () => {
    const { portalTab, owner, tab } = await connectedCall({}, {}, true);
    tab.holdOpen();
    await world.settle();
    await endCall(owner);
    expect(portalTab.card).not.toBeNull();
    expect(owner.observers).toHaveLength(1);
    const order: string[] = [];
    // What records.attach would do next in its own observer: register the new call.
    owner.observers.push({ started: () => order.push(owner.diagnostics.some((d) => d.kind === 'cardHoldReleased') ? 'register after the release' : 'register while held') });
    for (const observer of [...owner.observers]) observer.started?.();
    expect(order).toEqual(['register after the release']);
    await world.settle();
    expect(portalTab.card).toBeNull();
    expect(tab.state.hold).toMatchObject({ status: 'released', callId: 'c-form', reason: 'newCall' });
    expect(owner.diagnostics).toContainEqual(expect.objectContaining({ kind: 'cardHoldReleased', reason: 'newCall' }));
  });
});

describe('SC-T4 observers attached through the phone (records.attach(phone.session.softphone)) hear a new session once the held card is closed', () => {
  test('the register waits for the close to land in the card\'s window, so the portal raises the new card', async () => {
    const { portalTab, owner, tab } = await connectedCall({}, {}, true);
    const observed: string[] = [];
    // What records.attach does with the softphone the phone hands out: registers the call as its session starts.
    const softphone = owner.phone.session!.softphone as unknown as { observeCalls(observer: { started(): void; ended(): void }): unknown };
    softphone.observeCalls({ started: () => observed.push(portalTab.card === null ? 'register, the held card closed' : 'register while the held card shows'), ended: () => observed.push('ended') });
    tab.holdOpen();
    await world.settle();
    await endCall(owner);
    expect(portalTab.card).not.toBeNull();
    for (const observer of [...owner.observers]) observer.started?.();
    for (const observer of [...owner.observers]) (observer as { ended?(): void }).ended?.();
    expect(observed).toEqual([]);
    await world.settle();
    expect(observed).toEqual(['register, the held card closed', 'ended']);
  });

  test('with no card held they hear it at once', async () => {
    const { owner } = await connectedCall({}, {}, true);
    const observed: string[] = [];
    const softphone = owner.phone.session!.softphone as unknown as { observeCalls(observer: { started(): void }): unknown };
    softphone.observeCalls({ started: () => observed.push('started') });
    for (const observer of [...owner.observers]) observer.started?.();
    expect(observed).toEqual(['started']);
  });
});

describe('SC-T4 comments and ratings on a held card after the summary', () => {
  test('reach onComment / onRating with the call\'s id; garbage is reported, not taken', async () => {
    const { portalTab, owner, tab } = await connectedCall();
    tab.holdOpen();
    await world.settle();
    await endCall(owner);
    expect(owner.summaries).toHaveLength(1);
    expect(portalTab.card).not.toBeNull();
    portalTab.comment('will call back on Monday');
    portalTab.rate(4);
    portalTab.click('qualityMeterClick', 'nine');
    await world.settle();
    expect(owner.heard).toEqual([
      { hook: 'onComment', callId: 'c-form', value: 'will call back on Monday' },
      { hook: 'onRating', callId: 'c-form', value: 4 },
    ]);
    expect(owner.diagnostics).toContainEqual(expect.objectContaining({ kind: 'heldCardEventRejected', event: 'qualityMeterClick', callId: 'c-form' }));
    tab.release();
    await world.settle();
    expect(portalTab.card).toBeNull();
  });
});

describe('SC-T2 a close the tab hears in time', () => {
  test('before the owner closes a card whose tab is open, it tells the tab and waits for it to say it saved', async () => {
    let saved: () => void = () => undefined;
    const order: string[] = [];
    const notices: unknown[] = [];
    const { portalTab } = await connectedCall({
      onClosing: (notice) => {
        notices.push(notice);
        order.push('closing');
        return new Promise<void>((resolve) => {
          saved = () => {
            order.push('saved');
            resolve();
          };
        });
      },
    });
    watchClose(portalTab, order);
    portalTab.click('hangupButtonClick');
    await world.settle();
    expect(notices).toEqual([{ callId: 'c-form' }]);
    expect(portalTab.card).not.toBeNull();
    saved();
    await world.settle();
    expect(portalTab.card).toBeNull();
    expect(order).toEqual(['closing', 'saved', 'card closed']);
  });

  test('bounded: a tab that never says it saved holds the close for closingNoticeMs only (reported tabNotSaved)', async () => {
    const { portalTab, owner } = await connectedCall({ onClosing: () => new Promise(() => undefined) }, { cardTab: { closingNoticeMs: 1_500 } });
    portalTab.click('hangupButtonClick');
    await world.settle();
    expect(portalTab.card).not.toBeNull();
    await world.advance(2_000, 500);
    expect(portalTab.card).toBeNull();
    expect(owner.diagnostics).toContainEqual(expect.objectContaining({ kind: 'tabNotSaved', callId: 'c-form' }));
    expect(owner.summaries).toHaveLength(1);
  });
});

/** Notes when the portal tab's card goes, as the host changes. */
function watchClose(portalTab: PortalTab, order: string[]): void {
  let open = portalTab.card !== null;
  const unsubscribe = world.portal.subscribe(() => {
    if (open && portalTab.card === null) {
      open = false;
      order.push('card closed');
      unsubscribe();
    }
  });
}
