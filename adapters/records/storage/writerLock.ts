import type { RecordsDiagnostic } from '../diagnostics';
import type { Store } from '../outbox/store';
import type { RecordsClock } from '../types';

/** The part of `navigator.locks` (Web Locks API) the lock uses. */
export interface LockManagerLike {
  request(name: string, options: { mode: 'exclusive' }, callback: (lock: unknown) => Promise<void>): Promise<unknown>;
}

/** Which instance may send: only the holder of this lock drains the outbox. */
export interface WriterLock {
  readonly via: 'locks' | 'lease';
  /** Whether this instance may send now (for the lease: checked against storage each time). */
  isHeld(): boolean;
  start(onChange: (held: boolean) => void): void;
  stop(): void;
}

export interface WriterLockOptions {
  readonly name: string;
  readonly instanceId: string;
  readonly store: Store;
  readonly clock: RecordsClock;
  readonly report: (diagnostic: RecordsDiagnostic) => void;
  /** `navigator.locks`, or null to use the storage lease. */
  readonly locks: LockManagerLike | null;
  /** How long a lease lasts unless renewed, ms (default 10 000); a crashed holder is replaced after this. */
  readonly leaseMs: number;
}

/**
 * The Web Locks API: the browser grants the lock to one frame of the origin at a time and
 * hands it on when that frame goes away, crash included.
 */
function webLock(options: WriterLockOptions): WriterLock {
  let held = false;
  let release: (() => void) | null = null;
  let stopped = false;
  return {
    via: 'locks',
    isHeld: () => held && !stopped,
    start(onChange) {
      void options.locks!
        .request(options.name, { mode: 'exclusive' }, () => {
          if (stopped) return Promise.resolve();
          held = true;
          onChange(true);
          return new Promise<void>((resolve) => (release = resolve));
        })
        .catch(() => undefined);
    },
    stop() {
      stopped = true;
      if (held) {
        held = false;
        release?.();
      }
    },
  };
}

/**
 * A lease in storage: `{owner, expiresAt}`, taken when absent or expired, renewed every
 * third of its life. After writing it the instance reads it back a moment later and holds
 * it only if its write survived, so two instances racing for it settle on one.
 */
function storageLease(options: WriterLockOptions): WriterLock {
  const { store, clock, instanceId, leaseMs } = options;
  const settleMs = Math.min(50, leaseMs / 10);
  let held = false;
  let timer: unknown = null;
  let stopped = false;
  let notify: (held: boolean) => void = () => undefined;

  const mine = () => {
    const lease = store.lease();
    return lease !== null && lease.owner === instanceId && lease.expiresAt > clock.now();
  };
  const setHeld = (value: boolean) => {
    if (value === held) return;
    held = value;
    notify(value);
  };
  const schedule = (ms: number, fn: () => void) => {
    if (stopped) return;
    timer = clock.setTimeout(fn, ms);
  };
  const tick = () => {
    if (stopped) return;
    const now = clock.now();
    const lease = store.lease();
    if (held && !mine()) setHeld(false);
    if (lease === null || lease.expiresAt <= now || lease.owner === instanceId) {
      store.setLease({ owner: instanceId, expiresAt: now + leaseMs });
      schedule(settleMs, () => {
        setHeld(mine());
        schedule(leaseMs / 3, tick);
      });
      return;
    }
    schedule(Math.max(settleMs, Math.min(leaseMs / 3, lease.expiresAt - now + 1)), tick);
  };

  return {
    via: 'lease',
    isHeld: () => held && !stopped && mine(),
    start(onChange) {
      notify = onChange;
      tick();
    },
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      if (mine()) store.removeLease();
      held = false;
    },
  };
}

export function createWriterLock(options: WriterLockOptions): WriterLock {
  return options.locks ? webLock(options) : storageLease(options);
}

/** `navigator.locks` where the platform has it. */
export function platformLocks(): LockManagerLike | null {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return locks && typeof locks.request === 'function' ? locks : null;
}
