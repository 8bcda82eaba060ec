/** The life of a card (host-behaviour.md §1): how it comes, how it goes with no event, how it comes back. */
import { AUTO_CLOSE_COMMENT_DELAY_MS, ESC_CLOSABLE_STATES, createHostSimulator } from '../../../testing/host';
import type { HostSimulator } from '../../../testing/host';
import { INTERNAL_UI_STATES, UI_STATES } from '../../../protocol';
import { CRM_CALL, MODES, cardIn, listen, noCard, send } from './helpers';

const PROBE = { uiState: 'no-such-state' };
const INVALID = [[{ result: 'error', errorCode: 'Invalid ui state' }]];

describe.each(MODES)('§1.2 entityChanged before initialized for every card with CRM data (%s)', (mode) => {
  test('by default: the CRM block emits entityChanged with the call\'s entity before the card exists, then initialized', async () => {
    const sim = createHostSimulator({ mode });
    const order: unknown[] = [];
    sim.placement.bindEvent('BackgroundCallCard::entityChanged', (payload) => {
      order.push(['entityChanged', payload, sim.card]);
      sim.placement.call('CallCardSetCardTitle', { title: 'too early' }, (result) => order.push(result));
    });
    sim.placement.bindEvent('BackgroundCallCard::initialized', (payload) => order.push(['initialized', (payload as { CALL_ID: string }).CALL_ID]));
    expect(sim.raiseCall({ ...CRM_CALL })).toEqual({ raised: true, callId: 'crm-call', window: 0 });
    await sim.settle();
    // Until initialized there is no card: a command sent from the early entityChanged finds none.
    expect(order).toEqual([['entityChanged', { PHONE_NUMBER: '+4930123456', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 7 }, null], ['initialized', 'crm-call'], ...noCard]);
    expect(sim.card).toMatchObject({ layout: 'crm', title: '' });
  });

  test('a binding alone is CRM data too', () => {
    const sim = createHostSimulator({ mode });
    sim.raiseCall({ CRM_BINDINGS: [{ ENTITY_TYPE: 'DEAL', ENTITY_ID: 3 }] });
    expect(sim.events.map((e) => e.event)).toEqual(['entityChanged', 'initialized']);
  });

  test('a call without CRM data has no CRM block: initialized alone, and the simple layout', () => {
    const sim = createHostSimulator({ mode });
    sim.raiseCall({ PHONE_NUMBER: '+100' });
    expect(sim.events.map((e) => e.event)).toEqual(['initialized']);
    expect(sim.card?.layout).toBe('simple');
  });

  test('entityFirst sets the fields of the early entityChanged; crm "loading" sends none until loadCrmBlock', () => {
    const sim = createHostSimulator({ mode });
    sim.raiseCall({ PHONE_NUMBER: '+100' }, { entityFirst: { CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 9 } });
    expect(sim.events.map((e) => [e.event, e.payload])[0]).toEqual(['entityChanged', { PHONE_NUMBER: '+100', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 9 }]);
    const later = createHostSimulator({ mode });
    later.raiseCall({ ...CRM_CALL }, { crm: 'loading' });
    expect(later.events.map((e) => e.event)).toEqual(['initialized']);
    expect(later.card?.layout).toBe('simple');
  });
});

describe.each(MODES)('§1.3 a second call raised while a card is open is dropped silently (%s)', (mode) => {
  test('no card, no event; the raise reports that it was dropped; the open card is untouched', async () => {
    const sim = await cardIn('connected', { mode });
    const before = sim.events.length;
    expect(sim.raiseCall({ CALL_ID: 'second', ...{ CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 1 } })).toEqual({ raised: false, callId: 'second', reason: 'cardAlreadyOpen' });
    expect(sim.events.length).toBe(before);
    expect(sim.card).toMatchObject({ uiState: 'connected', call: { CALL_ID: 'crm-call' } });
  });

  test('a card open in another window counts too', () => {
    const sim = createHostSimulator({ mode, windows: 2 });
    sim.raiseCall({}, { window: 1 });
    expect(sim.raiseCall({ CALL_ID: 'other' }, { window: 0 })).toMatchObject({ raised: false, reason: 'cardAlreadyOpen' });
  });

  test('once the card has gone, the next call is shown', async () => {
    const sim = await cardIn('connected', { mode });
    sim.hide();
    expect(sim.raiseCall({ CALL_ID: 'next' })).toEqual({ raised: true, callId: 'next', window: 0 });
  });
});

describe.each(MODES)('§1.5 the card goes away with no event (%s)', (mode) => {
  test.each([
    ['hide() (telephony.externalcall.hide, or finish for the finishing user)', (sim: HostSimulator) => sim.hide()],
    ['closeInOtherTab() (the same card closes in another tab)', (sim: HostSimulator) => sim.closeInOtherTab()],
    ['autoClose() (Bitrix24 closes it after the call)', (sim: HostSimulator) => sim.autoClose()],
  ])('%s: gone, nothing emitted, later commands answer Call card is undefined, the probe says none', async (_label, close) => {
    const sim = await cardIn('connected', { mode });
    const before = sim.events.length;
    expect(close(sim)).toEqual({ closed: true });
    expect(sim.card).toBeNull();
    expect(sim.events.length).toBe(before);
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'error' })).toEqual(noCard);
    expect(await send(sim, 'CallCardSetUiState', PROBE)).toEqual(noCard);
  });

  test('hide(callId) hides only that call\'s card; with no card there is nothing to hide', async () => {
    const sim = await cardIn('connected', { mode });
    expect(sim.hide('another-call')).toMatchObject({ closed: false, reason: expect.stringContaining('crm-call') });
    expect(sim.card).not.toBeNull();
    expect(sim.hide('crm-call')).toEqual({ closed: true });
    expect(sim.hide()).toEqual({ closed: false, reason: 'no card is open' });
  });

  test.each(ESC_CLOSABLE_STATES)('Esc closes the card in %s: gone for the operator, no event; the host keeps answering [] and the probe still says a card is open', async (uiState) => {
    const sim = await cardIn(uiState, { mode });
    const before = sim.events.length;
    expect(sim.pressEsc()).toEqual({ closed: true });
    expect(sim.card).toBeNull();
    expect(sim.events.length).toBe(before);
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'redial' })).toEqual([[]]);
    expect(await send(sim, 'CallCardSetMute', { muted: true })).toEqual([[]]);
    expect(await send(sim, 'CallCardSetUiState', PROBE)).toEqual(INVALID);
    expect(sim.card).toBeNull();
    // The loss is undetectable until the next card: a new call is shown, not dropped.
    expect(sim.raiseCall({ CALL_ID: 'after-esc' })).toMatchObject({ raised: true });
  });

  test.each([...UI_STATES, ...INTERNAL_UI_STATES].filter((uiState) => !ESC_CLOSABLE_STATES.includes(uiState)))('Esc does nothing in %s (not closable)', async (uiState) => {
    const sim = await cardIn(uiState, { mode });
    expect(sim.pressEsc()).toMatchObject({ closed: false, reason: expect.stringContaining(uiState) });
    expect(sim.card?.uiState).toBe(uiState);
  });

  test('the closable states are exactly those the host makes closable', () => {
    expect([...ESC_CLOSABLE_STATES].sort()).toEqual(['error', 'idle', 'moneyError', 'outgoing', 'redial', 'sipPhoneError']);
  });
});

describe.each(MODES)('§1.5 v3: Esc clears the worker\'s card in the 2025/26 build, not in the older one (%s)', (mode) => {
  test.each(ESC_CLOSABLE_STATES)('esc: clearsCard, in %s: gone with no event, and the next command answers Call card is undefined like any other loss', async (uiState) => {
    const sim = await cardIn(uiState, { mode, esc: 'clearsCard' });
    const before = sim.events.length;
    expect(sim.pressEsc()).toEqual({ closed: true });
    expect(sim.card).toBeNull();
    expect(sim.events.length).toBe(before);
    expect(await send(sim, 'CallCardSetUiState', PROBE)).toEqual(noCard);
    expect(await send(sim, 'CallCardSetMute', { muted: true })).toEqual(noCard);
  });

  test('the simulator\'s default is the older build (its v2 behaviour); the option picks either', async () => {
    for (const [esc, answer] of [[undefined, INVALID], ['keepsCard', INVALID], ['clearsCard', noCard]] as const) {
      const sim = createHostSimulator({ mode, ...(esc ? { esc } : {}) });
      sim.raiseCall({ ...CRM_CALL });
      await send(sim, 'CallCardSetUiState', { uiState: 'error' });
      sim.pressEsc();
      expect(await send(sim, 'CallCardSetUiState', PROBE)).toEqual(answer);
    }
  });
});

describe.each(MODES)('§1.6 show(callId): a new card for the same call (%s)', (mode) => {
  test('initialized again with the same CALL_ID and CALL_STATE idle, the card in externalCard, fresh flags', async () => {
    const sim = await cardIn('connected', { mode });
    await send(sim, 'CallCardSetMute', { muted: true });
    await send(sim, 'CallCardSetCardTitle', { title: 'Acme' });
    sim.hide();
    const calls = listen(sim, 'BackgroundCallCard::initialized');
    expect(sim.show('crm-call')).toEqual({ raised: true, callId: 'crm-call', window: 0 });
    expect(calls).toEqual([[expect.objectContaining({ CALL_ID: 'crm-call', CALL_STATE: 'idle', PHONE_NUMBER: '+4930123456' })]]);
    expect(sim.card).toMatchObject({ uiState: 'externalCard', muted: false, title: '', call: { CALL_ID: 'crm-call' } });
    expect(sim.events.slice(-2).map((e) => e.event)).toEqual(['entityChanged', 'initialized']);
  });

  test('show() with no id re-shows the last call; an unknown call or an open card shows nothing', async () => {
    const sim = await cardIn('connected', { mode });
    expect(sim.show()).toMatchObject({ raised: false, reason: 'cardAlreadyOpen' });
    sim.autoClose();
    expect(sim.show('never-raised')).toEqual({ raised: false, callId: 'never-raised', reason: 'unknownCall' });
    expect(sim.show()).toMatchObject({ raised: true, callId: 'crm-call' });
    expect(createHostSimulator({ mode }).show()).toMatchObject({ raised: false, reason: 'unknownCall' });
  });
});

describe.each(MODES)('§1.7 auto-close while the comment editor is open (%s)', (mode) => {
  test('deferred: the card stays; about 65 s later the host saves the comment itself, then closes, with no other event', async () => {
    const sim = await cardIn('connected', { mode });
    const comments = listen(sim, 'BackgroundCallCard::addCommentButtonClick');
    sim.openCommentEditor();
    sim.typeComment('Customer wants a callback');
    const closesAt = sim.now + AUTO_CLOSE_COMMENT_DELAY_MS;
    expect(sim.autoClose()).toEqual({ closed: false, deferred: true, closesAt });
    expect(AUTO_CLOSE_COMMENT_DELAY_MS).toBe(65_000);
    sim.tick(AUTO_CLOSE_COMMENT_DELAY_MS - 1);
    expect(sim.card).not.toBeNull();
    expect(comments).toEqual([]);
    // A second auto-close keeps the first deadline.
    expect(sim.autoClose()).toEqual({ closed: false, deferred: true, closesAt });
    sim.tick(1);
    expect(comments).toEqual([['Customer wants a callback']]);
    expect(sim.card).toBeNull();
    expect(await send(sim, 'CallCardSetUiState', PROBE)).toEqual(noCard);
  });

  test('with the editor closed, auto-close is immediate', async () => {
    const sim = await cardIn('connected', { mode });
    sim.comment('saved already');
    expect(sim.autoClose()).toEqual({ closed: true });
  });

  test('a deferred close is cancelled by nothing but the card going another way first', async () => {
    const sim = await cardIn('connected', { mode });
    sim.openCommentEditor();
    sim.autoClose();
    await send(sim, 'CallCardClose');
    sim.raiseCall({ CALL_ID: 'next' });
    sim.tick(AUTO_CLOSE_COMMENT_DELAY_MS);
    expect(sim.card?.call.CALL_ID).toBe('next');
    expect(sim.events.filter((e) => e.event === 'addCommentButtonClick')).toEqual([]);
  });
});
