import type { DialRequestNotDialled } from '../../diagnostics';
import type { DialRequest } from '../../protocol/dialRequest';

/** What {@link relayDialRequest} needs of the phone. */
export interface DialRequestRelay {
  /** This phone's user (`USER_ID`): a request for another user is not this phone's. */
  readonly userId: number;
  /** Whether this frame owns the softphone now. */
  readonly owns: () => boolean;
  /** In the owner: a held card gives way (SC-T4), then the statechart's session takes the request. */
  readonly dial: (request: DialRequest) => void;
  /** Elsewhere: the request goes to the owner over the bus. */
  readonly toOwner: (request: DialRequest) => void;
  readonly report: (diagnostic: DialRequestNotDialled) => void;
}

/**
 * A dial request of the application's server, heard by any frame of the phone (the relay
 * reaches every frame of the user): the owner acts on it, another frame hands it to the owner
 * over the bus like `phone.act` (statechart SC-L6). A request for another user is reported and
 * goes no further; everything else about it (bounds, `isMobile`, busy) the owner's session reads.
 */
export function relayDialRequest(relay: DialRequestRelay, request: unknown): void {
  const userId = typeof request === 'object' && request !== null ? (request as { userId?: unknown }).userId : undefined;
  if (userId !== relay.userId) {
    const raw = typeof request === 'object' && request !== null ? (request as { callId?: unknown }).callId : undefined;
    const callId = typeof raw === 'string' ? raw.slice(0, 128) : '';
    relay.report({ kind: 'dialRequestNotDialled', callId, reason: 'otherUser', message: `dial request ${callId || '(no CALL_ID)'} is for user ${String(userId).slice(0, 20)}, not this phone's ${relay.userId}; ignored` });
    return;
  }
  if (relay.owns()) relay.dial(request as DialRequest);
  else relay.toOwner(request as DialRequest);
}
