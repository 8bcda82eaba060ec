/**
 * A request body read with a bound, shared by the two Node servers that read one: the relay
 * (`adapters/relay`) and the REST double's HTTP server (`testing/rest`). Structural types only,
 * so nothing here pulls Node into a browser bundle.
 */

/** What a body read gives: its text, or why there is none. */
export type BodyRead = { readonly kind: 'read'; readonly text: string } | { readonly kind: 'tooLarge' } | { readonly kind: 'failed' };

/** The part of `http.IncomingMessage` the reader uses. */
export interface BodyStream {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Lets the rest of a refused body flow (and be dropped) without a `data` listener. */
  resume(): unknown;
}

/**
 * Reads the body as UTF-8 text. A `Content-Length` past `maxBytes` is `tooLarge` at once, with
 * the body left to flow and be dropped (answer it with `Connection: close`); past `maxBytes`
 * as it comes, the rest is read and dropped, never kept, so a large body costs no memory; a
 * stream error (the client went away) is `failed`, never a throw.
 */
export function readBoundedBody(request: BodyStream, maxBytes: number): Promise<BodyRead> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.on('error', () => undefined);
    request.resume();
    return Promise.resolve({ kind: 'tooLarge' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(over ? { kind: 'tooLarge' } : { kind: 'read', text: Buffer.concat(chunks).toString('utf8') }));
    request.on('error', () => resolve({ kind: 'failed' }));
  });
}
