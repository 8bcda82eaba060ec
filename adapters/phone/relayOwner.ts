/**
 * The owner's side of the relay (statechart SC-L6): reads each relayed dial request, keeps only
 * this phone's portal and user, and hands it on; the SDK's pull client is loaded here, in the
 * owner's code, so a frame that does not own never carries it (`relay.ts` is what every frame runs).
 */
import type { DialRequest } from '../../protocol/dialRequest';
import { readRelayedParams } from '../relay/message';
import type { RelayDiagnostic } from './relay';
import type { PhoneIdentity } from './scope';

export async function startRelayLink(options: {
  readonly b24: unknown;
  readonly siteId: string;
  readonly identity: PhoneIdentity;
  deliver(request: DialRequest): void;
  report(diagnostic: RelayDiagnostic): void;
}): Promise<{ stop(): void }> {
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
