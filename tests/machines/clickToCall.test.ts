/**
 * statechart.md SC-L5: an outgoing card for a call the softphone is not dialling is
 * click-to-call. The session marks its `initialized` with the integrator's choice; the
 * machine dials it at once (`dial`) or shows Call (`showCall`).
 */
import type { CallCardInput } from '../../machines/callCard.events';
import { CLOSE, initialized, phone, setUiState, startCard } from './helpers';

const clickToCall = (choice: 'dial' | 'showCall', overrides: Record<string, unknown> = {}): CallCardInput => ({
  ...initialized({ CALL_ID: 'portal-1', CALL_DIRECTION: 'outgoing', ...overrides }),
  clickToCall: choice,
});

describe('SC-L5: an outgoing card nobody dials is click-to-call', () => {
  test("'dial': the softphone is told call(phoneNumber) once, the card shows connectingOutgoing", () => {
    const c = startCard().mark();
    c.send(clickToCall('dial'));
    expect(c.state()).toBe('connectingOutgoing');
    expect(c.softphoneCommands()).toEqual([{ method: 'call', phoneNumber: '+4930123456' }]);
    expect(c.cardCommands()).toEqual([setUiState('connectingOutgoing')]);
    expect(c.context().call?.callId).toBe('portal-1');
  });

  test("'dial', then the call goes as any outgoing call: connected, hung up, one summary with the portal's CALL_ID", () => {
    const c = startCard();
    c.send(clickToCall('dial'), phone({ type: 'phone.connected' })).mark();
    c.send(initialized({ CALL_ID: 'portal-1', CALL_DIRECTION: 'outgoing' }));
    // The same card shown again is the same call: nothing is dialled twice.
    expect(c.softphoneCommands()).toEqual([]);
    c.send(phone({ type: 'phone.ended' }));
    expect(c.summaries()).toEqual([expect.objectContaining({ callId: 'portal-1', direction: 'outgoing', endedBy: 'remoteHungUp', connected: true })]);
    expect(c.cardCommands()).toEqual([setUiState('connected'), CLOSE]);
  });

  test("'showCall': the card opens in outgoing and nothing is dialled until the operator presses Call", () => {
    const c = startCard().mark();
    c.send(clickToCall('showCall'));
    expect(c.state()).toBe('outgoing');
    expect(c.softphoneCommands()).toEqual([]);
    c.send({ type: 'makeCallButtonClick' });
    expect(c.state()).toBe('connectingOutgoing');
    expect(c.softphoneCommands()).toEqual([{ method: 'call', phoneNumber: '+4930123456' }]);
  });

  test("'dial' with no number to dial: shown with Call (an entityChanged may bring the number), never call('')", () => {
    const c = startCard().mark();
    c.send(clickToCall('dial', { PHONE_NUMBER: undefined }));
    expect(c.state()).toBe('outgoing');
    expect(c.softphoneCommands()).toEqual([]);
  });

  test('an outgoing card the softphone dials (no mark) stays SC-L1: connectingOutgoing and nothing told', () => {
    const c = startCard().mark();
    c.send(initialized({ CALL_ID: 'registered-1', CALL_DIRECTION: 'outgoing' }));
    expect(c.state()).toBe('connectingOutgoing');
    expect(c.softphoneCommands()).toEqual([]);
  });

  test('the mark means nothing for another direction or a call-list card: SC-L1 decides', () => {
    const incoming = startCard().mark();
    incoming.send({ ...initialized({ CALL_DIRECTION: 'incoming' }), clickToCall: 'dial' });
    expect(incoming.state()).toBe('incoming');
    expect(incoming.softphoneCommands()).toEqual([]);
    const list = startCard().mark();
    list.send({ ...initialized({ CALL_DIRECTION: 'outgoing', CALL_LIST_MODE: true }), clickToCall: 'dial' });
    expect(list.state()).toBe('outgoing');
    expect(list.softphoneCommands()).toEqual([]);
  });

  test('a click-to-call card from the window of a live call replaces it (SC-C4): hangup() for the old, call() for the new', () => {
    const c = startCard().open('connected');
    c.send(clickToCall('dial', { CALL_ID: 'portal-2' }));
    expect(c.softphoneCommands()).toEqual([{ method: 'hangup' }, { method: 'call', phoneNumber: '+4930123456' }]);
    expect(c.summaries()).toEqual([expect.objectContaining({ endedBy: 'replaced' })]);
    expect(c.state()).toBe('connectingOutgoing');
    expect(c.context().call?.callId).toBe('portal-2');
  });
});
