// The relay handler (b24-call-card/relay) against the REST double over real HTTP on 127.0.0.1:
// the application token, the event's parsing, bad input, the relay call, and callbacks
// (host-behaviour §12). Every POST is answered with a status and reported as a typed outcome.
import { decodeForm, encodeForm } from '../../../testing/rest';
import { callWithEventAuth, createRelayHandler, RELAY_COMMAND } from '../../../adapters/relay';
import type { RestCall } from '../../../adapters/relay';
import { connect } from 'node:net';
import { APP, startPortal, until, type Portal } from './support';

jest.mock('qs-esm', () => ({
  stringify: () => {
    throw new Error('qs-esm is stubbed in this test: only batch requests use it');
  },
}));

let portal: Portal;
afterEach(() => portal.close());

/** An ONEXTERNALCALLSTART as the portal posts it, with `change` applied to its data and auth. */
function clickEvent(change: { data?: Record<string, unknown>; auth?: Record<string, unknown>; event?: string } = {}) {
  const grant = portal.rest.auth.issueToken({ userId: 7, app: APP });
  return encodeForm({
    event: change.event ?? 'ONEXTERNALCALLSTART',
    event_handler_id: 1000,
    data: { PHONE_NUMBER: '+4930123456', PHONE_NUMBER_INTERNATIONAL: '+4930123456', EXTENSION: '', USER_ID: '7', CALL_LIST_ID: '0', LINE_NUMBER: '', IS_MOBILE: '0', CALL_ID: 'externalCall.0123456789abcdef.1', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: '797', ...change.data },
    ts: 1773236988,
    auth: { access_token: grant.access_token, expires_in: '3600', scope: 'telephony', domain: grant.domain, server_endpoint: grant.server_endpoint, status: 'L', client_endpoint: grant.client_endpoint, member_id: grant.member_id, refresh_token: grant.refresh_token, application_token: portal.rest.apps.applicationToken(APP), ...change.auth },
  });
}

const post = (body: string, headers: Record<string, string> = {}) => fetch(portal.relayUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });
const relayCalls = () => portal.rest.log.filter((entry) => entry.method === 'pull.application.event.add');

describe('the application token', () => {
  test.each([
    ['another application\'s', 'f'.repeat(32)],
    ['the token with a character more', null],
    ['a prefix of the token', ''],
    ['none', undefined],
  ])('%s is refused 401 and nothing is relayed', async (_name, token) => {
    portal = await startPortal({ relay: { rest: callWithEventAuth } });
    const real = portal.rest.apps.applicationToken(APP);
    const given = token === null ? `${real}0` : token === '' ? real.slice(0, -1) : token;
    const response = await post(clickEvent({ auth: { application_token: given } }));
    expect(response.status).toBe(401);
    expect(portal.outcomes).toEqual([expect.objectContaining({ kind: 'wrongToken' })]);
    expect(relayCalls()).toEqual([]);
  });

  test('the right token relays the request to the clicking user, USER_ID as the portal compares it (a string)', async () => {
    portal = await startPortal({ relay: { rest: callWithEventAuth } });
    const response = await post(clickEvent());
    expect(response.status).toBe(200);
    expect(relayCalls()).toEqual([expect.objectContaining({ userId: 7, status: 200, params: expect.objectContaining({ COMMAND: RELAY_COMMAND, MODULE_ID: 'application', USER_ID: '7' }) })]);
    expect(portal.rest.pull.deliveries).toEqual([
      expect.objectContaining({
        userId: 7,
        command: RELAY_COMMAND,
        params: { v: 1, memberId: portal.memberId, userId: 7, request: { callId: 'externalCall.0123456789abcdef.1', phoneNumber: '+4930123456', phoneNumberInternational: '+4930123456', userId: 7, isMobile: false, crmEntityType: 'CONTACT', crmEntityId: 797 } },
      }),
    ]);
  });
});

describe('parsing: bad input is a typed 400, nothing relayed, nothing thrown', () => {
  test.each([
    ['no CALL_ID', { data: { CALL_ID: '' } }, 'data.CALL_ID', 'missing'],
    ['a CALL_ID past its bound', { data: { CALL_ID: 'x'.repeat(129) } }, 'data.CALL_ID', 'longer than 128 characters'],
    ['a USER_ID that is not a number', { data: { USER_ID: '7; DROP' } }, 'data.USER_ID', 'not a whole number'],
    ['USER_ID 0', { data: { USER_ID: '0' } }, 'data.USER_ID', 'not a user'],
    ['no phone number', { data: { PHONE_NUMBER: '' } }, 'data.PHONE_NUMBER', 'missing'],
    ['a phone number past its bound', { data: { PHONE_NUMBER: '1'.repeat(65) } }, 'data.PHONE_NUMBER', 'longer than 64 characters'],
    ['IS_MOBILE neither 0 nor 1', { data: { IS_MOBILE: 'maybe' } }, 'data.IS_MOBILE', 'not 0 or 1'],
    ['no member_id', { auth: { member_id: '' } }, 'auth.member_id', 'missing'],
  ])('%s', async (_name, change, field, reason) => {
    portal = await startPortal({ relay: { rest: callWithEventAuth } });
    const response = await post(clickEvent(change));
    expect(response.status).toBe(400);
    expect(portal.outcomes).toEqual([expect.objectContaining({ kind: 'badInput', problem: { kind: 'badInput', field, reason } })]);
    expect(relayCalls()).toEqual([]);
  });

  test('another event is ignored (202); a body past the bound is 413', async () => {
    portal = await startPortal({ relay: { rest: callWithEventAuth, maxBodyBytes: 4096 } });
    expect((await post(clickEvent({ event: 'ONCRMDEALADD' }))).status).toBe(202);
    expect((await post(clickEvent({ data: { TEXT: 'x'.repeat(5000) } }))).status).toBe(413);
    expect(portal.outcomes.map((outcome) => outcome.kind)).toEqual(['ignored', 'tooLarge']);
    expect(relayCalls()).toEqual([]);
  });

  test('a client that goes away mid-body is reported unreadable, not too large, and nothing is relayed', async () => {
    portal = await startPortal({ relay: { rest: callWithEventAuth } });
    const url = new URL(portal.relayUrl);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nevent=ONEXTERNALCALLSTART&`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await until('the handler reports the aborted POST', () => portal.outcomes.length === 1);
    expect(portal.outcomes).toEqual([expect.objectContaining({ kind: 'unreadable' })]);
    expect(relayCalls()).toEqual([]);
  });

  test('a body declared past the bound is answered 413 at once, without waiting for it to arrive', async () => {
    portal = await startPortal({ relay: { rest: callWithEventAuth, maxBodyBytes: 4096 } });
    const url = new URL(portal.relayUrl);
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.write(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000000\r\n\r\nevent=`);
    // The client never sends the rest: only a reader that refuses on the declared length answers.
    try {
      await until('the 413', () => answer.startsWith('HTTP/1.1 413'));
    } finally {
      socket.destroy();
    }
    expect(answer).toMatch(/connection: close/i);
    expect(portal.outcomes.map((outcome) => outcome.kind)).toEqual(['tooLarge']);
    expect(relayCalls()).toEqual([]);
  });

  test('every field is read: the mobile flag, the call list, the international number, the extension, the line', async () => {
    portal = await startPortal({ relay: { rest: callWithEventAuth } });
    await post(clickEvent({ data: { IS_MOBILE: 'Y', CALL_LIST_ID: '12', EXTENSION: '104', LINE_NUMBER: 'line-1', PHONE_NUMBER: '8 (495) 123-45-67', PHONE_NUMBER_INTERNATIONAL: '+74951234567', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: '' } }));
    expect(portal.outcomes).toEqual([
      expect.objectContaining({ kind: 'relayed', request: { callId: 'externalCall.0123456789abcdef.1', phoneNumber: '8 (495) 123-45-67', phoneNumberInternational: '+74951234567', extension: '104', callListId: 12, lineNumber: 'line-1', userId: 7, isMobile: true } }),
    ]);
  });

  test('garbage bodies never throw: each is answered', async () => {
    portal = await startPortal({ relay: { rest: callWithEventAuth } });
    const bodies = ['', '%', '&&&', 'event', 'data[=1', `auth[application_token]=${portal.rest.apps.applicationToken(APP)}&event=ONEXTERNALCALLSTART&data[USER_ID][x]=1`, 'a=1&'.repeat(5000)];
    for (const body of bodies) expect([400, 401, 413]).toContain((await post(body)).status);
    expect(relayCalls()).toEqual([]);
  });
});

describe('the REST caller', () => {
  test('a @bitrix24/b24jssdk client (an administrator\'s B24OAuth) relays to any user', async () => {
    portal = await startPortal();
    const handler = createRelayHandler({ applicationToken: portal.rest.apps.applicationToken(APP), rest: portal.client(1) });
    const outcomes: string[] = [];
    const { createServer } = await import('node:http');
    const server = createServer((request, response) => void handler(request, response).then((outcome) => outcomes.push(outcome.kind)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: clickEvent() });
    server.close();
    expect(response.status).toBe(200);
    expect(outcomes).toEqual(['relayed']);
    expect(relayCalls()).toEqual([expect.objectContaining({ userId: 1, status: 200 })]);
  });

  test('a webhook is refused by the portal for pull.application.* (WRONG_AUTH_TYPE): reported relayFailed, answered 502', async () => {
    const webhook: RestCall = async (method, params) => {
      const answer = await portal.rest.call(method, params, { webhook: { userId: 1, secret: 'hook-secret' } });
      if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
      return (answer.body as { result: unknown }).result;
    };
    portal = await startPortal({ relay: { rest: webhook } });
    portal.rest.auth.addWebhook({ userId: 1, secret: 'hook-secret' });
    const response = await post(clickEvent());
    expect(response.status).toBe(502);
    expect(portal.outcomes).toEqual([expect.objectContaining({ kind: 'relayFailed', step: 'relay', message: expect.stringContaining('WRONG_AUTH_TYPE') })]);
  });

  test('a user\'s own token cannot send to another user (USER_ID_ACCESS_ERROR)', async () => {
    portal = await startPortal({ relay: { rest: callWithEventAuth } });
    const response = await post(clickEvent({ data: { USER_ID: '8' } }));
    expect(response.status).toBe(502);
    expect(portal.outcomes).toEqual([expect.objectContaining({ kind: 'relayFailed', message: expect.stringContaining('USER_ID_ACCESS_ERROR') })]);
    expect(portal.rest.pull.deliveries).toEqual([]);
  });

  test.each([
    ['nested, as express.urlencoded({ extended: true }) leaves it', (body: string) => decodeForm(body)],
    ['flat, as express.urlencoded({ extended: false }) leaves it', (body: string) => Object.fromEntries(new URLSearchParams(body))],
  ])('mounted after a body parser (Express): the body it parsed, %s, is read', async (_name, parse) => {
    portal = await startPortal();
    const handler = createRelayHandler({ applicationToken: portal.rest.apps.applicationToken(APP), rest: callWithEventAuth });
    const { createServer } = await import('node:http');
    const server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => void handler(Object.assign(request, { body: parse(text) }), response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: clickEvent() });
    server.close();
    expect(response.status).toBe(200);
    expect(portal.rest.pull.deliveries).toEqual([expect.objectContaining({ userId: 7, params: expect.objectContaining({ request: expect.objectContaining({ callId: 'externalCall.0123456789abcdef.1' }) }) })]);
  });

  test('setup mistakes are TypeErrors at creation, naming them', () => {
    expect(() => createRelayHandler({ applicationToken: '', rest: callWithEventAuth })).toThrow(/applicationToken/);
    expect(() => createRelayHandler({ applicationToken: 'a'.repeat(32), rest: {} as never })).toThrow(/rest must be/);
    expect(() => createRelayHandler({ applicationToken: 'a'.repeat(32), rest: callWithEventAuth, pickOperator: 7 as never })).toThrow(/pickOperator/);
  });
});

describe('callbacks (ONEXTERNALCALLBACKSTART)', () => {
  const callbackTo = async (phoneNumber: string) => {
    expect(portal.rest.apps.requestCallback({ phoneNumber, text: 'Call me', voice: 'ruinternalfemale', entityType: 'CONTACT', entityId: 5785, lineNumber: '7' })).toBe(true);
    await portal.rest.apps.settle();
  };

  test('the picked operator: TYPE=4 registered for them with SHOW=1, the dial request relayed with that CALL_ID', async () => {
    const picked: unknown[] = [];
    portal = await startPortal({ relay: { rest: callWithEventAuth, pickOperator: (callback) => (picked.push(callback), 9) } });
    await callbackTo('+4930777');
    expect(picked).toEqual([{ phoneNumber: '+4930777', text: 'Call me', voice: 'ruinternalfemale', lineNumber: '7', crmEntityType: 'CONTACT', crmEntityId: 5785 }]);
    const register = portal.rest.log.find((entry) => entry.method === 'telephony.externalcall.register');
    expect(register?.params).toEqual(expect.objectContaining({ USER_ID: '9', TYPE: '4', SHOW: '1', PHONE_NUMBER: '+4930777' }));
    const [call] = portal.rest.activeCalls;
    expect(portal.outcomes).toEqual([expect.objectContaining({ kind: 'relayed', event: 'ONEXTERNALCALLBACKSTART', request: { callId: call!.CALL_ID, phoneNumber: '+4930777', userId: 9, isMobile: false, lineNumber: '7', crmEntityType: 'CONTACT', crmEntityId: 5785 } })]);
    expect(portal.rest.pull.deliveries).toEqual([expect.objectContaining({ userId: 9 })]);
  });

  test('nobody to take it: reported noOperator, nothing registered', async () => {
    portal = await startPortal({ relay: { rest: callWithEventAuth, pickOperator: () => null } });
    await callbackTo('+4930777');
    expect(portal.outcomes.map((outcome) => outcome.kind)).toEqual(['noOperator']);
    expect(portal.rest.activeCalls).toEqual([]);
  });

  test('a picker that throws: relayFailed at pickOperator; without a picker: ignored', async () => {
    portal = await startPortal({ relay: { rest: callWithEventAuth, pickOperator: () => { throw new Error('rota down'); } } });
    await callbackTo('+4930777');
    expect(portal.outcomes).toEqual([expect.objectContaining({ kind: 'relayFailed', step: 'pickOperator', message: 'rota down' })]);
    await portal.close();
    portal = await startPortal({ relay: { rest: callWithEventAuth } });
    await callbackTo('+4930777');
    expect(portal.outcomes.map((outcome) => outcome.kind)).toEqual(['ignored']);
  });
});
