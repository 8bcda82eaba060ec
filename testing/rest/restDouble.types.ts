/**
 * The REST double's public shapes: its options, what a request becomes, its log and
 * counts, and the double itself. The behaviour is in `restDouble.ts`.
 */
import type { OAuthGrant, RestAuth } from './auth';
import type { ActiveCall, FinishRecord, StatisticsRow } from './callBook';
import type { RestClock } from './clock';
import type { CrmEntry } from './crm';
import type { FaultHook, RandomFaultSpec, RestFaultKind, RestFaultSpec } from './faults';
import type { HostOption } from './hostLink';
import type { BucketOptions, OperatingOptions } from './limits';
import type { EventDelivery } from './appEvents';
import type { PullBook } from './pull';
import type { CoreErrorCode, FinishNotFoundError, StatisticsAccess } from './methods';
import type { Params } from './params';
import type { RestBody, RestErrorBody } from './wire';

/** Options of {@link createRestDouble}. Every one is optional. */
export interface RestDoubleOptions {
  /** Where time comes from (token expiry, the 30-minute dedup, the 30-day expiry, the bucket's drain). The wall clock by default. */
  readonly clock?: RestClock;
  /** The request bucket; {@link DEFAULT_BUCKET} (50 burst, 2/s) by default; `false` turns it off. */
  readonly bucket?: BucketOptions | false;
  /** The operating limit; {@link DEFAULT_OPERATING} (480 s per method in 10 min, 10 ms a call) by default; `false` turns it off. */
  readonly operating?: Partial<OperatingOptions> | false;
  /** How long an access token lives (1 hour by default). */
  readonly tokenLifetimeMs?: number;
  /**
   * The `error` of the 400s the portal's code raises without a code ("Unsupported phone number format",
   * "Unknown TYPE", "Call is not found in the statistic table"…): `'empty'` (`""`, the default: what
   * `RestException` sends and the portal most often answers) or `'ERROR_CORE'` (what the docs print).
   */
  readonly coreErrorCode?: CoreErrorCode;
  /** The same for the finish's "Call is not found" alone; `coreErrorCode` by default. */
  readonly finishNotFound?: FinishNotFoundError;
  /** The host page(s) whose card register/finish/hide/show drive (see `hostLink.ts`). */
  readonly host?: HostOption;
  /** Seeds the call ids, tokens and random faults (1 by default). */
  readonly seed?: number;
  /** The portal's active users; any positive id is a user when absent. */
  readonly users?: readonly number[];
  /** CRM entities known by phone number. */
  readonly crm?: readonly CrmEntry[];
  /** Who may read `voximplant.statistic.get` (`'all'` by default; `'own'`: only the caller's rows; `'none'`: 403). */
  readonly statisticsAccess?: StatisticsAccess | ((userId: number | null) => StatisticsAccess);
  /** Unfinished calls are deleted after this long (30 days by default). */
  readonly expiryMs?: number;
  /** A repeated register returns the earlier `CALL_ID` within this window (30 minutes by default). */
  readonly dedupWindowMs?: number;
  /** `'denied'`: webhooks get 403 `WRONG_AUTH_TYPE` on `telephony.externalcall.*`, as the docs say. `'allowed'` by default. */
  readonly webhookTelephony?: 'allowed' | 'denied';
  /** Decides a fault for each request before the scripted and random ones (a model drawing its own faults). */
  readonly faultHook?: FaultHook;
  /** The portal's `member_id` (grants, events and pull name it); a fixed one by default. */
  readonly memberId?: string;
  /** The portal's administrators, who may send a pull event to any user (`[1]` by default). */
  readonly admins?: readonly number[];
}

/** A visitor asks for a callback (a CRM form whose line is the application's): `ONEXTERNALCALLBACKSTART`. */
export interface CallbackRequestOptions {
  readonly phoneNumber: string;
  /** The application whose line the form names (default: the one bound to the event). */
  readonly app?: string;
  /** The user whose token the event carries (default: the first administrator). */
  readonly userId?: number;
  readonly text?: string;
  readonly voice?: string;
  readonly lineNumber?: string;
  readonly entityType?: string;
  readonly entityId?: number;
}

/** The portal's events to applications' servers (`event.bind`). */
export interface RestApps {
  /** The application's token (`auth[application_token]` of its events), `local.app`'s by default. */
  applicationToken(app?: string): string;
  /** Every event POST, with the handler's status once answered. */
  readonly deliveries: readonly EventDelivery[];
  /** Resolves once every event POST under way is answered. */
  settle(): Promise<void>;
  /** Posts `ONEXTERNALCALLBACKSTART`; false when no application is bound to it. */
  requestCallback(options: CallbackRequestOptions): boolean;
}

/** Push & Pull: what the push server delivered, who is connected; `attach` is the push server's (`pushServer.ts`). */
export type RestPull = Pick<PullBook, 'deliveries' | 'connections' | 'attach' | 'who'>;

/**
 * What became of one request.
 * - `answered`: the client gets `status` and `body` (after `delayMs`).
 * - `reset`: the connection was reset before the method ran; nothing was written.
 * - `lost`: the method ran (see `written`), then the connection was reset: no answer.
 * - `hang`: the method ran, and no answer ever comes (the client must time out).
 */
export interface RestAnswer {
  readonly transport: 'answered' | 'reset' | 'lost' | 'hang';
  /** The HTTP status; 0 when there is no answer. */
  readonly status: number;
  /** The JSON body; a string for a gateway's HTML page (502/504); null when there is no answer. */
  readonly body: RestBody | string | null;
  /** Whether the method ran and took effect (a failed method, e.g. a second finish, writes nothing). */
  readonly written: boolean;
  /** How late the answer comes (ms, real time): a `delay` fault. */
  readonly delayMs: number;
  /** The injected fault that hit this request, if any. */
  readonly fault?: RestFaultKind;
}

/** One request the double received. */
export interface RestLogEntry {
  readonly seq: number;
  /** On the double's clock (ms). */
  readonly at: number;
  /** The method as sent. */
  readonly method: string;
  readonly params: Params;
  readonly userId: number | null;
  readonly transport: RestAnswer['transport'];
  readonly status: number;
  /** The `error` of an error answer (`""` included); undefined on success or no answer. */
  readonly error?: string;
  readonly written: boolean;
  readonly fault?: RestFaultKind;
}

/** What the portal posts to the application's server as `ONEXTERNALCALLSTART` (click-to-call from CRM). */
export interface ExternalCallStartEvent {
  readonly event: 'ONEXTERNALCALLSTART';
  readonly data: {
    readonly CALL_ID: string;
    readonly PHONE_NUMBER: string;
    readonly PHONE_NUMBER_INTERNATIONAL: string;
    readonly EXTENSION: string;
    readonly USER_ID: number;
    readonly CALL_LIST_ID: number;
    readonly LINE_NUMBER: string;
    readonly IS_MOBILE: boolean;
    readonly CRM_ENTITY_TYPE: string;
    readonly CRM_ENTITY_ID: number | null;
    readonly CRM_CREATED_LEAD: number | null;
    readonly CRM_CREATED_ENTITIES: readonly { readonly ENTITY_TYPE: string; readonly ENTITY_ID: number }[];
  };
}

/** Running totals. */
export interface RestCounts {
  readonly requests: number;
  readonly written: number;
  readonly byMethod: Readonly<Record<string, number>>;
  readonly byStatus: Readonly<Record<number, number>>;
  /** 503 `QUERY_LIMIT_EXCEEDED` answers. */
  readonly queryLimited: number;
  /** 429 `OPERATION_TIME_LIMIT` answers. */
  readonly operationLimited: number;
  /** Requests an injected fault hit. */
  readonly faults: number;
}

/** The faults of the double (see `faults.ts`). */
export interface RestFaults {
  inject(spec: RestFaultSpec): void;
  random(spec: RandomFaultSpec): void;
  clear(): void;
  /** Scripted fault hits still waiting. */
  readonly pending: number;
}

/** The double's OAuth server and webhooks. */
export interface RestAuthority {
  /** Issues an access + refresh token for a user (the token lives `tokenLifetimeMs` on the double's clock). */
  issueToken(options: { userId: number; app?: string }): OAuthGrant;
  /** What `/oauth/token/?grant_type=refresh_token&refresh_token=…` does; null for an unknown or used refresh token. */
  refresh(refreshToken: string): OAuthGrant | null;
  addWebhook(options: { userId: number; secret: string }): void;
  /** Every access token issued so far is expired now. */
  expireAll(): void;
  /** Over HTTP, a request without auth gets 401 `NO_AUTH_FOUND` (true by default). */
  requireAuth: boolean;
}

/** A Bitrix24 portal's REST API for the call record, in memory. */
export interface RestDouble {
  /** Handles one request, as the portal would; resolves after the answer's `delayMs`. Never rejects. */
  call(method: string, params?: Params, auth?: RestAuth): Promise<RestAnswer>;
  /** The same, at once (the `delayMs` is reported, not waited): for synchronous models. */
  callSync(method: string, params?: Params, auth?: RestAuth): RestAnswer;
  /** The answer to a POST on an `uploadUrl` that attachRecord gave (`token` is its `token` query parameter). */
  upload(token: string): RestAnswer;
  readonly clock: RestClock;
  readonly auth: RestAuthority;
  readonly faults: RestFaults;
  /** The statistics table (`voximplant.statistic.get` rows), in finish order. */
  readonly statistics: readonly StatisticsRow[];
  /** Every accepted finish, with what it asked (`ADD_TO_CHAT` included). */
  readonly records: readonly FinishRecord[];
  /** What a host link threw (a bug of the test's own host); REST answers are not affected, as on a real portal. */
  readonly hostErrors: readonly unknown[];
  /** Registered calls not finished (nor expired). */
  readonly activeCalls: readonly ActiveCall[];
  readonly log: readonly RestLogEntry[];
  readonly counts: RestCounts;
  /** The request bucket's current level (0 when the bucket is off). */
  bucketLevel(): number;
  readonly crm: { add(entry: CrmEntry): void };
  /**
   * An operator clicks a number in CRM: the portal registers an outgoing call itself (no
   * `EXTERNAL_CALL_ID`, `CRM_CREATE`, no card) and posts `ONEXTERNALCALLSTART` to the
   * application's server; the application only has to finish it (and may `show` its card).
   * Returns the event (also kept in `events`), or the register's error body.
   */
  clickToCall(options: { userId: number; phoneNumber: string; lineNumber?: string; entityType?: string; entityId?: number; app?: string }): ExternalCallStartEvent | RestErrorBody;
  /** The events the portal posted to the application's server. */
  readonly events: readonly ExternalCallStartEvent[];
  /** Applications' event handlers and their deliveries (`event.bind`, `voximplant.call.startViaRest`, callbacks). */
  readonly apps: RestApps;
  /** Push & Pull for applications (`pull.application.*`), served over WebSocket by the HTTP server. */
  readonly pull: RestPull;
  /** The HTTP server's origin (`http://127.0.0.1:port`), which grants and upload URLs name. */
  setOrigin(origin: string): void;
  /** Forgets calls, statistics, log, counts, limits and faults; keeps options, tokens and webhooks. */
  reset(): void;
}
