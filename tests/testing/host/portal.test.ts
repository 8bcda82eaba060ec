/** The portal double: tabs, sliders, the application's page, navigation (host-behaviour.md v3 §1.5, §2, §6, §7). */
import { createPortalDouble } from '../../../testing/host';
import { CARD_COMMAND_NAMES, CARD_EVENT_NAMES, hostEventName } from '../../../protocol';
import { CRM_CALL, INVALID, NO_CARD, PROBE, hear, interfaceOf, sendOn } from './portalHelpers';

describe('§7 the push reaches every tab; the viExternalCard flag is set 100 ms after the first card is built, so two tabs can both build one', () => {
  test('pushes 0 and 50 ms apart: both tabs build a card of the same call, each worker hears its own initialized', () => {
    const portal = createPortalDouble({ tabs: 0 });
    const a = portal.openTab();
    const b = portal.openTab({ pushDelayMs: 50 });
    const heardA = hear(a.placement, 'BackgroundCallCard::initialized');
    const heardB = hear(b.placement, 'BackgroundCallCard::initialized');
    const callId = portal.push({ CALL_ID: 'c1' });
    expect(callId).toBe('c1');
    expect(heardA).toHaveLength(1);
    expect(heardB).toHaveLength(0);
    portal.tick(50);
    expect(heardB).toHaveLength(1);
    expect([a.card?.call.CALL_ID, b.card?.call.CALL_ID]).toEqual(['c1', 'c1']);
    expect(portal.deliveries.map((d) => [d.tab, d.at, d.outcome])).toEqual([[0, 0, 'built'], [1, 50, 'built']]);
    expect(portal.viExternalCard).toBe(false);
    portal.tick(50);
    expect(portal.viExternalCard).toBe('c1');
  });

  test('a tab the push reaches after the flag is set builds none (another tab holds the card); the flag delay is an option', () => {
    const portal = createPortalDouble({ tabs: 0 });
    portal.openTab();
    const late = portal.openTab({ pushDelayMs: 150 });
    portal.push({ CALL_ID: 'c1' });
    portal.tick(150);
    expect(late.card).toBeNull();
    expect(portal.deliveries.at(-1)).toMatchObject({ tab: 1, at: 150, outcome: 'anotherTabHoldsCard' });
    const slow = createPortalDouble({ tabs: 0, flagDelayMs: 300 });
    slow.openTab();
    const second = slow.openTab({ pushDelayMs: 150 });
    slow.push();
    slow.tick(150);
    expect(second.card).not.toBeNull();
  });

  test('two cards of one call are independent views: a state set in one leaves the other, clicks go to their own worker', async () => {
    const portal = createPortalDouble({ tabs: 2 });
    const [a, b] = portal.tabs;
    if (a === undefined || b === undefined) throw new Error('two tabs');
    portal.push({ CALL_ID: 'c1' });
    await sendOn(portal, a.placement, 'CallCardSetUiState', { uiState: 'incoming' });
    await sendOn(portal, b.placement, 'CallCardSetUiState', { uiState: 'incoming' });
    const answersA = hear(a.placement, 'BackgroundCallCard::answerButtonClick');
    const answersB = hear(b.placement, 'BackgroundCallCard::answerButtonClick');
    expect(a.click('answerButtonClick')).toEqual({ delivered: true });
    await sendOn(portal, a.placement, 'CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: true });
    expect([a.card?.uiState, b.card?.uiState]).toEqual(['connected', 'incoming']);
    expect([answersA.length, answersB.length]).toEqual([1, 0]);
  });

  test('closing one closes the other: the other tab\'s card auto-closes with no event there, and its worker then finds no card', async () => {
    const portal = createPortalDouble({ tabs: 2 });
    const [a, b] = portal.tabs;
    if (a === undefined || b === undefined) throw new Error('two tabs');
    portal.push({ CALL_ID: 'c1' });
    portal.tick(100);
    const eventsBefore = portal.events.filter((e) => e.window === b.worker.index).length;
    expect(await sendOn(portal, a.placement, 'CallCardClose')).toEqual([[]]);
    expect(a.card).toBeNull();
    expect(b.card).toBeNull();
    expect(portal.events.filter((e) => e.window === b.worker.index)).toHaveLength(eventsBefore);
    expect(await sendOn(portal, b.placement, 'CallCardSetUiState', PROBE)).toEqual(NO_CARD);
    expect(portal.viExternalCard).toBe(false);
  });

  test('only the card\'s window hears its events; every other worker\'s commands answer Call card is undefined', async () => {
    const portal = createPortalDouble({ tabs: 0 });
    const a = portal.openTab();
    const b = portal.openTab({ pushDelayMs: 200 });
    const heardB = hear(b.placement, 'BackgroundCallCard::initialized');
    portal.push({ CALL_ID: 'c1' });
    portal.tick(200);
    expect(heardB).toHaveLength(0);
    expect(await sendOn(portal, b.placement, 'CallCardSetUiState', PROBE)).toEqual(NO_CARD);
    expect(await sendOn(portal, a.placement, 'CallCardSetUiState', PROBE)).toEqual(INVALID);
    const hangups = hear(b.placement, 'BackgroundCallCard::hangupButtonClick');
    await sendOn(portal, a.placement, 'CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: true });
    a.click('hangupButtonClick');
    expect(hangups).toHaveLength(0);
    expect(portal.events.filter((e) => e.event === 'hangupButtonClick').map((e) => e.window)).toEqual([a.worker.index]);
  });

  test('a tab with any card open raises no new external card: a second call is dropped there, silently', async () => {
    const portal = createPortalDouble({ tabs: 1 });
    const [a] = portal.tabs;
    portal.push({ CALL_ID: 'c1' });
    const before = portal.events.length;
    portal.push({ CALL_ID: 'c2' });
    expect(a?.card?.call.CALL_ID).toBe('c1');
    expect(portal.events.length).toBe(before);
    expect(portal.deliveries.at(-1)).toMatchObject({ callId: 'c2', outcome: 'cardAlreadyOpen' });
  });
});

describe('§7 no browser tab gets a card while the Bitrix24 desktop application runs', () => {
  test('every tab\'s delivery says desktopApp; once it stops, cards come again', () => {
    const portal = createPortalDouble({ tabs: 2 });
    portal.setDesktopRunning(true);
    portal.push({ CALL_ID: 'c1' });
    expect(portal.deliveries.map((d) => d.outcome)).toEqual(['desktopApp', 'desktopApp']);
    expect(portal.events).toHaveLength(0);
    portal.setDesktopRunning(false);
    portal.push({ CALL_ID: 'c2' });
    expect(portal.tabs[0]?.card?.call.CALL_ID).toBe('c2');
  });
});

describe('§1.5 §1.7 the host\'s auto-close in a tab: folded or not, gone with no event; the comment editor defers it 65 s, then the host saves the text itself', () => {
  test('hide() reaches a folded card too', () => {
    const portal = createPortalDouble();
    const tab = portal.tabs[0];
    portal.push({ CALL_ID: 'c1' });
    tab?.fold();
    expect(portal.hide('c1')).toBe(1);
    expect(tab?.card).toBeNull();
  });

  test('with the editor open: deferred, then addCommentButtonClick with the editor\'s text, then closed', async () => {
    const portal = createPortalDouble();
    const tab = portal.tabs[0];
    if (tab === undefined) throw new Error('a tab');
    portal.push({ ...CRM_CALL });
    const comments = hear(tab.placement, 'BackgroundCallCard::addCommentButtonClick');
    expect(tab.openCommentEditor()).toBe(true);
    tab.typeComment('call back on Monday');
    expect(portal.hide('c-crm')).toBe(1);
    expect(tab.card).toMatchObject({ closesAt: 65_000 });
    portal.tick(64_999);
    expect(tab.card).not.toBeNull();
    portal.tick(1);
    expect(comments).toEqual(['call back on Monday']);
    expect(tab.card).toBeNull();
  });
});

describe('§7 a slider\'s worker may have no CallCard* commands: an unknown command never calls back; getInterface lists what the window has', () => {
  test('a slider without the commands: getInterface lists none, and CallCardSetUiState never answers', async () => {
    const portal = createPortalDouble();
    const tab = portal.tabs[0];
    if (tab === undefined) throw new Error('a tab');
    portal.push({ CALL_ID: 'c1' });
    const slider = tab.openSlider();
    const frame = slider.workerFrame;
    expect(frame).toMatchObject({ kind: 'worker', placementName: 'PAGE_BACKGROUND_WORKER', tab: 0, slider: 0, alive: true });
    expect(await interfaceOf(portal, frame.placement)).toEqual({ command: [], event: [] });
    expect(await sendOn(portal, frame.placement, 'CallCardSetUiState', PROBE)).toEqual([]);
    expect(portal.log.at(-1)).toMatchObject({ window: frame.id, landed: false, answered: false });
    // The phone controller pushes all 17 card events into the worker placement's interface.
    expect(await interfaceOf(portal, tab.workerFrame.placement)).toEqual({ command: [...CARD_COMMAND_NAMES], event: CARD_EVENT_NAMES.map(hostEventName) });
  });

  test('a slider with the commands has its own host, which never shows the tab\'s card: Call card is undefined', async () => {
    const portal = createPortalDouble();
    const tab = portal.tabs[0];
    if (tab === undefined) throw new Error('a tab');
    portal.push({ CALL_ID: 'c1' });
    const slider = tab.openSlider({ cardCommands: true });
    expect(await sendOn(portal, slider.worker.placement, 'CallCardSetUiState', PROBE)).toEqual(NO_CARD);
  });

  test('closing the slider ends its frames: its port reaches nothing', async () => {
    const portal = createPortalDouble();
    const slider = portal.tabs[0]?.openSlider({ cardCommands: true, app: true });
    if (slider === undefined) throw new Error('a slider');
    slider.close();
    expect([slider.open, slider.workerFrame.alive, slider.appPage?.alive]).toEqual([false, false, false]);
    expect(await sendOn(portal, slider.worker.placement, 'CallCardGetListUiStates')).toEqual([]);
  });
});

describe('§7 §10 the application\'s own page (placement DEFAULT) opens as a tab\'s page or in a slider; every frame is listed and announced', () => {
  test('as a tab\'s page and in a slider: a DEFAULT frame beside the page\'s worker, with no CallCard* commands', async () => {
    const portal = createPortalDouble({ tabs: 0 });
    const loaded: string[] = [];
    portal.onFrame((frame) => loaded.push(`${frame.kind}@${frame.tab}/${frame.slider ?? '-'}`));
    const phoneTab = portal.openTab({ page: 'app' });
    const other = portal.openTab();
    const slider = other.openSlider({ app: true });
    expect(loaded).toEqual(['worker@0/-', 'appPage@0/-', 'worker@1/-', 'worker@1/0', 'appPage@1/0']);
    expect(phoneTab.appPage).toMatchObject({ kind: 'appPage', placementName: 'DEFAULT', slider: null });
    expect(slider.appPage).toMatchObject({ kind: 'appPage', placementName: 'DEFAULT', slider: 0 });
    expect(await interfaceOf(portal, phoneTab.appPage?.placement ?? phoneTab.placement)).toEqual({ command: [], event: [] });
    expect(portal.frames.map((f) => f.id)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(portal.frames.map((f) => f.uri)).size).toBe(3);
  });
});

describe('§6 navigation of a tab destroys its frames and its card; a card the application drove is not restored; externalcall.show builds a new card on the next page', () => {
  test('every frame of the page ends, the card goes with no event, the operator was asked to confirm; a new worker loads', async () => {
    const portal = createPortalDouble();
    const tab = portal.tabs[0];
    if (tab === undefined) throw new Error('a tab');
    portal.push({ ...CRM_CALL });
    const oldWorker = tab.workerFrame;
    const oldTab = tab.callCardTab?.frame;
    tab.openSlider();
    await sendOn(portal, tab.placement, 'CallCardSetUiState', { uiState: 'connected' });
    expect(tab.card?.driven).toBe(true);
    const eventsBefore = portal.events.length;
    expect(tab.navigate()).toEqual({ prompted: true, cardDestroyed: true, cardRestored: false });
    expect([oldWorker.alive, oldTab?.alive, tab.sliders.length]).toEqual([false, false, 0]);
    expect(tab.card).toBeNull();
    expect(portal.events.length).toBe(eventsBefore);
    expect(tab.pageLoads).toBe(2);
    expect(tab.workerFrame.id).not.toBe(oldWorker.id);
    expect(await sendOn(portal, oldWorker.placement, 'CallCardGetListUiStates')).toEqual([]);
    expect(await sendOn(portal, tab.placement, 'CallCardSetUiState', PROBE)).toEqual(NO_CARD);
  });

  test('telephony.externalcall.show: a new card on the next page, initialized with the same CALL_ID and CALL_STATE idle', () => {
    const portal = createPortalDouble();
    const tab = portal.tabs[0];
    if (tab === undefined) throw new Error('a tab');
    portal.push({ CALL_ID: 'c1', CALL_STATE: 'idle' });
    tab.navigate();
    const heard = hear(tab.placement, 'BackgroundCallCard::initialized');
    expect(portal.show('c1')).toBe(true);
    expect(heard).toEqual([expect.objectContaining({ CALL_ID: 'c1', CALL_STATE: 'idle' })]);
    expect(tab.card?.uiState).toBe('externalCard');
    expect(portal.show('never-pushed')).toBe(false);
  });

  test('a folded card in externalCard lets the page go without asking; navigating to the application\'s page loads it', () => {
    const portal = createPortalDouble();
    const tab = portal.tabs[0];
    if (tab === undefined) throw new Error('a tab');
    portal.push();
    expect(tab.fold()).toEqual({ delivered: true });
    expect(tab.navigate('app')).toEqual({ prompted: false, cardDestroyed: true, cardRestored: false });
    expect(tab.page).toBe('app');
    expect(tab.appPage?.alive).toBe(true);
  });

  test('a closed tab takes its frames and its card; later pushes skip it', () => {
    const portal = createPortalDouble({ tabs: 2 });
    const [a] = portal.tabs;
    a?.close();
    portal.push({ CALL_ID: 'c1' });
    expect(portal.deliveries.map((d) => d.tab)).toEqual([1]);
    expect(a?.workerFrame.alive).toBe(false);
  });
});

describe('§6 a worker reload leaves the old frame\'s bindings in the host: each event arrives once per binding set', () => {
  test('in a tab: the wire carries the stale copy, the frame library delivers one', () => {
    const portal = createPortalDouble();
    const tab = portal.tabs[0];
    if (tab === undefined) throw new Error('a tab');
    tab.placement.bindEvent('BackgroundCallCard::initialized', () => undefined);
    tab.worker.reloadWorker();
    const heard = hear(tab.placement, 'BackgroundCallCard::initialized');
    const wire: boolean[] = [];
    tab.worker.onWire((message) => wire.push(message.stale));
    portal.push();
    expect(wire).toEqual([true, false]);
    expect(heard).toHaveLength(1);
  });
});

describe('§1.5 v3 Esc: the portal double runs the 2025/26 build by default (the worker\'s card cleared); the older build keeps it', () => {
  test.each([
    [undefined, NO_CARD],
    ['clearsCard', NO_CARD],
    ['keepsCard', INVALID],
  ] as const)('esc %s: after Esc in outgoing the probe answers %j', async (esc, answer) => {
    const portal = createPortalDouble(esc === undefined ? {} : { esc });
    const tab = portal.tabs[0];
    if (tab === undefined) throw new Error('a tab');
    portal.push();
    await sendOn(portal, tab.placement, 'CallCardSetUiState', { uiState: 'outgoing' });
    const before = portal.events.length;
    expect(tab.pressEsc()).toEqual({ closed: true });
    expect(tab.card).toBeNull();
    expect(portal.events.length).toBe(before);
    expect(await sendOn(portal, tab.placement, 'CallCardSetUiState', PROBE)).toEqual(answer);
  });
});

describe('§2 the host\'s fold button: folding emits nothing, commands apply, the probe says open, unfolding restores; only in connected and externalCard', () => {
  test('fold, drive the folded card, unfold: everything applied meanwhile shows', async () => {
    const portal = createPortalDouble({ callCardApps: ['form'] });
    const tab = portal.tabs[0];
    if (tab === undefined) throw new Error('a tab');
    portal.push({ ...CRM_CALL });
    await sendOn(portal, tab.placement, 'CallCardSetUiState', { uiState: 'connected' });
    const before = portal.events.length;
    expect(tab.fold()).toEqual({ delivered: true });
    expect(portal.events.length).toBe(before);
    expect(tab.card?.folded).toBe(true);
    expect(tab.click('hangupButtonClick')).toMatchObject({ delivered: false });
    expect(await sendOn(portal, tab.placement, 'CallCardSetUiState', PROBE)).toEqual(INVALID);
    expect(await sendOn(portal, tab.placement, 'CallCardSetStatusText', { statusText: 'on hold' })).toEqual([[]]);
    expect(tab.callCardTab?.frame.alive).toBe(true);
    expect(tab.unfold()).toEqual({ delivered: true });
    expect(tab.card).toMatchObject({ folded: false, statusText: 'on hold', uiState: 'connected' });
    expect(tab.click('hangupButtonClick')).toEqual({ delivered: true });
  });

  test('not offered in other states', async () => {
    const portal = createPortalDouble();
    const tab = portal.tabs[0];
    if (tab === undefined) throw new Error('a tab');
    portal.push();
    await sendOn(portal, tab.placement, 'CallCardSetUiState', { uiState: 'incoming' });
    expect(tab.fold()).toMatchObject({ delivered: false, reason: expect.stringContaining('incoming') });
  });
});
