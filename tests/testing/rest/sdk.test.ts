// §8 through the real @bitrix24/b24jssdk HTTP client over real HTTP(S) on 127.0.0.1: what the
// SDK does with the portal's answers, as measured against the REST double.
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import { join } from 'node:path';
import { AjaxError, ApiVersion, B24Hook, B24OAuth } from '@bitrix24/b24jssdk';
import sdkPackage from '@bitrix24/b24jssdk/package.json';
import { b24OAuthParamsOf, createFakeClock, createRestDouble } from '../../../testing/rest';
import type { FakeClock, OAuthGrant, RestDouble } from '../../../testing/rest';
import { createSelfSignedCertificate, startRestServer } from '../../../testing/rest/httpServer';
import type { RestServer } from '../../../testing/rest/httpServer';

// The SDK's CJS build requires the ESM-only qs-esm for its batch code, which Jest's registry
// cannot load before Node 24.9 (see tests/adapters/placement/b24jssdkPlacement.test.ts). Single calls never use it.
jest.mock('qs-esm', () => ({
  stringify: () => {
    throw new Error('qs-esm is stubbed in this test: only batch requests use it');
  },
}));

const NOT_FOUND = 'Call is not found (call should be registered prior to finishing';
const REGISTER = 'telephony.externalcall.register';
const FINISH = 'telephony.externalcall.finish';
const incoming = { USER_ID: 1, PHONE_NUMBER: '+79001234567', TYPE: 2, LINE_NUMBER: 'sip-1', SHOW: 0 };

type Restriction = ConstructorParameters<typeof B24OAuth>[2] extends infer O ? (O extends { restrictionParams?: infer R } ? R : never) : never;

function oauthClient(grant: OAuthGrant, restrictionParams?: Restriction): B24OAuth {
  return new B24OAuth(b24OAuthParamsOf(grant), { clientId: 'local.app', clientSecret: 'app-secret' }, restrictionParams === undefined ? undefined : { restrictionParams });
}

/**
 * A certificate for 127.0.0.1 made now by openssl; where openssl is missing (a bare CI image),
 * the long-lived one in fixtures/, made the same way, so the https tests still run.
 */
function certificate(): { key: string; cert: string } {
  try {
    return createSelfSignedCertificate();
  } catch {
    console.warn('openssl is not available: the https tests use tests/testing/rest/fixtures/localhost-*.pem');
    return { key: readFileSync(join(__dirname, 'fixtures/localhost-key.pem'), 'utf8'), cert: readFileSync(join(__dirname, 'fixtures/localhost-cert.pem'), 'utf8') };
  }
}

async function thrown(promise: Promise<unknown>): Promise<AjaxError> {
  try {
    await promise;
  } catch (error) {
    return error as AjaxError;
  }
  throw new Error('expected the SDK to throw');
}

const requestsOf = (rest: RestDouble, method: string) => rest.log.filter((entry) => entry.method.toLowerCase() === method);

describe(`@bitrix24/b24jssdk ${sdkPackage.version} B24OAuth over http://127.0.0.1`, () => {
  let clock: FakeClock;
  let rest: RestDouble;
  let server: RestServer;

  beforeAll(async () => {
    // The double's clock starts at the wall clock: the SDK judges a token's expiry by Date.now().
    clock = createFakeClock(Date.now());
    rest = createRestDouble({ clock, operating: false });
    server = await startRestServer({ rest });
  });
  afterAll(() => server.close());
  beforeEach(() => rest.reset());

  async function registered(b24: B24OAuth): Promise<string> {
    const answer = await b24.actions.v2.call.make<{ CALL_ID: string }>({ method: REGISTER, params: { ...incoming, EXTERNAL_CALL_ID: `sip-${Math.random()}` } });
    return answer.getData()!.result.CALL_ID;
  }

  test('the server listens on 127.0.0.1 only', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('a second finish: the 400 with error "" is thrown as AjaxError ERR_BAD_REQUEST, the portal text only in originalError.response.data', async () => {
    const b24 = oauthClient(rest.auth.issueToken({ userId: 1 }));
    const callId = await registered(b24);
    const first = await b24.actions.v2.call.make({ method: FINISH, params: { CALL_ID: callId, USER_ID: 1, DURATION: 5, ADD_TO_CHAT: 0 } });
    expect(first.isSuccess).toBe(true);
    const error = await thrown(b24.actions.v2.call.make({ method: FINISH, params: { CALL_ID: callId, USER_ID: 1, DURATION: 5, ADD_TO_CHAT: 0 } }));
    expect(error).toBeInstanceOf(AjaxError);
    expect(error.code).toBe('ERR_BAD_REQUEST');
    expect(error.message).toBe('Request failed with status code 400');
    expect(error.status).toBe(400);
    expect(JSON.stringify(error)).not.toContain('Call is not found');
    expect((error.originalError as { response: { data: unknown } }).response.data).toEqual({ error: '', error_description: NOT_FOUND });
    // A 4xx is not retried.
    expect(requestsOf(rest, FINISH)).toHaveLength(2);
  });

  test("with error 'ERROR_CORE' the SDK surfaces the code and the portal's text", async () => {
    const strict = createRestDouble({ clock, operating: false, finishNotFound: 'ERROR_CORE' });
    const strictServer = await startRestServer({ rest: strict });
    try {
      const b24 = oauthClient(strict.auth.issueToken({ userId: 1 }));
      const error = await thrown(b24.actions.v2.call.make({ method: FINISH, params: { CALL_ID: 'externalCall.none.1', USER_ID: 1 } }));
      expect([error.code, error.message, error.status]).toEqual(['ERROR_CORE', NOT_FOUND, 400]);
    } finally {
      await strictServer.close();
    }
  });

  test('a finish whose answer is lost after the write is retried even with retryOnNetworkError: false: the caller sees ERR_BAD_REQUEST for a recorded call', async () => {
    const b24 = oauthClient(rest.auth.issueToken({ userId: 1 }), { retryOnNetworkError: false, retryDelay: 10 });
    const callId = await registered(b24);
    rest.faults.inject({ kind: 'lostAnswer', method: FINISH });
    const error = await thrown(b24.actions.v2.call.make({ method: FINISH, params: { CALL_ID: callId, USER_ID: 1, DURATION: 5, ADD_TO_CHAT: 0 } }));
    expect(error.code).toBe('ERR_BAD_REQUEST');
    expect(requestsOf(rest, FINISH).map((entry) => [entry.transport, entry.written])).toEqual([
      ['lost', true],
      ['answered', false],
    ]);
    expect(rest.statistics.map((row) => row.CALL_ID)).toEqual([callId]);
  });

  test('a 504 after the write is retried too, with the same outcome', async () => {
    const b24 = oauthClient(rest.auth.issueToken({ userId: 1 }), { retryOnNetworkError: false, retryDelay: 10 });
    const callId = await registered(b24);
    rest.faults.inject({ kind: 'http504', method: FINISH });
    const error = await thrown(b24.actions.v2.call.make({ method: FINISH, params: { CALL_ID: callId, USER_ID: 1, DURATION: 5, ADD_TO_CHAT: 0 } }));
    expect(error.code).toBe('ERR_BAD_REQUEST');
    expect(requestsOf(rest, FINISH).map((entry) => entry.status)).toEqual([504, 400]);
    expect(rest.statistics).toHaveLength(1);
  });

  test('only maxRetries: 1 sends the finish once: the caller sees the network error of a call that was recorded', async () => {
    const b24 = oauthClient(rest.auth.issueToken({ userId: 1 }), { maxRetries: 1 });
    const callId = await registered(b24);
    rest.faults.inject({ kind: 'lostAnswer', method: FINISH });
    const error = await thrown(b24.actions.v2.call.make({ method: FINISH, params: { CALL_ID: callId, USER_ID: 1, DURATION: 5, ADD_TO_CHAT: 0 } }));
    expect(error).toBeInstanceOf(AjaxError);
    expect(error.code).not.toBe('ERR_BAD_REQUEST');
    expect(error.status).toBe(0);
    expect(requestsOf(rest, FINISH)).toHaveLength(1);
    expect(rest.statistics).toHaveLength(1);
  });

  test('with retryOnNetworkError: false a timed-out request is not retried (REQUEST_TIMEOUT), though it was written', async () => {
    const b24 = oauthClient(rest.auth.issueToken({ userId: 1 }), { retryOnNetworkError: false, retryDelay: 10 });
    b24.getHttpClient(ApiVersion.v2).ajaxClient.defaults.timeout = 300;
    rest.faults.inject({ kind: 'hang', method: REGISTER });
    const error = await thrown(b24.actions.v2.call.make({ method: REGISTER, params: { ...incoming, EXTERNAL_CALL_ID: 'hang-1' } }));
    expect(error.code).toBe('REQUEST_TIMEOUT');
    expect(requestsOf(rest, REGISTER)).toHaveLength(1);
    expect(rest.activeCalls).toHaveLength(1);
  });

  test('a connection reset before the write is retried by default and succeeds once', async () => {
    const b24 = oauthClient(rest.auth.issueToken({ userId: 1 }), { retryDelay: 10 });
    rest.faults.inject({ kind: 'reset', method: REGISTER });
    const answer = await b24.actions.v2.call.make<{ CALL_ID: string }>({ method: REGISTER, params: { ...incoming, EXTERNAL_CALL_ID: 'reset-1' } });
    expect(answer.getData()!.result.CALL_ID).toMatch(/^externalCall\./);
    expect(requestsOf(rest, REGISTER).map((entry) => entry.transport)).toEqual(['reset', 'answered']);
    expect(rest.activeCalls).toHaveLength(1);
  });

  test('an expired access token: B24OAuth refreshes it at /oauth/token/ once, then repeats the call once', async () => {
    const grant = rest.auth.issueToken({ userId: 1 });
    const b24 = oauthClient(grant);
    clock.advance(3_600_000);
    const answer = await b24.actions.v2.call.make({ method: 'voximplant.statistic.get', params: {} });
    expect(answer.isSuccess).toBe(true);
    expect(rest.log.map((entry) => [entry.status, entry.error ?? null])).toEqual([
      [401, 'expired_token'],
      [200, null],
    ]);
    expect(b24.auth.getAuthData()).toMatchObject({ access_token: expect.not.stringMatching(grant.access_token) });
    clock.set(Date.now());
  });

  test('a token still refused after the refresh: the SDK gives up after that one repeat (401 expired_token)', async () => {
    const b24 = oauthClient(rest.auth.issueToken({ userId: 1 }));
    rest.faults.inject({ kind: 'expiredToken', times: 5 });
    const error = await thrown(b24.actions.v2.call.make({ method: 'voximplant.statistic.get', params: {} }));
    expect([error.code, error.status]).toEqual(['expired_token', 401]);
    expect(rest.log).toHaveLength(2);
  });

  test('503 QUERY_LIMIT_EXCEEDED is retried by the SDK after a wait', async () => {
    const limited = createRestDouble({ operating: false, bucket: { burst: 2, drainPerSecond: 2 } });
    const limitedServer = await startRestServer({ rest: limited });
    try {
      const b24 = oauthClient(limited.auth.issueToken({ userId: 1 }));
      const answers = await Promise.all([1, 2, 3].map(() => b24.actions.v2.call.make({ method: 'voximplant.statistic.get', params: {} })));
      expect(answers.every((answer) => answer.isSuccess)).toBe(true);
      expect(limited.counts.queryLimited).toBeGreaterThanOrEqual(1);
      expect(limited.log.filter((entry) => entry.status === 200)).toHaveLength(3);
    } finally {
      await limitedServer.close();
    }
  });

  test('429 OPERATION_TIME_LIMIT reaches the caller with operating_reset_at in the body', async () => {
    const b24 = oauthClient(rest.auth.issueToken({ userId: 1 }), { maxRetries: 1 });
    rest.faults.inject({ kind: 'operationLimit', method: REGISTER });
    const error = await thrown(b24.actions.v2.call.make({ method: REGISTER, params: incoming }));
    expect([error.code, error.status]).toEqual(['OPERATION_TIME_LIMIT', 429]);
    expect((error.originalError as { response: { data: { operating_reset_at: number } } }).response.data.operating_reset_at).toBeGreaterThan(Date.now() / 1000);
  });
});

describe(`@bitrix24/b24jssdk ${sdkPackage.version} B24Hook`, () => {
  test('B24Hook refuses an http:// webhook URL and rewrites an http b24Url to https', () => {
    expect(() => B24Hook.fromWebhookUrl('http://127.0.0.1:8080/rest/1/secret')).toThrow(expect.objectContaining({ code: 'JSSDK_HOOK_URL_NOT_HTTPS' }));
    const hook = new B24Hook({ b24Url: 'http://127.0.0.1:8080', userId: 1, secret: 'secret' });
    expect(hook.getTargetOrigin()).toBe('https://127.0.0.1:8080');
  });

  describe('over https://127.0.0.1 with a certificate made now', () => {
    let rest: RestDouble;
    let server: RestServer;
    let cert: string;

    beforeAll(async () => {
      const tls = certificate();
      cert = tls.cert;
      rest = createRestDouble({ operating: false });
      server = await startRestServer({ rest, tls });
    });
    afterAll(() => server?.close());

    test('register and finish through a webhook; a second finish is ERR_BAD_REQUEST', async () => {
      const b24 = B24Hook.fromWebhookUrl(server.webhookUrl(1, 'hook-secret'));
      b24.getHttpClient(ApiVersion.v2).ajaxClient.defaults.httpsAgent = new https.Agent({ ca: cert });
      const registered = await b24.actions.v2.call.make<{ CALL_ID: string }>({ method: 'telephony.externalCall.register', params: incoming });
      const callId = registered.getData()!.result.CALL_ID;
      const finished = await b24.actions.v2.call.make({ method: 'telephony.externalCall.finish', params: { CALL_ID: callId, USER_ID: 1, DURATION: 9, VOTE: 5, ADD_TO_CHAT: 1 } });
      expect(finished.getData()!.result).toMatchObject({ CALL_ID: callId, CALL_DURATION: 9, CALL_VOTE: 5, CALL_FAILED_CODE: '200' });
      const error = await thrown(b24.actions.v2.call.make({ method: 'telephony.externalCall.finish', params: { CALL_ID: callId, USER_ID: 1 } }));
      expect(error.code).toBe('ERR_BAD_REQUEST');
      expect(rest.records).toEqual([expect.objectContaining({ CALL_ID: callId, DURATION: 9, VOTE: 5, ADD_TO_CHAT: 1, STATUS_CODE: '200' })]);
      expect(rest.log.every((entry) => entry.userId === 1)).toBe(true);
    });
  });
});
