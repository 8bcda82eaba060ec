import fc from 'fast-check';
import { CARD_COMMAND_NAMES, DIAL_KEYS, NO_CARD_ERROR, type CardEventName } from '../../index';
import { FAULT_KINDS, NO_PAYLOAD_EVENTS, type CrmBlock, type FaultSpec, type InitializedPayload } from '../../testing/host';

/**
 * Generators of host and softphone input, valid and hostile. Every hostile generator
 * says, by construction, how many `rejectedPayload` diagnostics the spec makes it
 * worth (statechart.md: "a payload that does not parse is rejected with a clear, typed
 * diagnostic"), so the invariant does not have to ask the parser under test.
 */

/** One megabyte of text: shared, so that generating it costs nothing. */
export const ONE_MEGABYTE = 'x'.repeat(1 << 20);

/** Objects that carry `__proto__` / `constructor` as OWN keys, as `JSON.parse` builds them from a message. */
export const PROTO_CARRIERS: readonly unknown[] = [
  JSON.parse('{"__proto__": {"polluted": "yes"}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}'),
  JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "target": "__proto__"}'),
  JSON.parse('[{"__proto__": {"polluted": "yes"}}]'),
];

/** Any value a hostile host could put in a message: wrong types, NaN, empty and 1 MB strings, nesting, arrays, null. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, NaN, Infinity, -Infinity, 0, -1, 1.5, '', ' ', ONE_MEGABYTE, true, false, [], {}, '<b>bold</b>', 'hidden', 'unknown'),
  fc.constantFrom(...PROTO_CARRIERS),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
  fc.object({ maxDepth: 3, maxKeys: 4 }),
  fc.anything({ maxDepth: 3 }),
);

/** A raw emission: the event, the arguments the handlers get, and how many rejections the spec expects. */
export interface RawEmission {
  readonly event: string;
  readonly args: readonly unknown[];
  /** `rejectedPayload` diagnostics the spec expects from this emission (for `initialized`: one per bad field). */
  readonly rejections: number;
  /** The event is still taken despite its rejections (warnings): a no-payload click with stray data. */
  readonly takenAnyway?: boolean;
}

const isBoolean = (value: unknown) => typeof value === 'boolean';
const isQuality = (value: unknown) =>
  (typeof value === 'string' && /^[1-5]$/.test(value)) || (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5);
const isDialKey = (value: unknown) => typeof value === 'string' && (DIAL_KEYS as readonly string[]).includes(value);

/** A single-value payload event, with the spec's rule for what it accepts. */
function ruled(event: CardEventName, accepts: (value: unknown) => boolean, valid: fc.Arbitrary<unknown>): fc.Arbitrary<RawEmission> {
  return fc.oneof(hostileValue, valid).map((value) => ({ event, args: [value], rejections: accepts(value) ? 0 : 1 }));
}

/** A value that is not text: what a `target` / `PHONE_NUMBER` / `CALL_ID` must never be. */
const notText = fc.constantFrom<unknown>(true, false, {}, [], ['1'], NaN, Infinity, ...PROTO_CARRIERS.slice(0, 2));

const transferEmission: fc.Arbitrary<RawEmission> = fc.oneof(
  // Hostile: never an object with a usable target.
  fc.constantFrom<unknown>(null, undefined, 'target', 42, [], ['5'], ONE_MEGABYTE, NaN).map((payload) => ({ payload, rejections: 1 })),
  fc.constantFrom<unknown>({}, { phoneNumber: '+1' }, { target: '' }, { target: '   ' }, { target: null }, ...PROTO_CARRIERS.slice(0, 2)).map((payload) => ({ payload, rejections: 1 })),
  notText.map((target) => ({ payload: { target }, rejections: 1 })),
  fc.constantFrom<unknown>('bogus', 1, null, {}).map((type) => ({ payload: { target: '101', type }, rejections: 1 })),
  fc.constantFrom<unknown>(0, -4, 2.5, Number.MAX_SAFE_INTEGER + 2).map((target) => ({ payload: { type: 'user', target }, rejections: 1 })),
  // The customer's number is not the destination and is not read: whatever it is, the transfer parses (§3 v2).
  fc.constantFrom<unknown>({}, true, [1], 'hidden', undefined).map((phoneNumber) => ({ payload: { target: '101', phoneNumber }, rejections: 0 })),
  // A target longer than its bound (protocol/bounds.ts) is refused (issue 20 §5).
  fc.constant<unknown>({ phoneNumber: '', target: ONE_MEGABYTE }).map((payload) => ({ payload, rejections: 1 })),
  // Valid, in both of the host's shapes, numeric targets and own `__proto__` keys riding along.
  fc.constantFrom<unknown>(
    { type: 'user', target: '7' },
    { type: 'queue', target: 3 },
    { phoneNumber: '+100', target: 42 },
    { phoneNumber: 'hidden', target: '+300' },
    { phoneNumber: '+100', target: '+200' },
    JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "target": "12"}'),
  ).map((payload) => ({ payload, rejections: 0 })),
).map(({ payload, rejections }) => ({ event: 'transferButtonClick', args: [payload], rejections }));

const entityEmission: fc.Arbitrary<RawEmission> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, 'CONTACT', 7, [], [{ PHONE_NUMBER: '+1' }], ONE_MEGABYTE).map((payload) => ({ payload, rejections: 1 })),
  notText.map((PHONE_NUMBER) => ({ payload: { PHONE_NUMBER, CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 }, rejections: 1 })),
  fc.constantFrom<unknown>('NO SUCH', ' LEAD', '9LIVES', 1, {}, true).map((CRM_ENTITY_TYPE) => ({ payload: { PHONE_NUMBER: '+1', CRM_ENTITY_TYPE, CRM_ENTITY_ID: 3 }, rejections: 1 })),
  // Any CRM type name is one (§3 v2): smart processes, quotes, a lower-case name.
  fc.constantFrom<unknown>('DYNAMIC_128', 'SMART_INVOICE', 'QUOTE', 'contact').map((CRM_ENTITY_TYPE) => ({ payload: { PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE, CRM_ENTITY_ID: 3 }, rejections: 0 })),
  fc.constantFrom<unknown>(-1, 1.5, NaN, 'abc', {}, true).map((CRM_ENTITY_ID) => ({ payload: { PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID }, rejections: 1 })),
  fc.constantFrom<unknown>(
    { PHONE_NUMBER: 'unknown', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 },
    { PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 9 },
    { PHONE_NUMBER: '+300', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: '42' },
    JSON.parse('{"__proto__": {"polluted": "yes"}, "PHONE_NUMBER": "+400", "CRM_ENTITY_TYPE": "LEAD", "CRM_ENTITY_ID": 5}'),
  ).map((payload) => ({ payload, rejections: 0 })),
).map(({ payload, rejections }) => ({ event: 'entityChanged', args: [payload], rejections }));

/** A valid `initialized` payload as the host sends it (host-behaviour.md §3). */
const validCall: fc.Arbitrary<Record<string, unknown>> = fc.record({
  CALL_ID: fc.constantFrom('raw.1', 'raw.2', ''),
  PHONE_NUMBER: fc.constantFrom('+100', 'hidden', ''),
  LINE_NUMBER: fc.constant('line'),
  LINE_NAME: fc.constant(''),
  CRM_ENTITY_TYPE: fc.constant('CONTACT'),
  CRM_ENTITY_ID: fc.constant(7),
  CRM_ACTIVITY_ID: fc.constantFrom<unknown>('', 12),
  CRM_BINDINGS: fc.constant([{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 7 }]),
  CALL_DIRECTION: fc.constantFrom('incoming', 'outgoing', 'callback', 'incomingTransfer'),
  CALL_STATE: fc.constant('idle'),
  CALL_LIST_MODE: fc.boolean(),
});

/**
 * Bad values per field of `initialized`, each worth one warning. The entity's type and
 * id are one field (one warning for the pair); each bad binding is one warning.
 */
const BAD_INITIALIZED_FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  CALL_ID: notText,
  PHONE_NUMBER: fc.constantFrom<unknown>(true, {}, [], NaN, -5, 1.5),
  LINE_NUMBER: notText,
  LINE_NAME: notText,
  CRM_ENTITY_TYPE: fc.constantFrom<unknown>('NOT A TYPE', 3, {}),
  CRM_ACTIVITY_ID: fc.constantFrom<unknown>('abc', -1, NaN, {}, true),
  CALL_DIRECTION: fc.constantFrom<unknown>('sideways', 1, null, {}, ONE_MEGABYTE),
  CALL_STATE: fc.constantFrom<unknown>('ringing', 0, null, {}),
  CALL_LIST_MODE: fc.constantFrom<unknown>('true', 1, null, {}),
};

const initializedEmission: fc.Arbitrary<RawEmission> = fc.oneof(
  // Not an object at all: one warning for the payload; the card still opens (in `error`).
  fc.constantFrom<unknown>(null, undefined, 'call', 42, NaN, [], ['CALL_ID'], ONE_MEGABYTE).map((payload) => ({ payload, rejections: 1 })),
  fc
    .tuple(validCall, fc.subarray(Object.keys(BAD_INITIALIZED_FIELDS)), fc.array(fc.constantFrom<unknown>(null, 5, { ENTITY_TYPE: 'X Y', ENTITY_ID: 1 }, { ENTITY_TYPE: 'LEAD', ENTITY_ID: -1 }), { maxLength: 3 }), fc.boolean())
    .chain(([call, fields, badBindings, protoKeys]) =>
      fc.tuple(...fields.map((name) => BAD_INITIALIZED_FIELDS[name]!)).map((values) => {
        const payload: Record<string, unknown> = protoKeys ? JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}') : {};
        Object.assign(payload, call);
        fields.forEach((name, index) => {
          payload[name] = values[index];
        });
        payload.CRM_BINDINGS = [...(call.CRM_BINDINGS as unknown[]), ...badBindings];
        return { payload, rejections: fields.length + badBindings.length };
      }),
    ),
).map(({ payload, rejections }) => ({ event: 'initialized', args: [payload], rejections }));

/** How the frame library delivers "no data" (host-behaviour.md §3): `undefined`, `""` or `[]` (and `null`). */
export const isNoData = (value: unknown): boolean => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * Events that carry no data: the click is always taken; anything but the three no-data
 * shapes comes with one `rejectedPayload` warning. Only the first argument is data: no
 * second argument ever reaches a frame, and one that does is not read.
 */
const bareEmission: fc.Arbitrary<RawEmission> = fc
  .tuple(
    fc.constantFrom(...NO_PAYLOAD_EVENTS.filter((event) => event !== 'closeButtonClick')),
    fc.oneof(fc.constantFrom<unknown[]>([], [undefined], [''], [[]], [null]), fc.array(hostileValue, { maxLength: 2 })),
  )
  .map(([event, args]) => ({ event, args, rejections: isNoData(args[0]) ? 0 : 1, takenAnyway: true }));

/** Hostile (and some valid) raw host emissions for every card event but `initialized` and `closeButtonClick`. */
export const rawEmission: fc.Arbitrary<RawEmission> = fc.oneof(
  ruled('muteButtonClick', isBoolean, fc.boolean()),
  ruled('holdButtonClick', isBoolean, fc.boolean()),
  ruled('qualityMeterClick', isQuality, fc.constantFrom<unknown>('1', '5', 3)),
  ruled('dialpadButtonClick', isDialKey, fc.constantFrom(...DIAL_KEYS)),
  ruled('addCommentButtonClick', (value) => typeof value === 'string', fc.string({ maxLength: 8 })),
  transferEmission,
  entityEmission,
  bareEmission,
  // An event nobody bound: the host delivers it to no one.
  fc.constantFrom('BackgroundCallCard::bogus', 'CallCard::EntityChanged', '__proto__').map((event) => ({ event, args: [{}], rejections: 0 })),
);

/** A raw `initialized`, valid or hostile: the host opening a card the simulator itself did not raise. */
export const rawInitialized = initializedEmission;

/** A softphone event, valid by construction: random SIP codes included. */
export const phoneEvent: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constantFrom('phone.connected', 'phone.ended', 'phone.transferSucceeded').map((type) => ({ type })),
  fc
    .tuple(fc.constantFrom('phone.failed', 'phone.transferFailed'), fc.oneof(fc.constantFrom<number | null | string | undefined>(486, 600, 603, 402, 404, 480, 500, null, undefined, '486'), fc.integer({ min: 100, max: 699 })))
    .map(([type, code]) => (code === undefined ? { type } : { type, code })),
  fc.tuple(fc.constantFrom('phone.heldChanged', 'phone.mutedChanged'), fc.boolean()).map(([type, flag]) => (type === 'phone.heldChanged' ? { type, held: flag } : { type, muted: flag })),
);

/** A softphone event that must be rejected: no known type, a code that is not a SIP status, a flag that is not a boolean. */
export const hostilePhoneEvent: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, 42, 'phone.ended', [], {}, { type: 'phone.bogus' }, { type: '__proto__' }, ...PROTO_CARRIERS),
  fc.tuple(fc.constantFrom('phone.failed', 'phone.transferFailed'), fc.constantFrom<unknown>('abc', NaN, 1.5, Infinity, {}, true, ONE_MEGABYTE)).map(([type, code]) => ({ type, code })),
  fc.tuple(fc.constantFrom('phone.heldChanged', 'phone.mutedChanged'), fc.oneof(hostileValue.filter((value) => typeof value !== 'boolean'))).map(([type, flag]) => (type === 'phone.heldChanged' ? { type, held: flag } : { type, muted: flag })),
);

/** A card title or status text from an integrator: mostly strings (plain text, markup, 1 MB), sometimes not. */
export const textValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>('Anna Smith', '', '<img src=x onerror=alert(1)>', '&amp; "quoted"', ONE_MEGABYTE, '__proto__'),
  fc.string({ maxLength: 16 }),
  hostileValue,
);

/** The CRM data a raised call may have: none (the simple layout), a classic entity, a smart process, a binding alone. */
const crmData: fc.Arbitrary<Partial<InitializedPayload>> = fc.constantFrom<Partial<InitializedPayload>>(
  {},
  { CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 7, CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 7 }] },
  { CRM_ENTITY_TYPE: 'DYNAMIC_128', CRM_ENTITY_ID: 3, CRM_BINDINGS: [{ ENTITY_TYPE: 'DYNAMIC_128', ENTITY_ID: 3 }] },
  { CRM_BINDINGS: [{ ENTITY_TYPE: 'LEAD', ENTITY_ID: 2 }] },
);

/** A call the simulator raises: valid data as the host sends it, with or without a CRM block, loaded or still loading. */
export const raisedCall: fc.Arbitrary<{ call: Partial<InitializedPayload>; entityFirst: boolean; crm: CrmBlock | undefined }> = fc.record({
  call: fc
    .tuple(
      fc.record({
        CALL_DIRECTION: fc.constantFrom('incoming', 'outgoing', 'callback', 'incomingTransfer' as const),
        CALL_LIST_MODE: fc.constantFrom(false, false, false, true),
        PHONE_NUMBER: fc.constantFrom<string | undefined>('+100', '+4930123', 'hidden', undefined),
      }),
      crmData,
    )
    .map(([call, crm]) => ({ ...call, ...crm })),
  entityFirst: fc.boolean(),
  // undefined: the host's default (loaded when the call has CRM data, else none).
  crm: fc.constantFrom<CrmBlock | undefined>(undefined, undefined, 'loading', 'none', 'loaded'),
});

/** A host fault on any command (or on any, `'*'`). `Call card is undefined` is among the codes: a host that lies. */
export const faultSpec: fc.Arbitrary<FaultSpec> = fc.record({
  // Mostly the commands the statechart sends; the rest (timers, the list) still come from setTitle or never, and must not matter.
  command: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('*' as const, 'CallCardSetUiState' as const, 'CallCardClose' as const) },
    { weight: 2, arbitrary: fc.constantFrom('CallCardSetMute' as const, 'CallCardSetHold' as const, 'CallCardSetCardTitle' as const, 'CallCardSetStatusText' as const) },
    { weight: 1, arbitrary: fc.constantFrom(...CARD_COMMAND_NAMES) },
  ),
  kind: fc.constantFrom(...FAULT_KINDS),
  errorCode: fc.constantFrom('Simulated fault', NO_CARD_ERROR, 'Invalid ui state', ''),
  times: fc.integer({ min: 1, max: 3 }),
});

/** How the softphone double misbehaves on its next calls. */
export const softphoneFault = fc.record({ kind: fc.constantFrom('throw' as const, 'reject' as const), times: fc.integer({ min: 1, max: 3 }) });

/** Renders any generated value briefly, for a readable counterexample (a 1 MB string stays one line). */
export function brief(value: unknown): string {
  if (value === ONE_MEGABYTE) return '"x"×1MB';
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : value === undefined ? 'undefined' : Number.isNaN(value) ? 'NaN' : (JSON.stringify(value, (_key, inner) => (inner === ONE_MEGABYTE ? '"x"×1MB' : typeof inner === 'number' && !Number.isFinite(inner) ? String(inner) : inner)) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
