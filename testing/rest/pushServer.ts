/**
 * The push server's WebSocket (`/sub/`), as `@bitrix24/b24jssdk`'s pull client connects to it
 * with the config of `pull.application.config.get` (`?token=…&jsonRpc=true&clientId=…`): RFC
 * 6455 text frames, JSON-RPC `incoming.message` requests out, `mack:<mid>` acknowledgements
 * and `pong` in. An unknown or expired token is closed with 4010 (`WRONG_CHANNEL_ID`), on which
 * the SDK loads its config again. Node only; the double's side is `pull.ts`.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RestPull } from './restDouble.types';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** The largest client frame read (a `mack:` is under 50 bytes); a larger one closes the socket (1009). */
const MAX_FRAME_BYTES = 64 * 1024;

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65_536 ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff]) : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(length)); return b; })()]);
  return Buffer.concat([head, payload]);
}

function closeFrame(code: number, reason: string): Buffer {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  return frame(0x8, payload);
}

/** Answers the upgrade of `request` on `/sub/`; false when the path is not the push server's (the caller closes it). */
export function upgradeToPush(pull: RestPull, request: IncomingMessage, socket: Duplex): boolean {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname.replace(/\/+$/, '') !== '/sub') return false;
  const key = request.headers['sec-websocket-key'];
  if (typeof key !== 'string' || request.headers.upgrade?.toLowerCase() !== 'websocket') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return true;
  }
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  const send = (text: string): void => {
    if (!socket.destroyed) socket.write(frame(0x1, Buffer.from(text, 'utf8')));
  };
  const session = pull.attach(url.searchParams.get('token') ?? '', send);
  if (session === null) {
    socket.end(closeFrame(4010, 'wrong channel signature'));
    return true;
  }
  let pending = Buffer.alloc(0);
  const close = (code: number, reason: string): void => {
    session.detach();
    if (!socket.destroyed) socket.end(closeFrame(code, reason));
  };
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2) {
      const opcode = pending[0]! & 0x0f;
      const masked = (pending[1]! & 0x80) !== 0;
      let length = pending[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (pending.length < 10) return;
        const big = pending.readBigUInt64BE(2);
        length = big > BigInt(MAX_FRAME_BYTES) ? MAX_FRAME_BYTES + 1 : Number(big);
        offset = 10;
      }
      if (length > MAX_FRAME_BYTES) return close(1009, 'message too big');
      // A client's frames are masked (RFC 6455 §5.1); an unmasked one is a protocol error.
      if (!masked) return close(1002, 'unmasked client frame');
      if (pending.length < offset + 4 + length) return;
      const mask = pending.subarray(offset, offset + 4);
      const payload = Buffer.from(pending.subarray(offset + 4, offset + 4 + length));
      for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
      pending = pending.subarray(offset + 4 + length);
      if (opcode === 0x8) return close(payload.length >= 2 ? payload.readUInt16BE(0) : 1000, '');
      if (opcode === 0x9) socket.write(frame(0xa, payload));
      else if (opcode === 0x1) session.receive(payload.toString('utf8'));
    }
  });
  socket.on('close', () => session.detach());
  socket.on('error', () => session.detach());
  return true;
}
