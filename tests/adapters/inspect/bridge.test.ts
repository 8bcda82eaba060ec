/**
 * Issue 20 §6: the inspector bridge relays inspection events (phone numbers, CRM ids) and
 * replays the recent ones to every page that connects, so it listens on 127.0.0.1 and
 * takes a browser's WebSocket only from localhost or the inspector's origin. Each server
 * here is the test's own, on a port the system picks, stopped by the test.
 */
import { networkInterfaces } from 'node:os';
import WebSocket from 'ws';
import { startInspectorBridge, type InspectorBridge } from '../../../adapters/inspect/bridge';

const bridges: InspectorBridge[] = [];
afterEach(async () => {
  await Promise.all(bridges.splice(0).map((bridge) => bridge.stop()));
});

async function bridge(options: Parameters<typeof startInspectorBridge>[0] = {}): Promise<InspectorBridge> {
  const started = await startInspectorBridge({ port: 0, ...options });
  bridges.push(started);
  return started;
}

/** Connects (with `origin` as the browser would send it) and collects what arrives in the first moments; `refused` when the handshake fails. */
function connect(url: string, origin?: string): Promise<{ open: WebSocket | null; refused: boolean; received: string[] }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin });
    const received: string[] = [];
    socket.on('message', (data) => received.push(String(data)));
    socket.on('open', () => setTimeout(() => resolve({ open: socket, refused: false, received }), 150));
    socket.on('error', () => resolve({ open: null, refused: true, received }));
  });
}

/** The card's side: a Node client (no Origin) that sends one inspection event carrying call data. */
async function publish(url: string, message: string): Promise<void> {
  const { open } = await connect(url);
  open!.send(message);
  await new Promise((resolve) => setTimeout(resolve, 100));
  open!.close();
}

const EVENT = JSON.stringify({ type: '@xstate.event', event: { type: 'initialized', call: { phoneNumber: '+4930123456', crmEntity: { type: 'CONTACT', id: 7 } } } });

test('listens on 127.0.0.1 by default, and its URLs say so', async () => {
  const started = await bridge();
  expect(started.host).toBe('127.0.0.1');
  expect(started.url).toBe(`http://127.0.0.1:${started.port}`);
  expect(started.wsUrl).toBe(`ws://127.0.0.1:${started.port}`);
});

test('is not reachable on another interface of this machine', async () => {
  const external = Object.values(networkInterfaces()).flat().find((address) => address && address.family === 'IPv4' && !address.internal);
  if (external === undefined) return; // no other interface here: the address check above is the guard
  const started = await bridge();
  const { refused } = await connect(`ws://${external!.address}:${started.port}`);
  expect(refused).toBe(true);
});

test('a page from another origin is refused and sees none of the buffered call data', async () => {
  const started = await bridge();
  await publish(started.wsUrl, EVENT);
  const foreign = await connect(started.wsUrl, 'https://evil.example');
  expect(foreign).toMatchObject({ refused: true, received: [] });
});

test.each(['http://localhost:5173', `http://127.0.0.1:1234`, 'https://stately.ai'])('a page from %s is accepted and gets the replay', async (origin) => {
  const started = await bridge();
  await publish(started.wsUrl, EVENT);
  const page = await connect(started.wsUrl, origin);
  expect(page.received).toEqual([EVENT]);
  page.open!.close();
});

test('allowedOrigins widens the list; "*" opens it to any origin', async () => {
  const listed = await bridge({ allowedOrigins: ['https://devbox.example:3000'] });
  expect((await connect(listed.wsUrl, 'https://devbox.example:3000')).refused).toBe(false);
  expect((await connect(listed.wsUrl, 'https://evil.example')).refused).toBe(true);
  const any = await bridge({ allowedOrigins: '*' });
  expect(any.allows('https://evil.example')).toBe(true);
});

test('the page posts to the inspector\'s origin only, never "*"', async () => {
  const started = await bridge({ inspectorUrl: 'https://inspector.example/inspect' });
  const page = await (await fetch(started.url)).text();
  expect(page).toContain('const target = "https://inspector.example"');
  expect(page).not.toContain("'*'");
  const framed = await fetch(started.url, { headers: { Origin: 'https://evil.example' } });
  expect(framed.status).toBe(403);
});

test('setup mistakes throw a TypeError naming them', async () => {
  await expect(startInspectorBridge({ port: -1 })).rejects.toThrow(/port/);
  await expect(startInspectorBridge({ port: 0, inspectorUrl: 'not a url' })).rejects.toThrow(/inspectorUrl/);
  await expect(startInspectorBridge({ port: 0, allowedOrigins: 'https://x' as never })).rejects.toThrow(/allowedOrigins/);
});
