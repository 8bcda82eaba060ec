import type { RandomSource } from './random';

/**
 * What an injected fault does to a request:
 * - `reset`: the connection is reset before the portal runs the method: nothing is written.
 * - `lostAnswer`: the method runs (the write happens), then the connection is reset: the
 *   client sees a network error for a request that took effect.
 * - `hang`: the method runs, and no answer ever comes (the client times out).
 * - `delay`: the answer comes `delayMs` late (real milliseconds; the write happens at once).
 * - `http502` / `http504`: the gateway answers with its HTML page; with `after: true` the
 *   method ran first (504 after by default, 502 before).
 * - `http500`: 500 `INTERNAL_SERVER_ERROR`, nothing written.
 * - `queryLimit`: 503 `QUERY_LIMIT_EXCEEDED` now, whatever the bucket says.
 * - `operationLimit`: the method's operating limit is used up now: 429 until it frees.
 * - `expiredToken`: 401 `expired_token` for this request (the token itself stays valid).
 * - `accessDenied`: 403 `ACCESS_DENIED`.
 */
export type RestFaultKind = (typeof REST_FAULT_KINDS)[number];

export const REST_FAULT_KINDS = [
  'reset',
  'lostAnswer',
  'hang',
  'delay',
  'http502',
  'http504',
  'http500',
  'queryLimit',
  'operationLimit',
  'expiredToken',
  'accessDenied',
] as const;

/** A scripted fault. */
export interface RestFaultSpec {
  readonly kind: RestFaultKind;
  /** The method it hits (any case); every method when absent. */
  readonly method?: string;
  /** How many matching requests it hits, one after another; 1 by default. */
  readonly times?: number;
  /** How many matching requests pass untouched first; 0 by default (the next one is hit). */
  readonly skip?: number;
  /** For `http502` / `http504`: whether the method ran before the gateway failed. */
  readonly after?: boolean;
  /** For `delay`: how late the answer comes, in ms (100 by default). */
  readonly delayMs?: number;
}

/** Random faults: each matching request is hit with probability `rate`, by a kind drawn from `kinds`. */
export interface RandomFaultSpec {
  readonly rate: number;
  readonly kinds: readonly RestFaultKind[];
  /** Only these methods (any case); all when absent. */
  readonly methods?: readonly string[];
  /** Its own seed; the double's `seed` by default. */
  readonly seed?: number;
  readonly delayMs?: number;
}

/** Decides a fault per request (consulted before the scripted and random ones): for a model that draws its faults itself. */
export type FaultHook = (method: string, params: Readonly<Record<string, unknown>>) => RestFaultKind | { readonly kind: RestFaultKind; readonly after?: boolean; readonly delayMs?: number } | null | undefined;

/** The fault that hits one request. */
export interface FaultHit {
  readonly kind: RestFaultKind;
  readonly after: boolean;
  readonly delayMs: number;
}

const DEFAULT_DELAY_MS = 100;

function hitOf(kind: RestFaultKind, after: boolean | undefined, delayMs: number | undefined): FaultHit {
  return { kind, after: after ?? kind === 'http504', delayMs: Number.isFinite(delayMs) && (delayMs as number) >= 0 ? (delayMs as number) : DEFAULT_DELAY_MS };
}

/** Scripted faults first (earliest injected match wins), then the random ones. */
export class FaultScript {
  private readonly scripted: { spec: RestFaultSpec; skip: number; remaining: number }[] = [];
  private randomSpec: { spec: RandomFaultSpec; random: RandomSource; methods: string[] | null } | null = null;

  constructor(
    private readonly makeRandom: (seed: number | undefined) => RandomSource,
    private readonly hook?: FaultHook,
  ) {}

  /** Adds a scripted fault; throws a TypeError for a spec that cannot be one (a setup mistake). */
  inject(spec: RestFaultSpec): void {
    if (spec === null || typeof spec !== 'object' || !(REST_FAULT_KINDS as readonly string[]).includes(spec.kind)) {
      throw new TypeError(`rest.faults.inject: kind must be one of ${REST_FAULT_KINDS.join(', ')}`);
    }
    const times = spec.times ?? 1;
    const skip = spec.skip ?? 0;
    if (!Number.isInteger(times) || times < 1) throw new TypeError('rest.faults.inject: times must be a positive integer');
    if (!Number.isInteger(skip) || skip < 0) throw new TypeError('rest.faults.inject: skip must be a non-negative integer');
    this.scripted.push({ spec: { ...spec, method: spec.method?.toLowerCase() }, skip, remaining: times });
  }

  /** Turns random faults on (replacing earlier random ones). */
  random(spec: RandomFaultSpec): void {
    if (spec === null || typeof spec !== 'object' || !(spec.rate >= 0 && spec.rate <= 1)) throw new TypeError('rest.faults.random: rate must be within [0, 1]');
    if (!Array.isArray(spec.kinds) || spec.kinds.length === 0 || spec.kinds.some((kind) => !(REST_FAULT_KINDS as readonly string[]).includes(kind))) {
      throw new TypeError(`rest.faults.random: kinds must be a non-empty list of ${REST_FAULT_KINDS.join(', ')}`);
    }
    this.randomSpec = { spec, random: this.makeRandom(spec.seed), methods: spec.methods?.map((method) => method.toLowerCase()) ?? null };
  }

  clear(): void {
    this.scripted.length = 0;
    this.randomSpec = null;
  }

  /** Scripted faults still waiting. */
  get pending(): number {
    return this.scripted.reduce((sum, fault) => sum + fault.remaining, 0);
  }

  /** The fault for this request (`method` lower-cased): the hook's, else a scripted one (consumed), else a random one. */
  take(method: string, params: Readonly<Record<string, unknown>>): FaultHit | undefined {
    const decided = this.hook?.(method, params);
    if (typeof decided === 'string' && (REST_FAULT_KINDS as readonly string[]).includes(decided)) return hitOf(decided, undefined, undefined);
    if (decided !== null && typeof decided === 'object' && (REST_FAULT_KINDS as readonly string[]).includes(decided.kind)) return hitOf(decided.kind, decided.after, decided.delayMs);
    // Every matching fault sees the request, so that `skip` counts requests, not turns.
    let hit: FaultHit | undefined;
    for (const fault of [...this.scripted]) {
      if (fault.spec.method !== undefined && fault.spec.method !== method) continue;
      if (fault.skip > 0) {
        fault.skip -= 1;
        continue;
      }
      if (hit !== undefined) continue;
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.scripted.splice(this.scripted.indexOf(fault), 1);
      hit = hitOf(fault.spec.kind, fault.spec.after, fault.spec.delayMs);
    }
    if (hit !== undefined) return hit;
    const chance = this.randomSpec;
    if (chance === null || (chance.methods !== null && !chance.methods.includes(method))) return undefined;
    if (chance.random() >= chance.spec.rate) return undefined;
    const kind = chance.spec.kinds[Math.floor(chance.random() * chance.spec.kinds.length)]!;
    return hitOf(kind, undefined, chance.spec.delayMs);
  }
}
