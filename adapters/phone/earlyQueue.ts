import type { FrameMessage } from './bus';
import type { EarlyEvent } from './ownerFrame';
import type { PhoneDiagnostic } from './phone.types';

/** How many card events, dial requests and actions wait for a starting owner's session, at most. */
export const EARLY_MAX = 64;

/**
 * @internal What comes for this frame as owner while its owner's code or softphone loads (card
 * events, and dial requests and actions of any frame): kept in order for the session, at most
 * {@link EARLY_MAX}. Nothing is lost silently: one past the bound, and everything still waiting
 * when the frame stops owning (it gave up, or the phone went elsewhere), is reported — a dial
 * request as `dialRequestNotDialled` (`noOwner`), the rest as `eventDropped` — so nothing stale
 * is replayed into a later ownership.
 */
export function createEarlyQueue(report: (diagnostic: PhoneDiagnostic) => void) {
  const waiting: EarlyEvent[] = [];
  const dropped = (event: EarlyEvent, why: string): void => {
    if (!('kind' in event)) return report({ kind: 'eventDropped', event: event.name, message: `A ${event.name} event ${why}: dropped.` });
    if (event.kind !== 'dialRequest') return report({ kind: 'eventDropped', event: event.kind, message: `An ${event.kind} of frame ${event.from.slice(0, 64)} ${why}: dropped.` });
    const raw = (event.body.request as { callId?: unknown } | null | undefined)?.callId;
    const callId = typeof raw === 'string' ? raw.slice(0, 128) : '';
    report({ kind: 'dialRequestNotDialled', callId, reason: 'noOwner', message: `dial request ${callId || '(no CALL_ID)'} ${why}: not dialled` });
  };
  return {
    waiting,
    push(event: EarlyEvent): void {
      if (waiting.length < EARLY_MAX) waiting.push(event);
      else dropped(event, `came while the owner was starting, past ${EARLY_MAX} waiting`);
    },
    /** This frame stopped owning before its session ran what waited. */
    drop(): void {
      for (const event of waiting.splice(0)) dropped(event, 'waited for an owner that stopped owning before it ran');
    },
  };
}

/** A message of this frame's own, as another frame's would come (it goes to the session once it runs). */
export const ownMessage = (from: string, kind: 'dialRequest' | 'action', body: Record<string, unknown>): FrameMessage => ({ v: 1, from, kind, body });
