import type { OwnershipOptions } from './ownership';

/**
 * @internal Where Web Locks are missing or refused: `{owner, until}` in storage, renewed by the owner's
 * heartbeat, taken when expired. Weaker than a lock (a frozen owner cannot be told from a
 * dead one), and documented so.
 */
export function createLease(options: Pick<OwnershipOptions, 'scope' | 'storage' | 'clock' | 'silenceMs' | 'bus'>) {
  const key = options.scope.key('owner-lease');
  const ttl = options.silenceMs;
  const read = (): { owner: string; until: number } | null => {
    try {
      const parsed = JSON.parse(options.storage?.getItem(key) ?? 'null') as { owner?: unknown; until?: unknown } | null;
      return parsed && typeof parsed.owner === 'string' && typeof parsed.until === 'number' ? { owner: parsed.owner, until: parsed.until } : null;
    } catch {
      return null;
    }
  };
  const write = (): boolean => {
    try {
      options.storage?.setItem(key, JSON.stringify({ owner: options.bus.frameId, until: options.clock.now() + ttl }));
      return read()?.owner === options.bus.frameId;
    } catch {
      return false;
    }
  };
  return {
    free: () => {
      const current = read();
      return current === null || current.until <= options.clock.now();
    },
    take: write,
    renew: () => void write(),
    release: () => {
      if (read()?.owner === options.bus.frameId) options.storage?.removeItem(key);
    },
  };
}
