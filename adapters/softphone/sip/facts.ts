import { bindingOf, type SipCall, type SipCallBinding, type SipCallEndedBy } from './calls';

/**
 * What the records layer needs of one SIP session (`records.attach(softphone)` reads it):
 * the SIP Call-ID, direction, number, the card's `CALL_ID` once known, and its times and
 * final code. A snapshot: each report hands a new one.
 */
export interface SipCallFacts {
  /** The SIP Call-ID header of the session's dialog, when the stack exposes it. */
  readonly sipCallId: string | null;
  readonly direction: 'incoming' | 'outgoing';
  /** The other side's number: the user part of its SIP URI (for an outgoing call, of the URI `numberToUri` made). */
  readonly phoneNumber: string | null;
  /** The Bitrix24 `CALL_ID` of the call, once bound. */
  readonly callId: string | null;
  /** `registering`: a register is in flight for it (from `onIncoming`); its `CALL_ID` will come. */
  readonly binding: SipCallBinding;
  /** Epoch ms (the adapter's clock). */
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  /** The final non-2xx SIP status of a failed session; null otherwise. */
  readonly finalCode: number | null;
  /** Who ended it, in the words of the records layer (`hungUp`, `skipped`, `remoteHungUp`, `failed`, `transferred`). */
  readonly endedBy: SipCallEndedBy | null;
}

/** Ties a session to its `CALL_ID`: the id, or a promise of a register's answer (null: none). */
export type SipRegister = (callId: string | null | undefined | void | PromiseLike<string | null | undefined | void>) => void;

/** Hears every session of a SIP softphone, from its start to its end. */
export interface SipCallObserver {
  /** A session began (an INVITE came or went). `register` binds it to the `CALL_ID` its register answers. */
  started?(call: SipCallFacts, register: SipRegister): void;
  /** A session is over, however it ended. */
  ended?(call: SipCallFacts): void;
}

/** The facts of `call` now. */
export function factsOf(call: SipCall<unknown>): SipCallFacts {
  return Object.freeze({
    sipCallId: call.driver.sipCallId,
    direction: call.driver.direction,
    phoneNumber: call.driver.remoteUser,
    callId: call.callId,
    binding: bindingOf(call),
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    finalCode: call.finalCode,
    endedBy: call.endedBy,
  });
}
