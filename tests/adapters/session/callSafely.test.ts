/** The one helper that calls integrator code (adapters/session/callSafely.ts). */
import { callHook, callSafely, type Ending } from '../../../adapters/session/callSafely';
import type { HookError } from '../../../diagnostics';

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('callSafely', () => {
  test('a return: the value comes back, ended at once as ok', () => {
    const endings: Ending[] = [];
    expect(callSafely(() => 7, (e) => endings.push(e))).toBe(7);
    expect(endings).toEqual([{ ok: true, value: 7, late: false }]);
  });

  test('a throw: undefined comes back, ended at once as not ok, nothing escapes', () => {
    const endings: Ending[] = [];
    const boom = new Error('boom');
    expect(callSafely(() => { throw boom; }, (e) => endings.push(e))).toBeUndefined();
    expect(endings).toEqual([{ ok: false, error: boom, late: false }]);
  });

  test('a promise: ended when it settles, late; a rejection nobody listens to is still caught', async () => {
    const endings: Ending[] = [];
    callSafely(() => Promise.resolve('yes'), (e) => endings.push(e));
    callSafely(() => Promise.reject(new Error('no')), (e) => endings.push(e));
    callSafely(() => Promise.reject(new Error('unheard'))); // would be an unhandled rejection
    expect(endings).toEqual([]);
    await flush();
    expect(endings).toEqual([{ ok: true, value: 'yes', late: true }, { ok: false, error: new Error('no'), late: true }]);
  });

  test('a thenable that calls both handlers, or whose then getter throws: ended once', () => {
    const endings: Ending[] = [];
    callSafely(() => ({ then: (ok: (v: unknown) => void, fail: (e: unknown) => void) => { ok(1); fail(2); ok(3); } }), (e) => endings.push(e));
    const hostile = Object.defineProperty({}, 'then', { get: () => { throw new Error('getter'); } });
    callSafely(() => hostile, (e) => endings.push(e));
    expect(endings).toEqual([{ ok: true, value: 1, late: true }, { ok: false, error: new Error('getter'), late: false }]);
  });
});

describe('callHook', () => {
  test('no hook: nothing happens; a throw or a rejection is a hookError naming the hook', async () => {
    const reports: HookError[] = [];
    const report = (d: HookError) => reports.push(d);
    expect(callHook('onSummary', undefined, 1, report)).toBeUndefined();
    callHook('onSummary', () => { throw new Error('bad'); }, 1, report);
    callHook('onCard', () => Promise.reject(new Error('later')), 1, report);
    await flush();
    expect(reports.map((d) => [d.hook, d.message])).toEqual([
      ['onSummary', 'onSummary threw: Error: bad'],
      ['onCard', 'onCard rejected: Error: later'],
    ]);
  });

  test('a throwing onDiagnostic has nowhere left to report to', () => {
    const reports: HookError[] = [];
    callHook('onDiagnostic', () => { throw new Error('bad'); }, 1, (d) => reports.push(d));
    expect(reports).toEqual([]);
  });
});
