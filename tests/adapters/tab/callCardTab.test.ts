/**
 * The card's tab, placement CALL_CARD (statechart v3 "The card's tab", SC-T1, SC-T3, SC-T5),
 * against the portal double's CALL_CARD frame (host-behaviour v3 §11) on its fake partition.
 */
import { createCallCardTab } from '../../../adapters/tab/createCallCardTab';
import { parseTabStatus } from '../../../adapters/tab/status';
import { HEARTBEAT, World, identity } from './world';

const CRM_CALL = Object.freeze({ CALL_ID: 'c-tab', CALL_DIRECTION: 'incoming' as const, PHONE_NUMBER: '+4930123456', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 7, CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 7 }] });

let world: World;
beforeEach(() => {
  world = new World({ tabs: 0 });
});
afterEach(async () => {
  await world.stop();
});

describe('SC-T1 §11 getStatus, read when the tab loads, parsed as the host sends it', () => {
  test('an external card: the fields typed, CRM_ACTIVITY_ID absent → null, CALL_STATE kept only as hostCallState', async () => {
    const portalTab = world.portal.openTab();
    world.portal.push({ ...CRM_CALL, LINE_NUMBER: 'line-1', LINE_NAME: 'Sales' });
    const { tab } = world.cardTab(portalTab);
    await world.settle();
    expect(tab.state.host.read).toBe('read');
    expect(tab.state.host.status).toEqual({
      callId: 'c-tab',
      phoneNumber: '+4930123456',
      numberHidden: false,
      lineNumber: 'line-1',
      lineName: 'Sales',
      crmEntityType: 'CONTACT',
      crmEntityId: 7,
      crmActivityId: null,
      crmBindings: [{ entityType: 'CONTACT', entityId: 7 }],
      direction: 'incoming',
      hostCallState: 'connected',
      callListMode: false,
    });
  });

  test("'hidden' is no number; an integer activity id, '' after a CRM change; the POST form's strings", () => {
    expect(parseTabStatus({ CALL_ID: 'x', PHONE_NUMBER: 'hidden', CRM_ACTIVITY_ID: 55, CALL_LIST_MODE: true }).status).toMatchObject({ phoneNumber: null, numberHidden: true, crmActivityId: 55, callListMode: true });
    expect(parseTabStatus({ CALL_ID: 'x', CRM_ACTIVITY_ID: '' })).toEqual({ status: expect.objectContaining({ crmActivityId: null, callListMode: false }), problems: [] });
    expect(parseTabStatus({ CALL_ID: 'x', CRM_ENTITY_ID: '17', CALL_LIST_MODE: 'false' })).toEqual({ status: expect.objectContaining({ crmEntityId: 17, callListMode: false }), problems: [] });
    const bad = parseTabStatus({ CALL_ID: 'x', CRM_ENTITY_ID: 'seven', CALL_LIST_MODE: 'yes', PHONE_NUMBER: { a: 1 } });
    expect(bad.status).toMatchObject({ crmEntityId: null, callListMode: false, phoneNumber: null });
    expect(bad.problems).toHaveLength(3);
    expect(parseTabStatus('nonsense')).toEqual({ status: null, problems: [expect.stringContaining('string')] });
  });

  test('a hidden number and an activity id through the double; a later CRM change reaches the tab as EntityChanged, typed', async () => {
    const portalTab = world.portal.openTab();
    world.portal.push({ ...CRM_CALL, PHONE_NUMBER: undefined, CRM_ACTIVITY_ID: '55' });
    const { tab } = world.cardTab(portalTab);
    await world.settle();
    expect(tab.state.host.status).toMatchObject({ phoneNumber: null, numberHidden: true, crmActivityId: 55 });
    portalTab.changeEntity({ CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 12, PHONE_NUMBER: '+200' });
    expect(tab.state.host.entity).toEqual({ crmEntityType: 'DEAL', crmEntityId: 12, phoneNumber: '+200', numberHidden: false });
  });

  test('getStatus that never answers: read failed, reported once its bounded wait is over', async () => {
    const diagnostics: unknown[] = [];
    const clockTimers: Array<{ at: number; run: () => void }> = [];
    let now = 0;
    const clock = { now: () => now, setTimeout: (run: () => void, ms: number) => clockTimers.push({ at: now + ms, run }), clearTimeout: () => undefined };
    const tab = createCallCardTab({ placement: { call: () => undefined, bindEvent: () => undefined }, identity, statusTimeoutMs: 500, onDiagnostic: (d) => diagnostics.push(d), platform: { channel: () => ({ postMessage: () => undefined, addEventListener: () => undefined, close: () => undefined }), locks: null, storage: null, clock } });
    now = 600;
    for (const timer of clockTimers.filter((t) => t.at <= now)) timer.run();
    expect(tab.state.host.read).toBe('failed');
    expect(diagnostics).toContainEqual(expect.objectContaining({ kind: 'tabStatus', problems: ['no answer'] }));
    await tab.stop();
  });
});

describe('SC-T1 §11 the held-back BeforeClose is the only one the tab hears', () => {
  test('a held auto-close (finish/hide while held) counts one; a real close counts none', async () => {
    const portalTab = world.portal.openTab();
    world.portal.push({ ...CRM_CALL });
    const { tab } = world.cardTab(portalTab);
    await world.settle();
    tab.holdOpen();
    await world.settle();
    world.portal.hide('c-tab');
    expect(tab.state.host.beforeClose).toBe(1);
    const other = new World({ tabs: 0 });
    const otherTab = other.portal.openTab();
    other.portal.push({ ...CRM_CALL });
    const unheld = other.cardTab(otherTab).tab;
    await other.settle();
    otherTab.click('closeButtonClick');
    await other.settle();
    expect(otherTab.card).toBeNull();
    expect(unheld.state.host.beforeClose).toBe(0);
    await other.stop();
  });
});

describe('SC-T3 the true call from the phone, not the host\'s CALL_STATE', () => {
  test('the owner in another portal tab; the tab shows incoming while getStatus says connected, then connected and how it ended', async () => {
    const tabA = world.portal.openTab();
    // The push reaches tab B late: the card is built in tab C only (the viExternalCard flag, §7).
    const tabB = world.portal.openTab({ pushDelayMs: 500 });
    const a = world.worker(tabA.workerFrame);
    await world.advance(HEARTBEAT * 2);
    const b = world.worker(tabB.workerFrame);
    await world.advance(HEARTBEAT * 2);
    expect(a.phone.state.role).toBe('owner');
    expect(b.phone.state.role).toBe('waiting');
    tabA.close();
    await world.advance(HEARTBEAT * 3);
    expect(b.phone.state.role).toBe('owner');
    // The card shows in tab C; its CALL_CARD tab reads the call owned by tab B's worker.
    const tabC = world.portal.openTab();
    world.worker(tabC.workerFrame);
    await world.advance(HEARTBEAT);
    world.portal.push({ ...CRM_CALL });
    await world.settle();
    expect(tabC.card).not.toBeNull();
    const { tab } = world.cardTab(tabC);
    const seen: string[] = [];
    tab.subscribe((state) => seen.push(state.call?.uiState ?? 'idle'));
    await world.advance(HEARTBEAT);
    expect(tab.state.phone).toBe('running');
    expect(tab.state.owner?.frame).toBe(`w${tabB.workerFrame.id}`);
    expect(tab.state.host.status?.hostCallState).toBe('connected');
    expect(tab.state.call).toMatchObject({ callId: 'c-tab', uiState: 'incoming' });
    expect(tab.state.role).toBe('never');
    tab.act({ type: 'answer' });
    await world.settle();
    b.phone.session!.card.send({ type: 'phone.connected' });
    await world.settle();
    expect(tab.state.call).toMatchObject({ uiState: 'connected', answeredAt: expect.any(Number) });
    expect(seen).toContain('connected');
    b.phone.session!.card.send({ type: 'phone.ended' });
    await world.advance(HEARTBEAT * 3);
    expect(b.summaries).toHaveLength(1);
    expect(b.softphones[0]?.methods).toEqual(['answer']);
    // How it ended, in every frame's state (SC-F7), the tab's included.
    expect(tab.state.call).toBeNull();
    expect(tab.state.lastCall).toEqual({ callId: 'c-tab', endedBy: 'remoteHungUp', endedAt: b.summaries[0]!.closedAt, connected: true });
  });

  test('a tab that loads when no phone is running says so (phone: none, reported)', async () => {
    const portalTab = world.portal.openTab();
    world.portal.push({ ...CRM_CALL });
    const { tab, diagnostics } = world.cardTab(portalTab, { phoneWaitMs: 2_000 });
    await world.advance(1_000);
    expect(tab.state.phone).toBe('unknown');
    await world.advance(1_500);
    expect(tab.state.phone).toBe('none');
    expect(tab.state.host.status?.callId).toBe('c-tab');
    expect(diagnostics).toContainEqual(expect.objectContaining({ kind: 'noPhone' }));
  });
});

const noop = (): undefined => undefined;

describe('SC-T5 setup mistakes throw a TypeError naming them; run-time problems are reported', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['no placement', { placement: undefined }, /placement is missing/],
    ['a placement without call', { placement: { bindEvent: noop } }, /placement\.call is not a function/],
    ['a bad maxHoldMs', { placement: { call: noop, bindEvent: noop }, maxHoldMs: -1 }, /maxHoldMs/],
    ['no identity', { placement: { call: noop, bindEvent: noop }, identity: undefined }, /identity/],
  ])('%s', (_label, options, message) => {
    expect(() => createCallCardTab({ identity, ...options } as never)).toThrow(TypeError);
    expect(() => createCallCardTab({ identity, ...options } as never)).toThrow(message);
  });

  test('a placement that throws, garbage events and a throwing subscriber are reported, never thrown', async () => {
    const handlers = new Map<string, (data?: unknown) => void>();
    const diagnostics: Array<{ kind: string }> = [];
    const tab = createCallCardTab({
      placement: {
        call: () => {
          throw new Error('host gone');
        },
        bindEvent: (event, handler) => void handlers.set(event, handler),
      },
      identity,
      onDiagnostic: (d) => diagnostics.push(d),
      platform: { channel: () => ({ postMessage: () => undefined, addEventListener: () => undefined, close: () => undefined }), locks: null, storage: null },
    });
    tab.subscribe(() => {
      throw new Error('ui bug');
    });
    expect(() => handlers.get('CallCard::EntityChanged')?.('garbage')).not.toThrow();
    expect(() => handlers.get('CallCard::EntityChanged')?.({ CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 3, PHONE_NUMBER: '+1' })).not.toThrow();
    expect(() => tab.holdOpen()).not.toThrow();
    expect(diagnostics.map((d) => d.kind)).toEqual(expect.arrayContaining(['tabStatus', 'tabEvent', 'tabHook', 'tabRefused']));
    await tab.stop();
  });
});
