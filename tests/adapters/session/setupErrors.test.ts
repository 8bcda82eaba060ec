/**
 * Setup mistakes are programming errors: `createCallCard` throws a TypeError that names
 * what is missing or wrong (statechart.md, "The interfaces"), before binding anything.
 */
import { createCallCard, type CallCardOptions } from '../../../adapters/session/createCallCard';
import { SOFTPHONE_METHODS } from '../../../adapters/softphone/port';
import { createRecordingSoftphone } from '../../../testing/softphone';
import { createHostSimulator } from '../../../testing/host';

const create = createCallCard as (options?: unknown) => unknown;

function validOptions(): CallCardOptions {
  return { placement: createHostSimulator().placement, softphone: createRecordingSoftphone() };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('setup mistakes throw a TypeError naming them', () => {
  test('createCallCard() with no options', () => {
    const error = thrown(() => create());
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/createCallCard.*options/);
    expect((error as Error).message).not.toMatch(/Cannot read properties/);
  });

  test.each([null, 'BX24', 42])('createCallCard(%p): options not an object', (options) => {
    expect(() => create(options)).toThrow(TypeError);
  });

  test('createCallCard({}) names both the placement and the softphone, instead of returning a dead card', () => {
    const error = thrown(() => create({}));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/placement/);
    expect((error as Error).message).toMatch(/softphone/);
  });

  test.each(['call', 'bindEvent'] as const)('a placement without %s (and nothing bound: no 17 hookErrors)', (method) => {
    const sim = createHostSimulator();
    const placement = { ...sim.placement, [method]: undefined };
    const diagnostics: unknown[] = [];
    const error = thrown(() => create({ ...validOptions(), placement, onDiagnostic: (d: unknown) => diagnostics.push(d) }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(`placement.${method}`);
    expect(diagnostics).toEqual([]);
    expect(sim.boundHandlerCount('initialized')).toBe(0);
  });

  test.each(SOFTPHONE_METHODS)('a softphone without %s()', (method) => {
    const softphone = { ...createRecordingSoftphone(), [method]: undefined };
    const error = thrown(() => create({ ...validOptions(), softphone }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(`softphone.${method}`);
  });

  test('a softphone missing several methods names them all', () => {
    const error = thrown(() => create({ ...validOptions(), softphone: { answer() {}, hangup() {} } }));
    expect((error as Error).message).toMatch(/reject.*call.*hold.*mute.*sendDtmf.*startTransfer.*completeTransfer.*cancelTransfer/);
  });

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, '5000', null])('commandTimeoutMs %p is not a positive finite number', (commandTimeoutMs) => {
    const error = thrown(() => create({ ...validOptions(), commandTimeoutMs }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('commandTimeoutMs');
  });

  test('a storage without removeItem', () => {
    const error = thrown(() => create({ ...validOptions(), storage: { getItem() {}, setItem() {} } }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('storage.removeItem');
  });

  test.each(['onSummary', 'onDiagnostic', 'onCard', 'onOrphanedCard', 'clock'])('a hook %s that is not a function', (hook) => {
    const error = thrown(() => create({ ...validOptions(), [hook]: 'yes' }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(hook);
  });

  test('valid options: no throw, and a softphone given as a class instance (methods on the prototype) is accepted', () => {
    class Phone {
      answer() {}
      reject() {}
      hangup() {}
      call() {}
      hold() {}
      mute() {}
      sendDtmf() {}
      startTransfer() {}
      completeTransfer() {}
      cancelTransfer() {}
    }
    const card = createCallCard({ ...validOptions(), softphone: new Phone(), commandTimeoutMs: 250 });
    card.dispose();
  });
});
