/**
 * The main entry is the stable API only; what tests and tools need lives in
 * `b24-call-card/internals` (issue 11, "The integrator's view").
 */
import * as main from '../../index';
import * as internals from '../../machines/index';
import { UI_STATES as HOST_ORDER } from '../../protocol/uiStates';

describe('b24-call-card (the main entry)', () => {
  test('exports createCallCard and the constants an integrator needs', () => {
    expect(typeof main.createCallCard).toBe('function');
    expect(main.UI_STATES).toEqual(HOST_ORDER);
    expect(main.UI_STATES).toHaveLength(12);
    expect(main.CARD_EVENT_NAMES).toHaveLength(17);
    expect(main.CARD_COMMAND_NAMES).toHaveLength(9);
    expect(main.SOFTPHONE_METHODS).toHaveLength(10);
    expect(main.PHONE_EVENT_TYPES).toContain('phone.failed');
  });

  test.each(['callCardMachine', 'callCardGuards', 'createCommandQueue', 'parseCardEvent', 'parsePhoneEvent', 'normaliseCommandResult', 'stateOf', 'idleContext', 'REQUIREMENTS'])(
    'does not export the internal %s',
    (name) => {
      expect(Object.keys(main)).not.toContain(name);
    },
  );
});

describe('b24-call-card/internals', () => {
  test.each(['callCardMachine', 'callCardGuards', 'createCommandQueue', 'parseCardEvent', 'parsePhoneEvent', 'normaliseCommandResult', 'stateOf', 'uiStateOf', 'idleContext', 'REQUIREMENTS', 'PROBE_UI_STATE'])(
    'exports %s',
    (name) => {
      expect(Object.keys(internals)).toContain(name);
    },
  );
});
