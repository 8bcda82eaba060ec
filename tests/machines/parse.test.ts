/**
 * The parsers, against the payload shapes of host-behaviour.md §3 and the rejections
 * statechart.md names ("a rating of "7", a dial key "x", a transfer with no target, a
 * mute that is not a boolean").
 */
import type { RejectedPayload } from '../../diagnostics';
import { DIAL_KEYS } from '../../protocol/buttons';
import { CARD_EVENT_NAMES, NO_PAYLOAD_EVENTS, type CardEventName } from '../../protocol/events';
import { PHONE_EVENT_TYPES, type PhoneEventInput } from '../../machines/callCard.events';
import { CARD_EVENT_PARSERS, parseCardEvent, parsePhoneEvent, type ParseResult } from '../../machines/callCard.parse';
import { hostCall } from './helpers';

function accepted<E>(result: ParseResult<E>): E {
  if (!result.ok) throw new Error(`expected acceptance, got: ${result.diagnostic.message}`);
  return result.event;
}

function rejection<E>(result: ParseResult<E>): RejectedPayload {
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.event)}`);
  return result.diagnostic;
}

/**
 * A rejection names the event, the field and the value received, in the typed
 * diagnostic and in its message. `shown` is how the message should render the value.
 */
function expectRejected<E>(result: ParseResult<E>, event: string, field: string, received: unknown, shown: string) {
  const d = rejection(result);
  expect(d.kind).toBe('rejectedPayload');
  expect(d.event).toBe(event);
  expect(d.field).toBe(field);
  expect(Object.is(d.received, received) || JSON.stringify(d.received) === JSON.stringify(received)).toBe(true);
  expect(d.message).toContain(event);
  expect(d.message).toContain(field);
  expect(d.message).toContain(shown);
}

// The events the host sends no data with (host-behaviour.md §3).
const BARE_EVENTS = NO_PAYLOAD_EVENTS;

test('there is one parser per card event', () => {
  expect(Object.keys(CARD_EVENT_PARSERS).sort()).toEqual([...CARD_EVENT_NAMES].sort());
});

describe('initialized', () => {
  test('a full, well-formed call', () => {
    const result = parseCardEvent('initialized', hostCall({ CRM_ACTIVITY_ID: 55, LINE_NAME: 'Sales', CALL_LIST_MODE: true }));
    expect(result.ok && result.warnings).toEqual([]);
    expect(accepted(result)).toEqual({
      type: 'initialized',
      call: {
        callId: 'call-1',
        phoneNumber: '+4930123456',
        phoneNumberState: 'known',
        lineNumber: 'line-1',
        lineName: 'Sales',
        crmEntity: { type: 'CONTACT', id: 7 },
        crmActivityId: 55,
        crmBindings: [{ type: 'CONTACT', id: 7 }],
        direction: 'incoming',
        rawDirection: 'incoming',
        callState: 'idle',
        callListMode: true,
      },
    });
  });

  test.each([
    ['absent', undefined, 'absent'],
    ['hidden', 'hidden', 'hidden'],
    ['unknown', 'unknown', 'unknown'],
  ])('PHONE_NUMBER %s → no number, and why', (_label, value, state) => {
    const payload = hostCall({ PHONE_NUMBER: value });
    if (value === undefined) delete payload.PHONE_NUMBER;
    const result = parseCardEvent('initialized', payload);
    expect(result.ok && result.warnings).toEqual([]);
    expect(accepted(result).call).toMatchObject({ phoneNumber: null, phoneNumberState: state });
  });

  test.each([
    ['absent', undefined],
    ['""', ''],
  ])('CRM_ACTIVITY_ID %s → none', (_label, value) => {
    const payload = hostCall({ CRM_ACTIVITY_ID: value });
    if (value === undefined) delete payload.CRM_ACTIVITY_ID;
    const result = parseCardEvent('initialized', payload);
    expect(result.ok && result.warnings).toEqual([]);
    expect(accepted(result).call.crmActivityId).toBeNull();
  });

  test.each([
    ['CONTACT', 0],
    ['', 0],
  ])('CRM_ENTITY_TYPE %j with CRM_ENTITY_ID 0 → no entity', (type, id) => {
    const result = parseCardEvent('initialized', hostCall({ CRM_ENTITY_TYPE: type, CRM_ENTITY_ID: id, CRM_BINDINGS: [] }));
    expect(result.ok && result.warnings).toEqual([]);
    expect(accepted(result).call.crmEntity).toBeNull();
  });

  test('LINE_NAME "" is kept as ""', () => {
    const result = parseCardEvent('initialized', hostCall({ LINE_NAME: '' }));
    expect(result.ok && result.warnings).toEqual([]);
    expect(accepted(result).call.lineName).toBe('');
  });

  test.each(['incoming', 'incomingTransfer', 'outgoing', 'callback'])('CALL_DIRECTION %s is known', (direction) => {
    expect(accepted(parseCardEvent('initialized', hostCall({ CALL_DIRECTION: direction }))).call.direction).toBe(direction);
  });

  test('an unknown CALL_DIRECTION is accepted as direction null, with a warning', () => {
    const result = parseCardEvent('initialized', hostCall({ CALL_DIRECTION: 'sideways' }));
    expect(accepted(result).call).toMatchObject({ direction: null, rawDirection: 'sideways' });
    expect(result.ok && result.warnings).toEqual([expect.objectContaining({ kind: 'rejectedPayload', event: 'initialized', field: 'CALL_DIRECTION', received: 'sideways' })]);
  });

  test('bad fields are dropped with one warning each; the card still opens', () => {
    const bad = {
      CALL_DIRECTION: 'sideways',
      CALL_STATE: 'ringing',
      CALL_LIST_MODE: 'yes',
      CRM_ACTIVITY_ID: 'abc',
      CRM_BINDINGS: 'none',
      PHONE_NUMBER: { nested: true },
      LINE_NAME: ['x'],
    };
    const result = parseCardEvent('initialized', hostCall(bad));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings.map((w) => w.field).sort()).toEqual(Object.keys(bad).sort());
    for (const warning of result.warnings) {
      expect(warning).toMatchObject({ kind: 'rejectedPayload', event: 'initialized', received: bad[warning.field as keyof typeof bad] });
      expect(warning.message).toContain(warning.field);
    }
    expect(result.event.call).toMatchObject({ direction: null, callState: null, callListMode: false, crmActivityId: null, crmBindings: [], phoneNumber: null, lineName: '' });
    // The fields that were fine are kept.
    expect(result.event.call).toMatchObject({ callId: 'call-1', crmEntity: { type: 'CONTACT', id: 7 } });
  });

  test.each([
    ['a name with a space', 'LEAD CONTACT'],
    ['a number', 42],
    ['leading blank', ' DEAL'],
    ['an object', { type: 'DEAL' }],
  ])('a CRM entity type that is not a type name (%s) is dropped with a warning', (_label, type) => {
    const result = parseCardEvent('initialized', hostCall({ CRM_ENTITY_TYPE: type, CRM_ENTITY_ID: 4 }));
    expect(accepted(result).call.crmEntity).toBeNull();
    expect(result.ok && result.warnings).toEqual([
      expect.objectContaining({ kind: 'rejectedPayload', event: 'initialized', field: 'CRM_ENTITY_TYPE', received: { CRM_ENTITY_TYPE: type, CRM_ENTITY_ID: 4 } }),
    ]);
  });

  describe('§3 initialized v2 shapes', () => {
    test.each(['QUOTE', 'SMART_INVOICE', 'DYNAMIC_128', 'ORDER'])('CRM types beyond the four: %s, in the entity and in CRM_BINDINGS', (type) => {
      const result = parseCardEvent('initialized', hostCall({ CRM_ENTITY_TYPE: type, CRM_ENTITY_ID: 31, CRM_BINDINGS: [{ ENTITY_TYPE: type, ENTITY_ID: 31 }, { ENTITY_TYPE: 'CONTACT', ENTITY_ID: 7 }] }));
      expect(result.ok && result.warnings).toEqual([]);
      expect(accepted(result).call).toMatchObject({ crmEntity: { type, id: 31 }, crmBindings: [{ type, id: 31 }, { type: 'CONTACT', id: 7 }] });
    });

    test('PHONE_NUMBER "hidden" is a withheld number: a typed state with no number to dial', () => {
      const result = parseCardEvent('initialized', hostCall({ PHONE_NUMBER: 'hidden' }));
      expect(result.ok && result.warnings).toEqual([]);
      expect(accepted(result).call).toMatchObject({ phoneNumber: null, phoneNumberState: 'hidden' });
    });

    test('an external card: CALL_LIST_MODE false and no CRM_ACTIVITY_ID', () => {
      const { CRM_ACTIVITY_ID: _omitted, ...external } = hostCall({ CALL_LIST_MODE: false });
      const result = parseCardEvent('initialized', external);
      expect(result.ok && result.warnings).toEqual([]);
      expect(accepted(result).call).toMatchObject({ callListMode: false, crmActivityId: null, callState: 'idle' });
    });
  });

  test.each([
    ['null', null],
    ['an array', [hostCall()]],
    ['a string', 'CALL_ID=1'],
  ])('a payload that is %s still opens a card (in error), with one warning', (_label, payload) => {
    const result = parseCardEvent('initialized', payload);
    expect(accepted(result).call.direction).toBeNull();
    expect(result.ok && result.warnings).toEqual([expect.objectContaining({ kind: 'rejectedPayload', event: 'initialized', field: '(payload)' })]);
  });
});

describe('entityChanged', () => {
  test.each([
    ['a known number and a deal', { PHONE_NUMBER: '+4930555', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 9 }, { phoneNumber: '+4930555', phoneNumberState: 'known', crmEntity: { type: 'DEAL', id: 9 } }],
    ['unknown number, no entity', { PHONE_NUMBER: 'unknown', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 }, { phoneNumber: null, phoneNumberState: 'unknown', crmEntity: null }],
    ['hidden number, a lead', { PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: '12' }, { phoneNumber: null, phoneNumberState: 'hidden', crmEntity: { type: 'LEAD', id: 12 } }],
  ])('%s', (_label, payload, entity) => {
    expect(accepted(parseCardEvent('entityChanged', payload))).toEqual({ type: 'entityChanged', entity });
  });

  test('§3 any CRM type name: a smart process entity', () => {
    expect(accepted(parseCardEvent('entityChanged', { PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'DYNAMIC_1032', CRM_ENTITY_ID: 5 }))).toEqual({
      type: 'entityChanged',
      entity: { phoneNumber: null, phoneNumberState: 'hidden', crmEntity: { type: 'DYNAMIC_1032', id: 5 } },
    });
  });

  test('an entity type that is not a type name is rejected', () => {
    const d = rejection(parseCardEvent('entityChanged', { PHONE_NUMBER: '+4930555', CRM_ENTITY_TYPE: 'NO SUCH-TYPE', CRM_ENTITY_ID: 9 }));
    expect(d).toMatchObject({ kind: 'rejectedPayload', event: 'entityChanged', field: 'CRM_ENTITY_TYPE' });
    expect(JSON.stringify(d.received)).toContain('NO SUCH-TYPE');
    expect(d.message).toContain('entityChanged');
    expect(d.message).toContain('CRM_ENTITY_TYPE');
    expect(d.message).toContain('NO SUCH-TYPE');
  });

  test('a bad entity id is rejected', () => {
    expect(rejection(parseCardEvent('entityChanged', { PHONE_NUMBER: '+4930555', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: -3 }))).toMatchObject({ field: 'CRM_ENTITY_TYPE' });
  });

  test('a payload that is not an object is rejected as a whole', () => {
    expectRejected(parseCardEvent('entityChanged', 'DEAL'), 'entityChanged', '(payload)', 'DEAL', '"DEAL"');
  });
});

describe('addCommentButtonClick', () => {
  test.each(['called back', '', 'ünïcødé ✓'])('text %j', (text) => {
    expect(accepted(parseCardEvent('addCommentButtonClick', text))).toEqual({ type: 'addCommentButtonClick', text });
  });
  test.each([
    [42, '42'],
    [undefined, 'undefined'],
    [null, 'null'],
    [{ text: 'hi' }, '{"text":"hi"}'],
  ])('not a string: %p', (payload, shown) => {
    expectRejected(parseCardEvent('addCommentButtonClick', payload), 'addCommentButtonClick', 'text', payload, shown);
  });
});

describe.each([
  ['muteButtonClick', 'muted'],
  ['holdButtonClick', 'held'],
] as const)('%s', (name, key) => {
  test.each([true, false])('%s', (value) => {
    expect(accepted(parseCardEvent(name, value))).toEqual({ type: name, [key]: value });
  });
  test.each([
    ['true', '"true"'],
    [1, '1'],
    [null, 'null'],
    [undefined, 'undefined'],
  ])('%p is not a boolean', (payload, shown) => {
    expectRejected(parseCardEvent(name, payload), name, key, payload, shown);
  });
});

describe('§3 transferButtonClick: the destination is the host\'s target, never its phoneNumber', () => {
  test.each([
    ['{phoneNumber, target}', { phoneNumber: '+4930999', target: '42' }, { destination: '42', kind: null }],
    ['{phoneNumber: hidden, target} (a withheld customer number)', { phoneNumber: 'hidden', target: '42' }, { destination: '42', kind: null }],
    ['{type: user, target}', { type: 'user', target: '17' }, { destination: '17', kind: 'user' }],
    ['{type: queue, target}', { type: 'queue', target: '3' }, { destination: '3', kind: 'queue' }],
    ['{type: pstn, target}', { type: 'pstn', target: '+4930111' }, { destination: '+4930111', kind: 'pstn' }],
    ['a numeric target (an employee id)', { phoneNumber: '+4930999', target: 42 }, { destination: '42', kind: null }],
    ['a numeric target in the {type, target} shape', { type: 'user', target: 17 }, { destination: '17', kind: 'user' }],
  ])('%s', (_label, payload, transfer) => {
    expect(accepted(parseCardEvent('transferButtonClick', payload))).toEqual({ type: 'transferButtonClick', transfer });
  });

  test.each([
    ['no target', { phoneNumber: '+4930999' }, 'target', undefined, 'undefined'],
    ['an empty target', { phoneNumber: '+4930999', target: '' }, 'target', '', '""'],
    ['a blank target', { type: 'user', target: '   ' }, 'target', '   ', '"   "'],
    ['a target that is an object', { type: 'user', target: { id: 1 } }, 'target', { id: 1 }, '{"id":1}'],
    ['a fractional numeric target', { type: 'user', target: 4.5 }, 'target', 4.5, '4.5'],
    ['a zero target', { type: 'user', target: 0 }, 'target', 0, '0'],
    ['a NaN target', { type: 'user', target: NaN }, 'target', NaN, 'NaN'],
    ['the customer number alone', { phoneNumber: '+4930999', target: null }, 'target', null, 'null'],
    ['a bad type', { type: 'department', target: '5' }, 'type', 'department', '"department"'],
    ['a non-object payload', '42', '(payload)', '42', '"42"'],
  ])('%s is rejected', (_label, payload, field, received, shown) => {
    expectRejected(parseCardEvent('transferButtonClick', payload), 'transferButtonClick', field, received, shown);
  });

  test('a target inherited through the prototype is not read', () => {
    expectRejected(parseCardEvent('transferButtonClick', Object.create({ target: '42' })), 'transferButtonClick', 'target', undefined, 'undefined');
  });
});

describe('§3 qualityMeterClick: the rating as a number or as the string the host sends', () => {
  test.each([
    ['"5"', '5', 5],
    ['5', 5, 5],
    ['"1"', '1', 1],
    ['3', 3, 3],
  ])('%s → rating %s', (_label, payload, rating) => {
    expect(accepted(parseCardEvent('qualityMeterClick', payload))).toEqual({ type: 'qualityMeterClick', rating });
  });
  test.each([
    ['7', '"7"'],
    [0, '0'],
    [5.5, '5.5'],
    ['5.0', '"5.0"'],
    [6, '6'],
    ['', '""'],
    [' 5', '" 5"'],
    [NaN, 'NaN'],
  ])('%p is rejected', (payload, shown) => {
    expectRejected(parseCardEvent('qualityMeterClick', payload), 'qualityMeterClick', 'rating', payload, shown);
  });
});

describe('dialpadButtonClick', () => {
  test.each(DIAL_KEYS)('key %s', (key) => {
    expect(accepted(parseCardEvent('dialpadButtonClick', key))).toEqual({ type: 'dialpadButtonClick', key });
  });
  test.each([
    ['x', '"x"'],
    [5, '5'],
    ['12', '"12"'],
    ['+', '"+"'],
    ['', '""'],
  ])('%p is rejected', (payload, shown) => {
    expectRejected(parseCardEvent('dialpadButtonClick', payload), 'dialpadButtonClick', 'key', payload, shown);
  });
});

describe('§3 events without data: undefined, "" or [] depending on the transport', () => {
  const noData: [string, unknown][] = [
    ['undefined', undefined],
    ['""', ''],
    ['[]', []],
    ['null', null],
  ];
  describe.each(BARE_EVENTS)('%s', (name) => {
    test.each(noData)('with %s: accepted, no warning', (_label, payload) => {
      expect(parseCardEvent(name, payload)).toEqual({ ok: true, event: { type: name }, warnings: [] });
    });
    test.each([
      ['a string', 'x', '"x"'],
      ['an object', { a: 1 }, '{"a":1}'],
      ['a non-empty array', [1], '[1]'],
    ])('with %s: the click is still taken, with a rejectedPayload warning naming event, field and value', (_label, payload, shown) => {
      const result = parseCardEvent(name, payload);
      expect(result.ok && result.event).toEqual({ type: name });
      const warnings = result.ok ? result.warnings : [];
      expect(warnings).toEqual([expect.objectContaining({ kind: 'rejectedPayload', event: name, field: '(payload)', received: payload })]);
      expect(warnings[0]?.message).toContain(name);
      expect(warnings[0]?.message).toContain(shown);
    });
  });
  test('a payload that refuses to be read (a revoked proxy) is still a click, with a warning', () => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    const result = parseCardEvent('hangupButtonClick', proxy);
    expect(result.ok && result.event).toEqual({ type: 'hangupButtonClick' });
    expect(result.ok && result.warnings.map((w) => w.field)).toEqual(['(payload)']);
  });
});

describe('hostile inputs', () => {
  const megabyte = 'x'.repeat(1024 * 1024);
  const polluting = JSON.parse('{"__proto__": {"polluted": "yes", "target": "42"}, "constructor": {"prototype": {"polluted": "yes"}}, "PHONE_NUMBER": "+1"}') as unknown;
  const throwing = Object.defineProperty({}, 'target', {
    enumerable: true,
    get() {
      throw new Error('getter');
    },
  });
  for (const key of ['CALL_ID', 'CALL_DIRECTION', 'PHONE_NUMBER', 'muted', 'type', 'PHONE_NUMBER', 'CRM_ENTITY_TYPE']) {
    if (!Object.prototype.hasOwnProperty.call(throwing, key)) {
      Object.defineProperty(throwing, key, {
        enumerable: true,
        get() {
          throw new Error('getter');
        },
      });
    }
  }
  const prototypeKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();

  const HOSTILE: readonly (readonly [string, unknown])[] = [
    ['null', null],
    ['an array', ['5']],
    ['NaN', NaN],
    ['a 1 MB string', megabyte],
    ['__proto__/constructor keys', polluting],
    ['a throwing getter', throwing],
  ];

  /** Events whose payload carries data the hostile values cannot be. */
  const DATA_EVENTS = ['muteButtonClick', 'holdButtonClick', 'transferButtonClick', 'qualityMeterClick', 'dialpadButtonClick'] as const;

  const cases = CARD_EVENT_NAMES.flatMap((name) => HOSTILE.map(([label, value]) => [name, label, value] as const));
  test.each(cases)('%s with %s: no throw, a result or a bounded diagnostic', (name, _label, value) => {
    let result: ParseResult<unknown> | undefined;
    expect(() => {
      result = parseCardEvent(name, value);
    }).not.toThrow();
    if (!result!.ok) {
      const d = result!.diagnostic;
      expect(d).toMatchObject({ kind: 'rejectedPayload', event: name });
      expect(d.message.length).toBeLessThan(400);
      expect(d.message).toContain(d.field);
    }
    if ((DATA_EVENTS as readonly string[]).includes(name)) expect(result!.ok).toBe(false);
  });

  test('a 1 MB value is carried as received, but the message stays short', () => {
    const d = rejection(parseCardEvent('dialpadButtonClick', megabyte));
    expect(d.received).toBe(megabyte);
    expect(d.message.length).toBeLessThan(400);
  });

  test('a throwing getter reads as absent', () => {
    expectRejected(parseCardEvent('transferButtonClick', throwing), 'transferButtonClick', 'target', undefined, 'undefined');
    expect(accepted(parseCardEvent('initialized', throwing)).call).toMatchObject({ callId: '', direction: null, phoneNumber: null });
  });

  test('__proto__ and constructor keys are data, not prototypes', () => {
    // "target" sits under the own key "__proto__", which must not be read as an inherited property.
    expectRejected(parseCardEvent('transferButtonClick', polluting), 'transferButtonClick', 'target', undefined, 'undefined');
    expect(accepted(parseCardEvent('entityChanged', polluting)).entity.phoneNumber).toBe('+1');
  });

  test('parsePhoneEvent survives the same inputs', () => {
    for (const [, value] of HOSTILE) {
      expect(() => parsePhoneEvent(value)).not.toThrow();
      expect(parsePhoneEvent(value).ok).toBe(false);
    }
  });

  afterAll(() => {
    // Runs after every hostile parse above.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeysBefore);
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'target')).toBe(false);
  });
});

describe('parsePhoneEvent', () => {
  test.each([
    [{ type: 'phone.connected' }, { type: 'phone.connected' }],
    [{ type: 'phone.ended' }, { type: 'phone.ended' }],
    [{ type: 'phone.failed', code: 486 }, { type: 'phone.failed', code: 486 }],
    [{ type: 'phone.failed', code: '402' }, { type: 'phone.failed', code: 402 }],
    [{ type: 'phone.failed' }, { type: 'phone.failed', code: null }],
    [{ type: 'phone.failed', code: null }, { type: 'phone.failed', code: null }],
    [{ type: 'phone.transferSucceeded' }, { type: 'phone.transferSucceeded' }],
    [{ type: 'phone.transferFailed', code: 480 }, { type: 'phone.transferFailed', code: 480 }],
    [{ type: 'phone.transferFailed' }, { type: 'phone.transferFailed', code: null }],
    [{ type: 'phone.heldChanged', held: true }, { type: 'phone.heldChanged', held: true }],
    [{ type: 'phone.heldChanged', held: false }, { type: 'phone.heldChanged', held: false }],
    [{ type: 'phone.mutedChanged', muted: true }, { type: 'phone.mutedChanged', muted: true }],
    [{ type: 'phone.mutedChanged', muted: false }, { type: 'phone.mutedChanged', muted: false }],
  ])('%j', (input, event) => {
    expect(parsePhoneEvent(input)).toEqual({ ok: true, event, warnings: [] });
  });

  test('every softphone event type is covered above', () => {
    expect(PHONE_EVENT_TYPES).toHaveLength(7);
  });

  test.each([
    ['an unknown type', { type: 'phone.exploded' }, 'phone.exploded', 'type', 'phone.exploded', '"phone.exploded"'],
    ['a card event name', { type: 'hangupButtonClick' }, 'hangupButtonClick', 'type', 'hangupButtonClick', '"hangupButtonClick"'],
    ['no type', { code: 486 }, 'phone', 'type', undefined, 'undefined'],
    ['a code that is not a number', { type: 'phone.failed', code: 'busy' }, 'phone.failed', 'code', 'busy', '"busy"'],
    ['a fractional code', { type: 'phone.failed', code: 486.5 }, 'phone.failed', 'code', 486.5, '486.5'],
    ['a transferFailed code object', { type: 'phone.transferFailed', code: { sip: 480 } }, 'phone.transferFailed', 'code', { sip: 480 }, '{"sip":480}'],
    ['held not a boolean', { type: 'phone.heldChanged', held: 'yes' }, 'phone.heldChanged', 'held', 'yes', '"yes"'],
    ['muted missing', { type: 'phone.mutedChanged' }, 'phone.mutedChanged', 'muted', undefined, 'undefined'],
  ])('%s is rejected', (_label, input, event, field, received, shown) => {
    expectRejected(parsePhoneEvent(input), event, field, received, shown);
  });

  test('a string or null is rejected', () => {
    expectRejected(parsePhoneEvent('phone.ended'), 'phone', 'type', undefined, 'undefined');
    expectRejected(parsePhoneEvent(null), 'phone', 'type', undefined, 'undefined');
  });
});

describe('PhoneEventInput: the code of a failure is optional in the types too', () => {
  test('phone.failed and phone.transferFailed without code type-check and parse to code null', () => {
    const inputs: PhoneEventInput[] = [{ type: 'phone.failed' }, { type: 'phone.transferFailed' }, { type: 'phone.failed', code: 486 }, { type: 'phone.ended' }];
    expect(inputs.map((input) => accepted(parsePhoneEvent(input)))).toEqual([
      { type: 'phone.failed', code: null },
      { type: 'phone.transferFailed', code: null },
      { type: 'phone.failed', code: 486 },
      { type: 'phone.ended' },
    ]);
  });
});
