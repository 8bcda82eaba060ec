/**
 * statechart.md, "Lifecycle": waiting ──initialized──▶ a call ──call over──▶ waiting,
 * for any number of calls through one actor.
 */
import type { CallCardInput } from '../../machines/callCard.events';
import { parseCardEvent } from '../../machines/callCard.parse';
import { firstUiState } from '../../testing/model/specOracle';
import { card, hostCall, initialized, phone, setUiState, startCard, type CardDriver } from './helpers';

const ABSENT = Symbol('absent');

const KNOWN_DIRECTIONS = ['incoming', 'incomingTransfer', 'outgoing', 'callback'];
const DIRECTIONS: unknown[] = [...KNOWN_DIRECTIONS, 'INCOMING', 'inbound', '', 'transfer', 1, null, { value: 'incoming' }, ABSENT];

function payloadWith(direction: unknown, callListMode: boolean): Record<string, unknown> {
  const payload = hostCall({ CALL_DIRECTION: direction, CALL_LIST_MODE: callListMode });
  if (direction === ABSENT) delete payload.CALL_DIRECTION;
  return payload;
}

const label = (value: unknown) => (value === ABSENT ? '(absent)' : JSON.stringify(value));

describe('SC-L1: the first UI state on initialized', () => {
  const cases = DIRECTIONS.flatMap((direction) => [true, false].map((listMode) => [label(direction), listMode, direction] as const));

  test.each(cases)('CALL_DIRECTION %s, CALL_LIST_MODE %s', (_label, callListMode, direction) => {
    const expected = firstUiState({ direction, callListMode });
    const parsed = parseCardEvent('initialized', payloadWith(direction, callListMode));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;

    // "anything else → error (and the bad value is reported)"
    const directionWarnings = parsed.warnings.filter((w) => w.field === 'CALL_DIRECTION');
    if (KNOWN_DIRECTIONS.includes(direction as string)) {
      expect(directionWarnings).toEqual([]);
    } else {
      expect(parsed.event.call.direction).toBeNull();
      expect(directionWarnings).toEqual([expect.objectContaining({ kind: 'rejectedPayload', event: 'initialized', field: 'CALL_DIRECTION' })]);
    }

    const c = startCard().mark();
    c.send(parsed.event);
    expect(c.state()).toBe(expected);
    expect(c.cardCommands()).toEqual([setUiState(expected)]);
    // The softphone already has (or is placing) the call the host registered; opening the card asks nothing of it.
    expect(c.softphoneCommands()).toEqual([]);
    expect(c.summaries()).toEqual([]);
  });
});

describe('SC-L3: entityChanged in waiting', () => {
  test('is ignored and reported; the call takes number and entity from its own initialized', () => {
    const c = startCard().mark();
    const early = card('entityChanged', { PHONE_NUMBER: '+4930888', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 31 });
    c.send(early);
    expect(c.ignored()).toEqual([early]);
    c.send(initialized({ CALL_DIRECTION: 'callback', PHONE_NUMBER: '+4930777', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 5 }));
    expect(c.state()).toBe('outgoing');
    c.send(card('makeCallButtonClick'));
    expect(c.softphoneCommands()).toEqual([{ method: 'call', phoneNumber: '+4930777' }]);
    c.send(card('hangupButtonClick'));
    expect(c.summaries()).toEqual([expect.objectContaining({ phoneNumber: '+4930777', crmEntity: { type: 'DEAL', id: 5 } })]);
  });

  test('an entityChanged of the call, after initialized, is kept and dialled', () => {
    const c = startCard().mark();
    c.send(initialized({ CALL_DIRECTION: 'callback', PHONE_NUMBER: undefined, CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 }));
    c.send(card('entityChanged', { PHONE_NUMBER: '+4930888', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 31 }), card('makeCallButtonClick'));
    expect(c.softphoneCommands()).toEqual([{ method: 'call', phoneNumber: '+4930888' }]);
  });

  test('an entity from a finished call does not reach the next one', () => {
    const c = startCard().mark();
    c.send(initialized({ CALL_DIRECTION: 'incoming' }), card('entityChanged', { PHONE_NUMBER: '+4930888', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 31 }), card('skipButtonClick'));
    c.send(initialized({ CALL_ID: 'call-2', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930222', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 2 }), card('skipButtonClick'));
    expect(c.summaries()[1]).toMatchObject({ callId: 'call-2', phoneNumber: '+4930222', crmEntity: { type: 'CONTACT', id: 2 } });
  });
});

describe('SC-L4: time comes from the injected clock', () => {
  test('the summary\'s timestamps are the clock\'s, not Date.now()', () => {
    const c = startCard().mark();
    c.send(initialized());
    c.clock.advance(2_000);
    c.send(card('answerButtonClick'), phone({ type: 'phone.connected' }));
    c.clock.advance(60_000);
    c.send(card('hangupButtonClick'));
    expect(c.summaries()).toEqual([expect.objectContaining({ openedAt: 1_000_000, connectedAt: 1_002_000, closedAt: 1_062_000 })]);
  });
});

/** The context without its clock (each driver has its own). */
const data = (c: CardDriver) => {
  const { clock: _clock, ...rest } = c.context();
  return rest;
};

describe('SC-L4: per-call context', () => {
  const initialContext = data(startCard());

  test('the machine starts in waiting with nothing of a call', () => {
    const c = startCard();
    expect(c.state()).toBe('waiting');
    expect(c.context()).toMatchObject({ call: null, entity: null, comment: null, rating: null, dtmf: '', transfer: null, title: null, statusText: null, cardLostAt: null });
    // The state value is the truth: no copy of the UI state in the context.
    expect(Object.keys(c.context())).not.toContain('uiState');
  });

  test('is reset after each call, and the summary is handed once', () => {
    const c = startCard();
    c.mark().send(
      initialized({ CALL_DIRECTION: 'incoming' }),
      card('answerButtonClick'),
      phone({ type: 'phone.connected' }),
      card('addCommentButtonClick', 'note'),
      card('qualityMeterClick', 5),
      card('dialpadButtonClick', '9'),
      card('muteButtonClick', true),
      card('transferButtonClick', { type: 'user', target: '8' }),
      phone({ type: 'phone.transferSucceeded' }),
      phone({ type: 'phone.ended' }),
    );
    expect(c.summaries()).toHaveLength(1);
    expect(c.state()).toBe('waiting');
    expect({ ...data(c), cycle: 0 }).toEqual(initialContext);
    expect(c.context().cycle).toBe(1);

    // More events after the card is gone neither hand the summary again nor reopen anything.
    c.send(phone({ type: 'phone.ended' }), card('closeButtonClick'), card('hangupButtonClick'), { type: 'card.lost' });
    expect(c.summaries()).toHaveLength(1);
    expect(c.ignored()).toHaveLength(4);

    c.mark().send(initialized({ CALL_ID: 'call-2', CALL_DIRECTION: 'incoming' }), card('closeButtonClick'));
    expect(c.summaries()).toEqual([
      expect.objectContaining({ cycle: 2, callId: 'call-2', comment: null, rating: null, dtmf: '', transferTarget: null, connected: false, connectedAt: null }),
    ]);
    expect({ ...data(c), cycle: 0 }).toEqual(initialContext);
  });

  test('a new call starts with the microphone unmuted and the call resumed', () => {
    const c = startCard();
    c.send(...callShape('transfer', 1));
    c.send(initialized({ CALL_DIRECTION: 'incoming' }), card('answerButtonClick'), phone({ type: 'phone.connected' }));
    expect(c.snapshot().value).toEqual({ call: { ui: { connected: { microphone: 'unmuted', hold: 'resumed' } }, card: 'attached' } });
  });
});

type Shape = 'answeredHungUp' | 'skipped' | 'remoteHungUp' | 'busyRedialConnected' | 'transfer' | 'closedInError';
const SHAPES: readonly Shape[] = ['answeredHungUp', 'skipped', 'remoteHungUp', 'busyRedialConnected', 'transfer', 'closedInError'];

/** The events of one whole call, from `waiting` back to `waiting`. */
function callShape(shape: Shape, n: number): CallCardInput[] {
  const id = `call-${n}`;
  switch (shape) {
    case 'answeredHungUp':
      return [
        initialized({ CALL_ID: id, CALL_DIRECTION: 'incoming' }),
        card('answerButtonClick'),
        phone({ type: 'phone.connected' }),
        card('dialpadButtonClick', String(n % 10)),
        card('addCommentButtonClick', `comment ${n}`),
        card('qualityMeterClick', (n % 5) + 1),
        card('hangupButtonClick'),
      ];
    case 'skipped':
      return [initialized({ CALL_ID: id, CALL_DIRECTION: 'incomingTransfer' }), card('entityChanged', { PHONE_NUMBER: `+49${n}`, CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: n }), card('skipButtonClick')];
    case 'remoteHungUp':
      return [
        initialized({ CALL_ID: id, CALL_DIRECTION: 'incoming' }),
        card('answerButtonClick'),
        phone({ type: 'phone.connected' }),
        card('muteButtonClick', true),
        { type: 'softphone.muteDone', muted: true },
        card('holdButtonClick', true),
        { type: 'softphone.holdFailed', held: true },
        { type: 'card.lost' },
        initialized({ CALL_ID: id }),
        phone({ type: 'phone.ended' }),
      ];
    case 'busyRedialConnected':
      return [
        initialized({ CALL_ID: id, CALL_DIRECTION: 'outgoing' }),
        phone({ type: 'phone.failed', code: 486 }),
        card('makeCallButtonClick'),
        phone({ type: 'phone.connected' }),
        card('hangupButtonClick'),
      ];
    case 'transfer':
      return [
        initialized({ CALL_ID: id, CALL_DIRECTION: 'incoming' }),
        card('answerButtonClick'),
        phone({ type: 'phone.connected' }),
        card('holdButtonClick', true),
        card('transferButtonClick', { phoneNumber: '+4930999', target: String(n) }),
        card('completeTransferButtonClick'),
        phone({ type: 'phone.transferSucceeded' }),
        card('hangupButtonClick'),
      ];
    case 'closedInError':
      return [initialized({ CALL_ID: id, CALL_DIRECTION: 'sideways' }), card('addCommentButtonClick', 'x'.repeat(n % 100)), card('closeButtonClick')];
  }
}

const ENDED_BY: Record<Shape, string> = {
  answeredHungUp: 'hungUp',
  skipped: 'skipped',
  remoteHungUp: 'remoteHungUp',
  busyRedialConnected: 'hungUp',
  transfer: 'hungUp',
  closedInError: 'closedByOperator',
};

/** The persisted snapshot as JSON, with the one field that is meant to grow (the call count) set aside. */
function persistedWithoutCycle(c: CardDriver): string {
  const persisted = c.actor.getPersistedSnapshot() as unknown as { context: Record<string, unknown> };
  return JSON.stringify({ ...persisted, context: { ...persisted.context, cycle: 0 } });
}

describe('SC-L4: 10,000 calls in a row through one actor', () => {
  // Both counts end on the same shape, so both snapshots come after the same last call.
  const FEW = 10;
  const MANY = 10_000;

  test('each ends in waiting; the context does not grow', () => {
    expect(FEW % SHAPES.length).toBe(MANY % SHAPES.length);
    const initialContext = data(startCard());
    const c = startCard();
    let summaries = 0;
    let wrongEnds = 0;
    c.actor.on('call.summary', () => summaries++);
    let afterFew = '';
    for (let n = 1; n <= MANY; n++) {
      const shape = SHAPES[(n - 1) % SHAPES.length]!;
      const before = c.emitted.length;
      c.send(...callShape(shape, n));
      const summary = c.emitted.slice(before).find((e) => e.type === 'call.summary');
      if (c.state() !== 'waiting' || summary?.type !== 'call.summary' || summary.summary.endedBy !== ENDED_BY[shape] || summary.summary.callId !== `call-${n}`) wrongEnds++;
      // Keep memory flat in the test itself: only the counts matter from here on.
      c.emitted.length = 0;
      if (n === FEW) afterFew = persistedWithoutCycle(c);
    }
    expect(wrongEnds).toBe(0);
    expect(summaries).toBe(MANY);
    expect(c.state()).toBe('waiting');
    expect(c.context().cycle).toBe(MANY);
    expect({ ...data(c), cycle: initialContext.cycle }).toEqual(initialContext);
    expect(persistedWithoutCycle(c).length).toBe(afterFew.length);
  });
});
