// The REST ports against the REST double: the real @bitrix24/b24jssdk over HTTP on 127.0.0.1,
// and BX24.callMethod through the double's thin client of the api/v1 library's shape.
import { B24OAuth } from '@bitrix24/b24jssdk';
import { createCallRecords, createMemoryStorage, fromB24jssdk, fromBx24, type Bx24Rest, type RecordsDiagnostic, type RestReply } from '../../../adapters/records';
import { CALL_NOT_FOUND_TEXT } from '../../../protocol/rest';
import { b24OAuthParamsOf, createBx24Client, createFakeClock, createRestDouble, type OAuthGrant, type RestDouble } from '../../../testing/rest';
import { startRestServer, type RestServer } from '../../../testing/rest/httpServer';
import { createScheduler } from './support/fakeTime';

// The SDK's CJS build requires the ESM-only qs-esm for batch requests only (see tests/adapters/placement/b24jssdkPlacement.test.ts).
jest.mock('qs-esm', () => ({
  stringify: () => {
    throw new Error('qs-esm is stubbed in this test: only batch requests use it');
  },
}));

const REGISTER = 'telephony.externalcall.register';
const FINISH = 'telephony.externalcall.finish';
const call = { USER_ID: 7, PHONE_NUMBER: '+4930100', TYPE: 2, SHOW: 0 };
const finishOf = (CALL_ID: string) => ({ CALL_ID, USER_ID: 7, DURATION: 3, STATUS_CODE: '200', ADD_TO_CHAT: 0 });
const callIdOf = (reply: RestReply) => (reply.ok ? String((reply.result as { CALL_ID: string }).CALL_ID) : 'none');
const requests = (rest: RestDouble, method: string) => rest.log.filter((entry) => entry.method.toLowerCase() === method.toLowerCase()).length;

function oauthClient(grant: OAuthGrant): B24OAuth {
  return new B24OAuth(b24OAuthParamsOf(grant), { clientId: 'local.app', clientSecret: 'app-secret' });
}

describe('fromB24jssdk: @bitrix24/b24jssdk B24OAuth over http://127.0.0.1', () => {
  let rest: RestDouble;
  let server: RestServer;
  let b24: B24OAuth;

  beforeAll(async () => {
    rest = createRestDouble({ clock: createFakeClock(Date.now()), operating: false });
    server = await startRestServer({ rest });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    rest.reset();
    b24 = oauthClient(rest.auth.issueToken({ userId: 7 }));
  });

  test('register and finish go through; a second finish is "Call is not found" with the portal\'s own text, though the SDK says ERR_BAD_REQUEST', async () => {
    const port = fromB24jssdk(b24);
    const registered = await port.call(REGISTER, { ...call, EXTERNAL_CALL_ID: 'sdk-1' });
    const callId = callIdOf(registered);
    expect(await port.call(FINISH, finishOf(callId))).toMatchObject({ ok: true, result: { CALL_ID: callId, CALL_FAILED_CODE: '200' } });
    const again = await port.call(FINISH, finishOf(callId));
    expect(again).toEqual({ ok: false, failure: { kind: 'notFound', status: 400, error: '', description: CALL_NOT_FOUND_TEXT } });
  });

  test('a finish whose answer is lost is sent once (maxRetries 1 on the port\'s client) and reported ambiguous', async () => {
    const port = fromB24jssdk(b24);
    const callId = callIdOf(await port.call(REGISTER, { ...call, EXTERNAL_CALL_ID: 'sdk-2' }));
    rest.faults.inject({ kind: 'lostAnswer', method: FINISH });
    const reply = await port.call(FINISH, finishOf(callId));
    expect(reply).toMatchObject({ ok: false, failure: { kind: 'ambiguous' } });
    expect(requests(rest, FINISH)).toBe(1);
    expect(rest.records).toHaveLength(1);
  });

  test('503 QUERY_LIMIT_EXCEEDED and 429 with operating_reset_at come back as such, each sent once', async () => {
    const port = fromB24jssdk(b24);
    rest.faults.inject({ kind: 'queryLimit', method: REGISTER });
    expect(await port.call(REGISTER, { ...call, EXTERNAL_CALL_ID: 'sdk-3' })).toMatchObject({ ok: false, failure: { kind: 'queryLimit', status: 503 } });
    rest.faults.inject({ kind: 'operationLimit', method: REGISTER });
    const limited = await port.call(REGISTER, { ...call, EXTERNAL_CALL_ID: 'sdk-3' });
    expect(limited).toMatchObject({ ok: false, failure: { kind: 'operationLimit', status: 429, resetAt: expect.any(Number) } });
    expect(requests(rest, REGISTER)).toBe(2);
  });

  test('the whole layer over the SDK: an ambiguous finish is checked with voximplant.statistic.get and recorded once', async () => {
    rest.faults.inject({ kind: 'http504', method: FINISH, after: true });
    const recorded: string[] = [];
    const records = createCallRecords({ rest: fromB24jssdk(b24), userId: 7, storage: createMemoryStorage(), locks: null, onRecorded: ({ callId }) => recorded.push(callId) });
    const handle = records.callStarted({ direction: 'outgoing', phoneNumber: '+4930200', sipCallId: 'sdk-layer' });
    const started = Date.now();
    while (records.callIdOf(handle.key) === null && Date.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    handle.ended({ endedBy: 'hungUp', failureCode: null, connectedAt: Date.now() - 4000, closedAt: Date.now(), rating: null });
    while (recorded.length === 0 && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
    records.dispose();
    expect(rest.records.map((record) => record.STATUS_CODE)).toEqual(['200']);
    expect(requests(rest, FINISH)).toBe(1);
    expect(requests(rest, 'voximplant.statistic.get')).toBe(1);
  }, 15_000);

  test("setRestrictionManagerParams failing (rejected, thrown, or no promise at all): a portSetupFailed diagnostic saying the SDK keeps its blind retries; calls still go", async () => {
    const failing = b24 as unknown as { setRestrictionManagerParams: (params: unknown) => unknown };
    failing.setRestrictionManagerParams = () => Promise.reject(new Error('locked'));
    const seen: RecordsDiagnostic[] = [];
    const port = fromB24jssdk(b24, { onDiagnostic: (d) => seen.push(d) });
    await port.ready;
    expect(seen).toEqual([expect.objectContaining({ kind: 'portSetupFailed', port: 'b24jssdk', message: expect.stringMatching(/locked.*keeps its own retries/) })]);
    // The layer's onDiagnostic hears it too, even though it was reported before the layer existed.
    const layer: RecordsDiagnostic[] = [];
    const records = createCallRecords({ rest: port, userId: 7, storage: createMemoryStorage(), locks: null, onDiagnostic: (d) => layer.push(d) });
    records.dispose();
    expect(layer.filter((d) => d.kind === 'portSetupFailed')).toHaveLength(1);
    expect(callIdOf(await port.call(REGISTER, { ...call, EXTERNAL_CALL_ID: 'sdk-setup' }))).toEqual(expect.any(String));

    // A synchronous client (no promise back) is fine; one that throws is reported, not thrown.
    const cases: [() => unknown, string[]][] = [
      [() => undefined, []],
      [() => { throw new Error('sync'); }, ['portSetupFailed']],
    ];
    for (const [broken, kinds] of cases) {
      failing.setRestrictionManagerParams = broken;
      const heard: RecordsDiagnostic[] = [];
      const other = fromB24jssdk(b24, { onDiagnostic: (d) => heard.push(d) });
      await other.ready;
      expect(heard.map((d) => d.kind)).toEqual(kinds);
    }
  });

  test('a setup mistake is a TypeError naming it', () => {
    expect(() => fromB24jssdk({} as never)).toThrow(/fromB24jssdk: expected an @bitrix24\/b24jssdk client/);
  });
});

describe('fromBx24: BX24.callMethod (api/v1 shape)', () => {
  test('success, and "Call is not found" with an empty error code read from the result object', async () => {
    const rest = createRestDouble({ operating: false });
    const port = fromBx24(createBx24Client({ rest, userId: 7 }));
    const callId = callIdOf(await port.call(REGISTER, { ...call, EXTERNAL_CALL_ID: 'bx-1' }));
    expect(await port.call(FINISH, finishOf(callId))).toMatchObject({ ok: true, result: { CALL_ID: callId, CALL_FAILED_CODE: '200' } });
    expect(await port.call(FINISH, finishOf(callId))).toEqual({ ok: false, failure: { kind: 'notFound', status: 400, error: '', description: CALL_NOT_FOUND_TEXT } });
  });

  test('a 5xx or a lost answer never reaches the callback (the library throws): ambiguous after the timeout, never thrown', async () => {
    const time = createScheduler();
    const rest = createRestDouble({ clock: time.clock, operating: false });
    const port = fromBx24(createBx24Client({ rest, userId: 7 }), { clock: time.clock, timeoutMs: 20_000 });
    rest.faults.inject({ kind: 'http502', method: REGISTER });
    let reply: RestReply | null = null;
    void port.call(REGISTER, { ...call, EXTERNAL_CALL_ID: 'bx-2' }).then((value) => (reply = value));
    await time.advance(19_000);
    expect(reply).toBeNull();
    await time.advance(2000);
    expect(reply).toEqual({ ok: false, failure: { kind: 'ambiguous', cause: 'timeout', status: null, description: `no answer to ${REGISTER} in 20000 ms` } });
  });

  test('expired_token delivered to the callback (newer libraries): BX24.refreshAuth, then the call once more', async () => {
    const seen: string[] = [];
    let expired = true;
    const bx24: Bx24Rest = {
      callMethod(method, _params, callback) {
        seen.push(method);
        const answer = expired ? { error: 'expired_token', error_description: 'The access token provided has expired.' } : { result: { CALL_ID: 'C1' } };
        const status = expired ? 401 : 200;
        callback({ answer, status, data: () => (answer as { result?: unknown }).result, error: () => (expired ? { status, ex: answer, getStatus: () => status, getError: () => answer } : undefined) } as never);
      },
      refreshAuth(callback) {
        seen.push('refreshAuth');
        expired = false;
        callback({});
      },
    };
    expect(await fromBx24(bx24).call(REGISTER, call)).toEqual({ ok: true, result: { CALL_ID: 'C1' } });
    expect(seen).toEqual([REGISTER, 'refreshAuth', REGISTER]);
  });

  test('a callMethod that throws is "not sent"; a second callback is ignored', async () => {
    const throwing: Bx24Rest = {
      callMethod() {
        throw new Error('BX24 is not initialised');
      },
    };
    expect(await fromBx24(throwing).call(REGISTER, call)).toEqual({ ok: false, failure: { kind: 'unsent', description: 'BX24.callMethod threw: Error: BX24 is not initialised' } });
    const twice: Bx24Rest = {
      callMethod(_method, _params, callback) {
        const ok = { data: () => 1, error: () => undefined, status: 200 };
        callback(ok);
        callback({ data: () => 2, error: () => undefined, status: 200 });
      },
    };
    expect(await fromBx24(twice).call(REGISTER, call)).toEqual({ ok: true, result: 1 });
  });

  test('setup mistakes are TypeErrors naming them', () => {
    expect(() => fromBx24({} as never)).toThrow(/fromBx24: expected the global BX24/);
    expect(() => fromBx24({ callMethod: () => undefined }, { timeoutMs: 0 })).toThrow(/timeoutMs must be a positive finite number/);
  });
});
