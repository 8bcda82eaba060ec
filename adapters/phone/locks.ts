/**
 * The part of the Web Locks API (`navigator.locks`) the phone uses: one exclusive lock per
 * portal and user, held by the frame that owns the softphone for as long as it owns it. The
 * browser grants it to one frame at a time and hands it on when that frame goes away (a tab
 * closed, navigated or crashed: measured 12–19 ms in Chromium), which is what makes it the
 * owner's token; `steal` lets the preferred owner or a frozen owner's successor take it.
 */
export interface PhoneLockOptions {
  readonly mode: 'exclusive';
  readonly ifAvailable?: boolean;
  readonly steal?: boolean;
}

export interface PhoneLockManager {
  request(name: string, options: PhoneLockOptions, callback: (lock: unknown) => Promise<void> | void): Promise<unknown>;
}

/** The lock a frame holds for its whole life: free means the frame is gone. */
export const lifeLockOf = (key: (name: string) => string, frame: string): string => key(`frame:${frame}`);

/** `navigator.locks` where this frame may use it (Firefox before 116 refuses it in a partitioned frame), else null. */
export function platformPhoneLocks(): PhoneLockManager | null {
  const locks = (globalThis as { navigator?: { locks?: PhoneLockManager } }).navigator?.locks;
  return locks && typeof locks.request === 'function' ? locks : null;
}

/** A held lock: `release()` lets it go; `lost` settles when it is gone for any reason (released, stolen, refused). */
export interface HeldLock {
  release(): void;
  readonly lost: Promise<'released' | 'stolen' | 'refused'>;
}

/**
 * Requests the lock and resolves with it once granted — or null when `ifAvailable` found it
 * held or the platform refused the request. A steal by another frame settles `lost` with
 * `'stolen'`; the callback's promise is what holds the lock.
 */
export function acquire(locks: PhoneLockManager, name: string, options: PhoneLockOptions): Promise<HeldLock | null> {
  return new Promise((resolveAcquire) => {
    let release: () => void = () => undefined;
    let settleLost: (why: 'released' | 'stolen' | 'refused') => void = () => undefined;
    const lost = new Promise<'released' | 'stolen' | 'refused'>((resolve) => (settleLost = resolve));
    let granted = false;
    let request: Promise<unknown>;
    try {
      request = locks.request(name, options, (lock) => {
        if (lock === null) {
          resolveAcquire(null);
          return undefined;
        }
        granted = true;
        const held = new Promise<void>((resolve) => (release = resolve));
        resolveAcquire({ release: () => release(), lost });
        return held.then(() => settleLost('released'));
      });
    } catch {
      resolveAcquire(null);
      return;
    }
    request.then(
      () => {
        if (!granted) resolveAcquire(null);
      },
      (error: unknown) => {
        // A steal rejects the thief's victim with AbortError; a refusal rejects before any grant.
        if (granted) settleLost((error as { name?: string })?.name === 'AbortError' ? 'stolen' : 'refused');
        else resolveAcquire(null);
      },
    );
  });
}
