/**
 * The portal's outgoing events to an application's server (`event.bind`, the event queue):
 * each application has its application token (the `auth[application_token]` of every event it
 * gets) and its handlers; an event is POSTed form-encoded, as Bitrix24 sends it (`event`,
 * `event_handler_id`, `data[…]`, `ts`, `auth[…]`), with a token of the user it is about. The
 * POST goes out with the global `fetch`, after the REST answer (the portal's queue is asynchronous).
 */
import type { OAuthGrant } from './auth';
import type { RestClock } from './clock';
import { encodeForm } from './formParams';
import { randomHex, type RandomSource } from './random';

/** One POST of an event to a handler, and what came of it. */
export interface EventDelivery {
  readonly event: string;
  readonly app: string;
  readonly handler: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** The HTTP status the handler answered; 0 while under way or when the POST failed. */
  status: number;
  /** Why the POST failed (no answer), when it did. */
  error?: string;
}

export class AppEvents {
  private readonly tokens = new Map<string, string>();
  private readonly handlers = new Map<string, { id: number; url: string }[]>();
  private nextHandlerId = 1000;
  private readonly pending = new Set<Promise<void>>();
  readonly deliveries: EventDelivery[] = [];

  constructor(
    private readonly clock: RestClock,
    private readonly random: RandomSource,
    private readonly grant: (userId: number, app: string) => OAuthGrant,
  ) {}

  /** The application's token, as the portal gives it at install (`ONAPPINSTALL`'s `auth[application_token]`). */
  applicationToken(app: string): string {
    let token = this.tokens.get(app);
    if (token === undefined) {
      token = randomHex(this.random, 16);
      this.tokens.set(app, token);
    }
    return token;
  }

  /** `event.bind`: one handler URL per application and event (binding it again changes nothing). */
  bind(app: string, event: string, url: string): void {
    const key = `${app}|${event.toUpperCase()}`;
    const list = this.handlers.get(key) ?? [];
    if (!list.some((handler) => handler.url === url)) list.push({ id: this.nextHandlerId++, url });
    this.handlers.set(key, list);
  }

  /** The applications with a handler for the event. */
  appsBoundTo(event: string): string[] {
    const suffix = `|${event.toUpperCase()}`;
    return [...this.handlers.keys()].filter((key) => key.endsWith(suffix)).map((key) => key.slice(0, -suffix.length));
  }

  /** Posts the event to every handler the application bound for it, with a token of `userId`. */
  send(app: string, event: string, data: Readonly<Record<string, unknown>>, userId: number): void {
    const handlers = this.handlers.get(`${app}|${event.toUpperCase()}`) ?? [];
    for (const handler of handlers) {
      const grant = this.grant(userId, app);
      const body = encodeForm({
        event: event.toUpperCase(),
        event_handler_id: handler.id,
        data,
        ts: Math.floor(this.clock.now() / 1000),
        auth: {
          access_token: grant.access_token,
          expires_in: grant.expires_in,
          scope: grant.scope,
          domain: grant.domain,
          server_endpoint: grant.server_endpoint,
          status: grant.status,
          client_endpoint: grant.client_endpoint,
          member_id: grant.member_id,
          refresh_token: grant.refresh_token,
          application_token: this.applicationToken(app),
        },
      });
      const delivery: EventDelivery = { event: event.toUpperCase(), app, handler: handler.url, data, status: 0 };
      this.deliveries.push(delivery);
      const posting = fetch(handler.url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body })
        .then(async (response) => {
          delivery.status = response.status;
          await response.arrayBuffer();
        })
        .catch((error: unknown) => {
          delivery.error = String(error).slice(0, 300);
        });
      const tracked = posting.finally(() => this.pending.delete(tracked));
      this.pending.add(tracked);
    }
  }

  /** Resolves once every event POST under way has been answered (or has failed). */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  clear(): void {
    this.deliveries.length = 0;
  }
}
