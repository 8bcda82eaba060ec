/**
 * SC-T4 with SC-F4: the card held open after its call for a form, when the owner's tab closes.
 * The owner had deferred its CallCardClose; that close died with it. The tab announces its
 * hold to the new owner, which honours it (the card stays for the form) and closes the card
 * itself when the hold ends: the tab releases it, the bound passes, or a new call comes. No
 * card is left held with nobody to close it. Against the portal double (§11: a held card
 * suppresses the next call's card; enableAutoClose closes nothing outside a countdown).
 */
import type { PortalTab } from '../../../testing/host';
import { HEARTBEAT, World, type Worker } from './world';

const CALL = Object.freeze({ CALL_ID: 'c-held', CALL_DIRECTION: 'incoming' as const, PHONE_NUMBER: '+4930888', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 4 });
const BOUND = 60_000;

let world: World;
beforeEach(() => {
  world = new World({ tabs: 0 });
});
afterEach(async () => {
  await world.stop();
});

/**
 * Owner in tab A, the card and its tab in tab B, the call answered, held for the form, ended;
 * then tab A closes. The next owner is tab B's worker, or with `thirdTab` tab C's (its worker
 * queued for the lock before B's), whose window does not show the card.
 */
async function heldCardOfADeadOwner(thirdTab = false) {
  // The push reaches tab A (and C) late: the card is built in tab B only (the viExternalCard flag, §7).
  const tabA = world.portal.openTab({ pushDelayMs: 500 });
  const tabC = thirdTab ? world.portal.openTab({ pushDelayMs: 500 }) : null;
  const tabB = world.portal.openTab();
  const a = world.worker(tabA.workerFrame, { cardTab: { maxHoldMs: BOUND } });
  await world.advance(HEARTBEAT * 2);
  const c = tabC === null ? null : world.worker(tabC.workerFrame, { cardTab: { maxHoldMs: BOUND } });
  await world.advance(HEARTBEAT * 2);
  const b = world.worker(tabB.workerFrame, { cardTab: { maxHoldMs: BOUND } });
  await world.advance(HEARTBEAT * 2);
  expect([a.phone.state.role, b.phone.state.role]).toEqual(['owner', 'waiting']);
  world.portal.push({ ...CALL });
  await world.advance(1_000);
  expect(tabA.card).toBeNull();
  const { tab } = world.cardTab(tabB);
  await world.advance(HEARTBEAT);
  tabB.click('answerButtonClick');
  await world.settle();
  a.phone.session!.card.send({ type: 'phone.connected' });
  await world.settle();
  tab.holdOpen();
  await world.settle();
  a.phone.session!.card.send({ type: 'phone.ended' });
  await world.settle();
  expect(a.diagnostics).toContainEqual(expect.objectContaining({ kind: 'closeDeferred', callId: 'c-held' }));
  expect(tabB.card).not.toBeNull();
  tabA.close();
  await world.advance(HEARTBEAT * 3);
  const next = c ?? b;
  expect(next.phone.state.role).toBe('owner');
  return { tabB, b: next, tab };
}

/** The new owner took the hold as its own to close, and the card is still there for the form. */
async function honoured(tabB: PortalTab, b: Worker): Promise<void> {
  expect(b.diagnostics).toContainEqual(expect.objectContaining({ kind: 'cardHeld', callId: 'c-held', message: expect.stringContaining('previous owner') }));
  await world.advance(20_000, 5_000);
  expect(tabB.card?.call.CALL_ID).toBe('c-held');
}

describe('SC-T4 SC-F4 a card held after its call when the owner\'s tab closes', () => {
  test('the new owner honours the hold, and closes the card when the tab releases it', async () => {
    const { tabB, b, tab } = await heldCardOfADeadOwner();
    await honoured(tabB, b);
    tab.release();
    await world.settle();
    expect(tabB.card).toBeNull();
    expect(b.diagnostics).toContainEqual(expect.objectContaining({ kind: 'cardHoldReleased', callId: 'c-held', reason: 'released' }));
  });

  test('a new owner in a third tab, whose window does not show the card, closes it in tab B (card.close)', async () => {
    const { tabB, b, tab } = await heldCardOfADeadOwner(true);
    await honoured(tabB, b);
    tab.release();
    await world.settle();
    expect(tabB.card).toBeNull();
  });

  test('the new owner closes the card once the bound has passed, and the tab hears "timeout"', async () => {
    const { tabB, b, tab } = await heldCardOfADeadOwner();
    await honoured(tabB, b);
    await world.advance(BOUND, 5_000);
    expect(tabB.card).toBeNull();
    expect(tab.state.hold).toMatchObject({ status: 'released', callId: 'c-held', reason: 'timeout' });
  });

  test('a new call releases it: the card closes, the tab hears "newCall", and the next call\'s card is raised', async () => {
    const { tabB, b, tab } = await heldCardOfADeadOwner();
    await honoured(tabB, b);
    await world.newCallWins(tabB, b, tab, 'c-held', 'c-after');
  });
});
