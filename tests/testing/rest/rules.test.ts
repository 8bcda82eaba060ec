// Every §8 rule (host-behaviour.md v2) the REST double implements, in process. The same rules
// over real HTTP and the real @bitrix24/b24jssdk are in sdk.test.ts and bx24.test.ts.
import { createHostSimulator } from '../../../testing/host';
import { createFakeClock, createRestDouble, isRestError, REST_MESSAGES } from '../../../testing/rest';
import type { RestAnswer, RestDouble, RestDoubleOptions } from '../../../testing/rest';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const NOT_FOUND = 'Call is not found (call should be registered prior to finishing';

function double(options: RestDoubleOptions = {}) {
  const clock = createFakeClock();
  const host = createHostSimulator();
  const rest = createRestDouble({ clock, host, bucket: false, operating: false, ...options });
  return { clock, host, rest };
}

const incoming = (extra: Record<string, unknown> = {}) => ({ USER_ID: 1, PHONE_NUMBER: '+79001234567', TYPE: 2, LINE_NUMBER: 'sip-1', EXTERNAL_CALL_ID: 'sip-call-1', ...extra });

function resultOf(answer: RestAnswer): any {
  expect(answer.transport).toBe('answered');
  if (answer.status !== 200) throw new Error(`expected 200, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return (answer.body as { result: unknown }).result;
}

function register(rest: RestDouble, extra: Record<string, unknown> = {}): string {
  return resultOf(rest.callSync('telephony.externalcall.register', incoming(extra))).CALL_ID;
}

function finish(rest: RestDouble, callId: string, extra: Record<string, unknown> = {}): RestAnswer {
  return rest.callSync('telephony.externalcall.finish', { CALL_ID: callId, USER_ID: 1, DURATION: 12, ADD_TO_CHAT: 0, ...extra });
}

describe('register', () => {
  test('register returns a CALL_ID in the portal form with the CRM data of the number', () => {
    const { rest } = double({ crm: [{ phone: '8 (900) 123-45-67', type: 'CONTACT', id: 797 }] });
    const result = resultOf(rest.callSync('telephony.externalCall.register', incoming({ PHONE_NUMBER: '89001234567' })));
    expect(result.CALL_ID).toMatch(/^externalCall\.[0-9a-f]{32}\.\d+$/);
    expect(result).toMatchObject({ CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 797, CRM_CREATED_LEAD: null, CRM_CREATED_ENTITIES: [] });
  });

  test('register with CRM_CREATE=1 and no CRM match creates a lead', () => {
    const { rest } = double();
    const result = resultOf(rest.callSync('telephony.externalcall.register', incoming({ CRM_CREATE: 1 })));
    expect(result.CRM_ENTITY_TYPE).toBe('LEAD');
    expect(result.CRM_CREATED_ENTITIES).toEqual([{ ENTITY_TYPE: 'LEAD', ENTITY_ID: result.CRM_CREATED_LEAD }]);
  });

  test("register with SHOW=1 (the default) raises a card carrying that CALL_ID", () => {
    const { rest, host } = double();
    const callId = register(rest);
    expect(host.events.map((event) => event.event)).toEqual(['initialized']);
    expect(host.card?.call).toMatchObject({ CALL_ID: callId, PHONE_NUMBER: '+79001234567', LINE_NUMBER: 'sip-1', CALL_DIRECTION: 'incoming', CALL_STATE: 'idle', CALL_LIST_MODE: false });
    expect(host.card?.call).not.toHaveProperty('CRM_ACTIVITY_ID');
  });

  test('register TYPE maps to the card direction: 1 outgoing, 2 and 3 incoming, 4 callback', () => {
    const directions = [1, 2, 3, 4].map((TYPE) => {
      const { rest, host } = double();
      register(rest, { TYPE });
      return host.card?.call.CALL_DIRECTION;
    });
    expect(directions).toEqual(['outgoing', 'incoming', 'incoming', 'callback']);
  });

  test('register with SHOW=0 raises no card', () => {
    const { rest, host } = double();
    register(rest, { SHOW: 0 });
    expect(host.card).toBeNull();
    expect(host.events).toEqual([]);
  });

  test('a second concurrent call is dropped by the host, not by REST: it is registered, its card never comes', () => {
    const { rest, host } = double();
    const first = register(rest);
    const second = register(rest, { PHONE_NUMBER: '+79007654321', EXTERNAL_CALL_ID: 'sip-call-2' });
    expect(second).not.toBe(first);
    expect(rest.activeCalls.map((call) => call.CALL_ID)).toEqual([first, second]);
    expect(host.card?.call.CALL_ID).toBe(first);
    expect(host.events.filter((event) => event.event === 'initialized')).toHaveLength(1);
  });

  test("a withheld number ('hidden') cannot be registered: 400 Unsupported phone number format", () => {
    const { rest, host } = double();
    const answer = rest.callSync('telephony.externalcall.register', incoming({ PHONE_NUMBER: 'hidden' }));
    expect(answer).toMatchObject({ status: 400, written: false, body: { error: '', error_description: 'Unsupported phone number format' } });
    expect(rest.activeCalls).toEqual([]);
    expect(host.card).toBeNull();
  });

  test.each([
    ['no USER_ID', { USER_ID: undefined }, 'USER_ID or USER_PHONE_INNER should be set'],
    ['an unknown TYPE', { TYPE: 9 }, 'Unknown TYPE'],
    ['a CALL_START_DATE without zone', { CALL_START_DATE: '2026-01-05 10:00:00' }, 'CALL_START_DATE should be in the ISO-8601 format'],
  ])('register with %s: 400, error "" (the code raises it without a code)', (_name, extra, text) => {
    const { rest } = double();
    expect(rest.callSync('telephony.externalcall.register', incoming(extra))).toMatchObject({ status: 400, body: { error: '', error_description: text } });
  });

  test("coreErrorCode: 'ERROR_CORE' answers those errors as the docs print them; finishNotFound follows it", () => {
    const { rest } = double({ coreErrorCode: 'ERROR_CORE' });
    expect(rest.callSync('telephony.externalcall.register', incoming({ PHONE_NUMBER: 'hidden' })).body).toEqual({ error: 'ERROR_CORE', error_description: REST_MESSAGES.unsupportedPhoneNumber });
    expect(finish(rest, 'externalCall.none.1').body).toEqual({ error: 'ERROR_CORE', error_description: NOT_FOUND });
    const mixed = double({ coreErrorCode: 'ERROR_CORE', finishNotFound: 'empty' }).rest;
    expect(finish(mixed, 'externalCall.none.1').body).toEqual({ error: '', error_description: NOT_FOUND });
  });

  test('register of a user who is not a portal user: 400 User is not found or is not active (checked after the number)', () => {
    const { rest } = double({ users: [1] });
    expect(rest.callSync('telephony.externalcall.register', incoming({ USER_ID: 5 }))).toMatchObject({ status: 400, body: { error_description: REST_MESSAGES.userNotFound } });
    expect(rest.callSync('telephony.externalcall.register', incoming({ USER_ID: 5, PHONE_NUMBER: 'hidden' }))).toMatchObject({ body: { error_description: REST_MESSAGES.unsupportedPhoneNumber } });
  });

  test('register of a number without CRM data answers CRM_ENTITY_TYPE "" and CRM_ENTITY_ID null', () => {
    const { rest } = double();
    expect(resultOf(rest.callSync('telephony.externalcall.register', incoming()))).toMatchObject({ CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: null, CRM_CREATED_LEAD: null });
  });
});

describe('the 30-minute dedup', () => {
  test('a repeat within 30 minutes with the same number, type, user, line and EXTERNAL_CALL_ID returns the same CALL_ID', () => {
    const { rest, clock } = double();
    const first = register(rest);
    clock.advance(29 * MINUTE);
    expect(register(rest)).toBe(first);
    expect(rest.activeCalls).toHaveLength(1);
  });

  test('a repeat after 30 minutes gets a new CALL_ID', () => {
    const { rest, clock } = double();
    const first = register(rest);
    clock.advance(30 * MINUTE + 1);
    expect(register(rest)).not.toBe(first);
  });

  test.each([
    ['number', { PHONE_NUMBER: '+79009999999' }],
    ['type', { TYPE: 1 }],
    ['user', { USER_ID: 2 }],
    ['line', { LINE_NUMBER: 'sip-2' }],
    ['EXTERNAL_CALL_ID', { EXTERNAL_CALL_ID: 'sip-call-2' }],
  ])('a register with another %s gets a new CALL_ID', (_field, extra) => {
    const { rest } = double();
    const first = register(rest);
    expect(register(rest, extra)).not.toBe(first);
  });

  test('the 30 minutes count from CALL_START_DATE when given (the portal stores it as the call creation date)', () => {
    const { rest, clock } = double();
    const started = (ms: number) => new Date(clock.now() - ms).toISOString();
    const old = register(rest, { CALL_START_DATE: started(31 * MINUTE) });
    expect(register(rest, { CALL_START_DATE: started(31 * MINUTE) })).not.toBe(old);
    const recent = register(rest, { EXTERNAL_CALL_ID: 'recent', CALL_START_DATE: started(5 * MINUTE) });
    expect(register(rest, { EXTERNAL_CALL_ID: 'recent', CALL_START_DATE: started(5 * MINUTE) })).toBe(recent);
  });

  test('an empty EXTERNAL_CALL_ID is given, so it is a dedup key (PHP isset)', () => {
    const { rest } = double();
    const withId = register(rest);
    expect(register(rest, { EXTERNAL_CALL_ID: '' })).not.toBe(withId);
  });

  test('CRM fields and CALL_START_DATE are not dedup keys', () => {
    const { rest } = double();
    const first = register(rest, { CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 1, CALL_START_DATE: '2026-01-05T09:00:00+00:00' });
    expect(register(rest, { CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 2, CALL_START_DATE: '2026-01-05T09:01:00+00:00' })).toBe(first);
  });

  test('dedup is one-sided: a register without EXTERNAL_CALL_ID matches an active call that had one, not the reverse', () => {
    const { rest } = double();
    const withId = register(rest);
    expect(register(rest, { EXTERNAL_CALL_ID: undefined })).toBe(withId);

    const other = double().rest;
    const withoutId = register(other, { EXTERNAL_CALL_ID: undefined });
    expect(register(other)).not.toBe(withoutId);
  });

  test('a finished call is deleted, so a repeat register after finish gets a new CALL_ID', () => {
    const { rest } = double();
    const first = register(rest);
    expect(finish(rest, first).status).toBe(200);
    expect(register(rest)).not.toBe(first);
  });

  test('a lost finish poisons the next register without EXTERNAL_CALL_ID for 30 minutes', () => {
    const { rest } = double();
    const first = register(rest, { EXTERNAL_CALL_ID: undefined });
    // The finish never reached the portal: the next call to the same number gets the old CALL_ID.
    expect(register(rest, { EXTERNAL_CALL_ID: undefined })).toBe(first);
  });

  test('dedup searches within the application that registered', () => {
    const { rest } = double();
    const a = rest.auth.issueToken({ userId: 1, app: 'app.a' });
    const b = rest.auth.issueToken({ userId: 1, app: 'app.b' });
    const first = resultOf(rest.callSync('telephony.externalcall.register', incoming(), { token: a.access_token })).CALL_ID;
    expect(resultOf(rest.callSync('telephony.externalcall.register', incoming(), { token: b.access_token })).CALL_ID).not.toBe(first);
  });
});

describe('finish', () => {
  test('finish records the call and deletes it: a second finish answers 400 with error "" and the text without its closing parenthesis', () => {
    const { rest } = double();
    const callId = register(rest);
    const first = finish(rest, callId);
    expect(first).toMatchObject({ status: 200, written: true });
    expect(resultOf(first)).toMatchObject({ CALL_ID: callId, CALL_DURATION: 12, CALL_FAILED_CODE: '200', PORTAL_USER_ID: 1, INCOMING: '2' });
    expect(rest.activeCalls).toEqual([]);
    const second = finish(rest, callId);
    expect(second).toEqual({ transport: 'answered', status: 400, body: { error: '', error_description: NOT_FOUND }, written: false, delayMs: 0 });
    expect((second.body as { error_description: string }).error_description.endsWith(')')).toBe(false);
    expect(rest.statistics).toHaveLength(1);
  });

  test("finishNotFound: 'ERROR_CORE' answers the same text with error ERROR_CORE", () => {
    const { rest } = double({ finishNotFound: 'ERROR_CORE' });
    expect(finish(rest, 'externalCall.nope.1').body).toEqual({ error: 'ERROR_CORE', error_description: NOT_FOUND });
  });

  test('a finish of a call never registered answers the same 400 as a second finish', () => {
    const { rest } = double();
    expect(finish(rest, 'externalCall.00000000000000000000000000000000.1')).toMatchObject({ status: 400, body: { error: '', error_description: NOT_FOUND } });
  });

  test('unfinished calls expire after about 30 days: the finish then answers the same 400', () => {
    const { rest, clock } = double();
    const kept = register(rest);
    const expired = register(rest, { EXTERNAL_CALL_ID: 'old' });
    clock.advance(29 * DAY);
    expect(finish(rest, kept).status).toBe(200);
    clock.advance(1 * DAY);
    expect(rest.activeCalls).toEqual([]);
    expect(finish(rest, expired)).toMatchObject({ status: 400, body: { error_description: NOT_FOUND } });
  });

  test('STATUS_CODE defaults to 200 if DURATION > 0, else 304; CALL_STATUS follows the duration alone', () => {
    const { rest } = double();
    const answered = register(rest, { EXTERNAL_CALL_ID: 'a' });
    const missed = register(rest, { EXTERNAL_CALL_ID: 'b' });
    const busy = register(rest, { EXTERNAL_CALL_ID: 'c' });
    finish(rest, answered, { DURATION: 5 });
    finish(rest, missed, { DURATION: 0 });
    finish(rest, busy, { DURATION: 0, STATUS_CODE: '486', FAILED_REASON: 'Busy' });
    expect(rest.statistics.map((row) => [row.CALL_FAILED_CODE, row.CALL_STATUS, row.CALL_DURATION, row.CALL_FAILED_REASON])).toEqual([
      ['200', 1, 5, ''],
      ['304', 0, 0, ''],
      ['486', 0, 0, 'Busy'],
    ]);
  });

  test('statistics rows carry CALL_ID, STATUS_CODE, DURATION and VOTE; records keep ADD_TO_CHAT as passed', () => {
    const { rest } = double();
    const one = register(rest, { EXTERNAL_CALL_ID: 'a' });
    const two = register(rest, { EXTERNAL_CALL_ID: 'b' });
    finish(rest, one, { DURATION: 30, VOTE: 4, ADD_TO_CHAT: 1 });
    rest.callSync('telephony.externalcall.finish', { CALL_ID: two, USER_ID: 1, DURATION: '7' });
    expect(rest.statistics.map((row) => [row.CALL_ID, row.CALL_FAILED_CODE, row.CALL_DURATION, row.CALL_VOTE, row.EXTERNAL_CALL_ID])).toEqual([
      [one, '200', 30, 4, 'a'],
      [two, '200', 7, 0, 'b'],
    ]);
    expect(rest.records.map((record) => [record.CALL_ID, record.STATUS_CODE, record.DURATION, record.VOTE, record.ADD_TO_CHAT])).toEqual([
      [one, '200', 30, 4, 1],
      [two, '200', 7, 0, null],
    ]);
  });

  test('finish closes the card silently, for the finishing user only', () => {
    const clock = createFakeClock();
    const hosts = new Map([1, 2].map((userId) => [userId, createHostSimulator()] as const));
    const rest = createRestDouble({ clock, host: (userId) => hosts.get(userId), bucket: false, operating: false });
    const callId = register(rest);
    expect(resultOf(rest.callSync('telephony.externalcall.show', { CALL_ID: callId, USER_ID: [1, 2] }))).toBe(true);
    expect([hosts.get(1)!.card?.call.CALL_ID, hosts.get(2)!.card?.call.CALL_ID]).toEqual([callId, callId]);
    const eventsBefore = hosts.get(1)!.events.length;
    expect(finish(rest, callId, { USER_ID: 1 }).status).toBe(200);
    expect(hosts.get(1)!.card).toBeNull();
    expect(hosts.get(1)!.events).toHaveLength(eventsBefore);
    expect(hosts.get(2)!.card?.call.CALL_ID).toBe(callId);
  });

  test('finish of one call leaves the card of another call alone', () => {
    const { rest, host } = double();
    const shown = register(rest);
    const hidden = register(rest, { SHOW: 0, EXTERNAL_CALL_ID: 'x' });
    finish(rest, hidden);
    expect(host.card?.call.CALL_ID).toBe(shown);
  });

  test('finish with a CALL_ID that is not a string, or none: 400 INVALID_ARGUMENT', () => {
    const { rest } = double();
    for (const CALL_ID of [['x'], 7, undefined]) {
      expect(rest.callSync('telephony.externalcall.finish', { CALL_ID, USER_ID: 1 })).toMatchObject({ status: 400, body: { error: 'INVALID_ARGUMENT', error_description: 'CALL_ID must be a string' } });
    }
  });

  test('finish keeps VOTE as sent, and an empty or "0" STATUS_CODE takes the default', () => {
    const { rest } = double();
    finish(rest, register(rest, { EXTERNAL_CALL_ID: 'a' }), { VOTE: 7, STATUS_CODE: '0', DURATION: 2 });
    finish(rest, register(rest, { EXTERNAL_CALL_ID: 'b' }), { STATUS_CODE: '', DURATION: 0 });
    expect(rest.statistics.map((row) => [row.CALL_VOTE, row.CALL_FAILED_CODE])).toEqual([
      [7, '200'],
      [0, '304'],
    ]);
  });

  test('a row without a line names the application as PORTAL_NUMBER', () => {
    const { rest } = double();
    finish(rest, register(rest, { LINE_NUMBER: undefined }));
    expect(rest.statistics[0]!.PORTAL_NUMBER).toBe('REST_APP:in-process');
  });
});

describe('hide and show', () => {
  test('hide closes the card with no event; show raises a new card for the same CALL_ID', () => {
    const { rest, host } = double();
    const callId = register(rest);
    expect(resultOf(rest.callSync('telephony.externalcall.hide', { CALL_ID: callId, USER_ID: 1 }))).toBe(true);
    expect(host.card).toBeNull();
    expect(host.events.map((event) => event.event)).toEqual(['initialized']);
    expect(resultOf(rest.callSync('telephony.externalcall.show', { CALL_ID: callId, USER_ID: 1 }))).toBe(true);
    expect(host.events.map((event) => [event.event, (event.payload as { CALL_ID: string }).CALL_ID])).toEqual([
      ['initialized', callId],
      ['initialized', callId],
    ]);
    expect(host.card).toMatchObject({ uiState: 'externalCard', call: { CALL_ID: callId, CALL_STATE: 'idle' } });
  });

  test('hide and show after finish return false and touch no card', () => {
    const { rest, host } = double();
    const callId = register(rest);
    finish(rest, callId);
    const other = register(rest, { EXTERNAL_CALL_ID: 'other' });
    expect(resultOf(rest.callSync('telephony.externalcall.hide', { CALL_ID: callId, USER_ID: 1 }))).toBe(false);
    expect(resultOf(rest.callSync('telephony.externalcall.show', { CALL_ID: callId, USER_ID: 1 }))).toBe(false);
    expect(host.card?.call.CALL_ID).toBe(other);
  });

  test('show while another card is open: the host drops it', () => {
    const { rest, host } = double();
    const first = register(rest);
    const second = register(rest, { SHOW: 0, EXTERNAL_CALL_ID: 'x' });
    expect(resultOf(rest.callSync('telephony.externalcall.show', { CALL_ID: second, USER_ID: 1 }))).toBe(true);
    expect(host.card?.call.CALL_ID).toBe(first);
  });
});

describe('attachRecord', () => {
  test('attachRecord works only after finish: before, 400 with error "" (not in the statistic table)', () => {
    const { rest } = double();
    const callId = register(rest);
    expect(rest.callSync('telephony.externalCall.attachRecord', { CALL_ID: callId, FILENAME: 'call.mp3' })).toMatchObject({ status: 400, body: { error: '', error_description: REST_MESSAGES.notInStatistics } });
  });

  test('attachRecord checks the statistics row before the file: an unfinished call with a bad FILENAME is "not finished"', () => {
    const { rest } = double();
    const callId = register(rest);
    expect(rest.callSync('telephony.externalCall.attachRecord', { CALL_ID: callId, FILENAME: 'call.ogg', FILE_CONTENT: 'UklGRg==' }).body).toMatchObject({ error_description: REST_MESSAGES.notInStatistics });
  });

  test('attachRecord with only FILENAME answers {uploadUrl, fieldName} exactly when a statistics row exists', () => {
    const { rest } = double();
    const callId = register(rest);
    finish(rest, callId);
    const result = resultOf(rest.callSync('telephony.externalCall.attachRecord', { CALL_ID: callId, FILENAME: 'call.mp3' }));
    expect(Object.keys(result).sort()).toEqual(['fieldName', 'uploadUrl']);
    expect(result.fieldName).toBe('file');
    expect(rest.callSync('telephony.externalCall.attachRecord', { CALL_ID: 'externalCall.never.1', FILENAME: 'call.mp3' }).status).toBe(400);
    const token = new URL(result.uploadUrl).searchParams.get('token')!;
    const uploaded = rest.upload(token);
    expect(uploaded.status).toBe(200);
    expect(rest.statistics[0]!.RECORD_FILE_ID).toBe((uploaded.body as { result: { FILE_ID: number } }).result.FILE_ID);
  });

  test('attachRecord with FILE_CONTENT attaches at once and answers FILE_ID', () => {
    const { rest } = double();
    const callId = register(rest);
    finish(rest, callId);
    const result = resultOf(rest.callSync('telephony.externalCall.attachRecord', { CALL_ID: callId, FILENAME: 'call.wav', FILE_CONTENT: 'UklGRg==' }));
    expect(result).toEqual({ FILE_ID: expect.any(Number) });
    expect(rest.statistics[0]!.RECORD_FILE_ID).toBe(result.FILE_ID);
  });

  test.each([
    ['neither RECORD_URL nor FILENAME', {}, '', REST_MESSAGES.recordParamsMissing],
    ['FILE_CONTENT named other than wav or mp3', { FILENAME: 'call.ogg', FILE_CONTENT: 'UklGRg==' }, '', REST_MESSAGES.wrongExtension],
    ['an empty FILENAME with content', { FILENAME: '', FILE_CONTENT: 'UklGRg==' }, '', REST_MESSAGES.fileNameEmpty],
    ['FILE_CONTENT not in base64', { FILENAME: 'call.mp3', FILE_CONTENT: 'not base64!' }, '', 'File content is not properly encoded. Base64 encoding is expected.'],
  ])('attachRecord with %s: 400', (_name, extra, error, text) => {
    const { rest } = double();
    const callId = register(rest);
    finish(rest, callId);
    expect(rest.callSync('telephony.externalCall.attachRecord', { CALL_ID: callId, ...extra })).toMatchObject({ status: 400, body: { error, error_description: text } });
  });
});

describe('voximplant.statistic.get and searchCrmEntities', () => {
  test('voximplant.statistic.get filtered by CALL_ID finds the row exactly when the call was finished', () => {
    const { rest } = double();
    const callId = register(rest);
    const query = () => rest.callSync('voximplant.statistic.get', { FILTER: { CALL_ID: callId } });
    expect(query().body).toMatchObject({ result: [], total: 0 });
    finish(rest, callId, { DURATION: 3, VOTE: 5 });
    expect(query().body).toMatchObject({ result: [{ CALL_ID: callId, CALL_DURATION: 3, CALL_VOTE: 5, CALL_FAILED_CODE: '200' }], total: 1 });
  });

  test('voximplant.statistic.get pages by 50 with total and next, and filters with operators', () => {
    const { rest } = double();
    for (let i = 0; i < 60; i++) finish(rest, register(rest, { EXTERNAL_CALL_ID: `c${i}` }), { DURATION: i });
    const first = rest.callSync('voximplant.statistic.get', { FILTER: { '>CALL_DURATION': 4 }, SORT: 'CALL_DURATION', ORDER: 'DESC' }).body as any;
    expect(first.total).toBe(55);
    expect(first.next).toBe(50);
    expect(first.result).toHaveLength(50);
    expect(first.result[0].CALL_DURATION).toBe(59);
    const second = rest.callSync('voximplant.statistic.get', { FILTER: { '>CALL_DURATION': 4 }, SORT: 'CALL_DURATION', ORDER: 'DESC', start: 50 }).body as any;
    expect(second.result.map((row: { CALL_DURATION: number }) => row.CALL_DURATION)).toEqual([9, 8, 7, 6, 5]);
    expect(second).not.toHaveProperty('next');
  });

  test("with the 'own calls only' permission voximplant.statistic.get shows only the caller's rows; without it, 403", () => {
    const { rest } = double({ statisticsAccess: (userId) => (userId === 3 ? 'none' : userId === 2 ? 'own' : 'all') });
    finish(rest, register(rest, { EXTERNAL_CALL_ID: 'a' }), { USER_ID: 1 });
    finish(rest, register(rest, { EXTERNAL_CALL_ID: 'b', USER_ID: 2 }), { USER_ID: 2 });
    const as = (userId: number) => rest.callSync('voximplant.statistic.get', {}, { token: rest.auth.issueToken({ userId }).access_token });
    expect((as(1).body as any).result).toHaveLength(2);
    expect((as(2).body as any).result.map((row: { PORTAL_USER_ID: number }) => row.PORTAL_USER_ID)).toEqual([2]);
    expect(as(3)).toMatchObject({ status: 403, body: { error: 'ACCESS_DENIED' } });
  });

  test('searchCrmEntities finds CRM entities by number; no PHONE_NUMBER: 400', () => {
    const { rest } = double({ crm: [{ phone: '+7 900 123-45-67', type: 'COMPANY', id: 643, name: 'Daisy LLC', assignedById: 99 }] });
    expect(resultOf(rest.callSync('telephony.externalCall.searchCrmEntities', { PHONE_NUMBER: '79001234567' }))).toEqual([
      expect.objectContaining({ CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: 643, NAME: 'Daisy LLC', ASSIGNED_BY_ID: 99 }),
    ]);
    expect(resultOf(rest.callSync('telephony.externalCall.searchCrmEntities', { PHONE_NUMBER: '111' }))).toEqual([]);
    expect(rest.callSync('telephony.externalCall.searchCrmEntities', {})).toMatchObject({ status: 400, body: { error: '', error_description: 'PHONE_NUMBER is empty' } });
  });
});

describe('the wire', () => {
  test('every success is {result, time} with the operating figures; errors are {error, error_description}', () => {
    const { rest } = double({ operating: {} });
    const answer = rest.callSync('telephony.externalcall.register', incoming());
    expect(Object.keys(answer.body as object).sort()).toEqual(['result', 'time']);
    expect((answer.body as any).time).toEqual({
      start: expect.any(Number),
      finish: expect.any(Number),
      duration: expect.any(Number),
      processing: expect.any(Number),
      date_start: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/),
      date_finish: expect.any(String),
      operating_reset_at: expect.any(Number),
      operating: expect.any(Number),
    });
    const error = rest.callSync('telephony.externalcall.register', incoming({ TYPE: 0 })).body;
    expect(isRestError(error) && Object.keys(error).sort()).toEqual(['error', 'error_description']);
  });

  test('method names are case-insensitive; an unknown method: 404 ERROR_METHOD_NOT_FOUND', () => {
    const { rest } = double();
    expect(rest.callSync('TELEPHONY.EXTERNALCALL.REGISTER', incoming()).status).toBe(200);
    expect(rest.callSync('telephony.externalcall.nothing', {})).toMatchObject({ status: 404, body: { error: 'ERROR_METHOD_NOT_FOUND' } });
  });

  test('form-encoded values (strings) are read as the portal reads them', () => {
    const { rest } = double();
    const callId = register(rest, { USER_ID: '1', TYPE: '2', SHOW: '0' });
    finish(rest, callId, { DURATION: '15', VOTE: '3', ADD_TO_CHAT: '0', USER_ID: '1' });
    expect(rest.records[0]).toMatchObject({ DURATION: 15, VOTE: 3, ADD_TO_CHAT: 0, STATUS_CODE: '200' });
  });

  test('a bad option is a setup mistake: TypeError naming it', () => {
    expect(() => createRestDouble({ tokenLifetimeMs: 0 })).toThrow(/tokenLifetimeMs/);
    expect(() => createRestDouble({ bucket: { burst: -1, drainPerSecond: 2 } })).toThrow(/bucket\.burst/);
    expect(() => createRestDouble({ finishNotFound: 'x' as never })).toThrow(/finishNotFound/);
    expect(() => createRestDouble({ clock: {} as never })).toThrow(/clock/);
  });
});

describe('what a client sends never makes the double throw', () => {
  test('params that cannot be serialised are a 400 INVALID_REQUEST; params changed after the call do not reach the double', () => {
    const { rest } = double();
    const cyclic: Record<string, unknown> = { USER_ID: 1 };
    cyclic.self = cyclic;
    expect(rest.callSync('telephony.externalcall.register', cyclic)).toMatchObject({ status: 400, body: { error: 'INVALID_REQUEST' } });
    const hostile = Object.defineProperty({}, 'USER_ID', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(rest.callSync('telephony.externalcall.register', hostile).status).toBe(400);
    const params = incoming();
    rest.callSync('telephony.externalcall.register', params);
    params.PHONE_NUMBER = 'changed';
    expect(rest.log.at(-1)!.params.PHONE_NUMBER).toBe('+79001234567');
    expect(rest.callSync(42 as never, null as never)).toMatchObject({ status: 404 });
  });
});

describe('click-to-call from CRM', () => {
  test('click-to-call: the portal registers the call itself (no EXTERNAL_CALL_ID, no card) and posts ONEXTERNALCALLSTART with its CALL_ID; the application only finishes it', () => {
    const { rest, host } = double();
    const event = rest.clickToCall({ userId: 1, phoneNumber: '+7 900 123-45-67', lineNumber: 'sip-1' });
    if (!('event' in event)) throw new Error(JSON.stringify(event));
    expect(event.data).toMatchObject({ USER_ID: 1, PHONE_NUMBER: '+7 900 123-45-67', PHONE_NUMBER_INTERNATIONAL: '+79001234567', LINE_NUMBER: 'sip-1', CRM_ENTITY_TYPE: 'LEAD' });
    expect(rest.events).toEqual([event]);
    expect(rest.activeCalls).toEqual([expect.objectContaining({ CALL_ID: event.data.CALL_ID, EXTERNAL_CALL_ID: null, TYPE: 1 })]);
    expect(host.card).toBeNull();
    expect(resultOf(rest.callSync('telephony.externalcall.show', { CALL_ID: event.data.CALL_ID, USER_ID: 1 }))).toBe(true);
    expect(host.card?.call).toMatchObject({ CALL_ID: event.data.CALL_ID, CALL_DIRECTION: 'outgoing' });
    expect(finish(rest, event.data.CALL_ID).status).toBe(200);
    expect(rest.statistics.map((row) => [row.CALL_ID, row.EXTERNAL_CALL_ID])).toEqual([[event.data.CALL_ID, null]]);
  });

  test('click-to-call to a withheld number fails as register does', () => {
    const { rest } = double();
    expect(rest.clickToCall({ userId: 1, phoneNumber: 'hidden' })).toEqual({ error: '', error_description: 'Unsupported phone number format' });
  });
});
