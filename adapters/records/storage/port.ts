/**
 * Where the outbox keeps what it has not yet delivered. Synchronous, like `localStorage`
 * (which fits it as it is, see {@link fromWebStorage}): the lease and the outbox read and
 * write without yielding in between. Values are strings (JSON).
 */
export interface RecordsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** Every key held (the outbox filters by its prefix). */
  keys(): Iterable<string>;
}

/** A Web Storage object (`localStorage`) as a {@link RecordsStorage}. */
export function fromWebStorage(storage: Storage): RecordsStorage {
  return {
    getItem: (key) => storage.getItem(key),
    setItem: (key, value) => storage.setItem(key, value),
    removeItem: (key) => storage.removeItem(key),
    *keys() {
      const all: string[] = [];
      for (let index = 0; index < storage.length; index += 1) {
        const key = storage.key(index);
        if (key !== null) all.push(key);
      }
      yield* all;
    },
  };
}

/** An in-memory {@link RecordsStorage}: the default in Node, and what tests share between worker instances. */
export function createMemoryStorage(): RecordsStorage & { readonly size: number } {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, String(value)),
    removeItem: (key) => void map.delete(key),
    keys: () => [...map.keys()],
    get size() {
      return map.size;
    },
  };
}

/**
 * The platform's storage as the outbox sees it: `localStorage` shared by every frame of the
 * origin's partition, or — where there is none, or it is blocked (a sandboxed frame, blocked
 * cookies, Safari's private mode throws on write) — this instance's own memory, shared with
 * nobody (`shared: false`, `blocked` the error when a storage was there and refused).
 */
export function platformStorage(): { readonly storage: RecordsStorage; readonly shared: boolean; readonly blocked: unknown } {
  let storage: Storage | undefined;
  try {
    storage = (globalThis as { localStorage?: Storage }).localStorage;
    if (storage) {
      const probe = '__b24cc_records_probe__';
      storage.setItem(probe, '1');
      storage.removeItem(probe);
      return { storage: fromWebStorage(storage), shared: true, blocked: undefined };
    }
  } catch (error) {
    return { storage: createMemoryStorage(), shared: false, blocked: error ?? new Error('storage refused') };
  }
  return { storage: createMemoryStorage(), shared: false, blocked: undefined };
}

/** `localStorage` where there is one (and it works: Safari's private mode throws on write), else memory. */
export function defaultStorage(): RecordsStorage {
  return platformStorage().storage;
}
