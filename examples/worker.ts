/**
 * A realistic worker page for the PAGE_BACKGROUND_WORKER placement: the Bitrix24 frame
 * library (`BX24`) is already on the page, and the application's softphone is whatever
 * WebRTC/SIP client it uses. This file is the README's quick start, and what the
 * benchmarks bundle and load.
 */
import { createCallCard, type CallDirection, type OrphanDecision, type PhoneEventInput, type PlacementPort, type Softphone } from '../index';

/** The call the SIP client is in, if any, as it knows it. */
export interface SipCall {
  /** The Bitrix24 `CALL_ID` the application registered the call under. */
  readonly bitrixCallId: string;
  readonly direction: CallDirection;
  readonly remoteNumber: string;
  /** Whether the call is up (else it is still ringing or connecting). */
  readonly connected: boolean;
  readonly muted: boolean;
  readonly held: boolean;
}

/** The parts of the integrator's SIP client this worker uses; any client can be wrapped so. */
export interface SipClient {
  answer(): Promise<void>;
  decline(): Promise<void>;
  terminate(): Promise<void>;
  dial(number: string): Promise<void>;
  setHold(held: boolean): Promise<void>;
  setMicrophoneMuted(muted: boolean): Promise<void>;
  sendTone(key: string): void;
  /** Blind or attended transfer to an employee id or a phone number. */
  transfer(to: string): Promise<void>;
  commitTransfer(): Promise<void>;
  abortTransfer(): Promise<void>;
  onEvent(listener: (event: PhoneEventInput) => void): void;
  /** The call in progress, if any (a worker frame reload leaves the SIP session alive in a shared worker). */
  currentCall(): SipCall | null;
}

/** Starts the call card for a worker page; returns the session (keep it for the page's life). */
export function startWorker(placement: PlacementPort, sip: SipClient) {
  const softphone: Softphone = {
    answer: () => sip.answer(),
    reject: () => sip.decline(),
    hangup: () => sip.terminate(),
    call: (phoneNumber) => sip.dial(phoneNumber),
    hold: (held) => sip.setHold(held), // the card's Hold button follows once this resolves
    mute: (muted) => sip.setMicrophoneMuted(muted), // and is set back if it rejects
    sendDtmf: (key) => sip.sendTone(key),
    // The destination the operator picked; never `phoneNumber`, which is the customer's own number.
    startTransfer: (target) => sip.transfer(target.destination),
    completeTransfer: () => sip.commitTransfer(),
    cancelTransfer: () => sip.abortTransfer(),
  };
  const card = createCallCard({
    placement,
    softphone,
    onCard: (change) => {
      // A new card, or the card of this call shown again: the moment to title it.
      if (change.type === 'opened') card.setTitle(change.state.call.phoneNumber ?? 'Unknown caller');
      if (change.type === 'lost') console.info('the card went away; the call goes on');
    },
    // After a worker reload the card is still open: take it over if the SIP call is still there.
    onOrphanedCard: (): OrphanDecision => {
      const live = sip.currentCall();
      if (!live) return 'close';
      const uiState = live.connected ? 'connected' : live.direction === 'incoming' ? 'incoming' : 'connectingOutgoing';
      return { adopt: { callId: live.bitrixCallId, direction: live.direction, phoneNumber: live.remoteNumber, uiState, muted: live.muted, held: live.held } };
    },
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
    currentCall: () => null,
  };
}
