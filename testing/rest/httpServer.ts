/**
 * The REST double over real HTTP (Node only: `b24-call-card/testing/rest-server`). It speaks
 * Bitrix24's wire format: `POST /rest/<method>.json` (or without `.json`) with form-encoded
 * or JSON parameters and the `auth` parameter; webhooks as `/rest/<userId>/<secret>/<method>`;
 * the OAuth server's `/oauth/token/`; the `uploadUrl` of attachRecord; and the push server's
 * WebSocket `/sub/` (`pushServer.ts`). It listens on
 * 127.0.0.1 only, on a port the system picks. Safe by default for a tool anyone on the
 * machine can reach: form keys that would reach a prototype are dropped (`formParams.ts`)
 * and a request body over {@link DEFAULT_MAX_BODY_BYTES} is answered 413 unread.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeForm } from './formParams';
import type { RestAnswer, RestDouble } from './restDouble';
import type { RestAuth } from './auth';
import { REST_MESSAGES } from './wire';
import { readBoundedBody } from '../../protocol/httpBody';
import { upgradeToPush } from './pushServer';

/** `decodeURIComponent`, or null for a malformed escape (`%zz`, a lone `%`). */
function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Options of {@link startRestServer}. */
export interface RestServerOptions {
  readonly rest: RestDouble;
  /** Serve HTTPS with this key and certificate (PEM), e.g. from {@link createSelfSignedCertificate}: `B24Hook` only speaks https. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** The largest request body read, in bytes ({@link DEFAULT_MAX_BODY_BYTES} by default); a larger one is answered 413. */
  readonly maxBodyBytes?: number;
  /**
   * Answer cross-origin requests (`Access-Control-Allow-Origin: *`, preflights included), as the
   * portal does for an application's frame calling its REST API from another origin. Off by
   * default: any page of a local browser could otherwise call the double.
   */
  readonly cors?: boolean;
}

/**
 * 1 MiB: far above any `telephony.externalcall.*` or `voximplant.statistic.get` request,
 * far below what would strain a test process. The record file posted to an `uploadUrl` is
 * not read at all, so it is not bounded by this.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The 413 answer: the `{error, error_description}` shape of every portal error. */
function tooLarge(maxBodyBytes: number) {
  return { error: 'REQUEST_ENTITY_TOO_LARGE', error_description: `The request body is larger than ${maxBodyBytes} bytes` };
}

/** A running server. Close it (the test's `afterAll`). */
export interface RestServer {
  /** `http://127.0.0.1:<port>` (or https). */
  readonly origin: string;
  readonly port: number;
  /** `<origin>/rest`: an OAuth client's `clientEndpoint` without the trailing slash. */
  readonly restUrl: string;
  /** A webhook URL `<origin>/rest/<userId>/<secret>` (registers the webhook with the double). */
  webhookUrl(userId: number, secret: string): string;
  /** Stops listening and drops every connection still open (a `hang` fault's among them). */
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1, made now by `openssl` (throws when `openssl` is missing). */
export function createSelfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'b24-rest-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Reads and drops a body no answer depends on (the record file of an upload). */
function drainBody(request: http.IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    request.on('data', () => undefined);
    request.on('end', () => resolve());
    request.on('error', reject);
  });
}

/** The request's parameters: query string and body together, the SDK's `bx24_*` telemetry left out. */
function paramsOf(url: URL, body: string, contentType: string): Record<string, unknown> | null {
  const query = decodeForm(url.search.replace(/^\?/, ''));
  let fromBody: unknown = {};
  if (body.trim() !== '') {
    if (contentType.includes('json')) {
      try {
        fromBody = JSON.parse(body);
      } catch {
        return null;
      }
    } else fromBody = decodeForm(body);
  }
  const merged: Record<string, unknown> = { ...query, ...(fromBody !== null && typeof fromBody === 'object' ? (fromBody as Record<string, unknown>) : {}) };
  for (const key of Object.keys(merged)) if (key.startsWith('bx24_')) delete merged[key];
  return merged;
}

/** Serves `rest` on 127.0.0.1 at a free port. */
export async function startRestServer(options: RestServerOptions): Promise<RestServer> {
  if (options === null || typeof options !== 'object' || options.rest === undefined || typeof options.rest.callSync !== 'function') {
    throw new TypeError('startRestServer: options.rest must be a REST double (createRestDouble())');
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) throw new TypeError(`startRestServer: options.maxBodyBytes must be a positive whole number of bytes, received ${String(options.maxBodyBytes)}`);
  const { rest } = options;
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const cors = options.cors === true;
  const send = (response: http.ServerResponse, status: number, body: unknown) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    if (cors) response.setHeader('Access-Control-Allow-Origin', '*');
    response.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/html' : JSON_TYPE, 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
  };

  const deliver = (request: http.IncomingMessage, response: http.ServerResponse, answer: RestAnswer) => {
    if (answer.transport === 'reset' || answer.transport === 'lost') {
      request.socket.destroy();
      return;
    }
    if (answer.transport === 'hang') return; // dropped at close()
    if (answer.delayMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!response.destroyed) send(response, answer.status, answer.body);
      }, answer.delayMs);
      timers.add(timer);
    } else send(response, answer.status, answer.body);
  };

  const handler = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    if (cors && request.method === 'OPTIONS') {
      const asked = String(request.headers['access-control-request-headers'] ?? '').slice(0, 500);
      response.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', ...(asked !== '' ? { 'Access-Control-Allow-Headers': asked } : {}), 'Access-Control-Max-Age': '600' });
      response.end();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
    let body: string;
    if (path === '/rest/upload.json') {
      try {
        await drainBody(request);
      } catch {
        return;
      }
      body = '';
    } else {
      const read = await readBoundedBody(request, maxBodyBytes);
      if (read.kind === 'failed') return;
      if (read.kind === 'tooLarge') {
        response.setHeader('Connection', 'close');
        send(response, 413, tooLarge(maxBodyBytes));
        return;
      }
      body = read.text;
    }
    const params = paramsOf(url, body, String(request.headers['content-type'] ?? ''));
    if (params === null) {
      send(response, 400, { error: 'INVALID_REQUEST', error_description: 'Invalid JSON in the request body' });
      return;
    }
    // (`path`: an OAuth client endpoint ends in `/rest/`, so the SDK asks for `/rest//<method>`; the portal takes it.)
    if (path === '/oauth/token') {
      const grant = params.grant_type === 'refresh_token' && typeof params.refresh_token === 'string' ? rest.auth.refresh(params.refresh_token) : null;
      if (grant === null) send(response, 400, { error: 'invalid_grant', error_description: REST_MESSAGES.invalidGrant });
      else send(response, 200, grant);
      return;
    }
    if (path === '/rest/upload.json') {
      deliver(request, response, rest.upload(typeof params.token === 'string' ? params.token : ''));
      return;
    }
    const hook = /^\/rest\/(\d+)\/([^/]+)\/([^/]+?)(\.json)?$/.exec(path);
    const plain = /^\/rest\/([^/]+?)(\.json)?$/.exec(path);
    let method: string | null;
    let auth: RestAuth;
    if (hook !== null) {
      method = decoded(hook[3]!);
      // A secret that does not decode matches no webhook: the portal's answer for a wrong secret.
      auth = { webhook: { userId: Number(hook[1]), secret: decoded(hook[2]!) ?? hook[2]! } };
    } else if (plain !== null) {
      method = decoded(plain[1]!);
      auth = { token: typeof params.auth === 'string' ? params.auth : '' };
    } else {
      method = null;
      auth = { token: '' };
    }
    // A path that names no method (a malformed percent-escape included) is an unknown method to the portal, not a crash.
    if (method === null) {
      send(response, 404, { error: 'ERROR_METHOD_NOT_FOUND', error_description: REST_MESSAGES.methodNotFound });
      return;
    }
    const { auth: _token, ...methodParams } = params;
    deliver(request, response, rest.callSync(method, methodParams, auth));
  };

  const listener = (request: http.IncomingMessage, response: http.ServerResponse) => {
    handler(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, { error: 'INTERNAL_SERVER_ERROR', error_description: REST_MESSAGES.internal });
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // The push server shares the portal's address here (`/sub/`): pull clients connect by WebSocket.
  server.on('upgrade', (request: http.IncomingMessage, socket: Socket) => {
    if (!upgradeToPush(rest.pull, request, socket)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  rest.setOrigin(origin);

  return {
    origin,
    port,
    restUrl: `${origin}/rest`,
    webhookUrl(userId, secret) {
      rest.auth.addWebhook({ userId, secret });
      return `${origin}/rest/${userId}/${secret}`;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
