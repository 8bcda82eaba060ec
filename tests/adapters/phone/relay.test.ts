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
