/**
 * Issue 20 §6: the REST double ships in the package (`b24-call-card/testing/rest-server`),
 * so what anyone on the loopback can POST must not corrupt the process it runs in. Every
 * case goes over real HTTP to a server on 127.0.0.1 that the test starts and stops.
 */
import { createRestDouble, decodeForm, encodeForm } from '../../../testing/rest';
import type { RestDouble } from '../../../testing/rest';
import { DEFAULT_MAX_BODY_BYTES, startRestServer } from '../../../testing/rest/httpServer';
import type { RestServer } from '../../../testing/rest/httpServer';

const PROTOTYPE_KEYS = ['webhook', 'token', 'polluted', 'USER_ID'];

let rest: RestDouble;
let server: RestServer;
let token: string;

beforeAll(async () => {
  rest = createRestDouble({ operating: false, bucket: false });
  server = await startRestServer({ rest });
});
afterAll(() => server.close());
beforeEach(() => {
  rest.reset();
  token = rest.auth.issueToken({ userId: 1 }).access_token;
});
afterEach(() => {
  // Were the double polluted, the harm must stop with the test that found it.
  const proto = Object.prototype as Record<string, unknown>;
  for (const key of PROTOTYPE_KEYS) delete proto[key];
});

const post = (path: string, body: string, type = 'application/x-www-form-urlencoded') => fetch(`${server.origin}${path}`, { method: 'POST', headers: { 'Content-Type': type }, body });
const register = (auth: string) => post('/rest/telephony.externalcall.register.json', `auth=${auth}&${encodeForm({ USER_ID: 1, PHONE_NUMBER: '+79001234567', TYPE: 2, SHOW: 0 })}`);

describe('form parameters cannot reach a prototype', () => {
  test('one unauthenticated POST of __proto__[webhook][secret]=x leaves the process clean and valid tokens working', async () => {
    const attack = await post('/rest/telephony.externalcall.register.json', '__proto__[webhook][secret]=x&__proto__[webhook][userId]=1');
    expect(attack.status).toBe(401);
    const valid = await register(token);
    expect([valid.status, await valid.json()]).toEqual([200, expect.objectContaining({ result: expect.objectContaining({ CALL_ID: expect.any(String) }) })]);
    expect(({} as Record<string, unknown>).webhook).toBeUndefined();
  });

  test.each([
    ['__proto__[polluted]=yes'],
    ['constructor[prototype][polluted]=yes'],
    ['a[__proto__][polluted]=yes'],
    ['a[constructor][prototype][polluted]=yes'],
    ['__proto__=yes&polluted[prototype]=yes'],
  ])('%s in a form body or query: dropped, Object.prototype untouched', async (form) => {
    const viaBody = await post(`/rest/voximplant.statistic.get.json`, `auth=${token}&${form}`);
    const viaQuery = await post(`/rest/voximplant.statistic.get.json?auth=${token}&${form}`, '');
    expect([viaBody.status, viaQuery.status]).toEqual([200, 200]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });

  test('decodeForm keeps ordinary keys and drops prototype keys at any depth', () => {
    expect(decodeForm('FILTER[CALL_ID]=1&__proto__[x]=1&FILTER[__proto__][y]=2&A[constructor]=3&B[]=1&B[]=2')).toEqual({ FILTER: { CALL_ID: '1' }, B: ['1', '2'] });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(({} as Record<string, unknown>).y).toBeUndefined();
  });

  test('a key nested deeper than PHP reads (64 levels) is dropped, not a stack overflow', () => {
    const deep = `${'a'}${'[b]'.repeat(100_000)}=1`;
    expect(decodeForm(`${deep}&ok=1`)).toEqual({ ok: '1' });
  });
});

describe('request bodies are bounded', () => {
  test(`a body over ${DEFAULT_MAX_BODY_BYTES} bytes → 413 with a Bitrix-style error body, nothing logged`, async () => {
    const response = await post('/rest/telephony.externalcall.register.json', `auth=${token}&PHONE_NUMBER=${'7'.repeat(DEFAULT_MAX_BODY_BYTES)}`);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'REQUEST_ENTITY_TOO_LARGE', error_description: expect.stringContaining(String(DEFAULT_MAX_BODY_BYTES)) });
    expect(rest.log).toEqual([]);
  });

  test('a body at the bound is read as usual', async () => {
    const head = `auth=${token}&PAD=`;
    const response = await post('/rest/voximplant.statistic.get.json', `${head}${'p'.repeat(DEFAULT_MAX_BODY_BYTES - head.length)}`);
    expect(response.status).toBe(200);
  });

  test('the bound is an option, checked at start', async () => {
    const small = await startRestServer({ rest, maxBodyBytes: 64 });
    try {
      const response = await fetch(`${small.origin}/rest/voximplant.statistic.get.json`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ auth: token, pad: 'x'.repeat(64) }) });
      expect(response.status).toBe(413);
    } finally {
      await small.close();
    }
    await expect(startRestServer({ rest, maxBodyBytes: 0 })).rejects.toThrow(TypeError);
  });
});
