/**
 * The portal's Push & Pull for REST applications, as `@bitrix24/b24jssdk`'s pull client
 * speaks it (`packages/jssdk/src/pullClient/`): `pull.application.config.get` hands each
 * user of an application its channels and a connection token, and the push server delivers
 * `pull.application.event.add` messages to the connections of that application and user as
 * JSON-RPC `incoming.message` requests (server version 5), which the client acknowledges with
 * `mack:<mid>`. Only the application's own channels carry its events (the portal's
 * `CUSTOM_TYPE = clientId`). The sockets are `pushServer.ts`'s (Node); this file is plain data.
 */
import type { RestClock } from './clock';
import { randomHex, type RandomSource } from './random';
import { isoWithZone } from './wire';

/** How long a channel (and its token) lives: the portal's 12 hours. */
export const PULL_CHANNEL_LIFETIME_MS = 12 * 3_600_000;
/** The SDK's `REVISION` that the config names (a REST application skips the check). */
export const PULL_REVISION_WEB = 19;

/** One open connection of a user of an application. */
export interface PullConnection {
  readonly app: string;
  readonly userId: number;
  /** Sends one text frame to the client. */
  send(text: string): void;
}

/** A message the push server delivered, with whether the client acknowledged it (`mack:`). */
export interface PullDelivery {
  readonly mid: string;
  readonly app: string;
  /** The user, or 0 for the application's shared channel. */
  readonly userId: number;
  readonly moduleId: string;
  readonly command: string;
  readonly params: unknown;
  /** How many open connections it was sent to (0: nobody was connected, and it is gone). */
  readonly connections: number;
  acked: number;
}

interface Channel {
  readonly id: string;
  readonly start: number;
}

export class PullBook {
  private readonly tokens = new Map<string, { app: string; userId: number; expiresAt: number }>();
  private readonly channels = new Map<string, Channel>();
  private readonly open = new Set<PullConnection>();
  /** Every message published, in order. */
  readonly deliveries: PullDelivery[] = [];
  private origin = 'https://portal.bitrix24.test';

  constructor(
    private readonly clock: RestClock,
    private readonly random: RandomSource,
    readonly memberId: string,
  ) {}

  setOrigin(origin: string): void {
    this.origin = origin.replace(/\/+$/, '');
  }

  private hex(bytes: number): string {
    return randomHex(this.random, bytes);
  }

  private channel(key: string): Channel {
    const now = this.clock.now();
    const known = this.channels.get(key);
    if (known !== undefined && known.start + PULL_CHANNEL_LIFETIME_MS > now) return known;
    const made = { id: `${this.hex(16)}.${this.hex(20)}`, start: now };
    this.channels.set(key, made);
    return made;
  }

  /** What `pull.application.config.get` answers the user of an application. */
  configFor(app: string, userId: number): Record<string, unknown> {
    const now = this.clock.now();
    const expiresAt = now + PULL_CHANNEL_LIFETIME_MS;
    const token = this.hex(24);
    this.tokens.set(token, { app, userId, expiresAt });
    const described = (channel: Channel, type: 'private' | 'shared') => ({ id: channel.id, start: isoWithZone(channel.start), end: isoWithZone(channel.start + PULL_CHANNEL_LIFETIME_MS), type });
    const ws = this.origin.replace(/^http/, 'ws');
    return {
      server: {
        version: 5,
        server_enabled: true,
        mode: 'shared',
        hostname: this.origin.replace(/^https?:\/\//, ''),
        long_polling: `${this.origin}/sub/`,
        long_pooling_secure: `${this.origin.replace(/^http:/, 'https:')}/sub/`,
        websocket_enabled: true,
        websocket: `${ws}/sub/`,
        websocket_secure: `${ws.replace(/^ws:/, 'wss:')}/sub/`,
        publish_enabled: true,
        publish: `${this.origin}/pub/`,
        publish_secure: `${this.origin.replace(/^http:/, 'https:')}/pub/`,
        config_timestamp: Math.floor(now / 1000),
      },
      api: { revision_web: PULL_REVISION_WEB, revision_mobile: 1 },
      channels: { private: described(this.channel(`${app}|${userId}`), 'private'), shared: described(this.channel(`${app}|shared`), 'shared') },
      publicChannels: {},
      clientId: `${this.memberId}.${app}`.slice(0, 128),
      jwt: token,
      exp: Math.floor(expiresAt / 1000),
      serverTime: isoWithZone(now),
    };
  }

  /** The user a connection token stands for; null when unknown or expired. */
  who(token: string): { app: string; userId: number } | null {
    const entry = this.tokens.get(token);
    if (entry === undefined || entry.expiresAt <= this.clock.now()) return null;
    return { app: entry.app, userId: entry.userId };
  }

  /** A client connected with `token`; null refuses it (the server closes it, 4010). */
  attach(token: string, send: (text: string) => void): { readonly connection: PullConnection; receive(text: string): void; detach(): void } | null {
    const who = this.who(token);
    if (who === null) return null;
    const connection: PullConnection = { ...who, send };
    this.open.add(connection);
    return {
      connection,
      receive: (text) => {
        const ack = /^mack:([0-9a-f]{1,64})$/.exec(text);
        const delivery = ack === null ? undefined : this.deliveries.find((entry) => entry.mid === ack[1]);
        if (delivery !== undefined) delivery.acked += 1;
      },
      detach: () => {
        this.open.delete(connection);
      },
    };
  }

  /** The open connections of a user of an application (0 for the shared channel: all of them). */
  connections(app: string, userId: number): number {
    return [...this.open].filter((connection) => connection.app === app && (userId === 0 || connection.userId === userId)).length;
  }

  /** `Event::add`: one message to each user (or the shared channel), on the application's channels only. */
  publish(app: string, users: readonly number[] | 'shared', body: { module_id: string; command: string; params: unknown }): readonly PullDelivery[] {
    const now = this.clock.now();
    const made: PullDelivery[] = [];
    for (const userId of users === 'shared' ? [0] : users) {
      const mid = this.hex(16);
      const targets = [...this.open].filter((connection) => connection.app === app && (userId === 0 || connection.userId === userId));
      const extra = { server_time: isoWithZone(now), server_time_unix: now / 1000, server_name: this.origin.replace(/^https?:\/\//, ''), revision_web: PULL_REVISION_WEB, revision_mobile: 1 };
      const text = JSON.stringify({ jsonrpc: '2.0', method: 'incoming.message', params: { mid, body: { ...body, extra }, sender: { type: 2 } } });
      for (const target of targets) target.send(text);
      const delivery: PullDelivery = { mid, app, userId, moduleId: body.module_id, command: body.command, params: body.params, connections: targets.length, acked: 0 };
      this.deliveries.push(delivery);
      made.push(delivery);
    }
    return made;
  }

  clear(): void {
    this.deliveries.length = 0;
  }
}
