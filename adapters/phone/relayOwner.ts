/**
 * The owner's side of the relay (statechart SC-L6): reads each relayed dial request, keeps only
 * this phone's portal and user, and hands it on; the SDK's pull client is loaded here, in the
 * owner's code, so a frame that does not own never carries it (`relay.ts` is what every frame runs).
 */
import type { DialRequest } from '../../protocol/dialRequest';
import { readRelayedParams } from '../relay/message';
import type { Phone } from './phone.types';
import type { RelayDiagnostic } from './relay';
import type { PhoneIdentity } from './scope';

/** What `connectRelay` settled (relay.ts): the owner's link is made from it. */
export interface RelayLinkOptions {
  readonly b24: unknown;
  readonly siteId: string;
  readonly identity: PhoneIdentity;
  deliver(request: DialRequest): void;
  report(diagnostic: RelayDiagnostic): void;
}

/** The relay's link, kept by the owner's code for `connectRelay` once its frame has owned. */
export interface RelayFollower {
  /** The phone changed (or the relay stopped): the pull client is connected while the frame owns, and stopped when it no longer does. */
  sync(stopped: boolean): void;
}

/**
 * The relay of `connectRelay` once its frame has owned: while the frame owns the phone its pull
 * client is connected, and stopped when it no longer does (one connection per user's browser,
 * not one per tab or slider).
 */
export function followRelay(phone: Pick<Phone, 'session'>, options: RelayLinkOptions): RelayFollower {
  const { report } = options;
  let link: { stop(): void } | null = null;
  let loading = false;
  let stopped = false;
  const sync = (stopping: boolean): void => {
    stopped ||= stopping;
    const owning = !stopped && phone.session !== null;
    if (owning && link === null && !loading) {
      loading = true;
      startRelayLink(options)
        .then((started) => {
          loading = false;
          if (stopped || phone.session === null) return started.stop();
          link = started;
          report({ kind: 'relayConnected', message: 'This frame owns the phone: its pull client receives the relayed dial requests.' });
        })
        .catch((error: unknown) => {
          loading = false;
          report({ kind: 'relayPullFailed', message: `The pull client could not be loaded: ${String(error).slice(0, 300)}` });
        });
    } else if (!owning && link !== null) {
      link.stop();
      link = null;
      report({ kind: 'relayDisconnected', message: 'This frame no longer owns the phone: its pull client is stopped.' });
    }
  };
  return { sync };
}

/** Loads the pull client (its own chunk) and connects it; each relayed request is checked, then delivered. */
async function startRelayLink(options: RelayLinkOptions): Promise<{ stop(): void }> {
  const { identity, deliver, report } = options;
  const receive = (params: unknown): void => {
    const read = readRelayedParams(params);
    if (!read.ok) return report({ kind: 'relayRejected', reason: read.reason, message: `A relayed dial request was not read: ${read.reason}` });
    if (read.params.memberId !== identity.memberId || read.params.userId !== identity.userId) {
      return report({ kind: 'relayRejected', reason: 'another portal or user', message: `A dial request for ${read.params.memberId.slice(0, 64)}/${read.params.userId} reached the phone of ${identity.memberId}/${identity.userId}; ignored.` });
    }
    try {
      deliver(read.params.request);
    } catch {
      // The phone reports its own trouble; the relay goes on.
    }
  };

  const { startPullLink } = await import('./relayPull');
  return startPullLink({ b24: options.b24, siteId: options.siteId, userId: identity.userId, onMessage: receive, onError: (message) => report({ kind: 'relayPullFailed', message }) });
}
