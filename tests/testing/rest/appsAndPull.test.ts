// The REST double's application methods (host-behaviour §12): voximplant.call.startViaRest,
// event.bind, pull.application.config.get / event.add with the portal's checks and error
// bodies (the pull module's rest.php, voximplant's rest.php), and the push server's WebSocket.
import WebSocket from 'ws';
import { createRestDouble } from '../../../testing/rest';
import type { RestDouble } from '../../../testing/rest';
import { startRestServer } from '../../../testing/rest/httpServer';
import type { RestServer } from '../../../testing/rest/httpServer';

const APP = 'local.app';
let rest: RestDouble;
beforeEach(() => {
  rest = createRestDouble({ bucket: false, operating: false });
});

const token = (userId: number) => ({ token: rest.auth.issueToken({ userId, app: APP }).access_token });
const errorOf = (answer: { body: unknown }) => (answer.body as { error?: string }).error;

describe('voximplant.call.startViaRest', () => {
  test('the host page\'s own call only: an application or a webhook is refused 403 WRONG_AUTH_TYPE', () => {
    rest.auth.addWebhook({ userId: 1, secret: 's' });
    for (const auth of [token(7), { webhook: { userId: 1, secret: 's' } }]) {
      const answer = rest.callSync('voximplant.call.startViaRest', { NUMBER: '+4930123' }, auth);
      expect([answer.status, errorOf(answer)]).toEqual([403, 'WRONG_AUTH_TYPE']);
    }
    expect(rest.activeCalls).toEqual([]);
  });

  test('registers the call for the session\'s user and queues ONEXTERNALCALLSTART for the line\'s application', async () => {
    rest.callSync('event.bind', { EVENT: 'onExternalCallStart', HANDLER: 'http://127.0.0.1:9/none' }, token(1));
    const answer = rest.callSync('voximplant.call.startViaRest', { NUMBER: '+4930123', LINE_ID: `REST_APP:${APP}:line-2`, PARAMS: { CALL_LIST_ID: '5' } }, { session: { userId: 7 } });
    expect(answer.status).toBe(200);
    const [call] = rest.activeCalls;
    expect(call).toEqual(expect.objectContaining({ USER_ID: 7, TYPE: 1, PHONE_NUMBER: '+4930123', LINE_NUMBER: 'line-2', app: APP }));
    expect(rest.apps.deliveries).toEqual([expect.objectContaining({ event: 'ONEXTERNALCALLSTART', app: APP, data: expect.objectContaining({ CALL_ID: call!.CALL_ID, USER_ID: 7, CALL_LIST_ID: 5, LINE_NUMBER: 'line-2', IS_MOBILE: false }) })]);
    await rest.apps.settle();
    expect(rest.apps.deliveries[0]!.error).toBeDefined();
  });

  test('SHOW=Y raises the card at once with the portal\'s CALL_ID and CALL_DIRECTION outgoing (§12); without it, no card', () => {
    const shown: { CALL_ID: string; CALL_DIRECTION: string }[] = [];
    rest = createRestDouble({ bucket: false, operating: false, host: { showCard: (call) => void shown.push(call), closeCard: () => undefined } });
    rest.callSync('event.bind', { EVENT: 'ONEXTERNALCALLSTART', HANDLER: 'http://127.0.0.1:9/none' }, token(1));
    rest.callSync('voximplant.call.startViaRest', { NUMBER: '+4930123' }, { session: { userId: 7 } });
    expect(shown).toEqual([]);
    rest.callSync('voximplant.call.startViaRest', { NUMBER: '+4930999', SHOW: 'Y' }, { session: { userId: 7 } });
    const call = rest.activeCalls.find((active) => active.PHONE_NUMBER === '+4930999');
    expect(shown).toEqual([expect.objectContaining({ CALL_ID: call!.CALL_ID, CALL_DIRECTION: 'outgoing', PHONE_NUMBER: '+4930999' })]);
  });

  test('a line that is no application\'s: 400, nothing registered', () => {
    const answer = rest.callSync('voximplant.call.startViaRest', { NUMBER: '+4930123' }, { session: { userId: 7 } });
    expect([answer.status, errorOf(answer)]).toEqual([400, 'ERROR_LINE']);
    expect(rest.activeCalls).toEqual([]);
  });
});

describe('pull.application.event.add', () => {
  test.each([
    ['a webhook', () => ({ webhook: { userId: 1, secret: 's' } }), { COMMAND: 'x' }, 403, 'WRONG_AUTH_TYPE'],
    ['a non-admin to another user', () => token(7), { COMMAND: 'x', USER_ID: '8' }, 400, 'USER_ID_ACCESS_ERROR'],
    ['a non-admin naming itself as a JSON number (PHP compares strings)', () => token(7), { COMMAND: 'x', USER_ID: 7 }, 400, 'USER_ID_ACCESS_ERROR'],
    ['a module id with capitals', () => token(1), { COMMAND: 'x', MODULE_ID: 'App' }, 400, 'MODULE_ID_ERROR'],
    ['a command with a space', () => token(1), { COMMAND: 'dial request' }, 400, 'COMMAND_ERROR'],
    ['params that are not JSON', () => token(1), { COMMAND: 'x', PARAMS: '{oops' }, 400, 'PARAMS_ERROR'],
  ])('%s', (_name, auth, params, status, error) => {
    rest.auth.addWebhook({ userId: 1, secret: 's' });
    const answer = rest.callSync('pull.application.event.add', params, auth());
    expect([answer.status, errorOf(answer)]).toEqual([status, error]);
    expect(rest.pull.deliveries).toEqual([]);
  });

  test('a user to itself (USER_ID as a string), an admin to a list, nobody named: the shared channel', () => {
    expect(rest.callSync('pull.application.event.add', { COMMAND: 'a', USER_ID: '7', PARAMS: '{"k":1}' }, token(7)).status).toBe(200);
    expect(rest.callSync('pull.application.event.add', { COMMAND: 'b', USER_ID: '[7,8,7]' }, token(1)).status).toBe(200);
    expect(rest.callSync('pull.application.event.add', { COMMAND: 'c' }, token(7)).status).toBe(200);
    expect(rest.pull.deliveries.map(({ userId, command, params, moduleId }) => ({ userId, command, params, moduleId }))).toEqual([
      { userId: 7, command: 'a', params: { k: 1 }, moduleId: 'application' },
      { userId: 7, command: 'b', params: {}, moduleId: 'application' },
      { userId: 8, command: 'b', params: {}, moduleId: 'application' },
      { userId: 0, command: 'c', params: {}, moduleId: 'application' },
    ]);
  });
});

describe('the push server over WebSocket', () => {
  let server: RestServer;
  beforeEach(async () => {
    server = await startRestServer({ rest });
  });
  afterEach(() => server.close());

  const configOf = (userId: number) => {
    const answer = rest.callSync('pull.application.config.get', { CACHE: 'N' }, token(userId));
    return (answer.body as { result: { jwt: string; server: { websocket: string; version: number } } }).result;
  };
  const open = (url: string) =>
    new Promise<{ socket: WebSocket; messages: string[]; closed: Promise<number> }>((resolve, reject) => {
      const socket = new WebSocket(url);
      const messages: string[] = [];
      const closed = new Promise<number>((done) => (socket as unknown as { on(event: 'close', listener: (code: number) => void): void }).on('close', (code) => done(code)));
      socket.on('message', (data) => messages.push(String(data)));
      socket.on('open', () => resolve({ socket, messages, closed }));
      socket.on('error', reject);
    });

  test('config.get is for an application\'s token only; its token opens the user\'s channel of that application', async () => {
    rest.auth.addWebhook({ userId: 1, secret: 's' });
    expect(errorOf(rest.callSync('pull.application.config.get', {}, { webhook: { userId: 1, secret: 's' } }))).toBe('WRONG_AUTH_TYPE');
    const config = configOf(7);
    expect(config.server.version).toBe(5);
    const seven = await open(`${config.server.websocket}?token=${config.jwt}&jsonRpc=true`);
    rest.callSync('pull.application.event.add', { COMMAND: 'hello', USER_ID: '7', PARAMS: '{"n":1}' }, token(7));
    for (let turn = 0; turn < 100 && seven.messages.length === 0; turn++) await new Promise((resolve) => setTimeout(resolve, 10));
    const message = JSON.parse(seven.messages[0]!) as { method: string; params: { mid: string; body: { module_id: string; command: string; params: unknown }; sender: { type: number } } };
    expect(message).toEqual(expect.objectContaining({ jsonrpc: '2.0', method: 'incoming.message' }));
    expect(message.params.body).toEqual(expect.objectContaining({ module_id: 'application', command: 'hello', params: { n: 1 } }));
    expect(message.params.sender.type).toBe(2);
    seven.socket.send(`mack:${message.params.mid}`);
    for (let turn = 0; turn < 100 && rest.pull.deliveries[0]!.acked === 0; turn++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(rest.pull.deliveries[0]!.acked).toBe(1);
    seven.socket.close();
    await seven.closed;
  });

  test('an unknown token is closed with 4010 (wrong channel), which makes the SDK load its config again', async () => {
    const config = configOf(7);
    const stranger = await open(`${config.server.websocket}?token=${'0'.repeat(48)}&jsonRpc=true`);
    expect(await stranger.closed).toBe(4010);
  });

  test('event.bind keeps the handler; the event is POSTed form-encoded with the application token', async () => {
    const received: string[] = [];
    const { createServer } = await import('node:http');
    const app = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push(body);
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(app.address() as { port: number }).port}/`;
    rest.callSync('event.bind', { EVENT: 'ONEXTERNALCALLBACKSTART', HANDLER: url }, token(1));
    expect(rest.apps.requestCallback({ phoneNumber: '+4930555', text: 'hi' })).toBe(true);
    await rest.apps.settle();
    app.close();
    const fields = new URLSearchParams(received[0]);
    expect(fields.get('event')).toBe('ONEXTERNALCALLBACKSTART');
    expect(fields.get('data[PHONE_NUMBER]')).toBe('+4930555');
    expect(fields.get('auth[application_token]')).toBe(rest.apps.applicationToken(APP));
    expect(fields.get('auth[member_id]')).toMatch(/^[0-9a-f]{32}$/);
    expect(rest.apps.deliveries[0]!.status).toBe(200);
  });
});
