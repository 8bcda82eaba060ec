/**
 * A fake of Bitrix24's frame library, the global `BX24` a worker page gets from
 * `<script src="https://api.bitrix24.com/api/v1/">`, so that a page runs without a portal:
 * `BX24.placement` is the host double's (the call card of {@link createHostSimulator}), and
 * `BX24.callMethod` answers from the REST double (`telephony.externalcall.*`), which shows
 * the card of a registered call on that same host. Shipped in `b24-call-card/testing` and
 * as a script (`dist/iife/b24-call-card-fake-bx24.min.js`, global `B24CallCardFakeBx24`,
 * which defines `window.BX24` when no real one is loaded).
 *
 * Built on the host double's public API only (`createHostSimulator`, `placement`), as an
 * integrator's own fake would be.
 */
import { createHostSimulator } from './host';
import type { HostSimulator, HostSimulatorOptions } from './host';
import { createBx24Client } from './rest/bx24Client';
import type { Bx24AjaxResult, Bx24Auth } from './rest/bx24Client';
import { createRestDouble } from './rest/restDouble';
import type { RestDouble, RestDoubleOptions } from './rest/restDouble';

/** The part of `BX24` a worker page uses, as the frame library defines it. */
export interface FakeBx24 {
  /** Calls `callback` once the (fake) handshake with the portal is done: on a later task, never inline, as the library does. */
  init(callback: () => void): void;
  /** `BX24.placement`: the host double's placement of the current worker frame (a new one after `host.reloadWorker()`). */
  readonly placement: {
    call(command: string, params: unknown, callback?: (result: unknown) => void): void;
    bindEvent(event: string, handler: (payload: unknown) => void): void;
    info(): { placement: 'PAGE_BACKGROUND_WORKER'; options: Record<string, never> };
  };
  /** `BX24.callMethod`: the REST double, with the library's form encoding and result object. */
  callMethod(method: string, params: Readonly<Record<string, unknown>> | undefined, callback?: (result: Bx24AjaxResult) => void): void;
  refreshAuth(callback?: (auth: unknown) => void): void;
  /** The tokens and the portal (`member_id`, `domain`), as the frame library's; `false` before a grant. */
  getAuth(): Bx24Auth | false;
  /** Always `true`: a page can tell the fake from the real library (`BX24.isFake`). */
  readonly isFake: true;
}

export interface FakeBx24Options {
  /** Options of the host double. */
  readonly host?: HostSimulatorOptions;
  /** Options of the REST double; its `host` is this fake's host unless given. */
  readonly rest?: RestDoubleOptions;
  /** The user the page acts as (the REST double's token is issued to this user; default 1). */
  readonly userId?: number;
}

/** The fake `BX24`, and the doubles behind it for a test or a demo to play the portal. */
export interface FakeBx24World {
  readonly BX24: FakeBx24;
  /** The portal page with its call card: `host.raiseCall(…)`, `host.click(…)`, `host.card`. */
  readonly host: HostSimulator;
  /** The portal's REST API: `rest.calls`, `rest.log`… */
  readonly rest: RestDouble;
  readonly userId: number;
}

/** Creates a fake `BX24` over a new host double and REST double (nothing global is touched). */
export function createFakeBx24(options: FakeBx24Options = {}): FakeBx24World {
  if (typeof options !== 'object' || options === null) throw new TypeError('createFakeBx24: options must be an object');
  const userId = options.userId ?? 1;
  if (!Number.isInteger(userId) || userId <= 0) throw new TypeError(`createFakeBx24: userId must be a positive integer, got ${String(userId)}`);
  const host = createHostSimulator(options.host);
  const rest = createRestDouble({ host, ...options.rest });
  const client = createBx24Client({ rest, userId });
  const BX24: FakeBx24 = {
    init(callback) {
      setTimeout(callback, 0);
    },
    placement: {
      // Read `host.placement` at each call: a reloaded worker frame has a new one.
      call: (command, params, callback) => host.placement.call(command, params, callback ?? (() => undefined)),
      bindEvent: (event, handler) => host.placement.bindEvent(event, handler),
      info: () => ({ placement: 'PAGE_BACKGROUND_WORKER', options: {} }),
    },
    callMethod: (method, params, callback) => client.callMethod(method, params, callback),
    refreshAuth: (callback) => client.refreshAuth(callback),
    getAuth: () => client.getAuth(),
    isFake: true,
  };
  return { BX24, host, rest, userId };
}

/**
 * Defines `BX24` on `target` (default `globalThis`) unless one is there already, as the
 * script build does when it loads; returns the world it made, or `null` when a real `BX24`
 * was found. The doubles are also put on `target.b24FakePortal` for a page or test to play
 * the portal.
 */
export function installFakeBx24(target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>, options?: FakeBx24Options): FakeBx24World | null {
  if (target.BX24 !== undefined) return null;
  const world = createFakeBx24(options);
  target.BX24 = world.BX24;
  target.b24FakePortal = world;
  return world;
}
