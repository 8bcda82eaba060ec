import type { PhoneEvent } from '../../index';
import { createHostSimulator } from '../../testing/index';
import { startWorker, type SipCall, type SipClient } from '../../examples/worker';

/** A SIP client double: records what the worker asked, and lets the test play the network. */
function fakeSip(current: SipCall | null = null) {
  const asked: string[] = [];
  let listener: (event: PhoneEvent) => void = () => undefined;
  const did = (what: string) => () => {
    asked.push(what);
    return Promise.resolve();
  };
  const client: SipClient = {
    answer: did('answer'),
    decline: did('decline'),
    terminate: did('terminate'),
    dial: (number) => did(`dial ${number}`)(),
    setHold: (held) => did(`hold ${held}`)(),
    setMicrophoneMuted: (muted) => did(`mute ${muted}`)(),
    sendTone: (key) => void asked.push(`tone ${key}`),
    transfer: (to) => did(`transfer ${to}`)(),
    commitTransfer: did('commitTransfer'),
    abortTransfer: did('abortTransfer'),
    onEvent: (next) => {
      listener = next;
    },
    currentCall: () => current,
  };
  return { client, asked, network: (event: PhoneEvent) => listener(event) };
}

describe('the quick-start worker (examples/worker.ts)', () => {
  beforeEach(() => {
    jest.spyOn(console, 'info').mockImplementation(() => undefined);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  test('drives a whole incoming call with nothing but BX24.placement and a SIP client', async () => {
    const host = createHostSimulator();
    const sip = fakeSip();
    const card = startWorker(host.placement, sip.client);

    host.raiseCall({ CALL_ID: 'quick-1', PHONE_NUMBER: '+4930123', CALL_DIRECTION: 'incoming' });
    await host.settle();
    expect(host.card?.uiState).toBe('incoming');

    host.click('answerButtonClick');
    sip.network({ type: 'phone.connected' });
    await host.settle();
    expect(host.card?.uiState).toBe('connected');

    host.hold(true);
    host.dial('7');
    host.click('hangupButtonClick');
    await host.settle();

    expect(sip.asked).toEqual(['answer', 'hold true', 'tone 7', 'terminate']);
    expect(host.card).toBeNull();
    expect(card.state.status).toBe('idle');
    expect(console.info).toHaveBeenCalledWith('call finished', expect.objectContaining({ callId: 'quick-1', endedBy: 'hungUp', dtmf: '7' }));
  });

  test('an outgoing call that the callee declines shows Call again, and redials the same number', async () => {
    const host = createHostSimulator();
    const sip = fakeSip();
    startWorker(host.placement, sip.client);

    host.raiseCall({ CALL_ID: 'quick-2', PHONE_NUMBER: '+4930999', CALL_DIRECTION: 'outgoing' });
    sip.network({ type: 'phone.failed', code: 486 });
    await host.settle();
    expect(host.card?.uiState).toBe('redial');

    host.click('makeCallButtonClick');
    await host.settle();
    expect(host.card?.uiState).toBe('connectingOutgoing');
    expect(sip.asked).toEqual(['dial +4930999']);
  });

  test('the quick start transfers to the destination the operator chose, never to the customer\'s own number', async () => {
    const host = createHostSimulator();
    const sip = fakeSip();
    startWorker(host.placement, sip.client);

    host.raiseCall({ CALL_ID: 'quick-3', PHONE_NUMBER: '+4930123', CALL_DIRECTION: 'incoming' });
    await host.settle();
    host.click('answerButtonClick');
    sip.network({ type: 'phone.connected' });
    await host.settle();
    // The worker has spoken to the host, so the host sends {phoneNumber: <the customer's>, target}.
    host.transfer('+4930777');
    await host.settle();

    expect(sip.asked).toEqual(['answer', 'transfer +4930777']);
    expect(host.card?.uiState).toBe('transferring');
  });

  test('the card titled when it opens; hidden mid-call it is lost, not the call, and it comes back up to date', async () => {
    const host = createHostSimulator();
    const sip = fakeSip();
    const card = startWorker(host.placement, sip.client);

    host.raiseCall({ CALL_ID: 'quick-4', PHONE_NUMBER: '+4930123', CALL_DIRECTION: 'incoming' });
    await host.settle();
    expect(host.card?.title).toBe('+4930123');
    host.click('answerButtonClick');
    sip.network({ type: 'phone.connected' });
    await host.settle();

    host.hide(); // telephony.externalcall.hide: the card goes, silently
    sip.network({ type: 'phone.mutedChanged', muted: true });
    await host.settle();
    expect(card.state).toMatchObject({ status: 'call', uiState: 'connected', card: 'lost', muted: true });
    expect(sip.asked).toEqual(['answer']); // nobody hung up the customer
    expect(console.info).toHaveBeenCalledWith('the card went away; the call goes on');

    host.show('quick-4');
    await host.settle();
    expect(host.card).toMatchObject({ uiState: 'connected', muted: true, title: '+4930123' });
    expect(card.state).toMatchObject({ card: 'attached' });
  });

  test('after a worker reload the SIP call is still there: the open card is adopted, not closed', async () => {
    const host = createHostSimulator();
    const first = fakeSip();
    startWorker(host.placement, first.client);
    host.raiseCall({ CALL_ID: 'quick-5', PHONE_NUMBER: '+4930123', CALL_DIRECTION: 'incoming' });
    await host.settle();
    host.click('answerButtonClick');
    first.network({ type: 'phone.connected' });
    await host.settle();

    const placement = host.reloadWorker();
    const sip = fakeSip({ bitrixCallId: 'quick-5', direction: 'incoming', remoteNumber: '+4930123', connected: true, muted: false, held: true });
    const card = startWorker(placement, sip.client);
    await host.settle();
    expect(card.state).toMatchObject({ status: 'call', uiState: 'connected', card: 'attached', held: true });
    expect(host.card).toMatchObject({ uiState: 'connected', held: true });

    host.click('hangupButtonClick');
    await host.settle();
    expect(sip.asked).toEqual(['terminate']);
    expect(host.card).toBeNull();
  });
});
