// A portal for the relay's tests: the REST double served on 127.0.0.1 (its push server
// included), the application's server running the relay handler on another port, and
// @bitrix24/b24jssdk clients of the application's users.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { B24OAuth } from '@bitrix24/b24jssdk';
import { b24OAuthParamsOf, createRestDouble } from '../../../testing/rest';
import type { RestDouble, RestDoubleOptions } from '../../../testing/rest';
import { startRestServer } from '../../../testing/rest/httpServer';
import type { RestServer } from '../../../testing/rest/httpServer';
import { createRelayHandler } from '../../../adapters/relay';
import type { RelayHandlerOptions, RelayOutcome } from '../../../adapters/relay';

export const APP = 'local.app';

export interface Portal {
  readonly rest: RestDouble;
  readonly server: RestServer;
  /** The portal's member_id, as its grants name it. */
  readonly memberId: string;
  /** The application's server: the relay handler's URL, and what it answered. */
  readonly relayUrl: string;
  readonly outcomes: RelayOutcome[];
  client(userId: number): B24OAuth;
  close(): Promise<void>;
}

/** Starts the portal and the application's server; the application binds its handler to both events. */
export async function startPortal(options: { rest?: RestDoubleOptions; relay?: Partial<RelayHandlerOptions> } = {}): Promise<Portal> {
  const rest = createRestDouble({ bucket: false, operating: false, ...options.rest });
  const server = await startRestServer({ rest });
  const outcomes: RelayOutcome[] = [];
  const handler = createRelayHandler({
    applicationToken: rest.apps.applicationToken(APP),
    rest: async () => {
      throw new Error('no REST caller given to this test portal');
    },
    ...options.relay,
    onDiagnostic: (outcome) => outcomes.push(outcome),
  });
  const app = http.createServer((request, response) => void handler(request, response));
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', () => resolve()));
  const relayUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/b24/events`;
  const client = (userId: number) => new B24OAuth(b24OAuthParamsOf(rest.auth.issueToken({ userId, app: APP })), { clientId: APP, clientSecret: 'app-secret' });
  for (const event of ['ONEXTERNALCALLSTART', 'ONEXTERNALCALLBACKSTART']) {
    const bound = await client(1).actions.v2.call.make({ method: 'event.bind', params: { EVENT: event, HANDLER: relayUrl } });
    if (!bound.isSuccess) throw new Error(`event.bind failed: ${bound.getErrorMessages().join('; ')}`);
  }
  return {
    rest,
    server,
    memberId: rest.auth.issueToken({ userId: 1, app: APP }).member_id,
    relayUrl,
    outcomes,
    client,
    async close() {
      await new Promise<void>((resolve) => app.close(() => resolve()));
      app.closeAllConnections();
      await server.close();
    },
  };
}

/** Waits (bounded: 200 turns of 10 ms) until `condition` holds; throws naming it otherwise. */
export async function until(what: string, condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200; turn++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}
