/**
 * invokeSoftphone tells the statechart how mute()/hold() ended (statechart.md: the
 * microphone and hold regions follow once the method succeeds; the card is set back when
 * it throws or rejects).
 */
import type { SoftphoneError } from '../../../diagnostics';
import type { SoftphoneCommand } from '../../../machines/callCard.types';
import { createRecordingSoftphone } from '../../../testing/softphone';
import { invokeSoftphone } from '../../../adapters/softphone/invoke';

const mute: SoftphoneCommand = { method: 'mute', muted: true };
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function run(onCall: (command: SoftphoneCommand) => unknown) {
  const errors: SoftphoneError[] = [];
  const outcomes: boolean[] = [];
  const phone = createRecordingSoftphone(onCall);
  invokeSoftphone(phone, mute, (e) => errors.push(e), (ok) => outcomes.push(ok));
  return { errors, outcomes, phone };
}

test('a method that returns: settled ok at once, nothing reported', () => {
  const { errors, outcomes, phone } = run(() => undefined);
  expect(phone.calls).toEqual([mute]);
  expect(outcomes).toEqual([true]);
  expect(errors).toEqual([]);
});

test('a method that throws: reported as softphoneError, settled not ok', () => {
  const { errors, outcomes } = run(() => {
    throw new Error('no microphone');
  });
  expect(outcomes).toEqual([false]);
  expect(errors).toEqual([expect.objectContaining({ kind: 'softphoneError', method: 'mute', message: expect.stringContaining('no microphone') })]);
});

test('a promise: settled only when it resolves', async () => {
  let resolve: () => void = () => undefined;
  const { outcomes } = run(() => new Promise<void>((r) => (resolve = r)));
  expect(outcomes).toEqual([]);
  resolve();
  await flush();
  expect(outcomes).toEqual([true]);
});

test('a promise that rejects: reported, settled not ok', async () => {
  const { errors, outcomes } = run(() => Promise.reject(new Error('busy')));
  await flush();
  expect(outcomes).toEqual([false]);
  expect(errors).toHaveLength(1);
});

test('a hand-made thenable that calls both handlers: only the first counts', () => {
  const { errors, outcomes } = run(() => ({
    then(ok: () => void, fail: (e: unknown) => void) {
      ok();
      fail(new Error('late'));
      ok();
    },
  }));
  expect(outcomes).toEqual([true]);
  expect(errors).toEqual([]);
});

test('a thenable whose then throws: reported, settled not ok', () => {
  const { errors, outcomes } = run(() => ({
    then() {
      throw new Error('broken thenable');
    },
  }));
  expect(outcomes).toEqual([false]);
  expect(errors).toHaveLength(1);
});

test('a method missing at run time: reported, settled not ok', () => {
  const errors: SoftphoneError[] = [];
  const outcomes: boolean[] = [];
  const phone = { ...createRecordingSoftphone(), mute: undefined } as never;
  invokeSoftphone(phone, mute, (e) => errors.push(e), (ok) => outcomes.push(ok));
  expect(outcomes).toEqual([false]);
  expect(errors[0]?.message).toContain('mute');
});
