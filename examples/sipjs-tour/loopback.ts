/**
 * A SIP network in memory, for SIP.js user agents in one Node process: each user agent's
 * transport hands its messages to the network, which routes a request by its Request-URI user
 * (an address of record or a Contact) and a response by its top Via (each user agent has its
 * own Via host), one task later as a wire would. A request to a user nobody is answers 404, as a
 * proxy does. Media is a stand-in: SIP.js's session description handler is replaced by one that
 * writes and reads SDP text (`a=sendonly` on hold) and has an audio sender whose tracks and DTMF
 * the SIP adapter drives as it drives a browser's.
 *
 * Everything SIP.js does above the transport and the media is real: dialogs, transactions,
 * re-INVITEs, REFER and its NOTIFYs, CANCEL, BYE.
 */
import { UserAgent, type Session, type SessionDescriptionHandler, type SessionDescriptionHandlerOptions, type Transport, TransportState } from 'sip.js';

/** The domain every user of the network is in. */
export const DOMAIN = 'loopback.invalid';

interface Endpoint {
  readonly users: () => readonly string[];
  readonly viaHost: string;
  deliver(message: string): void;
}

/** SIP.js's `Emitter`, which it does not export for a transport of one's own. */
class Emitter<T> {
  private listeners: { listener: (data: T) => void; once: boolean }[] = [];
  addListener(listener: (data: T) => void, options?: { once?: boolean }): void {
    this.listeners.push({ listener, once: options?.once === true });
  }
  removeListener(listener: (data: T) => void): void {
    this.listeners = this.listeners.filter((entry) => entry.listener !== listener);
  }
  on(listener: (data: T) => void): void {
    this.addListener(listener);
  }
  off(listener: (data: T) => void): void {
    this.removeListener(listener);
  }
  once(listener: (data: T) => void): void {
    this.addListener(listener, { once: true });
  }
  emit(data: T): void {
    for (const entry of [...this.listeners]) {
      if (entry.once) this.removeListener(entry.listener);
      entry.listener(data);
    }
  }
}

const header = (message: string, name: string): string | null => new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(message)?.[1]?.trim() ?? null;

/** The network's own final answer to a request nobody takes (a proxy's 404). */
function notFound(request: string): string | null {
  const method = /^([A-Z]+) /.exec(request)?.[1];
  if (!method || method === 'ACK') return null;
  const vias = request.split(/\r\n/).filter((line) => /^Via:/i.test(line));
  const to = header(request, 'To') ?? '';
  return [
    'SIP/2.0 404 Not Found',
    ...vias,
    `From: ${header(request, 'From') ?? ''}`,
    `To: ${/;tag=/.test(to) ? to : `${to};tag=nobody`}`,
    `Call-ID: ${header(request, 'Call-ID') ?? ''}`,
    `CSeq: ${header(request, 'CSeq') ?? ''}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** The network: user agents join it through {@link loopbackUserAgent}. */
export class LoopbackNetwork {
  private readonly endpoints = new Set<Endpoint>();
  /** Every request line routed, in order (`INVITE sip:customer@…`). */
  readonly requests: string[] = [];
  /**
   * What SIP.js logged as errors, kept here rather than printed: paths end calls within a hop of
   * starting them (a CANCEL crossing a 100 Trying, a BYE crossing the other side's), and SIP.js
   * logs each such race.
   */
  readonly stackLog: string[] = [];

  join(endpoint: Endpoint): () => void {
    this.endpoints.add(endpoint);
    return () => void this.endpoints.delete(endpoint);
  }

  private inFlight = 0;

  send(message: string): void {
    this.inFlight += 1;
    setTimeout(() => {
      this.inFlight -= 1;
      this.route(message);
    }, 0);
  }

  /**
   * Resolves once nothing is on the wire: the exchange under way is over (the ACK of a 200 has
   * arrived). A call in a browser is ready when its media flows; here, when its signalling settled.
   */
  async quiet(): Promise<void> {
    while (this.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 0));
  }

  private route(message: string): void {
    if (message.startsWith('SIP/2.0 ')) {
      const via = /^Via:\s*SIP\/2\.0\/\w+\s+([^;\s:]+)/im.exec(message)?.[1];
      for (const endpoint of this.endpoints) if (endpoint.viaHost === via) endpoint.deliver(message);
      return;
    }
    const line = message.slice(0, message.indexOf('\r\n'));
    this.requests.push(line);
    const user = /^[A-Z]+ sips?:([^@;>\s]+)@/.exec(line)?.[1];
    const target = [...this.endpoints].find((endpoint) => user !== undefined && endpoint.users().includes(user));
    if (target) target.deliver(message);
    else {
      const answer = notFound(message);
      if (answer) this.send(answer);
    }
  }
}

/** Options SIP.js hands our transport (`transportOptions`). */
interface LoopbackTransportOptions {
  readonly network: LoopbackNetwork;
  readonly userAgent: () => UserAgent;
}

/** SIP.js's `Transport` over the loopback network. */
class LoopbackTransport implements Transport {
  readonly protocol = 'WS';
  state: TransportState = TransportState.Disconnected;
  readonly stateChange = new Emitter<TransportState>();
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  private leave: (() => void) | null = null;

  constructor(
    _logger: unknown,
    private readonly options: LoopbackTransportOptions,
  ) {}

  private set(state: TransportState): void {
    this.state = state;
    this.stateChange.emit(state);
  }

  async connect(): Promise<void> {
    if (this.leave) return;
    const ua = this.options.userAgent();
    const viaHost = (ua.configuration as unknown as { viaHost: string }).viaHost;
    this.leave = this.options.network.join({
      viaHost,
      users: () => [ua.configuration.uri.user ?? '', ua.contact.uri.user ?? ''],
      deliver: (message) => this.onMessage?.(message),
    });
    this.set(TransportState.Connected);
    this.onConnect?.();
  }

  async disconnect(): Promise<void> {
    this.leave?.();
    this.leave = null;
    this.set(TransportState.Disconnected);
    this.onDisconnect?.();
  }

  async dispose(): Promise<void> {
    await this.disconnect();
  }

  isConnected(): boolean {
    return this.state === TransportState.Connected;
  }

  async send(message: string): Promise<void> {
    if (!this.leave) throw new Error('loopback transport: not connected');
    this.options.network.send(message);
  }
}

/** The audio sender the SIP adapter finds on a session: its track's `enabled`, and the DTMF it played. */
export interface LoopbackSender {
  readonly track: { readonly kind: 'audio'; enabled: boolean };
  readonly dtmf: { readonly canInsertDTMF: true; readonly played: string[]; insertDTMF(tones: string): void };
}

/** Stand-in media: SDP text, an audio sender, no RTP. */
class LoopbackMedia implements SessionDescriptionHandler {
  private remote: string | null = null;
  private readonly sender: LoopbackSender = {
    track: { kind: 'audio', enabled: true },
    dtmf: { canInsertDTMF: true, played: [], insertDTMF: (tones) => void this.sender.dtmf.played.push(tones) },
  };
  /** Where the SIP adapter looks for the senders (SIP.js's web handler keeps its RTCPeerConnection here). */
  readonly peerConnection = { getSenders: () => [this.sender] };

  constructor(private readonly user: string) {}

  close(): void {}

  async getDescription(options?: SessionDescriptionHandlerOptions): Promise<{ body: string; contentType: string }> {
    const direction = (options as { hold?: boolean } | undefined)?.hold ? 'sendonly' : 'sendrecv';
    const body = ['v=0', `o=${this.user} 1 1 IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 RTP/AVP 0 101', 'a=rtpmap:101 telephone-event/8000', `a=${direction}`, ''].join('\r\n');
    return { body, contentType: 'application/sdp' };
  }

  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }

  async setDescription(sdp: string): Promise<void> {
    if (!sdp.startsWith('v=0')) throw new Error('loopback media: not an SDP body');
    this.remote = sdp;
  }

  sendDtmf(tones: string): boolean {
    this.sender.dtmf.insertDTMF(tones);
    return true;
  }

  /** The direction the other side last offered or answered (`sendonly` when it holds us). */
  remoteDirection(): string {
    return /a=(sendrecv|sendonly|recvonly|inactive)/.exec(this.remote ?? '')?.[1] ?? 'sendrecv';
  }
}

/** The stand-in media of a session, to read what the adapter did to its audio. */
export function mediaOf(session: Session): { sender: LoopbackSender; remoteDirection(): string } | null {
  const handler = session.sessionDescriptionHandler as LoopbackMedia | undefined;
  if (!(handler instanceof LoopbackMedia)) return null;
  return { sender: handler.peerConnection.getSenders()[0]!, remoteDirection: () => handler.remoteDirection() };
}

/** A SIP.js user agent of `user` on the network, not yet started. */
export function loopbackUserAgent(network: LoopbackNetwork, user: string): UserAgent {
  const uri = UserAgent.makeURI(`sip:${user}@${DOMAIN}`);
  if (!uri) throw new TypeError(`not a SIP user: ${user}`);
  let userAgent: UserAgent | undefined;
  const transportOptions: LoopbackTransportOptions = { network, userAgent: () => userAgent! };
  userAgent = new UserAgent({
    uri,
    displayName: user,
    logLevel: 'error',
    logBuiltinEnabled: false,
    logConnector: (_level, category, _label, content) => void network.stackLog.push(`${category}: ${content}`),
    transportConstructor: LoopbackTransport,
    transportOptions,
    sessionDescriptionHandlerFactory: () => new LoopbackMedia(user),
  });
  return userAgent;
}
