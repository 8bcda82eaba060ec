import { REST_ERROR_CODES } from '../../protocol';
import type { RestClock } from './clock';
import type { RandomSource } from './random';
import { REST_MESSAGES } from './wire';

/**
 * How a request authenticates: an OAuth access token (the `auth` parameter), a webhook path, or
 * the portal page's own session (the host's internal calls, `voximplant.call.startViaRest`:
 * in-process only, never from HTTP).
 */
export type RestAuth = { readonly token: string } | { readonly webhook: { readonly userId: number; readonly secret: string } } | { readonly session: { readonly userId: number } };

/** What `/oauth/token/?grant_type=refresh_token` answers, and what {@link AuthBook.issueToken} returns. */
export interface OAuthGrant {
  readonly access_token: string;
  readonly refresh_token: string;
  /** Unix seconds when the access token expires. */
  readonly expires: number;
  readonly expires_in: number;
  readonly scope: string;
  readonly domain: string;
  readonly server_endpoint: string;
  readonly client_endpoint: string;
  readonly member_id: string;
  readonly user_id: number;
  readonly status: string;
}

/** Who a request is, once its authentication is accepted. `userId` is null for an unauthenticated in-process call. */
export interface Caller {
  readonly userId: number | null;
  /** The application (OAuth client) or `webhook:<userId>`; register's dedup searches within it. */
  readonly app: string;
  readonly via: 'oauth' | 'webhook' | 'session' | 'in-process';
}

export type AuthCheck = { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly status: 401 | 403; readonly error: string; readonly description: string };

/** The portal's `member_id` unless the double is given one. */
export const DEFAULT_MEMBER_ID = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

/**
 * Access tokens (1 hour on the double's clock, then 401 `expired_token`), single-use refresh
 * tokens, and webhooks (which never expire).
 */
export class AuthBook {
  private readonly access = new Map<string, { userId: number; app: string; expiresAt: number; revoked: boolean }>();
  private readonly refreshTokens = new Map<string, { userId: number; app: string }>();
  private readonly webhooks = new Map<string, number>();
  private origin = 'https://portal.bitrix24.test';
  /** The portal's `member_id`, which grants name. */
  memberId = DEFAULT_MEMBER_ID;
  /** Refused over HTTP when no authentication is given; an in-process call without auth is always accepted. */
  requireAuth = true;
  /** `'denied'`: webhooks get 403 `WRONG_AUTH_TYPE` on `telephony.externalcall.*`, as the docs say (the methods work "only in the context of an application"). */
  webhookTelephony: 'allowed' | 'denied' = 'allowed';

  constructor(
    private readonly clock: RestClock,
    private readonly random: RandomSource,
    readonly lifetimeMs: number,
  ) {}

  /** The portal's address as the HTTP server serves it: grants name it as their endpoints. */
  setOrigin(origin: string): void {
    this.origin = origin.replace(/\/+$/, '');
  }

  get domain(): string {
    return this.origin.replace(/^https?:\/\//, '');
  }

  private secret(): string {
    let text = '';
    for (let i = 0; i < 4; i++) text += Math.floor(this.random() * 0x100000000).toString(16).padStart(8, '0');
    return text;
  }

  /** Issues an access + refresh token for a user of an application (the `client_id`). */
  issueToken(options: { userId: number; app?: string }): OAuthGrant {
    const app = options.app ?? 'local.app';
    const grant = this.grant(options.userId, app);
    return grant;
  }

  private grant(userId: number, app: string): OAuthGrant {
    const access = this.secret();
    const refresh = this.secret();
    const expiresAt = this.clock.now() + this.lifetimeMs;
    this.access.set(access, { userId, app, expiresAt, revoked: false });
    this.refreshTokens.set(refresh, { userId, app });
    return {
      access_token: access,
      refresh_token: refresh,
      expires: Math.floor(expiresAt / 1000),
      expires_in: Math.round(this.lifetimeMs / 1000),
      scope: 'telephony,call,crm,user',
      domain: this.domain,
      server_endpoint: `${this.origin}/rest/`,
      client_endpoint: `${this.origin}/rest/`,
      member_id: this.memberId,
      user_id: userId,
      status: 'L',
    };
  }

  /** Exchanges a refresh token (single use) for a new grant; null when it is unknown or used. */
  refresh(refreshToken: string): OAuthGrant | null {
    const entry = this.refreshTokens.get(refreshToken);
    if (entry === undefined) return null;
    this.refreshTokens.delete(refreshToken);
    return this.grant(entry.userId, entry.app);
  }

  /** Adds an inbound webhook `/rest/<userId>/<secret>/`. */
  addWebhook(options: { userId: number; secret: string }): void {
    this.webhooks.set(options.secret, options.userId);
  }

  /** Makes every access token issued so far expired (refresh tokens stay valid). */
  expireAll(): void {
    const now = this.clock.now();
    for (const entry of this.access.values()) entry.expiresAt = Math.min(entry.expiresAt, now);
  }

  /** Checks a request's authentication; `auth` undefined is an in-process call. */
  check(auth: RestAuth | undefined, method: string): AuthCheck {
    if (auth === undefined) return { ok: true, caller: { userId: null, app: 'in-process', via: 'in-process' } };
    if ('session' in auth) return { ok: true, caller: { userId: auth.session.userId, app: 'session', via: 'session' } };
    if ('webhook' in auth) {
      const userId = this.webhooks.get(auth.webhook.secret);
      if (userId === undefined || userId !== auth.webhook.userId) return { ok: false, status: 401, error: 'INVALID_CREDENTIALS', description: 'Invalid request credentials' };
      if (this.webhookTelephony === 'denied' && method.startsWith('telephony.externalcall.')) {
        return { ok: false, status: 403, error: 'WRONG_AUTH_TYPE', description: REST_MESSAGES.wrongAuthType };
      }
      return { ok: true, caller: { userId, app: `webhook:${userId}`, via: 'webhook' } };
    }
    if (auth.token === '') {
      if (!this.requireAuth) return { ok: true, caller: { userId: null, app: 'in-process', via: 'in-process' } };
      return { ok: false, status: 401, error: 'NO_AUTH_FOUND', description: REST_MESSAGES.noAuth };
    }
    const entry = this.access.get(auth.token);
    if (entry === undefined || entry.revoked) return { ok: false, status: 401, error: 'invalid_token', description: REST_MESSAGES.invalidToken };
    if (this.clock.now() >= entry.expiresAt) return { ok: false, status: 401, error: REST_ERROR_CODES.expiredToken, description: REST_MESSAGES.expiredToken };
    return { ok: true, caller: { userId: entry.userId, app: entry.app, via: 'oauth' } };
  }
}

/**
 * The `B24OAuthParams` of `@bitrix24/b24jssdk` for a grant of the double (its first
 * constructor argument; the second is any `{clientId, clientSecret}`). Plain data: the
 * testing entry stays free of the SDK.
 */
export function b24OAuthParamsOf(grant: OAuthGrant): {
  applicationToken: string;
  userId: number;
  memberId: string;
  accessToken: string;
  refreshToken: string;
  expires: number;
  expiresIn: number;
  scope: string;
  domain: string;
  clientEndpoint: string;
  serverEndpoint: string;
  status: 'L';
} {
  return {
    applicationToken: 'application-token',
    userId: grant.user_id,
    memberId: grant.member_id,
    accessToken: grant.access_token,
    refreshToken: grant.refresh_token,
    expires: grant.expires,
    expiresIn: grant.expires_in,
    scope: grant.scope,
    domain: grant.domain,
    clientEndpoint: grant.client_endpoint,
    serverEndpoint: grant.server_endpoint,
    status: 'L',
  };
}
