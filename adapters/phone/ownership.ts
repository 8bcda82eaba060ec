import type { FrameMessage } from './bus';
import { createLease } from './lease';
import { acquire, type HeldLock } from './locks';
import type { FrameKind, Ownership, OwnershipOptions, OwnershipReason, OwnershipRole, OwnerSeen } from './ownership.types';

/** The ownership's types live beside it (`ownership.types.ts`); importers keep importing them from here. */
export type { FrameKind, OwnerSeen, Ownership, OwnershipOptions, OwnershipReason, OwnershipRole, PhoneClock } from './ownership.types';

const MAY_OWN: ReadonlySet<FrameKind> = new Set(['worker', 'phoneTab']);

/** @internal Runs one frame's part in choosing the owner. */
export function createOwnership(options: OwnershipOptions): Ownership {
  const { bus, clock, kind } = options;
  let role: OwnershipRole = MAY_OWN.has(kind) ? 'waiting' : 'never';
  let held: HeldLock | null = null;
  let seen: OwnerSeen | null = null;
  let heartbeat: unknown = null;
  let watch: unknown = null;
  let yieldTimer: unknown = null;
  let askingSince: number | null = null;
  let taking = false;
  /** In a frame that readied its softphone: settles when the owner says go (true) or refuses (false). */
  let awaitingGo: ((go: boolean) => void) | null = null;
  /** In an owner offering the phone (`handOver()`): settles when a successor took it. */
  let offered: ((taken: boolean) => void) | null = null;
  /** Whether this frame already waits in the lock's queue (one place in it, however ownership came and went). */
  let queued = false;
  /** Before this time the frame neither takes the phone nor queues for it: it failed as owner (`giveUp`). */
  let notBefore = -Infinity;
  let unsubscribe: () => void = () => undefined;
  const lease = options.locks ? null : createLease(options);

  const setRole = (next: OwnershipRole, reason: OwnershipReason): void => {
    if (role === 'stopped' || next === role) return;
    role = next;
    options.onRole(next, reason);
  };

  const beat = (): void => {
    if (role !== 'owner' && role !== 'yielding') return;
    lease?.renew();
    options.onHeartbeat?.();
    bus.post('owner.heartbeat', { kind, callLive: options.isCallLive() });
    heartbeat = clock.setTimeout(beat, options.heartbeatMs);
  };

  const becomeOwner = (lock: HeldLock | null, reason: OwnershipReason): void => {
    if (role === 'stopped') {
      lock?.release();
      return;
    }
    held = lock;
    askingSince = null;
    seen = { frame: bus.frameId, kind, callLive: false, heardAt: clock.now() };
    setRole('owner', reason);
    if (heartbeat !== null) clock.clearTimeout(heartbeat);
    beat();
    if (lock) void lock.lost.then(() => lose(lock));
  };

  const lose = (lock: HeldLock | null, reason: OwnershipReason = 'lost'): void => {
    if (lock !== held || role === 'stopped') return;
    held = null;
    if (heartbeat !== null) clock.clearTimeout(heartbeat);
    heartbeat = null;
    if (yieldTimer !== null) clock.clearTimeout(yieldTimer);
    setRole('waiting', reason);
    offered?.(true);
    queue();
  };

  /** A worker waits in the lock's queue, so it inherits ownership when the owner's frame goes. */
  const queue = (): void => {
    if (queued || role !== 'waiting' || kind !== 'worker' || !options.locks) return;
    if (notBefore > clock.now()) return void clock.setTimeout(queue, notBefore - clock.now());
    queued = true;
    void acquire(options.locks, options.scope.ownerLock, { mode: 'exclusive' }).then((lock) => {
      queued = false;
      if (!lock) return;
      // Granted while already owning through a steal: one hold is enough.
      if (role === 'owner' || role === 'yielding' || role === 'stopped') lock.release();
      else becomeOwner(lock, 'granted');
    });
  };

  /** Waits for the owner's go after this frame's softphone got ready; no answer in time is a refusal. */
  const goFrom = (owner: string): Promise<boolean> =>
    new Promise<boolean>((resolve) => {
      const timer = clock.setTimeout(() => settle(false), options.handoverTimeoutMs);
      const settle = (go: boolean): void => {
        clock.clearTimeout(timer);
        awaitingGo = null;
        resolve(go);
      };
      awaitingGo = settle;
      bus.post('handover.ready', {}, owner);
    });

  const take = async (reason: OwnershipReason, from: string | null): Promise<void> => {
    if (taking || role !== 'waiting') return;
    if (notBefore > clock.now()) {
      // Held off after a failure: the owner hears so at once instead of yielding until its timeout.
      if (from !== null) bus.post('handover.refused', {}, from);
      return;
    }
    taking = true;
    let prepared = false;
    try {
      if (from !== null) {
        // SC-F5: ready (registered) first, then the owner stops taking calls, then the lock moves.
        await options.prepare();
        prepared = true;
        // Stopped, or owning by the lock's queue, while the softphone readied: it is not needed.
        if (role !== 'waiting' || !(await goFrom(from))) {
          askingSince = null;
          options.discard();
          return;
        }
      }
      if (role !== 'waiting') {
        if (prepared) options.discard();
        return;
      }
      if (options.locks) {
        const lock = await acquire(options.locks, options.scope.ownerLock, { mode: 'exclusive', steal: true });
        if (lock) {
          becomeOwner(lock, reason);
          if (reason === 'handover') bus.post('handover.done', {});
        } else if (prepared) options.discard();
      } else if (lease?.take()) {
        becomeOwner(null, reason);
        if (reason === 'handover') bus.post('handover.done', {});
      } else if (prepared) options.discard();
    } catch (error) {
      // The softphone could not get ready: this frame stays a waiter, held off for the retry's
      // wait (it does not ask again before); the owner carries on and records why (SC-F9).
      if (from !== null) {
        askingSince = null;
        const wait = options.prepareFailed?.(error) ?? null;
        bus.post('handover.refused', wait === null ? {} : { softphoneFailed: wait }, from);
      }
    } finally {
      taking = false;
    }
  };

  /** The owner hands over to `to`: it waits, taking calls, until `to` is ready, at most the handover timeout. */
  const yieldTo = (to: string): void => {
    setRole('yielding', 'yielding');
    bus.post('handover.accept', {}, to);
    if (yieldTimer !== null) clock.clearTimeout(yieldTimer);
    yieldTimer = clock.setTimeout(() => {
      if (role === 'yielding') setRole('owner', 'yieldCancelled');
    }, options.handoverTimeoutMs);
  };

  const askForHandover = (): void => {
    if (kind !== 'phoneTab' || role !== 'waiting' || taking || notBefore > clock.now()) return;
    askingSince = clock.now();
    bus.post('handover.request', { kind });
  };

  const onMessage = (message: FrameMessage): void => {
    const body = message.body;
    switch (message.kind) {
      case 'owner.heartbeat': {
        const ownerKind = body.kind === 'phoneTab' ? 'phoneTab' : 'worker';
        seen = { frame: message.from, kind: ownerKind, callLive: body.callLive === true, heardAt: clock.now() };
        if (role === 'owner' || role === 'yielding') {
          // Two owners (a lease race, or a lock stolen while this frame slept): the one that is not the phone tab yields.
          if (ownerKind === 'phoneTab' && kind !== 'phoneTab') lose(held);
          return;
        }
        // The phone tab asks again whenever the owner it wants to replace is idle.
        if (kind === 'phoneTab' && ownerKind !== 'phoneTab' && !seen.callLive && (askingSince === null || clock.now() - askingSince > options.handoverTimeoutMs)) askForHandover();
        return;
      }
      case 'handover.request':
        if (role === 'owner' && kind !== 'phoneTab' && body.kind === 'phoneTab' && !options.isCallLive()) yieldTo(message.from);
        return;
      case 'handover.offer':
        // The owner is stopping: a waiting worker offers itself (the first one the owner hears gets it).
        if (role === 'waiting' && kind === 'worker' && !taking) bus.post('handover.candidate', {}, message.from);
        return;
      case 'handover.candidate':
        if (offered !== null && role === 'owner' && !options.isCallLive()) yieldTo(message.from);
        return;
      case 'handover.accept':
        if (role === 'waiting' && MAY_OWN.has(kind)) void take('handover', message.from);
        return;
      case 'handover.ready':
        if ((role === 'yielding' || role === 'owner') && !options.isCallLive()) {
          // The successor is registered: from now on new INVITEs are its (this softphone answers 480).
          if (role === 'owner') yieldTo(message.from);
          options.stopTaking();
          bus.post('handover.go', {}, message.from);
        } else {
          // A call started here while the successor got ready: the handover waits for its end.
          bus.post('handover.refused', {}, message.from);
          if (role === 'yielding') setRole('owner', 'yieldCancelled');
        }
        return;
      case 'handover.go':
      case 'handover.refused':
        if (message.kind === 'handover.refused' && role === 'yielding') setRole('owner', 'yieldCancelled');
        awaitingGo?.(message.kind === 'handover.go');
        return;
      case 'handover.done':
        if (role === 'yielding' || role === 'owner') {
          if (lease) lose(null);
          // With Web Locks the steal itself ends this frame's hold (lost → 'stolen').
        }
        return;
      default:
        return;
    }
  };

  const startedAt = clock.now();
  let lastCheck = startedAt;
  /** SC-F6 and the lease's expiry: an owner silent for too long, with no call live, is replaced. */
  const check = (): void => {
    const now = clock.now();
    if (seen !== null && now - lastCheck > options.heartbeatMs * 3) {
      // This frame was itself frozen (its check came late): what it last heard is stale, and the
      // owner's heartbeats may still wait in its queue. Two more heartbeats' time before judging
      // the owner silent, or a thawed tab would steal the phone from a live owner, even mid-call.
      seen = { ...seen, heardAt: Math.max(seen.heardAt, now - options.silenceMs + options.heartbeatMs * 2) };
    }
    lastCheck = now;
    if (role === 'waiting') {
      const silent = seen === null || clock.now() - seen.heardAt > options.silenceMs;
      // An owner never heard since this frame started (frozen before it could say a word) is silent from then on.
      const neverHeard = seen === null && now - startedAt > options.silenceMs && options.journalledCall?.() !== true;
      if (lease) {
        if (lease.free()) void take(seen === null ? 'granted' : 'frozenOwner', null);
      } else if ((silent && seen !== null && !seen.callLive && options.journalledCall?.() !== true) || neverHeard) {
        // The last heartbeat may predate the call (an owner frozen right after a call connected):
        // the journal, written as the call goes, says whether one is live.
        void take('frozenOwner', null);
      } else if (seen === null && kind === 'phoneTab' && options.locks && notBefore <= now) {
        void acquire(options.locks, options.scope.ownerLock, { mode: 'exclusive', ifAvailable: true }).then((lock) => {
          if (lock) becomeOwner(lock, 'granted');
        });
      }
    }
    watch = clock.setTimeout(check, options.heartbeatMs + jitter(bus.frameId, options.heartbeatMs));
  };

  const api: Ownership = {
    get role() {
      return role;
    },
    get owner() {
      return seen;
    },
    start() {
      unsubscribe = bus.subscribe(onMessage);
      options.onRole(role, 'started');
      if (role === 'never') return;
      queue();
      askForHandover();
      watch = clock.setTimeout(check, options.heartbeatMs * 2);
    },
    handOver() {
      if (role !== 'owner' || options.isCallLive() || offered !== null) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        const timer = clock.setTimeout(() => settle(false), options.handoverTimeoutMs * 2);
        const settle = (taken: boolean): void => {
          clock.clearTimeout(timer);
          offered = null;
          // Handed over: this frame leaves (it would otherwise ask for the phone back, being the phone tab).
          if (taken) api.stop();
          resolve(taken);
        };
        offered = settle;
        bus.post('handover.offer', { kind });
      });
    },
    giveUp(retryInMs, beforeRelease) {
      if (role !== 'owner' && role !== 'yielding') return false;
      notBefore = clock.now() + retryInMs;
      beforeRelease?.();
      const lock = held;
      lease?.release();
      seen = null;
      lose(lock, 'failed');
      lock?.release();
      return true;
    },
    holdOff(retryInMs) {
      if (role !== 'waiting') return false;
      notBefore = clock.now() + retryInMs;
      return true;
    },
    stop() {
      offered?.(false);
      // A softphone readied for a handover must not hold INVITEs until the go's timeout: the wait ends now (refused), and it is discarded.
      awaitingGo?.(false);
      unsubscribe();
      for (const timer of [heartbeat, watch, yieldTimer]) if (timer !== null) clock.clearTimeout(timer);
      held?.release();
      lease?.release();
      held = null;
      if (role !== 'stopped') {
        role = 'stopped';
        options.onRole('stopped', 'stopped');
      }
    },
  };
  return api;
}

/** A frame's own delay before acting on silence, so that waiters do not all steal at once. */
function jitter(frameId: string, spread: number): number {
  let hash = 0;
  for (let index = 0; index < frameId.length; index += 1) hash = (hash * 31 + frameId.charCodeAt(index)) >>> 0;
  return hash % Math.max(1, Math.floor(spread));
}
