// The application's server of the callback scenario: the shipped relay handler
// (adapters/relay) on 127.0.0.1, calling the portal's REST API on the operator page's
// in-page REST double. The pull push server and the browser's pull client are covered by
// tests/browser/relay.e2e.ts; here `pull.application.event.add` is answered by the double and
// its PARAMS handed to the page's session, as the pull client hands them.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRelayHandler, type RelayHandler, type RelayOutcome } from '../../../adapters/relay';
import type { Operator } from './operator';

export interface AppServer {
  /** The handler's URL, to bind the application's events to. */
  readonly url: string;
  /** Every outcome the handler reported, in order. */
  readonly outcomes: RelayOutcome[];
  /** Creates the handler with the application's token (known once the application is bound); every callback goes to USER_ID 1. */
  start(applicationToken: string): void;
  stop(): Promise<void>;
}

export async function startAppServer(op: Operator): Promise<AppServer> {
  const outcomes: RelayOutcome[] = [];
  let handler: RelayHandler | null = null;
  const server = http.createServer((request, response) => {
    // The portal here is the operator's page (another origin): its POST may read the answer.
    response.setHeader('Access-Control-Allow-Origin', '*');
    if (handler === null) return void response.writeHead(503).end();
    void handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/b24/events`,
    outcomes,
    start(applicationToken) {
      handler = createRelayHandler({
        applicationToken,
        pickOperator: () => 1,
        // A callback with no card (SHOW=0): the dial request alone dials it.
        showCallbackCard: false,
        rest: async (method, params, { auth }) => {
          const result = await op.restCall(method, { ...params }, auth.accessToken);
          if (method === 'pull.application.event.add') await op.relayed(params.PARAMS);
          return result;
        },
        onDiagnostic: (outcome) => outcomes.push(outcome),
      });
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
