/**
 * Issue 20 §5: every string the host or the softphone sends has a length bound
 * (protocol/bounds.ts). Over-long values are refused (`rejectedPayload`, nothing changes)
 * except where refusing loses something: an `initialized` (its card would be managed by
 * nobody) and the operator's comment are cut to the bound and reported (`truncatedPayload`).
 */
import type { TruncatedPayload } from '../../diagnostics';
import { MAX_CRM_BINDINGS, STRING_BOUNDS } from '../../protocol/bounds';
import { parseCardEvent, parsePhoneEvent, type ParseResult } from '../../machines/callCard.parse';
import { hostCall } from './helpers';

const over = (bound: number, char = 'x') => char.repeat(bound + 1);
const MEGABYTES_3 = '7'.repeat(3 * 1024 * 1024);

function warningsOf<E>(result: ParseResult<E>) {
  if (!result.ok) throw new Error(`expected acceptance, got: ${result.diagnostic.message}`);
  return result.warnings;
}

function eventOf<E>(result: ParseResult<E>): E {
  if (!result.ok) throw new Error(`expected acceptance, got: ${result.diagnostic.message}`);
  return result.event;
}

const truncation = (event: string, field: string, length: number, bound: number): TruncatedPayload =>
  expect.objectContaining({ kind: 'truncatedPayload', event, field, length, bound, message: expect.stringContaining(field) }) as TruncatedPayload;

describe('initialized: the card still opens; text is cut to its bound and reported', () => {
  test.each([
    ['CALL_ID', 'callId', STRING_BOUNDS.callId],
    ['LINE_NUMBER', 'lineNumber', STRING_BOUNDS.lineNumber],
    ['LINE_NAME', 'lineName', STRING_BOUNDS.lineName],
  ] as const)('an over-long %s → cut to the bound, one truncatedPayload', (key, prop, bound) => {
    const result = parseCardEvent('initialized', hostCall({ [key]: over(bound) }));
    expect(warningsOf(result)).toEqual([truncation('initialized', key, bound + 1, bound)]);
    expect(eventOf(result).call[prop]).toBe('x'.repeat(bound));
  });

  test('a value at the bound is taken as it is, with no report', () => {
    const result = parseCardEvent('initialized', hostCall({ CALL_ID: 'c'.repeat(STRING_BOUNDS.callId), LINE_NAME: 'n'.repeat(STRING_BOUNDS.lineName) }));
    expect(warningsOf(result)).toEqual([]);
    expect(eventOf(result).call.callId).toHaveLength(STRING_BOUNDS.callId);
  });

  test('a 3 MB PHONE_NUMBER is not a number: dropped with a rejectedPayload warning, never cut into another number', () => {
    const result = parseCardEvent('initialized', hostCall({ PHONE_NUMBER: MEGABYTES_3 }));
    expect(warningsOf(result)).toEqual([expect.objectContaining({ kind: 'rejectedPayload', event: 'initialized', field: 'PHONE_NUMBER' })]);
    expect(eventOf(result).call).toMatchObject({ phoneNumber: null, phoneNumberState: 'absent', callId: 'call-1', direction: 'incoming' });
  });

  test('a cut never splits a surrogate pair', () => {
    const bound = STRING_BOUNDS.lineName;
    const name = `${'a'.repeat(bound - 1)}😀tail`;
    const cutName = eventOf(parseCardEvent('initialized', hostCall({ LINE_NAME: name }))).call.lineName;
    expect(cutName).toBe('a'.repeat(bound - 1));
  });

  test(`more than ${MAX_CRM_BINDINGS} CRM_BINDINGS → the first ${MAX_CRM_BINDINGS} kept, the cut reported`, () => {
    const bindings = Array.from({ length: 10_000 }, (_, index) => ({ ENTITY_TYPE: 'DEAL', ENTITY_ID: index + 1 }));
    const result = parseCardEvent('initialized', hostCall({ CRM_BINDINGS: bindings }));
    expect(warningsOf(result)).toEqual([truncation('initialized', 'CRM_BINDINGS', 10_000, MAX_CRM_BINDINGS)]);
    expect(eventOf(result).call.crmBindings).toHaveLength(MAX_CRM_BINDINGS);
  });

  test('an over-long CRM type name is malformed (one warning), not a type', () => {
    const result = parseCardEvent('initialized', hostCall({ CRM_ENTITY_TYPE: `DYNAMIC_${'1'.repeat(STRING_BOUNDS.crmTypeName)}` }));
    expect(warningsOf(result)).toEqual([expect.objectContaining({ kind: 'rejectedPayload', field: 'CRM_ENTITY_TYPE' })]);
    expect(eventOf(result).call.crmEntity).toBeNull();
  });

  test('a truncatedPayload does not carry the over-long value on', () => {
    const [warning] = warningsOf(parseCardEvent('initialized', hostCall({ LINE_NAME: MEGABYTES_3 })));
    expect(JSON.stringify(warning).length).toBeLessThan(400);
  });
});

describe('entityChanged and transferButtonClick: an over-long value is refused, nothing changes', () => {
  test('entityChanged with a PHONE_NUMBER over its bound → rejectedPayload', () => {
    const result = parseCardEvent('entityChanged', { PHONE_NUMBER: over(STRING_BOUNDS.phoneNumber, '1'), CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 5 });
    expect(result).toMatchObject({ ok: false, diagnostic: { kind: 'rejectedPayload', event: 'entityChanged', field: 'PHONE_NUMBER' } });
  });

  test('entityChanged with a number at the bound is taken', () => {
    const number = '1'.repeat(STRING_BOUNDS.phoneNumber);
    expect(eventOf(parseCardEvent('entityChanged', { PHONE_NUMBER: number, CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 })).entity.phoneNumber).toBe(number);
  });

  test('a transfer target over its bound → rejectedPayload; at the bound → taken', () => {
    const result = parseCardEvent('transferButtonClick', { phoneNumber: '+1', target: over(STRING_BOUNDS.transferTarget, '5') });
    expect(result).toMatchObject({ ok: false, diagnostic: { kind: 'rejectedPayload', event: 'transferButtonClick', field: 'target' } });
    const fits = '5'.repeat(STRING_BOUNDS.transferTarget);
    expect(eventOf(parseCardEvent('transferButtonClick', { type: 'pstn', target: fits })).transfer.destination).toBe(fits);
  });

  test('a CRM id of more digits than a safe integer holds → rejectedPayload', () => {
    const result = parseCardEvent('entityChanged', { PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: '9'.repeat(STRING_BOUNDS.crmIdDigits + 1) });
    expect(result).toMatchObject({ ok: false, diagnostic: { field: 'CRM_ENTITY_TYPE' } });
  });
});

describe('addCommentButtonClick: the operator\'s text is never refused for its length', () => {
  test('a comment over its bound → cut to the bound, delivered, one truncatedPayload', () => {
    const bound = STRING_BOUNDS.comment;
    const result = parseCardEvent('addCommentButtonClick', 'c'.repeat(bound + 5));
    expect(warningsOf(result)).toEqual([truncation('addCommentButtonClick', 'text', bound + 5, bound)]);
    expect(eventOf(result).text).toBe('c'.repeat(bound));
  });

  test('a comment at the bound → as it is, no report', () => {
    const result = parseCardEvent('addCommentButtonClick', 'c'.repeat(STRING_BOUNDS.comment));
    expect(warningsOf(result)).toEqual([]);
  });
});

describe('parsePhoneEvent: a failure code is a SIP status, 100 to 699', () => {
  test.each([99, 700, 486_000, Number.MAX_SAFE_INTEGER, -486, '4860', '99'])('code %p → rejectedPayload', (code) => {
    expect(parsePhoneEvent({ type: 'phone.failed', code })).toMatchObject({ ok: false, diagnostic: { kind: 'rejectedPayload', event: 'phone.failed', field: 'code' } });
  });

  test.each([100, 486, '603', 699])('code %p → taken', (code) => {
    expect(eventOf(parsePhoneEvent({ type: 'phone.transferFailed', code }))).toEqual({ type: 'phone.transferFailed', code: Number(code) });
  });

  test('an over-long event type is rejected with a bounded message', () => {
    const result = parsePhoneEvent({ type: MEGABYTES_3 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostic.message.length).toBeLessThan(400);
  });
});
