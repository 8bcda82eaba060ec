/** Calls the operator starts inside Bitrix24: click-to-call, call lists, callbacks (host-behaviour.md v3 §12). */
import { createPortalDouble } from '../../../testing/host';
import type { PortalDouble, PortalTab, StartViaRestRequest } from '../../../testing/host';
import { NO_CARD, PROBE, hear, sendOn } from './portalHelpers';

function oneTab(): { portal: PortalDouble; tab: PortalTab } {
  const portal = createPortalDouble();
  const tab = portal.tabs[0];
  if (tab === undefined) throw new Error('a tab');
  return { portal, tab };
}

/** Every short event name the worker of `tab` heard, in order. */
function workerEvents(portal: PortalDouble, tab: PortalTab): string[] {
  return portal.events.filter((e) => e.window === tab.worker.index).map((e) => e.event);
}

describe('§12 click-to-call: the portal registers the call itself (startViaRest, SHOW Y) and the card comes at once: entityChanged when CRM data, then initialized outgoing / idle / not call-list, and no makeCallButtonClick', () => {
  test('a number clicked in a contact: startViaRest goes to the REST double\'s hook, the card carries the portal\'s CALL_ID', () => {
    const { portal, tab } = oneTab();
    const requests: StartViaRestRequest[] = [];
    portal.onStartViaRest((request) => {
      requests.push(request);
      return { CALL_ID: 'portal-call-1', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 7 };
    });
    const initialized = hear(tab.placement, 'BackgroundCallCard::initialized');
    const result = tab.clickToCall('+4930123456', { lineNumber: 'app-line', entity: { type: 'CONTACT', id: 7 } });
    expect(result).toMatchObject({ started: true, callId: 'portal-call-1', card: 'raised' });
    expect(requests).toEqual([{ PHONE_NUMBER: '+4930123456', LINE_NUMBER: 'app-line', SHOW: 'Y', CALL_LIST_ID: 0, ENTITY_TYPE: 'CONTACT', ENTITY_ID: 7, IS_MOBILE: false, tab: 0 }]);
    expect(workerEvents(portal, tab)).toEqual(['entityChanged', 'initialized']);
    expect(initialized).toEqual([
      expect.objectContaining({ CALL_ID: 'portal-call-1', PHONE_NUMBER: '+4930123456', LINE_NUMBER: 'app-line', CALL_DIRECTION: 'outgoing', CALL_STATE: 'idle', CALL_LIST_MODE: false }),
    ]);
    expect(Object.keys(initialized[0] as object)).not.toContain('CRM_ACTIVITY_ID');
    portal.tick(10_000);
    expect(portal.events.some((e) => e.event === 'makeCallButtonClick')).toBe(false);
  });

  test('the keypad (no CRM data): initialized alone; with no hook the double makes up a CALL_ID', () => {
    const { portal, tab } = oneTab();
    const result = tab.clickToCall('+100');
    expect(result).toMatchObject({ started: true, card: 'raised' });
    expect(workerEvents(portal, tab)).toEqual(['initialized']);
    expect(tab.card?.call).toMatchObject({ CALL_DIRECTION: 'outgoing', CALL_STATE: 'idle', CALL_LIST_MODE: false });
  });

  test('with any card open in the tab the click does nothing: no startViaRest, no event', () => {
    const { portal, tab } = oneTab();
    portal.push({ CALL_ID: 'ringing' });
    let started = 0;
    portal.onStartViaRest(() => {
      started += 1;
      return undefined;
    });
    const before = portal.events.length;
    expect(tab.clickToCall('+100')).toMatchObject({ started: false });
    expect(started).toBe(0);
    expect(portal.events.length).toBe(before);
  });

  test('from the mobile application (IS_MOBILE): startViaRest only, no card in any tab', () => {
    const portal = createPortalDouble({ tabs: 2 });
    const requests: StartViaRestRequest[] = [];
    portal.onStartViaRest((request) => {
      requests.push(request);
      return undefined;
    });
    expect(portal.clickToCallFromMobile('+100')).toMatchObject({ started: true, card: 'none' });
    expect(requests).toEqual([expect.objectContaining({ IS_MOBILE: true, tab: null })]);
    expect(portal.tabs.map((t) => t.card)).toEqual([null, null]);
    expect(portal.events).toEqual([]);
  });
});

describe('§12 the call-list card is not external: the worker hears nothing from it, Next is local, Call leaves it in outgoing, and the external card of that call is dropped while it is open', () => {
  const ITEMS = [{ PHONE_NUMBER: '+101', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 1 }, { PHONE_NUMBER: '+102' }, { PHONE_NUMBER: '+103' }];

  test('a call list worked through three numbers: no event ever reaches the worker, no external card', async () => {
    const { portal, tab } = oneTab();
    const requests: StartViaRestRequest[] = [];
    let n = 0;
    portal.onStartViaRest((request) => {
      requests.push(request);
      n += 1;
      return { CALL_ID: `list-call-${n}` };
    });
    expect(tab.openCallList(ITEMS, { callListId: 42 })).toEqual({ delivered: true });
    expect(tab.card).toMatchObject({ kind: 'callList', uiState: 'outgoing', call: { CALL_LIST_MODE: true, PHONE_NUMBER: '+101' } });
    for (let i = 0; i < ITEMS.length; i++) {
      expect(tab.callListCall()).toMatchObject({ started: true, callId: `list-call-${i + 1}`, card: 'dropped' });
      expect(tab.card).toMatchObject({ kind: 'callList', uiState: 'outgoing' });
      if (i < ITEMS.length - 1) expect(tab.callListNext()).toEqual({ delivered: true });
    }
    expect(tab.callListNext()).toMatchObject({ delivered: false });
    expect(requests.map((r) => [r.PHONE_NUMBER, r.CALL_LIST_ID])).toEqual([['+101', 42], ['+102', 42], ['+103', 42]]);
    expect(portal.deliveries.map((d) => d.outcome)).toEqual(['cardAlreadyOpen', 'cardAlreadyOpen', 'cardAlreadyOpen']);
    expect(portal.events).toEqual([]);
    expect(await sendOn(portal, tab.placement, 'CallCardSetUiState', PROBE)).toEqual(NO_CARD);
  });

  test('the operator\'s clicks on the call-list card never reach the worker', () => {
    const { portal, tab } = oneTab();
    tab.openCallList(ITEMS);
    expect(tab.click('makeCallButtonClick')).toMatchObject({ delivered: false });
    expect(portal.events).toEqual([]);
  });

  test('a push while the call-list card is open is dropped in that tab; no click-to-call either; after closing it, cards come again', () => {
    const { portal, tab } = oneTab();
    tab.openCallList(ITEMS);
    portal.push({ CALL_ID: 'incoming-1' });
    expect(tab.card?.kind).toBe('callList');
    expect(tab.clickToCall('+100')).toMatchObject({ started: false });
    expect(tab.openCallList(ITEMS)).toMatchObject({ delivered: false });
    expect(tab.closeCallList()).toEqual({ closed: true });
    expect(tab.card).toBeNull();
    portal.push({ CALL_ID: 'incoming-2' });
    expect(tab.card).toMatchObject({ kind: 'external', call: { CALL_ID: 'incoming-2' } });
  });
});

describe('§12 callbacks: no CALL_ID from the portal; the application registers TYPE=4 and the card says CALL_DIRECTION callback; its Call button dials', () => {
  test('push with type 4: initialized with CALL_DIRECTION callback; in outgoing, Call emits makeCallButtonClick', async () => {
    const { portal, tab } = oneTab();
    const initialized = hear(tab.placement, 'BackgroundCallCard::initialized');
    const calls = hear(tab.placement, 'BackgroundCallCard::makeCallButtonClick');
    portal.push({ CALL_ID: 'cb-1', PHONE_NUMBER: '+300' }, { type: 4 });
    expect(initialized).toEqual([expect.objectContaining({ CALL_ID: 'cb-1', CALL_DIRECTION: 'callback', CALL_STATE: 'idle' })]);
    await sendOn(portal, tab.placement, 'CallCardSetUiState', { uiState: 'outgoing' });
    expect(tab.click('makeCallButtonClick')).toEqual({ delivered: true });
    expect(calls).toHaveLength(1);
  });

  test('TYPE maps to the direction unless CALL_DIRECTION is given', () => {
    const portal = createPortalDouble({ tabs: 0 });
    const tab = portal.openTab();
    portal.push({}, { type: 1 });
    expect(tab.card?.call.CALL_DIRECTION).toBe('outgoing');
    tab.navigate();
    portal.push({ CALL_DIRECTION: 'incoming' }, { type: 4 });
    expect(tab.card?.call.CALL_DIRECTION).toBe('incoming');
  });
});
