/**
 * statechart.md SC-L6: a dial request of the application's server is an input of its own:
 * dialled once per CALL_ID, with or without a card; a call with no card is a normal call
 * (card region `none`); busy while a call is live; an extension as DTMF after connect.
 */
import type { CallCardInput } from '../../machines/callCard.events';
import { readDialRequest } from '../../adapters/session/dialRequest';
import { CLOSE, initialized, phone, setUiState, startCard } from './helpers';

function request(callId = 'portal-9', extra: Record<string, unknown> = {}): CallCardInput {
  const reading = readDialRequest({ callId, phoneNumber: '+49 (30) 123-456', userId: 1, isMobile: false, ...extra });
  if (!reading.ok) throw new Error(reading.diagnostic.message);
  return reading.event;
}

describe('SC-L6: a dial request with no card', () => {
  test('dialled at once: connectingOutgoing, card region none, no card command, no cardLost', () => {
    const c = startCard().mark();
    c.send(request());
    expect(c.state()).toBe('connectingOutgoing');
    expect(c.card()).toBe('none');
    expect(c.softphoneCommands()).toEqual([{ method: 'call', phoneNumber: '+4930123456' }]);
    expect(c.cardCommands()).toEqual([]);
    expect(c.hooks()).toEqual([]);
  });

  test('a normal call with no card: connected, the extension sent as DTMF once, ended; one summary, never a card command', () => {
    const c = startCard().mark();
    c.send(request('portal-9', { extension: '12#' }), phone({ type: 'phone.connected' }));
    expect(c.softphoneCommands()).toEqual([
      { method: 'call', phoneNumber: '+4930123456' },
      { method: 'sendDtmf', key: '1' },
      { method: 'sendDtmf', key: '2' },
      { method: 'sendDtmf', key: '#' },
    ]);
    c.send(phone({ type: 'phone.mutedChanged', muted: true }), phone({ type: 'phone.ended' }));
    expect(c.cardCommands()).toEqual([]);
    expect(c.summaries()).toEqual([expect.objectContaining({ callId: 'portal-9', direction: 'outgoing', endedBy: 'remoteHungUp', connected: true, cardLost: false, dtmf: '12#' })]);
    expect(c.state()).toBe('waiting');
  });

  test('a failure with no card ends the call at once (nothing can be pressed): one summary with the failure code, no SC-C3 cardLost', () => {
    const c = startCard().mark();
    c.send(request(), phone({ type: 'phone.failed', code: 486 }));
    expect(c.state()).toBe('waiting');
    expect(c.summaries()).toEqual([expect.objectContaining({ callId: 'portal-9', endedBy: 'remoteHungUp', lastUiState: 'redial', failureCode: 486, cardLost: false })]);
    expect(c.cardCommands()).toEqual([]);
  });

  test('the card comes after the request: the same call, attached and brought up to date, nothing dialled again', () => {
    const c = startCard();
    c.send(request(), phone({ type: 'phone.connected' })).mark();
    c.send(initialized({ CALL_ID: 'portal-9', CALL_DIRECTION: 'outgoing' }));
    expect(c.card()).toBe('attached');
    expect(c.softphoneCommands()).toEqual([]);
    expect(c.cardCommands()).toEqual([setUiState('connected')]);
    c.send({ type: 'hangupButtonClick' });
    expect(c.cardCommands()).toEqual([setUiState('connected'), CLOSE]);
  });

  test('the card came first and shows Call (click-to-call shown): the request dials it, once', () => {
    const c = startCard();
    c.send({ ...initialized({ CALL_ID: 'portal-9', CALL_DIRECTION: 'outgoing' }), clickToCall: 'showCall' }).mark();
    c.send(request());
    expect(c.state()).toBe('connectingOutgoing');
    expect(c.softphoneCommands()).toEqual([{ method: 'call', phoneNumber: '+4930123456' }]);
    c.send(request());
    expect(c.softphoneCommands()).toHaveLength(1);
    expect(c.ignored().map((e) => e.type)).toEqual(['dial.request']);
  });

  test('a second request for the same CALL_ID is the same call: ignored', () => {
    const c = startCard();
    c.send(request()).mark();
    c.send(request());
    expect(c.softphoneCommands()).toEqual([]);
    expect(c.ignored().map((e) => e.type)).toEqual(['dial.request']);
  });

  test('busy: a request for another CALL_ID while a call is live is refused, the softphone not disturbed, its summary refusedBusy 486', () => {
    const c = startCard().open('connected');
    c.send(request('portal-other'));
    expect(c.state()).toBe('connected');
    expect(c.softphoneCommands()).toEqual([]);
    expect(c.cardCommands()).toEqual([]);
    expect(c.since()).toEqual([expect.objectContaining({ type: 'call.refused', summary: expect.objectContaining({ callId: 'portal-other', endedBy: 'refusedBusy', failureCode: 486, connected: false, cycle: 0 }) })]);
  });

  test('a request for another CALL_ID with no live call (error, redial, a callback card): that call is closed as replaced, the request dialled', () => {
    for (const state of ['error', 'redial', 'outgoing', 'moneyError'] as const) {
      const c = startCard().open(state);
      c.send(request('portal-new'));
      expect({ state, summaries: c.summaries().map((s) => s.endedBy), closed: c.cardCommands() }).toEqual({ state, summaries: ['replaced'], closed: [CLOSE] });
      expect(c.softphoneCommands()).toEqual([{ method: 'call', phoneNumber: '+4930123456' }]);
      expect([c.state(), c.card(), c.context().call?.callId]).toEqual(['connectingOutgoing', 'none', 'portal-new']);
    }
  });
});
