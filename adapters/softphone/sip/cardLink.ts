import { describeError } from '../../../diagnostics';
import type { CallCardState } from '../../../machines/callCard.connect';
import type { PhoneEvent } from '../../../machines/callCard.events';
import type { CardOfCall, SipCall, SipCalls } from './calls';
import type { SipDiagnostic } from './diagnostics';

/** What a SIP softphone needs of the card: `createCallCard`'s result fits as it is. */
export interface ConnectableCard {
  /** Hands the statechart a softphone event. */
  send(event: PhoneEvent): void;
  /** What the card shows now: its `CALL_ID` decides which session a command is for. */
  readonly state: CallCardState;
  /** Watched so that a card opening late still hears how its call went. */
  readonly actor: { subscribe(observer: () => void): { unsubscribe(): void } };
}

/**
 * The softphone's side of the card: which call the card shows, which session that is,
 * and the `phone.*` events of each session, told to its own card only — at once, or
 * when that card opens (late, hidden and back).
 */
export class CardLink<S> {
  private card: ConnectableCard | null = null;
  /** `connect(send)`: a bare function hears every event of the live call, with no card to match. */
  private bareSend: ((event: PhoneEvent) => void) | null = null;
  private cardCallId: string | null = null;
  private unsubscribe: (() => void) | null = null;
  /** The last card reported as unmatched, so that each is reported once. */
  private reportedUnmatched: string | null = null;

  constructor(
    private readonly entry: string,
    private readonly calls: SipCalls<S>,
    private readonly report: (diagnostic: SipDiagnostic) => void,
  ) {}

  /** The call the statechart serves, if any (its card may be lost for a while; the call goes on). */
  openCall(): CardOfCall | null {
    const view = this.card?.state;
    if (!view || view.status !== 'call') return null;
    return { callId: view.call.callId, phoneNumber: view.call.phoneNumber, direction: view.call.direction };
  }

  openCallId(): string | null {
    return this.openCall()?.callId ?? null;
  }

  /** The session the open card's commands are for; without a card, the live one. */
  current(): SipCall<S> | undefined {
    const callId = this.openCallId();
    return callId === null ? this.calls.live() : this.calls.byCallId(callId);
  }

  /** Tells the card of `call`, or keeps the news for the card that will open for it. */
  tell(call: SipCall<S>, event: PhoneEvent): void {
    if (this.bareSend) {
      this.sendBare(this.bareSend, event);
      return;
    }
    const callId = this.openCallId();
    if (this.card && callId !== null && call.callId === callId) {
      this.card.send(event);
      return;
    }
    if (event.type === 'phone.connected') call.unheardConnected = true;
    else if (event.type === 'phone.ended' || event.type === 'phone.failed') call.unheardEnd = event;
    else this.report({ kind: 'sipUnheardEvent', event: event.type, callId: call.callId, message: `${event.type} for call ${call.callId ?? '(no card yet)'}: no card of this call is open; dropped` });
  }

  /** Tells the open card (whatever call it shows) that the command it just gave cannot be carried out. */
  tellOpenCard(event: PhoneEvent): void {
    if (this.bareSend) this.sendBare(this.bareSend, event);
    else if (this.card && this.openCallId() !== null) this.card.send(event);
  }

  /** Something may have bound the open card (a session came, a register answered): look again. */
  recheck(): void {
    this.cardCallId = null;
    this.onCardChange();
  }

  /** A card opened (or reappeared): find its session and tell it what that session did meanwhile. */
  private onCardChange(): void {
    const open = this.openCall();
    const callId = open?.callId ?? null;
    if (callId === this.cardCallId) return;
    if (open === null || !this.card) {
      this.cardCallId = null;
      return;
    }
    const call = this.calls.forCard(open, ({ candidates }) => {
      if (this.reportedUnmatched === `${open.callId}/${candidates}`) return;
      this.reportedUnmatched = `${open.callId}/${candidates}`;
      this.report({
        kind: 'sipCardUnmatched',
        callId: open.callId,
        candidates,
        message:
          candidates === 0
            ? `the card ${open.callId} (${open.phoneNumber ?? 'no number'}, ${open.direction ?? 'unknown direction'}) matches no session waiting for its CALL_ID; none is bound to it`
            : `the card ${open.callId} matches ${candidates} sessions by number and direction; none is bound until a register answers`,
      });
    });
    if (!call) return; // looked at again when a session comes or a register answers
    this.cardCallId = callId;
    if (call.unheardConnected) {
      call.unheardConnected = false;
      this.card.send({ type: 'phone.connected' });
    }
    const end = call.unheardEnd;
    if (end) {
      call.unheardEnd = null;
      this.card.send(end);
    }
  }

  /** The integrator's own send function: whatever it does must not reach the SIP stack's event loop. */
  private sendBare(send: (event: PhoneEvent) => void, event: PhoneEvent): void {
    try {
      send(event);
    } catch (error) {
      this.report({ kind: 'sipHookError', hook: 'connect(send)', error, message: `the send function given to connect() threw on ${event.type}: ${describeError(error)}` });
    }
  }

  connect(target: ConnectableCard | ((event: PhoneEvent) => void)): () => void {
    if (this.card || this.bareSend) throw new TypeError(`${this.entry}: connect() was already called; one softphone serves one card session`);
    if (typeof target === 'function') {
      this.bareSend = target;
      return () => {
        if (this.bareSend === target) this.bareSend = null;
      };
    }
    if (typeof target !== 'object' || target === null || typeof target.send !== 'function' || typeof target.actor?.subscribe !== 'function') {
      throw new TypeError(`${this.entry}: connect() needs what createCallCard returned (send, state, actor) or a send function`);
    }
    this.card = target;
    const subscription = target.actor.subscribe(() => this.onCardChange());
    this.unsubscribe = () => subscription.unsubscribe();
    this.recheck();
    return () => {
      if (this.card === target) this.dispose();
    };
  }

  dispose(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.card = null;
    this.bareSend = null;
    this.cardCallId = null;
  }
}
