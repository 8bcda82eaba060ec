// The REST double's HTTP server speaks Bitrix24's wire format on 127.0.0.1.
import { createRestDouble, encodeForm, decodeForm } from '../../../testing/rest';
import type { RestDouble } from '../../../testing/rest';
import { startRestServer } from '../../../testing/rest/httpServer';
import type { RestServer } from '../../../testing/rest/httpServer';

let rest: RestDouble;
let server: RestServer;
let token: string;

beforeAll(async () => {
  rest = createRestDouble({ operating: false });
  server = await startRestServer({ rest });
});
afterAll(() => server.close());
beforeEach(() => {
  rest.reset();
  token = rest.auth.issueToken({ userId: 1 }).access_token;
});

const post = (path: string, body: string, type = 'application/x-www-form-urlencoded') => fetch(`${server.origin}${path}`, { method: 'POST', headers: { 'Content-Type': type }, body });

test('POST /rest/<method>.json with form-encoded params and auth answers {result, time} as JSON', async () => {
  const response = await post('/rest/telephony.externalcall.register.json', `auth=${token}&${encodeForm({ USER_ID: 1, PHONE_NUMBER: '+79001234567', TYPE: 2, SHOW: 0 })}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { result: { CALL_ID: string }; time: object };
  expect(Object.keys(body).sort()).toEqual(['result', 'time']);
  expect(rest.activeCalls.map((call) => call.CALL_ID)).toEqual([body.result.CALL_ID]);
});

test('JSON bodies, the method without .json, and auth in the query string work too', async () => {
  const response = await post(`/rest/telephony.externalCall.register?auth=${token}`, JSON.stringify({ USER_ID: 1, PHONE_NUMBER: '+79001234567', TYPE: 2, SHOW: 0 }), 'application/json');
  expect(response.status).toBe(200);
  expect(rest.log[0]!.params).toEqual({ USER_ID: 1, PHONE_NUMBER: '+79001234567', TYPE: 2, SHOW: 0 });
});

test('errors are {error, error_description} with their HTTP status: 401 without auth, 404 for an unknown method', async () => {
  const noAuth = await post('/rest/voximplant.statistic.get.json', '');
  expect([noAuth.status, await noAuth.json()]).toEqual([401, { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' }]);
  const unknown = await post('/rest/no.such.method.json', `auth=${token}`);
  expect([unknown.status, ((await unknown.json()) as { error: string }).error]).toEqual([404, 'ERROR_METHOD_NOT_FOUND']);
});

test('a malformed percent-escape in the method path is an unknown method (404 ERROR_METHOD_NOT_FOUND), as the portal answers, not a 500', async () => {
  for (const path of ['/rest/telephony.externalcall.%zz.json', '/rest/%E0%A4%A.json', '/rest/1/secret/voximplant.statistic.get%.json']) {
    const response = await post(path, `auth=${token}`);
    expect([path, response.status, await response.json()]).toEqual([path, 404, { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' }]);
  }
});

test('a 502 is the gateway HTML page, not JSON', async () => {
  rest.faults.inject({ kind: 'http502' });
  const response = await post('/rest/voximplant.statistic.get.json', `auth=${token}`);
  expect(response.status).toBe(502);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await response.text()).toContain('502 Bad Gateway');
});

test('a lost answer and a reset close the connection without an answer', async () => {
  rest.faults.inject({ kind: 'lostAnswer' });
  await expect(post('/rest/voximplant.statistic.get.json', `auth=${token}`)).rejects.toThrow();
  rest.faults.inject({ kind: 'reset' });
  await expect(post('/rest/voximplant.statistic.get.json', `auth=${token}`)).rejects.toThrow();
  expect(rest.log.map((entry) => entry.transport)).toEqual(['lost', 'reset']);
});

test('a delayed answer comes late, after the write', async () => {
  rest.faults.inject({ kind: 'delay', delayMs: 80 });
  const started = Date.now();
  const response = post('/rest/telephony.externalcall.register.json', `auth=${token}&${encodeForm({ USER_ID: 1, PHONE_NUMBER: '+79001234567', TYPE: 2, SHOW: 0 })}`);
  expect((await response).status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(70);
});

test('/oauth/token/ exchanges a refresh token once; the attachRecord uploadUrl takes the file', async () => {
  const grant = rest.auth.issueToken({ userId: 1 });
  const refresh = () => fetch(`${server.origin}/oauth/token/?grant_type=refresh_token&refresh_token=${grant.refresh_token}&client_id=app&client_secret=s`);
  const first = await refresh();
  expect(first.status).toBe(200);
  expect((await first.json()) as object).toMatchObject({ user_id: 1, client_endpoint: `${server.origin}/rest/`, expires_in: 3600 });
  expect((await refresh()).status).toBe(400);

  const callId = (rest.callSync('telephony.externalcall.register', { USER_ID: 1, PHONE_NUMBER: '+79001234567', TYPE: 2, SHOW: 0 }).body as { result: { CALL_ID: string } }).result.CALL_ID;
  rest.callSync('telephony.externalcall.finish', { CALL_ID: callId, USER_ID: 1, DURATION: 1, ADD_TO_CHAT: 0 });
  const attach = rest.callSync('telephony.externalCall.attachRecord', { CALL_ID: callId, FILENAME: 'call.mp3' }).body as { result: { uploadUrl: string } };
  expect(attach.result.uploadUrl.startsWith(`${server.origin}/rest/upload.json?`)).toBe(true);
  const uploaded = await fetch(attach.result.uploadUrl, { method: 'POST', body: 'ID3' });
  expect(uploaded.status).toBe(200);
  expect(rest.statistics[0]!.RECORD_FILE_ID).toEqual(((await uploaded.json()) as { result: { FILE_ID: number } }).result.FILE_ID);
});

test('PHP-style form encoding round-trips nested objects and lists', () => {
  const params = { FILTER: { CALL_ID: 'x', '>CALL_DURATION': 5 }, USER_ID: [1, 2], EMPTY: [], NAME: 'a b&c' };
  expect(decodeForm(encodeForm(params))).toEqual({ FILTER: { CALL_ID: 'x', '>CALL_DURATION': '5' }, USER_ID: ['1', '2'], EMPTY: '', NAME: 'a b&c' });
  expect(decodeForm('USER_ID[]=3&USER_ID[]=4')).toEqual({ USER_ID: ['3', '4'] });
});

test('startRestServer without a double is a setup mistake', async () => {
  await expect(startRestServer({} as never)).rejects.toThrow(TypeError);
});
