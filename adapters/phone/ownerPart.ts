import type { PhoneBus } from './bus';
import { createCallJournal, type CallJournal } from './journal';
import type { OwnerSession } from './ownerSession';
import type { PhoneClock } from './ownership';
import type { PhoneDiagnostic } from './phone.types';
import type { PlacementPort } from '../../protocol/placement';
import { createRemoteCard, type RemoteCard } from './remoteCard';
import type { PhoneScope } from './scope';
import { createTabGate, type TabGate } from './tabGate';

export { lostCallSummary, startOwnerSession } from './ownerSession';
export { initializedOf } from './reattach';

/**
 * The owner's half of a frame (statechart SC-F2; issue 18 §4, "a light frame on every page"):
 * the remote card the statechart drives, the card's tab's gate, the call journal and — through
 * `startOwnerSession` — xstate, the statechart and the integrator's softphone. `createPhone`
 * imports this module dynamically the first time its frame owns, so it is a chunk of its own
 * for bundlers and a frame that never owns (most of them: every portal page has one) never
 * loads it. Made once per frame and kept while the frame lives: the remote card and the gate
 * outlast a spell of waiting (they are reset, not rebuilt).
 */
export interface OwnerPart {
  readonly remoteCard: RemoteCard;
  readonly gate: TabGate;
  /** `null` where the frame has no `localStorage` (a successor cannot then end its calls). */
  readonly journal: CallJournal | null;
}

export interface OwnerPartOptions {
  readonly bus: PhoneBus;
  readonly scope: PhoneScope;
  readonly clock: PhoneClock;
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** This frame's own placement, when its window has the card commands. */
  readonly placement: PlacementPort | null;
  readonly closingNoticeMs: number;
  readonly maxHoldMs: number;
  report(diagnostic: PhoneDiagnostic): void;
  /** The statechart's session while this frame runs one. */
  session(): OwnerSession | null;
}

export function createOwnerPart(options: OwnerPartOptions): OwnerPart {
  const { bus, clock, report } = options;
  const gate = createTabGate({ bus, clock, report, closingNoticeMs: options.closingNoticeMs, maxHoldMs: options.maxHoldMs });
  const remoteCard = createRemoteCard({
    bus,
    local: options.placement,
    isCallLive: () => options.session()?.isCallLive() ?? false,
    report,
    closeGate: gate.close,
    onNewCall: gate.newCall,
    intercept: (name, payload) => gate.heldCardEvent(options.session(), name, payload),
  });
  const journal = options.storage ? createCallJournal({ scope: options.scope, storage: options.storage, now: clock.now, report }) : null;
  return { remoteCard, gate, journal };
}
