// A WSS endpoint whose certificate the browser rejects: an HTTPS server on 127.0.0.1 with a
// self-signed certificate made by openssl for this run. The browser's TLS handshake fails
// before any WebSocket upgrade, as it does for an operator whose PBX has such a certificate.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BadTlsServer {
  /** `wss://127.0.0.1:<port>`. */
  readonly url: string;
  /** How many TLS handshakes the browser gave up on (it did try). */
  readonly refusedHandshakes: number;
  stop(): Promise<void>;
}

export async function startBadTlsServer(): Promise<BadTlsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'b24-badtls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_request, response) => response.writeHead(426).end());
    let refused = 0;
    server.on('tlsClientError', () => void refused++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `wss://127.0.0.1:${port}`,
      get refusedHandshakes() {
        return refused;
      },
      stop: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
