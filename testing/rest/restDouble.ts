import { AuthBook } from './auth';
import type { Caller, RestAuth } from './auth';
import { CALL_EXPIRY_MS, REGISTER_DEDUP_MS, REST_ERROR_CODES } from '../../protocol';
import { CallBook } from './callBook';
import { REAL_CLOCK } from './clock';
import { CrmBook } from './crm';
import { FaultScript } from './faults';
import type { FaultHit } from './faults';
import { hostLinkFor } from './hostLink';
import type { CardCall, HostLink } from './hostLink';
import { DEFAULT_BUCKET, DEFAULT_OPERATING, LeakyBucket, OperatingLimit } from './limits';
import { METHODS } from './methods';
import { APP_METHODS, portalStartsCall } from './methods.apps';
import type { AppsContext } from './methods.apps';
import { AppEvents } from './appEvents';
import { PullBook } from './pull';
import type { MethodContext, MethodOutcome } from './methods';
import type { Params } from './params';
import { seededRandom } from './random';
import { REST_MESSAGES, gatewayPage, isoWithZone } from './wire';
import type { RestBody, RestErrorBody } from './wire';
import type { ExternalCallStartEvent, RestAnswer, RestDouble, RestDoubleOptions, RestLogEntry } from './restDouble.types';

export type { ExternalCallStartEvent, RestAnswer, RestAuthority, RestCounts, RestDouble, RestDoubleOptions, RestFaults, RestLogEntry } from './restDouble.types';

function checkPositive(name: string, value: number | undefined): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) throw new TypeError(`createRestDouble: ${name} must be a positive finite number`);
}

/**
 * A faithful Bitrix24 REST double for `telephony.externalcall.*` and `voximplant.statistic.get`
 * (host-behaviour.md §8): the 30-minute dedup, delete on finish, the portal's exact error
 * bodies, the request bucket, the operating limit, token expiry and fault injection. It drives
 * the host page double's card when given one (`host`). Serve it over HTTP with
 * `startRestServer` (`b24-call-card/testing/rest-server`).
 */
export function createRestDouble(options: RestDoubleOptions = {}): RestDouble {
  if (options === null || typeof options !== 'object') throw new TypeError('createRestDouble: options must be an object');
  checkPositive('tokenLifetimeMs', options.tokenLifetimeMs);
  checkPositive('expiryMs', options.expiryMs);
  checkPositive('dedupWindowMs', options.dedupWindowMs);
  if (options.bucket) {
    checkPositive('bucket.burst', options.bucket.burst);
    checkPositive('bucket.drainPerSecond', options.bucket.drainPerSecond);
  }
  for (const key of ['finishNotFound', 'coreErrorCode'] as const) {
    if (options[key] !== undefined && options[key] !== 'empty' && options[key] !== 'ERROR_CORE') throw new TypeError(`createRestDouble: ${key} must be 'empty' or 'ERROR_CORE'`);
  }
  if (options.clock !== undefined && typeof options.clock?.now !== 'function') throw new TypeError('createRestDouble: clock must have now()');
  const clock = options.clock ?? REAL_CLOCK;
  const seed = options.seed ?? 1;
  const auth = new AuthBook(clock, seededRandom(seed + 7), options.tokenLifetimeMs ?? 3_600_000);
  if (options.webhookTelephony !== undefined) auth.webhookTelephony = options.webhookTelephony;
  const calls = new CallBook(clock, seededRandom(seed), options.expiryMs ?? CALL_EXPIRY_MS, options.dedupWindowMs ?? REGISTER_DEDUP_MS);
  const crm = new CrmBook(options.crm);
  if (options.faultHook !== undefined && typeof options.faultHook !== 'function') throw new TypeError('createRestDouble: faultHook must be a function');
  const faults = new FaultScript((own) => seededRandom(own ?? seed ^ 0x5bd1e995), options.faultHook);
  const bucket = options.bucket === false ? null : new LeakyBucket(options.bucket ?? DEFAULT_BUCKET, clock);
  const operating = options.operating === false ? null : new OperatingLimit({ ...DEFAULT_OPERATING, ...options.operating }, clock);
  const access = options.statisticsAccess ?? 'all';
  const statisticsAccess = typeof access === 'function' ? access : () => access;
  let origin = 'https://portal.bitrix24.test';

  const log: RestLogEntry[] = [];
  const hostErrors: unknown[] = [];
  // The portal pushes the card and moves on: whatever the page does with it never changes the REST answer.
  const hostFor = (userId: number): HostLink | undefined => {
    let link: HostLink | undefined;
    try {
      link = hostLinkFor(options.host, userId);
    } catch (thrown) {
      hostErrors.push(thrown);
      return undefined;
    }
    if (link === undefined) return undefined;
    const target = link;
    const guarded = (effect: () => void) => {
      try {
        effect();
      } catch (thrown) {
        hostErrors.push(thrown);
      }
    };
    return { showCard: (call: CardCall) => guarded(() => target.showCard(call)), closeCard: (callId: string) => guarded(() => target.closeCard(callId)) };
  };
  let counts = { requests: 0, written: 0, byMethod: {} as Record<string, number>, byStatus: {} as Record<number, number>, queryLimited: 0, operationLimited: 0, faults: 0 };

  const error = (status: number, code: string, description: string, extra?: { operating_reset_at: number }): { status: number; body: RestErrorBody } => ({
    status,
    body: { error: code, error_description: description, ...extra },
  });

  function timeOf(method: string, startedAt: number) {
    const used = operating?.used(method) ?? 0;
    const cost = operating === null ? 0 : typeof operating.options.costMs === 'function' ? operating.options.costMs(method) : operating.options.costMs;
    return {
      start: startedAt / 1000,
      finish: (startedAt + cost) / 1000,
      duration: cost / 1000,
      processing: Math.floor(cost / 1000),
      date_start: isoWithZone(startedAt),
      date_finish: isoWithZone(startedAt + cost),
      operating_reset_at: Math.floor((operating?.resetAt(method) ?? startedAt + 600_000) / 1000),
      operating: used / 1000,
    };
  }

  function handle(method: string, params: Params, requestAuth: RestAuth | undefined): { answer: RestAnswer; userId: number | null } {
    const name = String(method).toLowerCase();
    const hit: FaultHit | undefined = faults.take(name, params);
    const startedAt = clock.now();
    const answered = (status: number, body: RestBody | string, written: boolean) => ({ transport: 'answered' as const, status, body, written, delayMs: hit?.kind === 'delay' ? hit.delayMs : 0, fault: hit?.kind });
    if (hit?.kind === 'reset') return { answer: { transport: 'reset', status: 0, body: null, written: false, delayMs: 0, fault: 'reset' }, userId: null };

    const check = auth.check(requestAuth, name);
    if (!check.ok) return { answer: answered(check.status, error(check.status, check.error, check.description).body, false), userId: null };
    const userId = check.caller.userId;
    if (hit?.kind === 'expiredToken') return { answer: answered(401, error(401, REST_ERROR_CODES.expiredToken, REST_MESSAGES.expiredToken).body, false), userId };

    if (hit?.kind === 'queryLimit' || (bucket !== null && !bucket.admit())) {
      counts.queryLimited += 1;
      return { answer: answered(503, error(503, REST_ERROR_CODES.queryLimit, REST_MESSAGES.queryLimit).body, false), userId };
    }
    if (hit?.kind === 'operationLimit') operating?.exhaust(name);
    if (hit?.kind === 'operationLimit' || (operating !== null && operating.blocked(name))) {
      counts.operationLimited += 1;
      const resetAt = operating?.resetAt(name) ?? startedAt + DEFAULT_OPERATING.windowMs;
      return { answer: answered(429, error(429, REST_ERROR_CODES.operationLimit, REST_MESSAGES.operationTimeLimit, { operating_reset_at: Math.floor(resetAt / 1000) }).body, false), userId };
    }
    if (hit?.kind === 'accessDenied') return { answer: answered(403, error(403, 'ACCESS_DENIED', REST_MESSAGES.accessDenied).body, false), userId };
    if (hit?.kind === 'http500') return { answer: answered(500, error(500, 'INTERNAL_SERVER_ERROR', REST_MESSAGES.internal).body, false), userId };
    const gateway = hit?.kind === 'http502' ? 502 : hit?.kind === 'http504' ? 504 : null;
    if (gateway !== null && !hit!.after) return { answer: answered(gateway, gatewayPage(gateway), false), userId };

    const run = METHODS[name] ?? APP_METHODS[name];
    if (run === undefined) return { answer: answered(404, error(404, 'ERROR_METHOD_NOT_FOUND', REST_MESSAGES.methodNotFound).body, false), userId };
    calls.sweep();
    operating?.charge(name);
    let outcome: MethodOutcome;
    try {
      outcome = run(params, contextFor(check.caller));
    } catch (thrown) {
      // A bug of the double itself: answer as the portal does to its own crash.
      outcome = { ok: false, status: 500, error: 'INTERNAL_SERVER_ERROR', description: String(thrown) };
    }
    const written = outcome.ok;
    if (hit?.kind === 'lostAnswer') return { answer: { transport: 'lost', status: 0, body: null, written, delayMs: 0, fault: 'lostAnswer' }, userId };
    if (hit?.kind === 'hang') return { answer: { transport: 'hang', status: 0, body: null, written, delayMs: 0, fault: 'hang' }, userId };
    if (gateway !== null) return { answer: answered(gateway, gatewayPage(gateway), written), userId };
    if (!outcome.ok) return { answer: answered(outcome.status, error(outcome.status, outcome.error, outcome.description).body, false), userId };
    const body = { result: outcome.result, ...(outcome.total !== undefined ? { total: outcome.total } : {}), ...(outcome.next !== undefined ? { next: outcome.next } : {}), time: timeOf(name, startedAt) };
    return { answer: answered(200, body, true), userId };
  }

  const events: ExternalCallStartEvent[] = [];
  auth.memberId = options.memberId ?? auth.memberId;
  const admins = options.admins ?? [1];
  const apps: AppsContext = { events: new AppEvents(clock, seededRandom(seed + 11), (userId, app) => auth.issueToken({ userId, app })), pull: new PullBook(clock, seededRandom(seed + 13), auth.memberId), admins };

  function contextFor(caller: Caller): MethodContext & { apps: AppsContext } {
    return { apps, calls, crm, hostFor, caller, finishNotFound: options.finishNotFound ?? options.coreErrorCode ?? 'empty', coreErrorCode: options.coreErrorCode ?? 'empty', users: options.users ?? null, statisticsAccess, uploadUrl };
  }

  function clickToCall(call: { userId: number; phoneNumber: string; lineNumber?: string; entityType?: string; entityId?: number; app?: string }): ExternalCallStartEvent | RestErrorBody {
    // Voximplant's startCall calls the register helper directly: no SHOW (so no card), CRM_CREATE on.
    const started = portalStartsCall({ ...call, app: call.app ?? 'in-process' }, contextFor({ userId: call.userId, app: call.app ?? 'in-process', via: 'in-process' }));
    if (!started.ok) return { error: started.outcome.error, error_description: started.outcome.description };
    const event = { event: 'ONEXTERNALCALLSTART', data: started.data } as unknown as ExternalCallStartEvent;
    events.push(event);
    return event;
  }

  function uploadUrl(callId: string): string {
    const token = `telephony|${btoa(`callId=${callId}`)}`;
    return `${origin}/rest/upload.json?token=${encodeURIComponent(token)}`;
  }

  function record(method: string, params: Params, result: { answer: RestAnswer; userId: number | null }): RestAnswer {
    const { answer } = result;
    counts.requests += 1;
    if (answer.written) counts.written += 1;
    if (answer.fault !== undefined) counts.faults += 1;
    counts.byMethod[method] = (counts.byMethod[method] ?? 0) + 1;
    counts.byStatus[answer.status] = (counts.byStatus[answer.status] ?? 0) + 1;
    const body = answer.body;
    const errorCode = body !== null && typeof body === 'object' && 'error' in body ? body.error : undefined;
    log.push({
      seq: log.length + 1,
      at: clock.now(),
      method,
      params,
      userId: result.userId,
      transport: answer.transport,
      status: answer.status,
      ...(errorCode !== undefined ? { error: errorCode } : {}),
      written: answer.written,
      ...(answer.fault !== undefined ? { fault: answer.fault } : {}),
    });
    return answer;
  }

  function callSync(method: string, params: Params = {}, requestAuth?: RestAuth): RestAnswer {
    let name: string;
    let rest: Record<string, unknown>;
    let effectiveAuth: RestAuth | undefined;
    try {
      name = String(method);
      // A copy of plain data, as a request body is: nothing the caller changes later reaches the double.
      const given = params !== null && typeof params === 'object' ? (JSON.parse(JSON.stringify(params)) as Record<string, unknown>) : {};
      const { auth: tokenParam, ...others } = given;
      rest = others;
      effectiveAuth = requestAuth ?? (typeof tokenParam === 'string' ? { token: tokenParam } : undefined);
    } catch {
      // What cannot be sent (a cycle, a throwing getter) never reaches a portal: the request fails as unreadable.
      const answer: RestAnswer = { transport: 'answered', status: 400, body: { error: 'INVALID_REQUEST', error_description: 'The request could not be read' }, written: false, delayMs: 0 };
      return record('(unreadable)', {}, { answer, userId: null });
    }
    return record(name, rest, handle(name, rest, effectiveAuth));
  }

  return {
    call(method, params, requestAuth) {
      const answer = callSync(method, params, requestAuth);
      if (answer.delayMs <= 0) return Promise.resolve(answer);
      return new Promise((resolve) => setTimeout(() => resolve(answer), answer.delayMs));
    },
    callSync,
    upload(token) {
      const match = /^telephony\|(.+)$/.exec(token);
      let callId = '';
      try {
        callId = match === null ? '' : (atob(match[1]!).match(/^callId=(.*)$/)?.[1] ?? '');
      } catch {
        callId = '';
      }
      if (calls.row(callId) === undefined) return { transport: 'answered', status: 400, body: error(400, '', REST_MESSAGES.notInStatistics).body, written: false, delayMs: 0 };
      return { transport: 'answered', status: 200, body: { result: { FILE_ID: calls.attachFile(callId) }, time: timeOf('upload', clock.now()) }, written: true, delayMs: 0 };
    },
    clock,
    auth: {
      issueToken: (grant) => auth.issueToken(grant),
      refresh: (token) => auth.refresh(token),
      addWebhook: (hook) => auth.addWebhook(hook),
      expireAll: () => auth.expireAll(),
      get requireAuth() {
        return auth.requireAuth;
      },
      set requireAuth(value: boolean) {
        auth.requireAuth = value;
      },
    },
    faults: {
      inject: (spec) => faults.inject(spec),
      random: (spec) => faults.random(spec),
      clear: () => faults.clear(),
      get pending() {
        return faults.pending;
      },
    },
    get statistics() {
      return calls.statistics;
    },
    get records() {
      return calls.records;
    },
    hostErrors,
    get activeCalls() {
      calls.sweep();
      return calls.activeCalls;
    },
    log,
    get counts() {
      return { ...counts, byMethod: { ...counts.byMethod }, byStatus: { ...counts.byStatus } };
    },
    bucketLevel: () => bucket?.level() ?? 0,
    crm: { add: (entry) => crm.add(entry) },
    clickToCall,
    events,
    apps: {
      applicationToken: (app = 'local.app') => apps.events.applicationToken(app),
      deliveries: apps.events.deliveries,
      settle: () => apps.events.settle(),
      requestCallback(callback) {
        const app = callback.app ?? apps.events.appsBoundTo('ONEXTERNALCALLBACKSTART')[0];
        if (app === undefined) return false;
        const data = { PHONE_NUMBER: callback.phoneNumber, TEXT: callback.text ?? '', VOICE: callback.voice ?? '', CRM_ENTITY_TYPE: callback.entityType ?? '', CRM_ENTITY_ID: callback.entityId ?? '', LINE_NUMBER: callback.lineNumber ?? '' };
        apps.events.send(app, 'ONEXTERNALCALLBACKSTART', data, callback.userId ?? admins[0] ?? 1);
        return true;
      },
    },
    pull: apps.pull,
    setOrigin(value) {
      origin = value.replace(/\/+$/, '');
      auth.setOrigin(origin);
      apps.pull.setOrigin(origin);
    },
    reset() {
      calls.clear();
      log.length = 0;
      counts = { requests: 0, written: 0, byMethod: {}, byStatus: {}, queryLimited: 0, operationLimited: 0, faults: 0 };
      bucket?.empty();
      operating?.clear();
      faults.clear();
      hostErrors.length = 0;
      events.length = 0;
      apps.events.clear();
      apps.pull.clear();
    },
  };
}
