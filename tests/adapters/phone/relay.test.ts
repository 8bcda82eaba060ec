// connectRelay's setup (SC-F9: a setup mistake is a TypeError naming it) and where a request goes.
import { connectRelay } from '../../../adapters/phone';

const notOwning = { session: null, subscribe: () => () => undefined };
const identity = { memberId: 'a1b2c3', userId: 7 };
const noop = (): void => undefined;

test.each<[string, object, RegExp]>([
  ['no identity', { b24: {}, onDialRequest: noop }, /identity must be an object/],
  ['a userId of 0', { identity: { memberId: 'a1b2c3', userId: 0 }, b24: {}, onDialRequest: noop }, /identity.userId/],
  ['no b24 client', { identity, onDialRequest: noop }, /b24 must be/],
  ['nowhere to deliver', { identity, b24: {} }, /onDialRequest must be a function/],
  ['a prefix with a separator', { identity, b24: {}, onDialRequest: noop, prefix: 'a|b' }, /prefix must be/],
])('%s is a TypeError at connectRelay', (_name, options, message) => {
  expect(() => connectRelay(notOwning, options as never)).toThrow(message);
});

test("a phone's own dialRequest is the default destination", () => {
  const relay = connectRelay({ ...notOwning, dialRequest: () => undefined }, { identity, b24: {} });
  relay.stop();
});

test('a throw as the owner’s code starts following the relay is reported (relayPullFailed), not an unhandled rejection', async () => {
  const diagnostics: { kind: string; message: string }[] = [];
  let reads = 0;
  // Owning when connectRelay looks; the owner's code's first look throws (a phone torn down meanwhile).
  const phone = {
    get session() {
      reads += 1;
      if (reads > 1) throw new Error('phone gone');
      return {} as never;
    },
    subscribe: () => () => undefined,
  };
  const relay = connectRelay(phone, { identity, b24: {}, onDialRequest: noop, onDiagnostic: (d) => diagnostics.push(d) });
  for (let round = 0; round < 5 && diagnostics.length === 0; round += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(diagnostics).toEqual([{ kind: 'relayPullFailed', message: expect.stringContaining('phone gone') }]);
  relay.stop();
});
