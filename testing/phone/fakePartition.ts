import type { ChannelLike } from '../../adapters/phone/bus';
import type { PhoneClock } from '../../adapters/phone/ownership';
import type { PhoneLockManager } from '../../adapters/phone/locks';
import { createFakeLockPartition } from './fakeLocks';

/**
 * One storage partition of a browser (host-behaviour §10: the application's frames under one
 * portal, across tabs), in memory: `BroadcastChannel`, Web Locks, `localStorage` and a clock,
 * with frames that can be opened, killed (tab closed, navigated, crashed), frozen (a
 * background tab that stops running) and thawed. Time moves only with `advance`.
 */
export interface FakePartition {
  /** What one frame of the partition sees. */
  frame(id: string): FakeFrame;
  /** The frame goes away: its channels close, its locks pass on, its timers never fire. */
  kill(id: string): void;
  /** The frame stops running: its timers and messages wait until `thaw`; it keeps its locks. */
  freeze(id: string): void;
  thaw(id: string): void;
  /** Who holds the lock `name`. */
  holderOf(name: string): string | null;
  /** Moves time on by `ms`, firing due timers of running frames in order and letting promises settle between them. */
  advance(ms: number): Promise<void>;
  /** Lets pending messages and promises settle without moving time. */
  settle(): Promise<void>;
  readonly now: number;
  /** The shared `localStorage`. */
  readonly storage: Storage;
}

export interface FakeFrame {
  readonly id: string;
  readonly clock: PhoneClock;
  readonly locks: PhoneLockManager;
  channel(name: string): ChannelLike;
}

interface Timer {
  readonly frame: string;
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (index: number) => [...map.keys()][index] ?? null,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, String(value)),
    removeItem: (key: string) => void map.delete(key),
    clear: () => map.clear(),
  };
}

const flush = async (): Promise<void> => {
  for (let index = 0; index < 20; index += 1) await Promise.resolve();
};

export function createFakePartition(): FakePartition {
  const locks = createFakeLockPartition();
  const storage = memoryStorage();
  const dead = new Set<string>();
  const frozen = new Map<string, Array<() => void>>();
  const listeners = new Map<string, Array<{ frame: string; listener: (event: { data: unknown }) => void; closed: boolean }>>();
  let timers: Timer[] = [];
  let seq = 0;
  let now = 0;

  const deliver = (frame: string, run: () => void): void => {
    if (dead.has(frame)) return;
    const held = frozen.get(frame);
    if (held) held.push(run);
    else queueMicrotask(() => (dead.has(frame) ? undefined : run()));
  };

  const partition: FakePartition = {
    frame(id) {
      const clock: PhoneClock = {
        now: () => now,
        setTimeout: (callback, ms) => {
          const timer: Timer = { frame: id, at: now + Math.max(0, ms), seq: (seq += 1), run: callback };
          timers.push(timer);
          return timer;
        },
        clearTimeout: (handle) => {
          timers = timers.filter((timer) => timer !== handle);
        },
      };
      return {
        id,
        clock,
        locks: locks.managerOf(id),
        channel(name) {
          const entry = { frame: id, listener: (_event: { data: unknown }) => undefined as void, closed: false };
          return {
            postMessage(message) {
              if (entry.closed || dead.has(id)) return;
              const copy = structuredClone(message);
              for (const other of listeners.get(name) ?? []) {
                if (other === entry || other.closed) continue;
                deliver(other.frame, () => (other.closed ? undefined : other.listener({ data: copy })));
              }
            },
            addEventListener(_type, listener) {
              entry.listener = listener;
              listeners.set(name, [...(listeners.get(name) ?? []), entry]);
            },
            close() {
              entry.closed = true;
            },
          };
        },
      };
    },
    kill(id) {
      dead.add(id);
      frozen.delete(id);
      timers = timers.filter((timer) => timer.frame !== id);
      for (const entries of listeners.values()) for (const entry of entries) if (entry.frame === id) entry.closed = true;
      locks.kill(id);
    },
    freeze(id) {
      if (!frozen.has(id)) frozen.set(id, []);
    },
    thaw(id) {
      const held = frozen.get(id) ?? [];
      frozen.delete(id);
      for (const run of held) queueMicrotask(run);
    },
    holderOf: (name) => locks.holderOf(name),
    async advance(ms) {
      const end = now + ms;
      await flush();
      for (;;) {
        const due = timers
          .filter((timer) => timer.at <= end && !frozen.has(timer.frame))
          .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
        if (!due) break;
        timers = timers.filter((timer) => timer !== due);
        now = Math.max(now, due.at);
        due.run();
        await flush();
      }
      now = end;
      await flush();
    },
    settle: flush,
    get now() {
      return now;
    },
    storage,
  };
  return partition;
}
