import { nameOf, safely, textOf } from './safe';

/** A `BroadcastChannel` of one document in the partition: what it posts reaches every other open channel of the name. */
export interface PartitionChannel {
  readonly name: string;
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(data: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/** `navigator.locks` of one document: exclusive locks, released when the callback settles or the document ends. */
export interface PartitionLocks {
  request<T>(name: string, callback: (lock: { name: string } | null) => T | Promise<T>): Promise<T>;
  request<T>(name: string, options: { ifAvailable?: boolean; steal?: boolean }, callback: (lock: { name: string } | null) => T | Promise<T>): Promise<T>;
  /** Who holds and who waits, as `navigator.locks.query()` says it (client ids are the documents' labels). */
  query(): Promise<{ held: { name: string; clientId: string }[]; pending: { name: string; clientId: string }[] }>;
}

/** `localStorage` of one document, with the `storage` event other documents hear. */
export interface PartitionStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
  /** The `storage` event: a change made by another document of the partition. Returns the unsubscribe function. */
  onStorage(listener: (event: { key: string; oldValue: string | null; newValue: string | null }) => void): () => void;
}

/** What one document of an application frame shares with the others of its partition (host-behaviour.md v3 §10). */
export interface FramePartition {
  /** Which document: the frame's label and its generation. */
  readonly clientId: string;
  /** Whether the document still exists: once it ends, its channels are closed and its locks released. */
  readonly alive: boolean;
  readonly localStorage: PartitionStorage;
  readonly locks: PartitionLocks;
  /** `new BroadcastChannel(name)` in this document. */
  channel(name: string): PartitionChannel;
}

interface LockRequest {
  readonly name: string;
  readonly scope: Scope;
  readonly run: () => void;
  drop: () => void;
}

/** Runs `step` asynchronously, as the browser's task queue does. */
export type Later = (step: () => void) => void;

/** A microtask later (a `Promise`, which Jest's fake timers leave alone), never throwing. */
const defaultLater: Later = (step) => {
  void Promise.resolve().then(() => safely(step, undefined));
};

/** A storage partition (v3 §10) the double's users can share between portals, or open a first-party window in. */
export interface StoragePartition {
  /** The top-level site the partition is keyed by. */
  readonly site: string;
  /** A new document in the partition (a frame of the double opens its own); `end()` it when the document goes. */
  open(clientId: string): FramePartition & { end(): void };
}

/**
 * A storage partition of its own (host-behaviour.md v3 §10): give the same one to two
 * portal doubles of one site (two portals under `bitrix24.com`, or two users signing in
 * one after another), or open a first-party window of the application in a separate one.
 */
export function createStoragePartition(site = 'bitrix24.com'): StoragePartition {
  return new Partition(textOf(site));
}

/**
 * One storage partition (host-behaviour.md v3 §10): every frame of the application under
 * one top-level site, across tabs, shares it. Two portals of the same site may be given
 * the same partition; a first-party window of the application has one of its own.
 */
export class Partition implements StoragePartition {
  private readonly store = new Map<string, string>();
  private readonly scopes = new Set<Scope>();
  private readonly held = new Map<string, LockRequest>();
  private readonly waiting: LockRequest[] = [];

  constructor(
    readonly site: string,
    private readonly later: Later = defaultLater,
  ) {}

  /** A new document in the partition. */
  open(clientId: string): Scope {
    const scope = new Scope(clientId, this, this.later);
    this.scopes.add(scope);
    return scope;
  }

  /** The document ended: its channels close, its locks go to the next in line, its pending requests never settle. */
  end(scope: Scope): void {
    if (!this.scopes.delete(scope)) return;
    scope.alive = false;
    for (let i = this.waiting.length - 1; i >= 0; i--) if (this.waiting[i]?.scope === scope) this.waiting.splice(i, 1);
    for (const [name, request] of [...this.held]) if (request.scope === scope) this.release(name, request);
  }

  // ── storage ───────────────────────────────────────────────────────────────

  read(key: string): string | null {
    return this.store.get(key) ?? null;
  }

  keys(): string[] {
    return [...this.store.keys()];
  }

  write(from: Scope, key: string, value: string | null): void {
    const oldValue = this.read(key);
    if (value === null) this.store.delete(key);
    else this.store.set(key, value);
    if (oldValue === value) return;
    for (const scope of this.scopes) if (scope !== from) scope.storageChanged({ key, oldValue, newValue: value });
  }

  // ── channels ──────────────────────────────────────────────────────────────

  broadcast(from: Scope, name: string, sender: unknown, data: unknown): void {
    const copy = safely(() => structuredClone(data), undefined);
    for (const scope of this.scopes) scope.deliver(name, sender, copy);
  }

  // ── locks ─────────────────────────────────────────────────────────────────

  requestLock(request: LockRequest, options: { ifAvailable: boolean; steal: boolean }): boolean {
    const holder = this.held.get(request.name);
    if (options.steal && holder !== undefined) {
      this.held.delete(request.name);
      holder.drop();
    } else if (holder !== undefined || this.waiting.some((w) => w.name === request.name)) {
      if (options.ifAvailable) return false;
      this.waiting.push(request);
      return true;
    }
    this.grant(request);
    return true;
  }

  release(name: string, request: LockRequest): void {
    if (this.held.get(name) !== request) return;
    this.held.delete(name);
    const index = this.waiting.findIndex((w) => w.name === name);
    if (index < 0) return;
    const [next] = this.waiting.splice(index, 1);
    if (next !== undefined) this.grant(next);
  }

  snapshot(): { held: { name: string; clientId: string }[]; pending: { name: string; clientId: string }[] } {
    return {
      held: [...this.held.values()].map((r) => ({ name: r.name, clientId: r.scope.clientId })),
      pending: this.waiting.map((r) => ({ name: r.name, clientId: r.scope.clientId })),
    };
  }

  private grant(request: LockRequest): void {
    this.held.set(request.name, request);
    this.later(request.run);
  }
}

/** One document's view of the partition. */
export class Scope implements FramePartition {
  alive = true;
  /** The document ends: its channels close and its locks are released. */
  end(): void {
    this.partition.end(this);
  }

  readonly localStorage: PartitionStorage;
  readonly locks: PartitionLocks;
  private readonly channels = new Set<{ name: string; face: PartitionChannel; listeners: ((event: { data: unknown }) => void)[]; closed: boolean }>();
  private readonly storageListeners = new Set<(event: { key: string; oldValue: string | null; newValue: string | null }) => void>();

  constructor(
    readonly clientId: string,
    private readonly partition: Partition,
    private readonly later: Later,
  ) {
    const scope = this;
    this.localStorage = {
      getItem: (key) => partition.read(nameOf(key)),
      setItem: (key, value) => {
        if (scope.alive) partition.write(scope, nameOf(key), textOf(value));
      },
      removeItem: (key) => {
        if (scope.alive) partition.write(scope, nameOf(key), null);
      },
      get length() {
        return partition.keys().length;
      },
      key: (index) => partition.keys()[index] ?? null,
      onStorage: (listener) => {
        const entry = (event: { key: string; oldValue: string | null; newValue: string | null }): void => listener(event);
        scope.storageListeners.add(entry);
        return () => scope.storageListeners.delete(entry);
      },
    };
    this.locks = {
      request: <T>(name: string, optionsOrCallback: unknown, maybeCallback?: unknown): Promise<T> => this.requestLock<T>(name, optionsOrCallback, maybeCallback),
      query: () => Promise.resolve(partition.snapshot()),
    } as PartitionLocks;
  }

  channel(name: string): PartitionChannel {
    const record = { name: nameOf(name), listeners: [] as ((event: { data: unknown }) => void)[], closed: !this.alive, face: undefined as unknown as PartitionChannel };
    const partition = this.partition;
    const scope = this;
    record.face = {
      name: record.name,
      onmessage: null,
      postMessage(data: unknown) {
        if (!record.closed && scope.alive) partition.broadcast(scope, record.name, record, data);
      },
      addEventListener(type: 'message', listener: (event: { data: unknown }) => void) {
        if (type === 'message' && typeof listener === 'function') record.listeners.push(listener);
      },
      close() {
        record.closed = true;
      },
    };
    this.channels.add(record);
    return record.face;
  }

  deliver(name: string, sender: unknown, data: unknown): void {
    for (const record of this.channels) {
      // A channel never hears itself; every other open one of the name does, a task later.
      if (record.closed || record.name !== name || record === sender) continue;
      this.later(() => {
        if (record.closed || !this.alive) return;
        const event = { data };
        safely(() => record.face.onmessage?.(event), undefined);
        for (const listener of [...record.listeners]) safely(() => listener(event), undefined);
      });
    }
  }

  storageChanged(event: { key: string; oldValue: string | null; newValue: string | null }): void {
    for (const listener of [...this.storageListeners]) {
      this.later(() => {
        if (this.alive) listener(event);
      });
    }
  }

  private requestLock<T>(name: string, optionsOrCallback: unknown, maybeCallback: unknown): Promise<T> {
    const callback = (typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback) as (lock: { name: string } | null) => T | Promise<T>;
    const options = (typeof optionsOrCallback === 'object' && optionsOrCallback !== null ? optionsOrCallback : {}) as { ifAvailable?: unknown; steal?: unknown };
    if (typeof callback !== 'function') return Promise.reject(new TypeError('locks.request needs a callback'));
    const lockName = nameOf(name);
    return new Promise<T>((resolve, reject) => {
      if (!this.alive) return;
      const request: LockRequest = {
        name: lockName,
        scope: this,
        run: () => {
          if (!this.alive) return;
          Promise.resolve()
            .then(() => callback({ name: lockName }))
            .then(
              (value) => {
                this.partition.release(lockName, request);
                resolve(value);
              },
              (error: unknown) => {
                this.partition.release(lockName, request);
                reject(error);
              },
            );
        },
        drop: () => reject(new Error('AbortError: the lock was stolen')),
      };
      const queued = this.partition.requestLock(request, { ifAvailable: options.ifAvailable === true, steal: options.steal === true });
      if (!queued) Promise.resolve().then(() => callback(null)).then(resolve, reject);
    });
  }
}
