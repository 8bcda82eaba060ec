/**
 * A real, offline run of the Node inspector: `@statelyai/inspect`'s bridge server on a
 * free port, a call card reporting to it through `createNodeCallCardInspector`, and a
 * WebSocket receiver standing where Stately's page would be. Prints what the receiver
 * got as one JSON line. Run by nodeInspector.test.ts in a child process, because the
 * package is ESM-only and Jest runs CommonJS here.
 */
import { createServer } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { createWebSocketReceiver } from '@statelyai/inspect';
import WebSocket from 'ws';
import { createCallCard } from '../../../index';
import { createNodeCallCardInspector } from '../../../adapters/inspect/index';
import { createHostSimulator, createRecordingSoftphone } from '../../../testing/index';

interface Received {
  type: string;
  name?: string;
  event?: { type?: string };
  snapshot?: { value?: unknown };
  definition?: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const port = await freePort();
const inspector = await createNodeCallCardInspector({ port, autoOpen: false });
const received: Received[] = [];
createWebSocketReceiver({ server: `ws://127.0.0.1:${port}` }).subscribe((event) => {
  received.push(event as Received);
});

const sim = createHostSimulator();
const card = createCallCard({ placement: sim.placement, softphone: createRecordingSoftphone(), inspect: inspector.inspect });
sim.raiseCall({ CALL_ID: 'ws-1', CALL_DIRECTION: 'incoming' });
await sim.settle();
sim.click('answerButtonClick');
card.send({ type: 'phone.connected' });
await sim.settle();

const isConnectedSnapshot = (e: Received) =>
  // isDeepStrictEqual: the WebSocket adapter sorts keys when it serialises.
  e.type === '@xstate.snapshot' && isDeepStrictEqual(e.snapshot?.value, { call: { ui: { connected: { microphone: 'unmuted', hold: 'resumed' } }, card: 'attached' } });
const deadline = Date.now() + 15_000;
while (!received.some(isConnectedSnapshot) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

/** What a page on another site gets: the handshake's fate and any replayed event (issue 20 §6). */
function tryForeignPage(): Promise<{ refused: boolean; replayed: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`, { origin: 'https://evil.example' });
    let replayed = 0;
    socket.on('message', () => (replayed += 1));
    socket.on('open', () => setTimeout(() => (socket.close(), resolve({ refused: false, replayed })), 300));
    socket.on('error', () => resolve({ refused: true, replayed }));
  });
}
const foreignPage = await tryForeignPage();

card.dispose();
inspector.stop();
process.stdout.write(
  `${JSON.stringify({
    url: inspector.url,
    port,
    foreignPage,
    received: received.map((e) => ({
      type: e.type,
      name: e.name,
      event: e.event?.type,
      value: e.snapshot?.value,
      definitionId: e.definition ? (JSON.parse(e.definition) as { id?: string }).id : undefined,
    })),
  })}\n`,
);
process.exit(0);
