import type { PhoneLockManager, PhoneLockOptions } from '../../adapters/phone/locks';

/**
 * The Web Locks API of one storage partition, in memory, with the browser's rules: one
 * exclusive holder per name, waiters granted in order, `ifAvailable` answered with `null`,
 * `steal` aborting the holder's request with an `AbortError`, and every lock of a frame
 * released when that frame goes away (`kill`). Each frame gets its own manager.
 */
export interface FakeLockPartition {
  /** The `navigator.locks` of one frame. */
  managerOf(frame: string): PhoneLockManager;
  /** The frame goes away (closed, navigated, crashed): its held locks pass on, its waits are dropped. */
  kill(frame: string): void;
  /** Who holds `name` now, or null. */
  holderOf(name: string): string | null;
}

interface Waiter {
  readonly frame: string;
  readonly callback: (lock: unknown) => Promise<void> | void;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

interface Holder extends Waiter {
  readonly token: object;
}

function abortError(): Error {
  const error = new Error('The lock request was aborted (stolen).');
  error.name = 'AbortError';
  return error;
}

export function createFakeLockPartition(): FakeLockPartition {
  const holders = new Map<string, Holder>();
  const queues = new Map<string, Waiter[]>();
  const dead = new Set<string>();

  const grant = (name: string, waiter: Waiter): void => {
    const token = {};
    const holder: Holder = { ...waiter, token };
    holders.set(name, holder);
    let result: Promise<void> | void;
    try {
      result = waiter.callback({ name, mode: 'exclusive' });
    } catch (error) {
      release(name, token);
      waiter.reject(error);
      return;
    }
    Promise.resolve(result).then(
      (value) => {
        if (release(name, token)) waiter.resolve(value);
      },
      (error: unknown) => {
        if (release(name, token)) waiter.reject(error);
      },
    );
  };
  /** Releases `name` if `token` still holds it; true when it did. */
  const release = (name: string, token: object): boolean => {
    const holder = holders.get(name);
    if (!holder || holder.token !== token) return false;
    holders.delete(name);
    const next = queues.get(name)?.shift();
    if (next) queueMicrotask(() => grant(name, next));
    return true;
  };

  return {
    managerOf(frame) {
      return {
        request(name: string, options: PhoneLockOptions, callback: (lock: unknown) => Promise<void> | void): Promise<unknown> {
          return new Promise((resolve, reject) => {
            if (dead.has(frame)) return reject(new Error(`frame ${frame} is gone`));
            const waiter: Waiter = { frame, callback, resolve, reject };
            const holder = holders.get(name);
            if (options.steal) {
              if (holder) {
                holders.delete(name);
                holder.reject(abortError());
              }
              grant(name, waiter);
              return;
            }
            if (!holder && (queues.get(name)?.length ?? 0) === 0) return grant(name, waiter);
            if (options.ifAvailable) {
              Promise.resolve(callback(null)).then(resolve, reject);
              return;
            }
            queues.set(name, [...(queues.get(name) ?? []), waiter]);
          });
        },
      };
    },
    kill(frame) {
      dead.add(frame);
      for (const [name, queue] of queues) queues.set(name, queue.filter((waiter) => waiter.frame !== frame));
      for (const [name, holder] of [...holders]) if (holder.frame === frame) release(name, holder.token);
    },
    holderOf: (name) => holders.get(name)?.frame ?? null,
  };
}
