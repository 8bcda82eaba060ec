/**
 * A realistic worker page for the PAGE_BACKGROUND_WORKER placement: the Bitrix24 frame
 * library (`BX24`) is already on the page, and the application's softphone is whatever
 * WebRTC/SIP client it uses. This file is the README's quick start, and what the
 * benchmarks bundle and load.
 */
import { createCallCard, type PhoneEvent, type PlacementPort, type Softphone } from '../index';

/** The parts of the integrator's SIP client this worker uses; any client can be wrapped so. */
export interface SipClient {
  answer(): Promise<void>;
  decline(): Promise<void>;
  terminate(): Promise<void>;
  dial(number: string): Promise<void>;
  setHold(held: boolean): Promise<void>;
  setMicrophoneMuted(muted: boolean): Promise<void>;
  sendTone(key: string): void;
  transfer(to: string): Promise<void>;
  commitTransfer(): Promise<void>;
  abortTransfer(): Promise<void>;
  onEvent(listener: (event: PhoneEvent) => void): void;
}

/** Starts the call card for a worker page; returns the session (keep it for the page's life). */
export function startWorker(placement: PlacementPort, sip: SipClient) {
  const softphone: Softphone = {
    answer: () => sip.answer(),
    reject: () => sip.decline(),
    hangup: () => sip.terminate(),
    call: (phoneNumber) => sip.dial(phoneNumber),
    hold: (held) => sip.setHold(held),
    mute: (muted) => sip.setMicrophoneMuted(muted),
    sendDtmf: (key) => sip.sendTone(key),
    startTransfer: (target) => sip.transfer(target.destination),
    completeTransfer: () => sip.commitTransfer(),
    cancelTransfer: () => sip.abortTransfer(),
  };
  const card = createCallCard({
    placement,
    softphone,
    onSummary: (summary) => console.info('call finished', summary),
    onDiagnostic: (diagnostic) => console.warn(diagnostic.message),
  });
  sip.onEvent((event) => card.send(event));
  return card;
}

/** A SIP client that does nothing, for a worker page loaded without a real softphone. */
export function idleSipClient(): SipClient {
  const done = () => Promise.resolve();
  return {
    answer: done, decline: done, terminate: done, dial: done, setHold: done, setMicrophoneMuted: done,
    sendTone: () => undefined, transfer: done, commitTransfer: done, abortTransfer: done, onEvent: () => undefined,
  };
}
