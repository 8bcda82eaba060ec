import { UI_STATES, CARD_EVENT_NAMES, CARD_COMMAND_NAMES } from '../protocol';
test('counts', () => { expect([UI_STATES.length, CARD_EVENT_NAMES.length, CARD_COMMAND_NAMES.length]).toEqual([12, 17, 9]); });
