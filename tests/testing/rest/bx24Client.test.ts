// The BX24.callMethod shape (the global BX24 library's ajaxResult / ajaxError) through the thin
// test client, against the REST double in process and over real HTTP on 127.0.0.1.
import { createBx24Client, createFakeClock, createRestDouble } from '../../../testing/rest';
import type { Bx24AjaxResult, Bx24Client, RestDouble } from '../../../testing/rest';
import { startRestServer } from '../../../testing/rest/httpServer';
import type { RestServer } from '../../../testing/rest/httpServer';

const NOT_FOUND = 'Call is not found (call should be registered prior to finishing';
const incoming = { USER_ID: 1, PHONE_NUMBER: '+79001234567', TYPE: 2, SHOW: 0, EXTERNAL_CALL_ID: 'sip-1' };

/** Calls and waits for the callback, or for the client to record that the library would never call it. */
function callMethod(client: Bx24Client, method: string, params: Record<string, unknown>): Promise<Bx24AjaxResult | 'never called'> {
  const before = client.transportErrors.length;
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (client.transportErrors.length > before) finish('never called');
    }, 2);
    const finish = (outcome: Bx24AjaxResult | 'never called') => {
      clearInterval(poll);
      resolve(outcome);
    };
    client.callMethod(method, params, finish);
  });
}

function ok(result: Bx24AjaxResult | 'never called'): Bx24AjaxResult {
  if (result === 'never called') throw new Error('the callback was never called');
  return result;
}

describe.each([
  ['in process', false],
  ['over http://127.0.0.1', true],
])('BX24.callMethod %s', (_where, overHttp) => {
  let rest: RestDouble;
  let server: RestServer | null = null;
  let client: Bx24Client;

  beforeAll(async () => {
    rest = createRestDouble({ clock: createFakeClock(Date.now()), operating: false });
    if (overHttp) server = await startRestServer({ rest });
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    rest.reset();
    const grant = rest.auth.issueToken({ userId: 1 });
    client = server === null ? createBx24Client({ rest, grant }) : createBx24Client({ url: server.origin, grant });
  });

  test('a success: data() is the result, error() is undefined', async () => {
    const result = ok(await callMethod(client, 'telephony.externalcall.register', incoming));
    expect(result.error()).toBeUndefined();
    expect(result.status).toBe(200);
    expect((result.data() as { CALL_ID: string }).CALL_ID).toMatch(/^externalCall\./);
  });

  test('a second finish: error() is an ajaxError with error "" and status 400, error_description() the portal text', async () => {
    const callId = (ok(await callMethod(client, 'telephony.externalcall.register', incoming)).data() as { CALL_ID: string }).CALL_ID;
    expect(ok(await callMethod(client, 'telephony.externalcall.finish', { CALL_ID: callId, USER_ID: 1, DURATION: 4, ADD_TO_CHAT: 0 })).error()).toBeUndefined();
    const second = ok(await callMethod(client, 'telephony.externalcall.finish', { CALL_ID: callId, USER_ID: 1, DURATION: 4, ADD_TO_CHAT: 0 }));
    const error = second.error();
    expect(error).toBeDefined();
    expect([error!.getStatus(), error!.getError()]).toEqual([400, { error: '', error_description: NOT_FOUND }]);
    expect(second.error_description()).toBe(NOT_FOUND);
    expect(second.data()).toBeUndefined();
    expect(rest.statistics).toHaveLength(1);
  });

  test('params are form-encoded: the portal sees strings, and FILTER[CALL_ID] reaches voximplant.statistic.get', async () => {
    const callId = (ok(await callMethod(client, 'telephony.externalcall.register', incoming)).data() as { CALL_ID: string }).CALL_ID;
    await callMethod(client, 'telephony.externalcall.finish', { CALL_ID: callId, USER_ID: 1, DURATION: 4, VOTE: 2, ADD_TO_CHAT: 0 });
    expect(rest.log[1]!.params).toMatchObject({ DURATION: '4', VOTE: '2', ADD_TO_CHAT: '0' });
    const rows = ok(await callMethod(client, 'voximplant.statistic.get', { FILTER: { CALL_ID: callId } }));
    expect(rows.data()).toEqual([expect.objectContaining({ CALL_ID: callId, CALL_DURATION: 4, CALL_VOTE: 2 })]);
    expect(rows.total()).toBe(1);
    expect(rows.more()).toBe(false);
  });

  test('expired_token never reaches the callback: the library refreshes the auth and sends the call again', async () => {
    rest.faults.inject({ kind: 'expiredToken' });
    const before = client.getAuth();
    const result = ok(await callMethod(client, 'voximplant.statistic.get', {}));
    expect(result.error()).toBeUndefined();
    expect(rest.log.map((entry) => entry.status)).toEqual([401, 200]);
    expect(client.getAuth()).not.toEqual(before);
  });

  test.each([
    ['503 QUERY_LIMIT_EXCEEDED', 'queryLimit' as const],
    ['a lost answer', 'lostAnswer' as const],
    ['a 502 from the gateway', 'http502' as const],
  ])('%s: the callback is never called (the library throws "Query error!")', async (_name, kind) => {
    rest.faults.inject({ kind });
    expect(await callMethod(client, 'telephony.externalcall.register', incoming)).toBe('never called');
    expect(client.transportErrors).toHaveLength(1);
  });
});
