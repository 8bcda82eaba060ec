import type { PhoneEvent, TransferTarget } from '../../../machines/callCard.events';
import type { SipSessionDriver } from './driver';

/**
 * Where one SIP session is. The bridge moves it only through {@link SipCalls.connect} and
 * {@link SipCalls.end}:
 *
 * | from                  | event                          | to          |
 * |-----------------------|--------------------------------|-------------|
 * | `ringing` `dialling`  | the stack says established     | `connected` |
 * | any but `over`        | ended, failed, transport lost  | `over`      |
 */
export type SipCallStatus = 'ringing' | 'dialling' | 'connected' | 'over';

/**
 * Which card a session is for, the second half of the call's state (see {@link SipCalls}):
 * `unbound` (no register and no card claimed it), `registering` (a register, from
 * `onIncoming` or `records.attach`, has not answered yet), `bound` (its `CALL_ID` is known).
 * Only `bound` is final.
 */
export type SipCallBinding = 'unbound' | 'registering' | 'bound';

/** How a session's end reads for the records layer. */
export type SipCallEndedBy = 'hungUp' | 'skipped' | 'remoteHungUp' | 'failed' | 'transferred';

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
  /** The card's `CALL_ID` this session belongs to, once known (binding `bound`). */
  callId: string | null;
  /** Registers in flight for this session; while any is, its binding is `registering`. */
  registers: number;
  status: SipCallStatus;
  /** Epoch ms: the INVITE came or went, the session connected, it ended. */
  readonly startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  /** The final non-2xx SIP status of a failed session, if it had one. */
  finalCode: number | null;
  endedBy: SipCallEndedBy | null;
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

/** The binding of `call` now. */
export function bindingOf(call: SipCall<unknown>): SipCallBinding {
  if (call.callId !== null) return 'bound';
  return call.registers > 0 ? 'registering' : 'unbound';
}

/** What a card says of its call, enough to find its session. */
export interface CardOfCall {
  readonly callId: string;
  readonly phoneNumber: string | null;
  /** The card's `CALL_DIRECTION`, null when unknown. */
  readonly direction: string | null;
}

/** Why a card found no session by number and direction. */
export interface CardUnmatched {
  readonly callId: string;
  /** How many sessions waiting for a card had the card's number and direction (0 or more than 1). */
  readonly candidates: number;
}

/** Ended sessions kept for a card that may still come: at most this many… */
export const MAX_ENDED_CALLS = 16;
/** …and none ended longer ago than this (ms): a card later than that is another call's business. */
export const ENDED_CALL_TTL_MS = 10 * 60_000;

/** The digits of a number as a CRM or a SIP URI writes it (`+49 (30) 1-2` → `4930 12`… → `493012`). */
function digitsOf(phoneNumber: string | null): string {
  return (phoneNumber ?? '').replace(/\D/g, '');
}

/** A session's direction against a card's `CALL_DIRECTION`. */
function sameDirection(call: SipCall<unknown>, direction: string | null): boolean {
  if (call.driver.direction === 'incoming') return direction === 'incoming' || direction === 'incomingTransfer';
  return direction === 'outgoing' || direction === 'callback';
}

/**
 * The sessions the adapter knows, each with its two states (status and binding). One card
 * shows one call, so at most one session is live at a time (the busy policy keeps it so).
 * A session meets its card by identity only: its `CALL_ID`, or, while it waits for its
 * register or has none, the card's number and direction when exactly one such session is
 * waiting; never "whichever is unclaimed". Ended sessions stay for a late card only while
 * their end is unheard or their register is in flight, at most {@link MAX_ENDED_CALLS} of
 * them and for at most {@link ENDED_CALL_TTL_MS}.
 */
export class SipCalls<S> {
  private readonly calls: SipCall<S>[] = [];

  constructor(private readonly now: () => number) {}

  /** How many sessions are kept (the soak test reads it). */
  get size(): number {
    return this.calls.length;
  }

  add(driver: SipSessionDriver<S>, status: 'ringing' | 'dialling', callId: string | null): SipCall<S> {
    this.purge();
    const call: SipCall<S> = {
      driver,
      callId,
      registers: 0,
      status,
      startedAt: this.now(),
      answeredAt: null,
      endedAt: null,
      finalCode: null,
      endedBy: null,
      endRequested: false,
      unheardConnected: false,
      unheardEnd: null,
      transfer: null,
      referGeneration: 0,
      referInFlight: null,
      held: false,
      muted: false,
      holdQueue: null,
      consult: null,
    };
    this.calls.push(call);
    return call;
  }

  /** `ringing`/`dialling` → `connected`; false when that is no move (already connected or over). */
  connect(call: SipCall<S>): boolean {
    if (call.status === 'over' || call.status === 'connected') return false;
    call.status = 'connected';
    call.answeredAt = this.now();
    return true;
  }

  /** Any → `over`, once; false when it already was. */
  end(call: SipCall<S>, endedBy: SipCallEndedBy, finalCode: number | null): boolean {
    if (call.status === 'over') return false;
    call.status = 'over';
    call.endedAt = this.now();
    call.endedBy = call.endedBy ?? endedBy;
    call.finalCode = finalCode;
    call.referGeneration++;
    return true;
  }

  /** Drops the ended sessions no card will ask for again, then the oldest beyond the bounds. */
  private purge(): void {
    const now = this.now();
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const old = this.calls[i]!;
      if (old.status !== 'over') continue;
      const awaited = (old.callId !== null && old.unheardEnd !== null) || (old.callId === null && old.registers > 0);
      if (!awaited || now - (old.endedAt ?? now) > ENDED_CALL_TTL_MS) this.calls.splice(i, 1);
    }
    let ended = this.calls.filter((call) => call.status === 'over').length;
    for (let i = 0; i < this.calls.length && ended > MAX_ENDED_CALLS; ) {
      if (this.calls[i]!.status === 'over') {
        this.calls.splice(i, 1);
        ended--;
      } else i++;
    }
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

  /** The session bound to `callId`, if any. */
  byCallId(callId: string): SipCall<S> | undefined {
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const call = this.calls[i];
      if (call && call.callId === callId) return call;
    }
    return undefined;
  }

  /** Whether a register is in flight for any session. */
  registering(): boolean {
    return this.calls.some((call) => call.callId === null && call.registers > 0);
  }

  /**
   * The session of `card`: the one bound to its `CALL_ID`, else the single session with no
   * `CALL_ID` yet whose number and direction are the card's, which is bound to it now.
   * `unmatched` hears of a card that sessions were waiting for but none (or several) fit.
   */
  forCard(card: CardOfCall, unmatched: (why: CardUnmatched) => void): SipCall<S> | undefined {
    const bound = this.byCallId(card.callId);
    if (bound) return bound;
    const waiting = this.calls.filter((call) => call.callId === null);
    if (waiting.length === 0) return undefined;
    const digits = digitsOf(card.phoneNumber);
    const candidates = waiting.filter((call) => digits !== '' && digitsOf(call.driver.remoteUser) === digits && sameDirection(call, card.direction));
    if (candidates.length !== 1) {
      unmatched({ callId: card.callId, candidates: candidates.length });
      return undefined;
    }
    const call = candidates[0]!;
    call.callId = card.callId;
    return call;
  }
}
