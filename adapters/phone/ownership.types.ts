import type { PhoneBus } from './bus';
import type { PhoneLockManager } from './locks';
import type { PhoneScope } from './scope';

/**
 * What a frame is, which decides whether it may own the softphone (statechart SC-F2): a
 * tab's top-page worker and the application's own page opened as a tab's page may; a
 * slider's frame (it dies with the slider) and the card's own tab never do.
 */
export type FrameKind = 'worker' | 'phoneTab' | 'slider' | 'cardTab';

/** Where a frame stands: never eligible, waiting for the lock, owning, or owning but handing over to the phone tab. */
export type OwnershipRole = 'never' | 'waiting' | 'owner' | 'yielding' | 'stopped';

/** Why the role changed, for the phone's diagnostics (SC-F9). */
export type OwnershipReason = 'started' | 'granted' | 'handover' | 'frozenOwner' | 'lost' | 'failed' | 'yielding' | 'yieldCancelled' | 'stopped';

export interface PhoneClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** @internal What a frame last heard of the owner. */
export interface OwnerSeen {
  readonly frame: string;
  readonly kind: FrameKind;
  readonly callLive: boolean;
  /** This frame's clock when the heartbeat arrived. */
  readonly heardAt: number;
}

/** @internal */
export interface OwnershipOptions {
  readonly scope: PhoneScope;
  readonly bus: PhoneBus;
  readonly kind: FrameKind;
  /** `navigator.locks`, or null where the frame may not use it (then a storage lease stands in). */
  readonly locks: PhoneLockManager | null;
  /** Synchronous storage for the lease (localStorage); used only when `locks` is null. */
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  readonly clock: PhoneClock;
  /** In the owner: whether a call is live there (ownership never moves mid-call). */
  isCallLive(): boolean;
  /** Whether the shared call journal holds a live call: what a waiting frame knows of the owner's call beyond its last heartbeat. */
  journalledCall?(): boolean;
  /**
   * Makes this frame's softphone ready (registered) before it takes over from a living owner,
   * so no INVITE finds no registered phone during a handover (SC-F5). Rejecting aborts the handover.
   */
  prepare(): Promise<void>;
  /**
   * `prepare()` failed (the phone tab's softphone could not get ready for a handover): the phone
   * reports it and holds this frame off (`holdOff`); the wait, or null, goes to the owner with the refusal.
   */
  prepareFailed?(error: unknown): { readonly attempt: number; readonly retryInMs: number } | null;
  /** The handover did not happen after `prepare()` (the owner took a call, or went silent): drop what it made. */
  discard(): void;
  /**
   * In the owner that hands over, once its successor is ready and this frame has no live call:
   * stop taking new calls (a SIP softphone answers 480) until the successor takes the lock.
   */
  stopTaking(): void;
  onRole(role: OwnershipRole, reason: OwnershipReason): void;
  /** Each heartbeat of the owner (the journal's last sign of life moves with it). */
  onHeartbeat?(): void;
  /** How often the owner says it is alive (ms). */
  readonly heartbeatMs: number;
  /** How long an owner may be silent, with no live call, before an eligible frame takes over (SC-F6). */
  readonly silenceMs: number;
  /** How long a handover to the phone tab may take before the owner carries on. */
  readonly handoverTimeoutMs: number;
}

/** @internal */
export interface Ownership {
  readonly role: OwnershipRole;
  /** The owner this frame knows of: itself, or the last one heard. */
  readonly owner: OwnerSeen | null;
  start(): void;
  /**
   * In an idle owner about to leave: offers the phone to a waiting worker and resolves `true`
   * once one took it (its softphone ready first, SC-F5) and this frame stopped; `false`, this
   * frame still owning, when none did in time or a call is live.
   */
  handOver(): Promise<boolean>;
  /**
   * The owner could not run the phone (its softphone or its code failed): the lock or lease goes
   * at once, so another frame can own, and this frame neither takes nor queues for it for `retryInMs`.
   * `beforeRelease` runs just before, while this frame still owns (what it publishes then is the owner's).
   * False when it no longer owned (the phone was taken from it meanwhile): nothing to let go, nothing run.
   */
  giveUp(retryInMs: number, beforeRelease?: () => void): boolean;
  /**
   * A waiting frame whose softphone failed as it readied a handover: for `retryInMs` it neither
   * asks for the phone, nor takes it, nor queues (a handover offered meanwhile is refused at once).
   * A worker already waiting in the lock's queue keeps its place: if the lock is granted (the
   * owner's frame went), it owns at once — a phone with no owner would take no calls — and a
   * failure then lets go as any owner's does. False when it was not waiting.
   */
  holdOff(retryInMs: number): boolean;
  stop(): void;
}
