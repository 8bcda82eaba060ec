import type { PhoneEvent } from '../../index';
import { createHostSimulator } from '../../testing';
import { startWorker, type SipClient } from '../../examples/worker';

/** A SIP client double: records what the worker asked, and lets the test play the network. */
function fakeSip() {
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
    expect(card.state.status).toBe('waiting');
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
});
