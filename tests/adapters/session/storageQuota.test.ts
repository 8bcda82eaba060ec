/**
 * The current call's storage (adapters/session/storage.ts) under a storage quota (issue 20
 * item 5): one oversized call must not switch storage off for the worker's life, or the next
 * normal call cannot be recovered after a restart.
 */
import type { Diagnostic } from '../../../diagnostics';
import type { CallData } from '../../../machines/callCard.events';
import type { ActiveCallCardState } from '../../../machines/callCard.connect';
import { CALL_STORAGE_KEY, createCallStorage, STORED_CALL_BOUNDS, type CallStorage } from '../../../adapters/session/storage';

/** A Web Storage with a quota, like a browser origin's (about 5 MB): a write over it throws, as `QuotaExceededError` does. */
function quotaStorage(quotaChars: number): CallStorage & { readonly items: Map<string, string>; failNext: number } {
  const items = new Map<string, string>();
  const used = () => [...items.values()].reduce((sum, value) => sum + value.length, 0);
  const storage = {
    items,
    failNext: 0,
    getItem: (key: string) => items.get(key) ?? null,
    setItem(key: string, value: string) {
      if (storage.failNext > 0) {
        storage.failNext -= 1;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      // The old value still counts while the new one is written (what freeing the key is for).
      if (used() + value.length > quotaChars) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key: string) => void items.delete(key),
  };
  return storage;
}

const callData = (callId: string, phoneNumber: string): CallData => ({
  callId,
  phoneNumber,
  phoneNumberState: 'known',
  lineNumber: '',
  lineName: '',
  crmEntity: null,
  crmActivityId: null,
  crmBindings: [],
  direction: 'incoming',
  rawDirection: 'incoming',
  callState: null,
  callListMode: false,
});

const active = (call: CallData): ActiveCallCardState => ({ status: 'call', uiState: 'connected', card: 'attached', muted: false, held: false, call }) as ActiveCallCardState;

describe('current-call storage: a quota error is never a permanent off switch', () => {
  test('a call with a 3 MB PHONE_NUMBER, then a normal call: the normal call is in storage for the next worker', () => {
    const storage = quotaStorage(2_500_000); // under the 3 MB number: writing it whole must fail
    const diagnostics: Diagnostic[] = [];
    const kept = createCallStorage(storage, () => 1, (d) => diagnostics.push(d));
    kept.follow(active(callData('huge-1', `+49${'9'.repeat(3_000_000)}`)));
    expect(kept.read()?.call.callId).toBe('huge-1'); // kept, its number cut to the bound
    expect(kept.read()!.call.phoneNumber!.length).toBe(STORED_CALL_BOUNDS.text);
    kept.follow({ status: 'idle' });
    kept.follow(active(callData('normal-2', '+4930111')));
    const restarted = createCallStorage(storage, () => 2, () => undefined);
    expect(restarted.read()?.call).toMatchObject({ callId: 'normal-2', phoneNumber: '+4930111' });
  });

  test('a refused write is tried again after freeing the key, and reported', () => {
    const storage = quotaStorage(10_000);
    const diagnostics: Diagnostic[] = [];
    const kept = createCallStorage(storage, () => 1, (d) => diagnostics.push(d));
    kept.follow(active(callData('first', '+4930111')));
    storage.failNext = 1; // the quota is full while the old value is still there
    kept.follow({ ...active(callData('first', '+4930111')), held: true });
    expect(kept.read()).toMatchObject({ call: { callId: 'first' }, held: true });
    expect(diagnostics).toEqual([expect.objectContaining({ kind: 'hookError', hook: 'storage', message: expect.stringContaining('written after freeing the key') })]);
  });

  test('a storage that refuses every write is reported once, and used again as soon as it works', () => {
    const storage = quotaStorage(10_000);
    const diagnostics: Diagnostic[] = [];
    const kept = createCallStorage(storage, () => 1, (d) => diagnostics.push(d));
    storage.failNext = 6;
    kept.follow(active(callData('a', '+4930111')));
    kept.follow({ ...active(callData('a', '+4930111')), muted: true });
    kept.follow({ ...active(callData('a', '+4930111')), held: true });
    expect(diagnostics.map((d) => d.kind)).toEqual(['hookError']);
    expect(storage.items.has(CALL_STORAGE_KEY)).toBe(false);
    kept.follow({ ...active(callData('a', '+4930111')), held: false });
    expect(kept.read()).toMatchObject({ call: { callId: 'a' }, held: false });
  });
});
