/** The part of `ws` (a dependency of @statelyai/inspect, shipped without types) the bridge tests use. */
declare module 'ws' {
  export default class WebSocket {
    constructor(url: string, options?: { origin?: string });
    on(event: 'message', listener: (data: unknown) => void): this;
    on(event: 'open' | 'close', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    send(data: string): void;
    close(): void;
  }
}
