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

/** `localStorage` where there is one (and it works: Safari's private mode throws on write), else memory. */
export function defaultStorage(): RecordsStorage {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage;
    if (storage) {
      const probe = '__b24cc_records_probe__';
      storage.setItem(probe, '1');
      storage.removeItem(probe);
      return fromWebStorage(storage);
    }
  } catch {
    // fall through to memory
  }
  return createMemoryStorage();
}
