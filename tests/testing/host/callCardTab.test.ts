/** The card's own application tab, placement CALL_CARD (host-behaviour.md v3 §11). */
import { AUTO_CLOSE_HOLD_MS, CALL_CARD_TAB_COMMANDS, CALL_CARD_TAB_EVENTS, DESKTOP_CALL_WINDOW, createPortalDouble } from '../../../testing/host';
import type { AppFrame, PortalDouble, PortalTab } from '../../../testing/host';
import { CRM_CALL, NO_CARD, hear, interfaceOf, sendOn } from './portalHelpers';

function oneTab(options: Parameters<typeof createPortalDouble>[0] = {}): { portal: PortalDouble; tab: PortalTab } {
  const portal = createPortalDouble(options);
  const tab = portal.tabs[0];
  if (tab === undefined) throw new Error('a tab');
  return { portal, tab };
}

/** A card held by its tab's disableAutoClose, then hidden: its auto-close counts down (v3 §11). */
async function heldCountdown(): Promise<{ portal: PortalDouble; tab: PortalTab; port: AppFrame['placement'] }> {
  const { portal, tab } = oneTab();
  portal.push({ ...CRM_CALL });
  const port = tabFrame(tab).placement;
  await sendOn(portal, port, 'disableAutoClose');
  portal.hide('c-crm');
  return { portal, tab, port };
}

function tabFrame(tab: PortalTab): AppFrame {
  const frame = tab.callCardTab?.frame;
  if (frame === undefined) throw new Error('no CALL_CARD tab');
  return frame;
}

describe('§11 the tab exists only in the card\'s CRM layout, after initialized; one frame for all CALL_CARD apps; destroyed with the card', () => {
  test('a card with CRM data: the frame loads right after initialized (announced after it), placement CALL_CARD', () => {
    const { portal, tab } = oneTab();
    const order: string[] = [];
    tab.placement.bindEvent('BackgroundCallCard::initialized', () => order.push(`initialized:${tab.callCardTab === null ? 'no tab' : 'tab'}`));
    portal.onFrame((frame) => order.push(frame.kind));
    portal.push({ ...CRM_CALL });
    expect(order).toEqual(['initialized:no tab', 'callCardTab']);
    expect(tabFrame(tab)).toMatchObject({ kind: 'callCardTab', placementName: 'CALL_CARD', tab: 0, alive: true });
  });

  test('a card with no CRM has no tab until a CRM block loads later; that load\'s entityChanged comes before the tab', () => {
    const { portal, tab } = oneTab();
    portal.push({ CALL_ID: 'plain', PHONE_NUMBER: '+100' });
    expect(tab.card?.layout).toBe('simple');
    expect(tab.callCardTab).toBeNull();
    const order: string[] = [];
    tab.placement.bindEvent('BackgroundCallCard::entityChanged', () => order.push(`entityChanged:${tab.callCardTab === null ? 'no tab' : 'tab'}`));
    portal.onFrame((frame) => order.push(frame.kind));
    expect(tab.loadCrmBlock({ CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 4 })).toEqual({ delivered: true });
    expect(tab.card?.layout).toBe('crm');
    expect(order).toEqual(['entityChanged:no tab', 'callCardTab']);
    expect(tab.loadCrmBlock()).toMatchObject({ delivered: false });
  });

  test('one frame shared by every CALL_CARD app: another app\'s tab reloads it (the old port reaches nothing); no apps, no tab', async () => {
    const { portal, tab } = oneTab({ callCardApps: ['form', 'orders'] });
    portal.push({ ...CRM_CALL });
    const first = tab.callCardTab;
    const oldPort = tabFrame(tab).placement;
    expect(first?.app).toBe('form');
    expect(first?.select('orders')).toBe(true);
    expect(tab.callCardTab?.app).toBe('orders');
    expect(tabFrame(tab).placement).not.toBe(oldPort);
    expect(await sendOn(portal, oldPort, 'getStatus')).toEqual([]);
    expect(portal.frames.filter((f) => f.kind === 'callCardTab')).toHaveLength(1);
    const none = oneTab({ callCardApps: [] });
    none.portal.push({ ...CRM_CALL });
    expect(none.tab.callCardTab).toBeNull();
  });

  test('§11: the tab list is built when the portal page loads: an app bound later shows only after the page reloads', async () => {
    const { portal, tab } = oneTab({ callCardApps: [] });
    expect(portal.bindCallCardApp('form')).toBe(true);
    portal.push({ ...CRM_CALL });
    expect(tab.callCardTab).toBeNull();
    await sendOn(portal, tab.placement, 'CallCardClose');
    tab.navigate();
    portal.push({ ...CRM_CALL, CALL_ID: 'after-reload' });
    expect(tab.callCardTab?.app).toBe('form');
  });

  test('destroyed with the card: after CallCardClose the frame is gone and its port answers nothing', async () => {
    const { portal, tab } = oneTab();
    portal.push({ ...CRM_CALL });
    const frame = tabFrame(tab);
    await sendOn(portal, tab.placement, 'CallCardClose');
    expect(frame.alive).toBe(false);
    expect(tab.callCardTab).toBeNull();
    expect(await sendOn(portal, frame.placement, 'getStatus')).toEqual([]);
  });

  test('getInterface lists the three commands and the three events', async () => {
    const { portal, tab } = oneTab();
    portal.push({ ...CRM_CALL });
    expect(await interfaceOf(portal, tabFrame(tab).placement)).toEqual({ command: [...CALL_CARD_TAB_COMMANDS], event: [...CALL_CARD_TAB_EVENTS] });
  });
});

describe('§11: in the desktop application the tab lives in the separate call window, only where iframes are supported', () => {
  test('§11: desktop call window: the CALL_CARD frame is there (no browser tab has one), answers getStatus, and goes with the card', async () => {
    const portal = createPortalDouble({ tabs: 2 });
    portal.setDesktopRunning(true);
    portal.push({ ...CRM_CALL });
    expect(portal.tabs.map((t) => t.callCardTab)).toEqual([null, null]);
    const frame = portal.desktopCallWindow?.callCardTab?.frame;
    expect(frame).toMatchObject({ kind: 'callCardTab', placementName: 'CALL_CARD', tab: DESKTOP_CALL_WINDOW, alive: true });
    if (frame === undefined) throw new Error('no desktop CALL_CARD tab');
    const [status] = await sendOn(portal, frame.placement, 'getStatus');
    expect(status).toMatchObject({ CALL_ID: 'c-crm', CALL_STATE: 'connected' });
    expect(portal.hide('c-crm')).toBe(1);
    expect(portal.desktopCallWindow).toBeNull();
    expect(frame.alive).toBe(false);
  });

  test('§11: desktop call window without iframe support: the card is there, the CALL_CARD tab is not; a card with no CRM has none either', () => {
    const portal = createPortalDouble();
    portal.setDesktopRunning(true, { iframes: false });
    portal.push({ ...CRM_CALL });
    expect(portal.desktopCallWindow).toEqual({ callId: 'c-crm', callCardTab: null });
    expect(portal.frames.filter((f) => f.kind === 'callCardTab')).toHaveLength(0);
    portal.setDesktopRunning(false);
    expect(portal.desktopCallWindow).toBeNull();
    portal.setDesktopRunning(true);
    portal.push({ CALL_ID: 'plain', PHONE_NUMBER: '+100' });
    expect(portal.desktopCallWindow).toEqual({ callId: 'plain', callCardTab: null });
  });
});

describe('§11 getStatus answers the card\'s own fields: absent keys, \'hidden\', integer ids, \'\' activity id after a CRM change, CALL_LIST_MODE boolean, CALL_STATE connected for the card\'s whole life', () => {
  test('an external card in incoming: CALL_STATE connected, no CRM_ACTIVITY_ID key, integer CRM_ENTITY_ID', async () => {
    const { portal, tab } = oneTab();
    portal.push({ ...CRM_CALL, CRM_ENTITY_ID: '7' as unknown as number, LINE_NUMBER: 'line-1', LINE_NAME: 'Sales' });
    await sendOn(portal, tab.placement, 'CallCardSetUiState', { uiState: 'incoming' });
    const [status] = await sendOn(portal, tabFrame(tab).placement, 'getStatus');
    expect(status).toEqual({
      CALL_ID: 'c-crm',
      PHONE_NUMBER: '+4930123456',
      LINE_NUMBER: 'line-1',
      LINE_NAME: 'Sales',
      CRM_ENTITY_TYPE: 'CONTACT',
      CRM_ENTITY_ID: 7,
      CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 7 }],
      CALL_DIRECTION: 'incoming',
      CALL_STATE: 'connected',
      CALL_LIST_MODE: false,
    });
    expect(Object.keys(status as object)).not.toContain('CRM_ACTIVITY_ID');
  });

  test('no number given: PHONE_NUMBER \'hidden\'; an activity id is an integer, and \'\' after a CRM change, with the new entity', async () => {
    const { portal, tab } = oneTab();
    portal.push({ ...CRM_CALL, PHONE_NUMBER: undefined, CRM_ACTIVITY_ID: '55' });
    let [status] = await sendOn(portal, tabFrame(tab).placement, 'getStatus');
    expect(status).toMatchObject({ PHONE_NUMBER: 'hidden', CRM_ACTIVITY_ID: 55 });
    tab.changeEntity({ CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 12, PHONE_NUMBER: '+200' });
    [status] = await sendOn(portal, tabFrame(tab).placement, 'getStatus');
    expect(status).toMatchObject({ CRM_ACTIVITY_ID: '', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 12, PHONE_NUMBER: '+200', CALL_STATE: 'connected' });
  });

  test('the handler page\'s POST carries the same fields as strings, "undefined" for a missing one, plus URI', () => {
    const { portal, tab } = oneTab();
    portal.push({ ...CRM_CALL });
    expect(tab.callCardTab?.postData).toMatchObject({ CRM_ENTITY_ID: '7', CALL_LIST_MODE: 'false', CRM_ACTIVITY_ID: 'undefined', CALL_STATE: 'connected', URI: tabFrame(tab).uri });
  });
});

describe('§11 events: CallStateChanged never reaches the tab of an external card; the first EntityChanged comes before the tab, later ones reach it', () => {
  test('CallStateChanged fires before the tab exists; a CRM change after it reaches the tab with {CRM_ENTITY_TYPE, CRM_ENTITY_ID, PHONE_NUMBER}', async () => {
    const { portal, tab } = oneTab();
    let states: unknown[] = [];
    let entities: unknown[] = [];
    portal.onFrame((frame) => {
      if (frame.kind !== 'callCardTab') return;
      states = hear(frame.placement, 'CallCard::CallStateChanged');
      entities = hear(frame.placement, 'CallCard::EntityChanged');
    });
    portal.push({ ...CRM_CALL });
    await sendOn(portal, tab.placement, 'CallCardSetUiState', { uiState: 'connected' });
    expect(portal.events.filter((e) => e.event === 'CallCard::CallStateChanged')).toEqual([expect.objectContaining({ window: -1, payload: 'connected' })]);
    expect(portal.events.map((e) => e.event).slice(0, 2)).toEqual(['entityChanged', 'initialized']);
    expect(entities).toHaveLength(0);
    tab.changeEntity({ CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: 3 });
    expect(entities).toEqual([{ CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: 3, PHONE_NUMBER: '+4930123456' }]);
    expect(states).toHaveLength(0);
  });
});

describe('§11: where CallStateChanged does fire (Bitrix24\'s own calls), the tab gets only the state: failedCode never arrives', () => {
  test('§11: CallStateChanged loses failedCode: the tab hears ["idle"] alone, and getStatus follows CALL_STATE', async () => {
    const { portal, tab } = oneTab();
    portal.push({ ...CRM_CALL });
    const frame = tabFrame(tab);
    const calls: unknown[][] = [];
    frame.placement.bindEvent('CallCard::CallStateChanged', (...args: unknown[]) => calls.push(args));
    expect(tab.hostSetsCallState('idle', { failedCode: '486' })).toEqual({ delivered: true });
    expect(calls).toEqual([['idle']]);
    expect(portal.events.filter((e) => e.event === 'CallCard::CallStateChanged').at(-1)).toMatchObject({ window: frame.id, payload: 'idle' });
    const [status] = await sendOn(portal, frame.placement, 'getStatus');
    expect(status).toMatchObject({ CALL_STATE: 'idle' });
    expect(tab.hostSetsCallState('idle')).toMatchObject({ delivered: false });
  });
});

describe('§11 BeforeClose reaches the tab only for a held-back auto-close, never on a real close (the frame is removed in the same step)', () => {
  test.each([
    ['the worker\'s CallCardClose', async (portal: PortalDouble, tab: PortalTab) => void (await sendOn(portal, tab.placement, 'CallCardClose'))],
    ['the Close button', async (_portal: PortalDouble, tab: PortalTab) => void tab.click('closeButtonClick')],
    ['the host\'s auto-close (finish/hide) with no hold', async (portal: PortalDouble) => void portal.hide('c-crm')],
  ])('%s: BeforeClose is fired but the tab hears nothing', async (_label, close) => {
    const { portal, tab } = oneTab();
    portal.push({ ...CRM_CALL });
    const heard = hear(tabFrame(tab).placement, 'CallCard::BeforeClose');
    await close(portal, tab);
    expect(tab.card).toBeNull();
    expect(heard).toHaveLength(0);
    expect(portal.events.filter((e) => e.event === 'CallCard::BeforeClose')).toHaveLength(1);
  });

  test('Esc fires none', async () => {
    const { portal, tab } = oneTab();
    portal.push({ ...CRM_CALL });
    await sendOn(portal, tab.placement, 'CallCardSetUiState', { uiState: 'error' });
    tab.pressEsc();
    expect(portal.events.filter((e) => e.event === 'CallCard::BeforeClose')).toEqual([]);
  });

  test('a held-back auto-close: the tab hears BeforeClose; the final close 65 s later it does not', async () => {
    const { portal, tab } = oneTab();
    portal.push({ ...CRM_CALL });
    const frame = tabFrame(tab);
    const heard = hear(frame.placement, 'CallCard::BeforeClose');
    expect(await sendOn(portal, frame.placement, 'disableAutoClose')).toEqual([[]]);
    expect(portal.hide('c-crm')).toBe(1);
    expect(heard).toHaveLength(1);
    expect(tab.card).toMatchObject({ closesAt: AUTO_CLOSE_HOLD_MS });
    portal.tick(AUTO_CLOSE_HOLD_MS);
    expect(tab.card).toBeNull();
    expect(heard).toHaveLength(1);
    expect(portal.events.filter((e) => e.event === 'CallCard::BeforeClose')).toHaveLength(2);
  });
});

describe('§11 the auto-close hold: disableAutoClose / enableAutoClose answer []; 65,000 ms renewed by each call; enableAutoClose during a countdown closes at once and never answers', () => {
  test('each disableAutoClose restarts the 65 s countdown', async () => {
    const { portal, tab, port } = await heldCountdown();
    portal.tick(60_000);
    expect(await sendOn(portal, port, 'disableAutoClose')).toEqual([[]]);
    portal.tick(60_000);
    expect(tab.card).not.toBeNull();
    portal.tick(5_000);
    expect(tab.card).toBeNull();
  });

  test('a hold that lapses before any auto-close holds nothing; enableAutoClose outside a countdown answers [] and ends the hold', async () => {
    const { portal, tab } = oneTab();
    portal.push({ ...CRM_CALL });
    const port = tabFrame(tab).placement;
    await sendOn(portal, port, 'disableAutoClose');
    expect(await sendOn(portal, port, 'enableAutoClose')).toEqual([[]]);
    portal.hide('c-crm');
    expect(tab.card).toBeNull();
    const late = oneTab();
    late.portal.push({ ...CRM_CALL });
    await sendOn(late.portal, tabFrame(late.tab).placement, 'disableAutoClose');
    late.portal.tick(AUTO_CLOSE_HOLD_MS);
    late.portal.hide('c-crm');
    expect(late.tab.card).toBeNull();
  });

  test('enableAutoClose during a countdown closes the card at once and its answer never arrives', async () => {
    const { portal, tab, port } = await heldCountdown();
    expect(await sendOn(portal, port, 'enableAutoClose')).toEqual([]);
    expect(tab.card).toBeNull();
    expect(portal.tabCommands.at(-1)).toMatchObject({ command: 'enableAutoClose', answered: false });
  });

  test('§11: enableAutoClose during a countdown fires BeforeClose, but the frame is already gone: the tab does not hear it', async () => {
    const { portal, tab, port } = await heldCountdown();
    const heard = hear(port, 'CallCard::BeforeClose');
    await sendOn(portal, port, 'enableAutoClose');
    expect(tab.card).toBeNull();
    expect(portal.events.filter((e) => e.event === 'CallCard::BeforeClose')).toHaveLength(2);
    expect(heard).toHaveLength(0);
  });

  test('a held card stays working for the worker; fold is not offered while held', async () => {
    const { portal, tab } = oneTab();
    portal.push({ ...CRM_CALL });
    await sendOn(portal, tabFrame(tab).placement, 'disableAutoClose');
    expect(tab.fold()).toMatchObject({ delivered: false, reason: expect.stringContaining('held') });
    portal.hide('c-crm');
    expect(await sendOn(portal, tab.placement, 'CallCardSetCardTitle', { title: 'wrap-up' })).toEqual([[]]);
    expect(tab.card?.title).toBe('wrap-up');
  });

  test('disableAutoClose does not stop the worker\'s CallCardClose, which destroys the tab with the card', async () => {
    const { portal, tab } = oneTab();
    portal.push({ ...CRM_CALL });
    const frame = tabFrame(tab);
    await sendOn(portal, frame.placement, 'disableAutoClose');
    expect(await sendOn(portal, tab.placement, 'CallCardClose')).toEqual([[]]);
    expect(tab.card).toBeNull();
    expect(frame.alive).toBe(false);
  });

  test('the card closing in another tab is an auto-close too: held there', async () => {
    const portal = createPortalDouble({ tabs: 2 });
    const [a, b] = portal.tabs;
    if (a === undefined || b === undefined) throw new Error('two tabs');
    portal.push({ ...CRM_CALL });
    await sendOn(portal, tabFrame(b).placement, 'disableAutoClose');
    await sendOn(portal, a.placement, 'CallCardClose');
    expect(b.card).not.toBeNull();
    portal.tick(AUTO_CLOSE_HOLD_MS);
    expect(b.card).toBeNull();
  });

  test('a card held open suppresses the next call\'s card', async () => {
    const { portal, tab } = oneTab();
    portal.push({ ...CRM_CALL });
    await sendOn(portal, tabFrame(tab).placement, 'disableAutoClose');
    portal.hide('c-crm');
    const heard = hear(tab.placement, 'BackgroundCallCard::initialized');
    portal.push({ CALL_ID: 'next' });
    expect(heard).toHaveLength(0);
    expect(portal.deliveries.at(-1)).toMatchObject({ callId: 'next', outcome: 'cardAlreadyOpen' });
    expect(await sendOn(portal, tab.placement, 'CallCardSetUiState', { uiState: 'incoming' })).toEqual([[]]);
    expect(tab.card?.call.CALL_ID).toBe('c-crm');
    portal.tick(AUTO_CLOSE_HOLD_MS);
    expect(await sendOn(portal, tab.placement, 'CallCardSetUiState', { uiState: 'incoming' })).toEqual(NO_CARD);
  });
});
