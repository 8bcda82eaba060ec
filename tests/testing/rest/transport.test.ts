// The transport rules of §8 in the REST double: the leaky bucket, the operating limit, token
// expiry and fault injection, on a fake clock.
import { createFakeClock, createRestDouble, ENTERPRISE_BUCKET, REST_FAULT_KINDS } from '../../../testing/rest';
import type { RestDoubleOptions, RestFaultKind } from '../../../testing/rest';

const register = { USER_ID: 1, PHONE_NUMBER: '+79001234567', TYPE: 2 };
const statistic = 'voximplant.statistic.get';

function double(options: RestDoubleOptions = {}) {
  const clock = createFakeClock();
  return { clock, rest: createRestDouble({ clock, ...options }) };
}

describe('the leaky bucket', () => {
  test('50 requests at once pass, the 51st gets 503 QUERY_LIMIT_EXCEEDED; it drains 2 per second', () => {
    const { rest, clock } = double();
    const statuses = Array.from({ length: 51 }, () => rest.callSync(statistic).status);
    expect(statuses.slice(0, 50).every((status) => status === 200)).toBe(true);
    expect(rest.callSync(statistic)).toMatchObject({ status: 503, written: false, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: expect.any(String) } });
    expect(statuses[50]).toBe(503);
    clock.advance(499);
    expect(rest.callSync(statistic).status).toBe(503);
    clock.advance(1);
    expect(rest.callSync(statistic).status).toBe(200);
    expect(rest.callSync(statistic).status).toBe(503);
    clock.advance(10_000);
    expect(Array.from({ length: 21 }, () => rest.callSync(statistic).status).filter((status) => status === 200)).toHaveLength(20);
    expect(rest.counts.queryLimited).toBe(5);
  });

  test('a refused request writes nothing and does not fill the bucket', () => {
    const { rest, clock } = double({ bucket: { burst: 1, drainPerSecond: 1 } });
    expect(rest.callSync('telephony.externalcall.register', register).status).toBe(200);
    expect(rest.callSync('telephony.externalcall.register', { ...register, PHONE_NUMBER: '+79990000000' }).status).toBe(503);
    expect(rest.activeCalls).toHaveLength(1);
    clock.advance(1000);
    expect(rest.bucketLevel()).toBe(0);
  });

  test('the Enterprise bucket: 250 burst, 5 per second', () => {
    const { rest, clock } = double({ bucket: ENTERPRISE_BUCKET });
    const ok = Array.from({ length: 260 }, () => rest.callSync(statistic).status).filter((status) => status === 200);
    expect(ok).toHaveLength(250);
    clock.advance(1000);
    expect(Array.from({ length: 6 }, () => rest.callSync(statistic).status).filter((status) => status === 200)).toHaveLength(5);
  });
});

describe('the operating limit', () => {
  test('past 480 s of a method in 10 minutes: 429 OPERATION_TIME_LIMIT with operating_reset_at, other methods still work', () => {
    const { rest, clock } = double({ bucket: false, operating: { costMs: (method) => (method === statistic ? 60_000 : 10) } });
    const start = clock.now();
    const statuses = Array.from({ length: 9 }, () => {
      clock.advance(1000);
      return rest.callSync(statistic).status;
    });
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
    const blocked = rest.callSync(statistic);
    expect(blocked.body).toEqual({ error: 'OPERATION_TIME_LIMIT', error_description: expect.any(String), operating_reset_at: Math.floor((start + 1000 + 600_000) / 1000) });
    expect(rest.callSync('telephony.externalcall.register', register).status).toBe(200);
    clock.set(start + 1000 + 600_000);
    expect(rest.callSync(statistic).status).toBe(200);
    expect(rest.counts.operationLimited).toBe(2);
  });

  test('each answer reports the time the method has used (time.operating) and when it frees (operating_reset_at)', () => {
    const { rest } = double({ bucket: false, operating: { costMs: 1500 } });
    rest.callSync(statistic);
    const time = (rest.callSync(statistic).body as { time: { operating: number; operating_reset_at: number } }).time;
    expect(time.operating).toBe(3);
    expect(time.operating_reset_at).toBe(Math.floor((rest.clock.now() + 600_000) / 1000));
  });
});

describe('access tokens', () => {
  test('an access token lives 1 hour, then 401 expired_token; a refresh gives a working token, and a refresh token is single-use', () => {
    const { rest, clock } = double({ bucket: false });
    const grant = rest.auth.issueToken({ userId: 1 });
    expect(grant).toMatchObject({ expires_in: 3600, user_id: 1, expires: Math.floor((clock.now() + 3_600_000) / 1000) });
    expect(rest.callSync(statistic, {}, { token: grant.access_token }).status).toBe(200);
    clock.advance(3_600_000);
    expect(rest.callSync(statistic, { auth: grant.access_token })).toMatchObject({ status: 401, body: { error: 'expired_token', error_description: 'The access token provided has expired.' } });
    const fresh = rest.auth.refresh(grant.refresh_token)!;
    expect(rest.callSync(statistic, {}, { token: fresh.access_token }).status).toBe(200);
    expect(rest.auth.refresh(grant.refresh_token)).toBeNull();
  });

  test('an unknown token: 401 invalid_token; no token where auth is required: 401 NO_AUTH_FOUND', () => {
    const { rest } = double();
    expect(rest.callSync(statistic, {}, { token: 'nope' })).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
    expect(rest.callSync(statistic, {}, { token: '' })).toMatchObject({ status: 401, body: { error: 'NO_AUTH_FOUND' } });
  });

  test("webhooks never expire; with webhookTelephony 'denied' telephony methods answer 403 WRONG_AUTH_TYPE", () => {
    const { rest, clock } = double({ webhookTelephony: 'denied' });
    rest.auth.addWebhook({ userId: 1, secret: 's3cret' });
    clock.advance(10 * 3_600_000);
    const hook = { webhook: { userId: 1, secret: 's3cret' } };
    expect(rest.callSync(statistic, {}, hook).status).toBe(200);
    expect(rest.callSync('telephony.externalcall.register', register, hook)).toMatchObject({ status: 403, body: { error: 'WRONG_AUTH_TYPE' } });
    expect(rest.callSync(statistic, {}, { webhook: { userId: 1, secret: 'wrong' } }).status).toBe(401);
  });
});

describe('fault injection', () => {
  test('lostAnswer: the finish is written, the answer never comes', () => {
    const { rest } = double();
    const callId = (rest.callSync('telephony.externalcall.register', register).body as any).result.CALL_ID;
    rest.faults.inject({ kind: 'lostAnswer', method: 'telephony.externalCall.finish' });
    const lost = rest.callSync('telephony.externalcall.finish', { CALL_ID: callId, USER_ID: 1, DURATION: 3 });
    expect(lost).toMatchObject({ transport: 'lost', status: 0, body: null, written: true, fault: 'lostAnswer' });
    expect(rest.statistics.map((row) => row.CALL_ID)).toEqual([callId]);
    // The blind retry: the caller now hears "not found" for a call that was recorded.
    expect(rest.callSync('telephony.externalcall.finish', { CALL_ID: callId, USER_ID: 1, DURATION: 3 }).status).toBe(400);
  });

  test('reset: the connection drops before the method runs, nothing is written', () => {
    const { rest } = double();
    rest.faults.inject({ kind: 'reset' });
    expect(rest.callSync('telephony.externalcall.register', register)).toMatchObject({ transport: 'reset', written: false });
    expect(rest.activeCalls).toEqual([]);
  });

  test('hang: written, never answered', () => {
    const { rest } = double();
    rest.faults.inject({ kind: 'hang' });
    expect(rest.callSync('telephony.externalcall.register', register)).toMatchObject({ transport: 'hang', written: true });
    expect(rest.activeCalls).toHaveLength(1);
  });

  test('http502 / http504: the gateway page, before or after the write', () => {
    const { rest } = double();
    rest.faults.inject({ kind: 'http502' });
    rest.faults.inject({ kind: 'http504', skip: 1 });
    rest.faults.inject({ kind: 'http502', after: true, skip: 2 });
    const answers = [0, 1, 2].map((i) => rest.callSync('telephony.externalcall.register', { ...register, EXTERNAL_CALL_ID: `c${i}` }));
    expect(answers.map((answer) => [answer.status, answer.written])).toEqual([
      [502, false],
      [504, true],
      [502, true],
    ]);
    expect(answers[0]!.body).toMatch(/502 Bad Gateway/);
    expect(rest.activeCalls).toHaveLength(2);
  });

  test('scripted per method and per call: skip passes the first matches, times hits that many in a row', () => {
    const { rest } = double();
    rest.faults.inject({ kind: 'http500', method: statistic, skip: 1, times: 2 });
    const statuses = [statistic, 'telephony.externalCall.searchCrmEntities', statistic, statistic, statistic].map((method) => rest.callSync(method, { PHONE_NUMBER: '1' }).status);
    expect(statuses).toEqual([200, 200, 500, 500, 200]);
    expect(rest.faults.pending).toBe(0);
  });

  test.each<[RestFaultKind, number, string]>([
    ['queryLimit', 503, 'QUERY_LIMIT_EXCEEDED'],
    ['operationLimit', 429, 'OPERATION_TIME_LIMIT'],
    ['expiredToken', 401, 'expired_token'],
    ['accessDenied', 403, 'ACCESS_DENIED'],
    ['http500', 500, 'INTERNAL_SERVER_ERROR'],
  ])('%s answers %i %s and writes nothing', (kind, status, error) => {
    const { rest } = double();
    rest.faults.inject({ kind });
    expect(rest.callSync('telephony.externalcall.register', register)).toMatchObject({ status, written: false, body: { error } });
    expect(rest.activeCalls).toEqual([]);
  });

  test('delay: written at once, answered delayMs later', async () => {
    const { rest } = double();
    rest.faults.inject({ kind: 'delay', delayMs: 30 });
    const started = Date.now();
    const pending = rest.call('telephony.externalcall.register', register);
    expect(rest.activeCalls).toHaveLength(1);
    const answer = await pending;
    expect(answer).toMatchObject({ status: 200, delayMs: 30, fault: 'delay' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  test('random faults are reproducible from their seed', () => {
    const run = (seed: number) => {
      const { rest } = double({ bucket: false });
      rest.faults.random({ rate: 0.3, kinds: REST_FAULT_KINDS.filter((kind) => kind !== 'delay'), seed });
      return Array.from({ length: 200 }, () => rest.callSync(statistic).fault ?? '-');
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8)).not.toEqual(a);
    const hits = a.filter((fault) => fault !== '-').length;
    expect(hits).toBeGreaterThan(35);
    expect(hits).toBeLessThan(85);
  });

  test('a fault hook decides first, per request', () => {
    const { rest } = double({ faultHook: (method, params) => (method === 'telephony.externalcall.finish' && params.DURATION === 9 ? { kind: 'lostAnswer' } : null) });
    const callId = (rest.callSync('telephony.externalcall.register', register).body as any).result.CALL_ID;
    expect(rest.callSync('telephony.externalcall.finish', { CALL_ID: callId, USER_ID: 1, DURATION: 9 }).transport).toBe('lost');
    expect(rest.counts).toMatchObject({ requests: 2, written: 2, faults: 1 });
    expect(rest.log.map((entry) => [entry.method, entry.transport, entry.written])).toEqual([
      ['telephony.externalcall.register', 'answered', true],
      ['telephony.externalcall.finish', 'lost', true],
    ]);
  });

  test('an unusable fault spec is a setup mistake: TypeError', () => {
    const { rest } = double();
    expect(() => rest.faults.inject({ kind: 'explode' as never })).toThrow(TypeError);
    expect(() => rest.faults.inject({ kind: 'reset', times: 0 })).toThrow(/times/);
    expect(() => rest.faults.random({ rate: 2, kinds: ['reset'] })).toThrow(/rate/);
  });
});
