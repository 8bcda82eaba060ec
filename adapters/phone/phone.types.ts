import type { CallCardOptions } from '../session/options';
import type { CallRecords, CallRecordsOptions } from '../records/createCallRecords';
import type { ChannelLike, FrameMessageRejected } from './bus';
import type { JournalReport } from './journal';
import type { PhoneLockManager } from './locks';
import type { FrameKind, OwnershipReason, OwnershipRole, PhoneClock } from './ownership';
import type { OwnerSession, PhoneSoftphone } from './ownerSession';
import type { RemoteCardReport } from './remoteCard';
import type { TabGateReport } from './tabGate';
import type { PhoneIdentity } from './scope';
import type { PhoneAction, PhoneState } from './state';
import type { PlacementPort } from '../../protocol/placement';
import type { DialRequest } from '../../protocol/dialRequest';
import type { DialRequestNotDialled } from '../../diagnostics';

/** Everything the phone reports instead of throwing (statechart SC-F9). */
export type PhoneDiagnostic =
  | FrameMessageRejected
  | RemoteCardReport
  | JournalReport
  | TabGateReport
  /** A dial request for another user (`otherUser`); the owner's session reports its own (mobile, busy, repeated) through the session's `onDiagnostic`. */
  | DialRequestNotDialled
  | { readonly kind: 'ownership'; readonly role: OwnershipRole; readonly reason: OwnershipReason; readonly message: string }
  | { readonly kind: 'ownerLost'; readonly callId: string; readonly owner: string; readonly message: string }
  /**
   * This frame became owner and could not run the phone: the softphone factory threw or rejected
   * (or the `records` factory did), or the owner's half (its chunk, or the owner's script-tag
   * file) did not load. The frame releases ownership at once (another waiting frame owns) and
   * tries again itself after `retryInMs` (1 s, doubling, at most 1 min; `attempt` counts the
   * failures since it last ran the phone). Also an incident in the state (SC-F9). A phone tab
   * whose softphone fails as it readies a handover reports it the same way: it held nothing, so it
   * only stops asking for the phone for `retryInMs`; the owner keeps the phone and puts the
   * incident, named after the phone tab, in the state. A failure found once the frame no longer
   * owned (the phone was taken from it meanwhile) let nothing go: reported with the count so far
   * as `attempt` and `retryInMs` 0, and not counted.
   */
  | { readonly kind: 'softphoneFailed' | 'ownerCodeFailed'; readonly attempt: number; readonly retryInMs: number; readonly message: string }
  | { readonly kind: 'eventDropped'; readonly event: string; readonly message: string }
  /** A card found open in this frame's window at start that no live call of the phone explains: closed (SC-W1). */
  | { readonly kind: 'orphanedCard'; readonly message: string }
  /** A reloaded frame's window still shows the live call's card: it holds it again and the card is brought up to date (SC-F3). */
  | { readonly kind: 'cardTakenBack'; readonly holder: string; readonly callId: string; readonly message: string };

/**
 * What the phone decides of the owner's call records (SC-F8): the user and the portal (its
 * identity), the storage, keys and writer lock shared by every frame of this portal and user,
 * the clock. Spread it into `createCallRecords` with your own options (`rest`, hooks…).
 */
export type PhoneRecordsSetup = Required<Pick<CallRecordsOptions, 'userId' | 'memberId' | 'storagePrefix' | 'locks' | 'clock'>> & Pick<CallRecordsOptions, 'storage'>;

/** Creates the owner's call records from the phone's setup: `(setup) => createCallRecords({ rest: fromBx24(BX24), ...setup })`. */
export type PhoneRecordsOptions = (setup: PhoneRecordsSetup) => CallRecords;

/** Options of {@link createPhone}: the same in every frame of the application. */
export interface PhoneOptions {
  /** The portal and the user: every channel, lock and key carries both (SC-F1). */
  readonly identity: PhoneIdentity;
  /** What this frame is: a tab's `worker`, the application's own page as a `phoneTab`, a `slider`'s frame, or the `cardTab`. */
  readonly kind: FrameKind;
  /** This frame's `BX24.placement`, when its window has the `CallCard*` commands (`BX24.placement.getInterface()` says); null otherwise. */
  readonly placement: PlacementPort | null;
  /**
   * Creates the integrator's softphone: run only in the owner, once per ownership. It is handed
   * the owner's call records (null without the `records` option), so a softphone of your own can
   * announce its calls (`records.callStarted`); a SIP adapter's softphone is attached by itself.
   * If it throws or rejects, the frame lets ownership go at once (another frame owns) and tries
   * again after a backoff of 1 s doubling to 1 min (`softphoneFailed`); nothing is thrown.
   */
  readonly createSoftphone: (owner: PhoneOwnerContext) => PhoneSoftphone | Promise<PhoneSoftphone>;
  /**
   * The REST call record of every call (`b24-call-card/records`, SC-F8), written by the owner
   * alone: `(setup) => createCallRecords({ rest: fromBx24(BX24), ...setup })`, called when a
   * frame becomes owner (the records' code is yours to import, so it never weighs on a frame
   * that does not own), over one outbox shared by every frame of this portal and user; a call whose owner died is finished by the next owner, once, with the
   * call's own user and its true duration. The card's summary and a card shown are wired in;
   * a softphone with `observeCalls` (the SIP adapters) is attached. Omit it to write records yourself.
   */
  readonly records?: PhoneRecordsOptions;
  /** The statechart session's options (hooks, timeouts, clock), used in the owner. */
  readonly session?: Omit<CallCardOptions, 'placement' | 'softphone'>;
  readonly onDiagnostic?: (diagnostic: PhoneDiagnostic) => void;
  /** Test seams; each defaults to the browser's own. */
  readonly platform?: {
    readonly frameId?: string;
    readonly channel?: (name: string) => ChannelLike;
    readonly locks?: PhoneLockManager | null;
    readonly storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
    readonly clock?: PhoneClock;
    /** The tab's id (default: kept in sessionStorage, so a reloaded frame keeps it). */
    readonly tab?: string;
  };
  /** How often the owner says it is alive, how long a silent idle owner is waited for, how long a handover may take (ms). */
  readonly timings?: { readonly heartbeatMs?: number; readonly silenceMs?: number; readonly handoverTimeoutMs?: number };
  /** The card's tab (SC-T2, SC-T4): how long a close waits for the tab to say it saved (default 2 s), the longest hold of a card after its call (default 5 min), ms. */
  readonly cardTab?: { readonly closingNoticeMs?: number; readonly maxHoldMs?: number };
}

/** What the owner hands the softphone factory. */
export interface PhoneOwnerContext {
  /** The owner's call records (the `records` option), or null without it. */
  readonly records: CallRecords | null;
}

/** One frame's handle on the phone. */
export interface Phone {
  readonly frameId: string;
  /** The phone's state as this frame knows it (the same object until it changes). */
  readonly state: PhoneState;
  subscribe(listener: (state: PhoneState) => void): () => void;
  /**
   * Asks the owner to act, with the effect of the card's button (SC-F7): at once in the owner,
   * over the phone's channel from any other frame. Never throws. With no call it does nothing; an
   * action the call's state does not take is the statechart's `ignoredEvent` (the owner's
   * `session.onDiagnostic`); a malformed one from another frame is the owner's
   * `frameMessageRejected`; while no frame owns the phone it reaches nobody.
   */
  act(action: PhoneAction): void;
  /** The owner's session, in the owner only (for wiring the records layer and the SIP adapter); null elsewhere. */
  readonly session: OwnerSession | null;
  /**
   * A new call starts in the owner (an INVITE rings, the softphone dials, a dial request came):
   * a card held open by its tab is released and closed now, so the new call's card can be
   * raised (SC-T4). A softphone with `observeCalls` (the SIP adapters) and a card of another
   * `CALL_ID` do it by themselves. Does nothing outside the owner.
   */
  beforeNewCall(): void;
  /**
   * The owner is about to go (the phone tab's page closes by the operator's choice): offers the
   * phone to a waiting tab's worker, whose softphone registers before this one stops taking
   * calls (480) and unregisters, so no call is refused in between (SC-F5). Resolves `true` once
   * handed over (this frame then never owns again; call `stop()`), `false` when this frame does
   * not own, a call is live, or no frame took it within twice `timings.handoverTimeoutMs`.
   */
  handOver(): Promise<boolean>;
  /**
   * A dial request of the application's server (statechart SC-L6), from any frame: the relay
   * reaches every frame of the user, and it reaches the owner over the phone's channel like
   * `act`. The owner releases a card its tab holds (SC-T4) and its session dials it once per
   * `CALL_ID`, with or without a card (see `CallCard.dialRequest`). A request for another user
   * is reported (`dialRequestNotDialled`, `otherUser`) and ignored; nothing is thrown.
   */
  dialRequest(request: DialRequest): void;
  stop(): Promise<void>;
}
