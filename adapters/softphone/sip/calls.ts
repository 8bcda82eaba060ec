import type { PhoneEvent, TransferTarget } from '../../../machines/callCard.events';
import type { SipSessionDriver } from './driver';

/** Where one SIP session is, as the bridge tracks it. */
export type SipCallStatus = 'ringing' | 'dialling' | 'connected' | 'over';

/** The consult call of an attended transfer: the operator and the target, the customer on hold. */
export interface SipConsult<S> {
  /** Null while the customer is being put on hold, before the consult INVITE goes out. */
  driver: SipSessionDriver<S> | null;
  status: 'dialling' | 'connected' | 'over';
  endRequested: boolean;
  /** The customer was put on hold for it (and is resumed when the transfer is cancelled). */
  heldForIt: boolean;
}

/** One SIP session and what the card has (not yet) heard of it. */
export interface SipCall<S> {
  readonly driver: SipSessionDriver<S>;
  /** The card's `CALL_ID` this session belongs to, once known. */
  callId: string | null;
  status: SipCallStatus;
  /** The bridge asked the stack to end it: its end is not news for the card. */
  endRequested: boolean;
  /** `phone.connected` happened while no card could hear it; told when its card attaches. */
  unheardConnected: boolean;
  /** Its end happened while no card could hear it; told when its card attaches. */
  unheardEnd: PhoneEvent | null;
  /** The target remembered by `startTransfer`. */
  transfer: TransferTarget | null;
  /** Outcome handlers of the REFER in flight are ignored once this is no longer the same number. */
  referGeneration: number;
  /** The `referGeneration` of the REFER awaiting its outcome; a different number means none is. */
  referInFlight: number | null;
  /** On hold at the operator's request (a confirmed `hold(true)`). */
  held: boolean;
  /** Muted at the operator's request (a confirmed `mute(true)`). */
  muted: boolean;
  /**
   * The hold / resume re-INVITEs, one after the other: a stack refuses a re-INVITE while
   * another is in flight (Hold then Resume clicked quickly), so each waits for the last.
   */
  holdQueue: Promise<void> | null;
  /** The attended transfer's consult call, while there is one. */
  consult: SipConsult<S> | null;
}

/**
 * The sessions the adapter knows and which card `CALL_ID` each belongs to. One card
 * shows one call, so at most one session is live at a time (the busy policy keeps it so);
 * ended ones are kept until a newer one replaces them, so a late card can still hear how
 * its call ended.
 */
export class SipCalls<S> {
  private readonly calls: SipCall<S>[] = [];

  add(driver: SipSessionDriver<S>, status: SipCallStatus, callId: string | null): SipCall<S> {
    // Only calls still waiting for their card to hear their end are worth keeping.
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const old = this.calls[i];
      if (old && old.status === 'over' && (old.callId === null || old.unheardEnd === null)) this.calls.splice(i, 1);
    }
    const call: SipCall<S> = { driver, callId, status, endRequested: false, unheardConnected: false, unheardEnd: null, transfer: null, referGeneration: 0, referInFlight: null, held: false, muted: false, holdQueue: null, consult: null };
    this.calls.push(call);
    return call;
  }

  /** The live session, if any (newest first). */
  live(): SipCall<S> | undefined {
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const call = this.calls[i];
      if (call && call.status !== 'over') return call;
    }
    return undefined;
  }

  /** Every live session, for a transport drop. */
  allLive(): SipCall<S>[] {
    return this.calls.filter((call) => call.status !== 'over');
  }

  /**
   * The session of the card showing `callId`: the one bound to it, else the live one that
   * no card has claimed yet, which is bound to it now.
   */
  forCard(callId: string): SipCall<S> | undefined {
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const call = this.calls[i];
      if (call && call.callId === callId) return call;
    }
    const unclaimed = this.live();
    if (unclaimed && unclaimed.callId === null) {
      unclaimed.callId = callId;
      return unclaimed;
    }
    return undefined;
  }

  /** The session with this driver. */
  byDriver(driver: SipSessionDriver<S>): SipCall<S> | undefined {
    return this.calls.find((call) => call.driver === driver);
  }
}
