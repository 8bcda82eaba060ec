/**
 * The Node bridge between a call card and Stately's inspector page: an HTTP page that
 * embeds the inspector, and a WebSocket relay that replays recent inspection events to each
 * page that connects. It does what `@statelyai/inspect/server` does, safe by default,
 * because those events carry phone numbers and CRM ids and that server offers neither a
 * host nor an origin option:
 * - it listens on 127.0.0.1 unless told otherwise (`host`);
 * - a browser's WebSocket is accepted only from the bridge's own page, localhost, or the
 *   inspector's origin (`allowedOrigins` widens it). A browser always sends `Origin` with
 *   a WebSocket, so a web page elsewhere cannot connect; a Node client (the card's own
 *   inspector) sends none and is accepted.
 *
 * Node only. `node:http` and `ws` (a dependency of `@statelyai/inspect`) are loaded on
 * demand, by names held in variables, so that a browser bundle of the inspect entry (the
 * playground's) carries this file without pulling either in.
 */
import type * as Http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Options of {@link startInspectorBridge}. */
export interface InspectorBridgeOptions {
  /** Port of the page and the WebSocket relay; 0 lets the system pick (default 8080). */
  readonly port?: number;
  /** The interface to listen on (default `127.0.0.1`: only this machine). `0.0.0.0` exposes the call data to the network. */
  readonly host?: string;
  /** Stately's inspector page the bridge embeds (default `https://stately.ai/inspect`); its origin is allowed. */
  readonly inspectorUrl?: string;
  /**
   * More origins whose pages may connect (`https://my-dev-box.example:3000`), or `'*'` for
   * any. Localhost, 127.0.0.1 and the inspector's origin are always allowed.
   */
  readonly allowedOrigins?: readonly string[] | '*';
  /** How many recent events a newly connected page is sent (default 200, as Stately's server). */
  readonly replay?: number;
}

/** A running bridge. */
export interface InspectorBridge {
  readonly host: string;
  readonly port: number;
  /** The page to open: `http://127.0.0.1:PORT` (the host when it is another). */
  readonly url: string;
  /** Where the card's WebSocket inspector connects. */
  readonly wsUrl: string;
  /** Whether a WebSocket with this `Origin` header (undefined: none) would be accepted. */
  allows(origin: string | undefined): boolean;
  stop(): Promise<void>;
}

export const DEFAULT_INSPECTOR_URL = 'https://stately.ai/inspect';
export const DEFAULT_BRIDGE_HOST = '127.0.0.1';

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** The part of `ws` this bridge uses (it ships no types of its own). */
interface WsModule {
  WebSocketServer: new (options: { noServer: true }) => WsServer;
}
interface WsServer {
  handleUpgrade(request: Http.IncomingMessage, socket: Socket, head: Buffer, done: (client: WsClient) => void): void;
  close(): void;
}
interface WsClient {
  readonly readyState: number;
  send(data: string): void;
  on(event: 'message', listener: (data: { toString(): string }) => void): void;
  on(event: 'close', listener: () => void): void;
  terminate(): void;
}

const OPEN = 1;
/** Held in variables so bundlers leave these Node-only modules alone. */
const WS_MODULE = 'ws';
const HTTP_MODULE = 'node:http';

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new TypeError(`startInspectorBridge: inspectorUrl must be an absolute URL, received ${JSON.stringify(url)}`);
  }
}

function bridgePage(wsUrl: string, inspectorUrl: string): string {
  const inspectorOrigin = JSON.stringify(originOf(inspectorUrl));
  // Messages go to the inspector's origin only, never '*': the events carry call data.
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Stately Inspector (b24-call-card)</title>
<style>*{margin:0;padding:0}html,body{height:100%}iframe{width:100%;height:100%;border:none}</style></head>
<body><iframe id="inspector" src=${JSON.stringify(inspectorUrl)}></iframe>
<script>
const target = ${inspectorOrigin};
const iframe = document.getElementById('inspector');
const buffer = [];
let connected = false;
window.addEventListener('message', (e) => {
  if (e.origin !== target || !e.data || e.data.type !== '@statelyai.connected') return;
  connected = true;
  buffer.splice(0).forEach((event) => iframe.contentWindow.postMessage(event, target));
});
const ws = new WebSocket(${JSON.stringify(wsUrl)});
ws.onmessage = (event) => {
  const data = JSON.parse(event.data);
  if (connected) iframe.contentWindow.postMessage(data, target);
  else buffer.push(data);
};
</script></body></html>`;
}

/** Starts the bridge; resolves once it listens. Setup mistakes throw a `TypeError`. */
export async function startInspectorBridge(options: InspectorBridgeOptions = {}): Promise<InspectorBridge> {
  const port = options.port ?? 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new TypeError(`startInspectorBridge: port must be 0 to 65535, received ${String(options.port)}`);
  const host = options.host ?? DEFAULT_BRIDGE_HOST;
  if (typeof host !== 'string' || host === '') throw new TypeError('startInspectorBridge: host must be a non-empty string');
  const inspectorUrl = options.inspectorUrl ?? DEFAULT_INSPECTOR_URL;
  const inspectorOrigin = originOf(inspectorUrl);
  const extra = options.allowedOrigins ?? [];
  if (extra !== '*' && !(Array.isArray(extra) && extra.every((origin) => typeof origin === 'string'))) {
    throw new TypeError("startInspectorBridge: allowedOrigins must be a list of origins or '*'");
  }
  const replay = options.replay ?? 200;
  if (!Number.isInteger(replay) || replay < 0) throw new TypeError('startInspectorBridge: replay must be a whole number ≥ 0');

  const allows = (origin: string | undefined): boolean =>
    origin === undefined || extra === '*' || LOCAL_ORIGIN.test(origin) || origin === inspectorOrigin || (extra as readonly string[]).includes(origin);

  const http = (await import(HTTP_MODULE)) as typeof Http;
  const { WebSocketServer } = (await import(WS_MODULE)) as WsModule;
  const relay = new WebSocketServer({ noServer: true });
  const clients = new Set<WsClient>();
  const sockets = new Set<Socket>();
  const recent: string[] = [];
  let wsUrl = '';
  let pageUrl = '';

  const server = http.createServer((request, response) => {
    // The page is served to this machine's browsers; another site may not frame or fetch it.
    const origin = request.headers.origin;
    if (!allows(typeof origin === 'string' ? origin : undefined)) {
      response.writeHead(403, { 'Content-Type': 'text/plain' }).end('origin not allowed');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'X-Frame-Options': 'DENY' }).end(bridgePage(wsUrl, inspectorUrl));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (request: Http.IncomingMessage, socket: Socket, head: Buffer) => {
    const origin = request.headers.origin;
    if (!allows(typeof origin === 'string' ? origin : undefined)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    relay.handleUpgrade(request, socket, head, (client) => {
      clients.add(client);
      client.on('close', () => clients.delete(client));
      for (const message of recent) client.send(message);
      client.on('message', (data) => {
        const message = data.toString();
        recent.push(message);
        if (recent.length > replay) recent.shift();
        for (const other of clients) if (other !== client && other.readyState === OPEN) other.send(message);
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const reachable = host === '0.0.0.0' || host === '::' ? DEFAULT_BRIDGE_HOST : shown;
  wsUrl = `ws://${reachable}:${address.port}`;
  pageUrl = `http://${reachable}:${address.port}`;

  return {
    host: address.address,
    port: address.port,
    url: pageUrl,
    wsUrl,
    allows,
    stop() {
      for (const client of clients) client.terminate();
      clients.clear();
      relay.close();
      recent.length = 0;
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
