/**
 * The browser end of the relay (statechart SC-L6, host-behaviour §12): the application's
 * server sends each dial request with `pull.application.event.add`; the frame that owns the
 * phone receives it through `@bitrix24/b24jssdk`'s pull client and hands it to the phone. The
 * pull client is loaded and connected only while this frame owns (one connection per user's
 * browser, not one per tab or slider); a frame that does not own carries none of it.
 */
import type { DialRequest } from '../../protocol/dialRequest';
import { loadOwnerCode } from './loadOwner';
import type { Phone } from './phone.types';
import type { RelayFollower, RelayLinkOptions } from './relayOwner';
import { identityProblem, type PhoneIdentity } from './scope';

/** What the relay's subscription reports instead of throwing. */
export type RelayDiagnostic =
  | { readonly kind: 'relayRejected'; readonly reason: string; readonly message: string }
  | { readonly kind: 'relayPullFailed'; readonly message: string }
  | { readonly kind: 'relayConnected' | 'relayDisconnected'; readonly message: string };

export interface RelayConnectionOptions {
  /** The portal and user of this phone: a request for another portal or user is rejected (reported). */
  readonly identity: PhoneIdentity;
  /**
   * The frame's `@bitrix24/b24jssdk` client (`B24Frame`; a `B24OAuth` in tests): the pull client
   * calls `pull.application.config.get` with its token.
   */
  readonly b24: object;
  /** Where a request goes; by default the phone's own `dialRequest` (SC-L6), where the phone has one. */
  readonly onDialRequest?: (request: DialRequest) => void;
  readonly onDiagnostic?: (diagnostic: RelayDiagnostic) => void;
  /** The pull client's site id prefix (`<prefix>_<member_id>`, as b24jssdk's `usePullClient`); `b24CallCard` by default. */
  readonly prefix?: string;
}

export interface RelayConnection {
  stop(): void;
}

/**
 * Connects the phone to the relay: while this frame owns the phone, dial requests for this
 * portal and user arrive at `onDialRequest`. Setup mistakes throw a TypeError here.
 */
export function connectRelay(phone: Pick<Phone, 'session' | 'subscribe'> & { dialRequest?(request: DialRequest): unknown }, options: RelayConnectionOptions): RelayConnection {
  const problem = identityProblem(options?.identity);
  if (problem !== null) throw new TypeError(`connectRelay(phone, options): ${problem}`);
  if (options.b24 === null || typeof options.b24 !== 'object') throw new TypeError('connectRelay(phone, options): b24 must be the frame\'s @bitrix24/b24jssdk client (B24Frame)');
  const deliver = options.onDialRequest ?? (typeof phone.dialRequest === 'function' ? (request: DialRequest) => void phone.dialRequest!(request) : undefined);
  if (typeof deliver !== 'function') throw new TypeError('connectRelay(phone, options): onDialRequest must be a function (request) => void (this phone has no dialRequest to default to)');
  const prefix = options.prefix ?? 'b24CallCard';
  if (!/^[A-Za-z0-9_.-]{1,32}$/.test(prefix)) throw new TypeError('connectRelay(phone, options): prefix must be 1–32 letters, digits, \'_\', \'.\', \'-\'');
  const report = (diagnostic: RelayDiagnostic): void => {
    try {
      options.onDiagnostic?.(diagnostic);
    } catch {
      // The integrator's hook must not stop the relay.
    }
  };
  const link: RelayLinkOptions = { b24: options.b24, siteId: `${prefix}_${options.identity.memberId}`, identity: options.identity, deliver, report };
  /** The relay's link as the owner's code keeps it (relayOwner.ts), from the first time this frame owns. */
  let follower: RelayFollower | null = null;
  let loading = false;
  let stopped = false;
  const sync = (): void => {
    if (follower !== null) return follower.sync(stopped);
    if (loading || stopped || phone.session === null) return;
    loading = true;
    // The pull client comes with the owner's code (a chunk, or the owner's script): a frame that does not own carries none of it.
    // A failure to load, or to start following (a throw in the owner's code), is reported, never an unhandled rejection.
    loadOwnerCode()
      .then(({ followRelay }) => {
        follower = followRelay(phone, link);
        follower.sync(stopped);
      })
      .catch((error: unknown) => {
        if (follower === null) loading = false;
        report({ kind: 'relayPullFailed', message: `The pull client could not be loaded or started: ${String(error).slice(0, 300)}` });
      });
  };
  const unsubscribe = phone.subscribe(sync);
  sync();
  return {
    stop() {
      stopped = true;
      unsubscribe();
      sync();
    },
  };
}
