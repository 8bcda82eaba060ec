import fc from 'fast-check';
import { MAX_ERROR_CODE_LENGTH, UNKNOWN_ERROR_CODE, UNREADABLE_RESULT_CODE, normaliseCommandResult } from '../../../adapters/placement/commandResult';
import { INVALID_UI_STATE_ERROR, NO_CARD_ERROR, UI_STATES } from '../../../protocol';

describe('normaliseCommandResult: the success shapes', () => {
  test('[] is a success carrying []', () => {
    const raw: unknown[] = [];
    expect(normaliseCommandResult(raw)).toEqual({ ok: true, value: raw });
  });

  test('the 12 names from CallCardGetListUiStates are a success carrying the names', () => {
    const raw = [...UI_STATES];
    const result = normaliseCommandResult(raw);
    expect(result).toEqual({ ok: true, value: raw });
    expect(result.ok && result.value).toBe(raw);
  });

  test.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 0],
    ['a string', 'ok'],
    ['an object that is not an error', { result: 'ok' }],
    ['an array of non-error objects', [{ result: 'ok' }, { errorCode: 'x' }]],
  ])('%s is a success carrying itself', (_label, raw) => {
    expect(normaliseCommandResult(raw)).toEqual({ ok: true, value: raw });
  });
});

describe('normaliseCommandResult: the failure shapes of host-behaviour.md §4', () => {
  test('browser: [{result: "error", errorCode}] is a failure with that code', () => {
    expect(normaliseCommandResult([{ result: 'error', errorCode: NO_CARD_ERROR }])).toEqual({ ok: false, errorCode: NO_CARD_ERROR });
    expect(normaliseCommandResult([{ result: 'error', errorCode: INVALID_UI_STATE_ERROR }])).toEqual({ ok: false, errorCode: INVALID_UI_STATE_ERROR });
  });

  test('an error object later in the array still makes a failure', () => {
    expect(normaliseCommandResult(['incoming', null, { result: 'error', errorCode: 'missing field title' }])).toEqual({ ok: false, errorCode: 'missing field title' });
  });

  test('desktop: a bare {result: "error", errorCode} is a failure', () => {
    expect(normaliseCommandResult({ result: 'error', errorCode: 'missing field muted' })).toEqual({ ok: false, errorCode: 'missing field muted' });
  });

  test('a missing errorCode becomes the readable unknown-error code', () => {
    expect(normaliseCommandResult([{ result: 'error' }])).toEqual({ ok: false, errorCode: UNKNOWN_ERROR_CODE });
  });

  test('a non-string errorCode is shown inside a readable code', () => {
    expect(normaliseCommandResult({ result: 'error', errorCode: 42 })).toEqual({ ok: false, errorCode: `${UNKNOWN_ERROR_CODE} (errorCode: 42)` });
  });

  test('an empty errorCode says so', () => {
    expect(normaliseCommandResult([{ result: 'error', errorCode: '  ' }])).toEqual({ ok: false, errorCode: `${UNKNOWN_ERROR_CODE} (empty errorCode)` });
  });

  test('a huge errorCode is cut to a bounded, readable code', () => {
    const result = normaliseCommandResult([{ result: 'error', errorCode: 'x'.repeat(1_000_000) }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errorCode.length).toBeLessThan(MAX_ERROR_CODE_LENGTH + 30);
    expect(result.errorCode).toMatch(/^x{200}… \(1000000 chars\)$/);
  });
});

describe('normaliseCommandResult: hostile input', () => {
  test('an inherited result: "error" does not count (prototype pollution)', () => {
    const inherited = Object.create({ result: 'error', errorCode: 'polluted' }) as object;
    expect(normaliseCommandResult(inherited)).toEqual({ ok: true, value: inherited });
    expect(normaliseCommandResult([inherited])).toEqual({ ok: true, value: [inherited] });
  });

  test('a "__proto__" key from JSON.parse does not make an error', () => {
    const raw: unknown = JSON.parse('[{"__proto__": {"result": "error", "errorCode": "x"}}]');
    expect(normaliseCommandResult(raw)).toEqual({ ok: true, value: raw });
  });

  test('a getter that throws on result gives an unreadable-result failure, not a throw', () => {
    const raw = [
      {
        get result(): string {
          throw new Error('trap');
        },
      },
    ];
    expect(normaliseCommandResult(raw)).toEqual({ ok: false, errorCode: `${UNREADABLE_RESULT_CODE}: Error: trap` });
  });

  test('a getter that throws on errorCode gives an unreadable-result failure', () => {
    const raw = {
      result: 'error',
      get errorCode(): string {
        throw new TypeError('nope');
      },
    };
    expect(normaliseCommandResult(raw)).toEqual({ ok: false, errorCode: `${UNREADABLE_RESULT_CODE}: TypeError: nope` });
  });

  test('a proxy whose every trap throws, and throws a proxy, does not escape', () => {
    const hostile: object = new Proxy(
      {},
      {
        get() {
          throw hostile;
        },
        getPrototypeOf() {
          throw hostile;
        },
        getOwnPropertyDescriptor() {
          throw hostile;
        },
        has() {
          throw hostile;
        },
        ownKeys() {
          throw hostile;
        },
      },
    );
    // Catching here keeps a regression readable: Jest would hang printing the thrown proxy.
    const outcomes = [hostile, [hostile]].map((raw) => {
      try {
        return normaliseCommandResult(raw).ok;
      } catch {
        return 'threw';
      }
    });
    expect(outcomes).toEqual([false, false]);
  });

  test('a revoked proxy does not escape', () => {
    const { proxy, revoke } = Proxy.revocable([], {});
    revoke();
    expect(normaliseCommandResult(proxy)).toEqual({ ok: false, errorCode: expect.stringMatching(new RegExp(`^${UNREADABLE_RESULT_CODE}: TypeError`)) });
  });

  test('a huge string is a success carrying it', () => {
    const raw = 'y'.repeat(5_000_000);
    expect(normaliseCommandResult(raw)).toEqual({ ok: true, value: raw });
  });

  test('never throws, and a failure always has a non-empty string code (any value)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.array(fc.anything()), fc.record({ result: fc.constant('error'), errorCode: fc.anything() })), (raw) => {
        const result = normaliseCommandResult(raw);
        if (!result.ok) expect(typeof result.errorCode === 'string' && result.errorCode.length > 0).toBe(true);
      }),
    );
  });
});
