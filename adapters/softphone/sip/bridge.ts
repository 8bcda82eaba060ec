import { describeError } from '../../../diagnostics';
import type { CallCardState } from '../../../machines/callCard.connect';
import type { PhoneEvent, TransferTarget } from '../../../machines/callCard.events';
import type { DialKey } from '../../../protocol/buttons';
import type { Softphone } from '../port';
import { SipCalls, type SipCall } from './calls';
import type { SipDiagnostic } from './diagnostics';
import type { SipSessionDriver, SipSessionEnd, SipSessionEvents, SipStackDriver } from './driver';
import { resolveSipOptions, type SipSoftphoneOptions } from './options';
import { SipCommandError, transferCommands } from './transfer';

export { SipCommandError };

/** What a SIP softphone needs of the card: `createCallCard`'s result fits as it is. */
export interface ConnectableCard {
  /** Hands the statechart a softphone event. */
  send(event: PhoneEvent): void;
  /** What the card shows now: its `CALL_ID` decides which session a command is for. */
  readonly state: CallCardState;
  /** Watched so that a card opening late still hears how its call went. */
  readonly actor: { subscribe(observer: () => void): { unsubscribe(): void } };
}

/** The softphone port on a SIP stack, plus what only a real softphone has. */
export interface SipSoftphone<S> extends Softphone {
  /**
   * Feeds the card the session's events (`phone.connected`, `phone.ended`…). Call it once
   * with what `createCallCard` returned; returns the function that disconnects it.
   */
  connect(card: ConnectableCard | ((event: PhoneEvent) => void)): () => void;
  /**
   * Places a call that is not the card's own Call button (click-to-call, a callback the
   * integrator starts), bound to `callId` when the call record already exists, so the
   * card that opens for it hears how it goes. Returns the stack's session.
   */
  dial(phoneNumber: string, callId?: string): S;
  /** The live session, if any. */
  readonly session: S | null;
  /** Stops listening to the user agent and the card; live calls are left as they are. */
  dispose(): void;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * The stack-independent half of `sipJsSoftphone` and `jsSipSoftphone`: the ten port
 * methods on top of a {@link SipStackDriver}, which session belongs to which card, the
 * busy policy, and the card's `phone.*` events, each told once, late if need be.
 */
export function createSipSoftphone<S>(entry: string, driver: SipStackDriver<S>, given: SipSoftphoneOptions<S> | undefined): SipSoftphone<S> {
  const options = resolveSipOptions(entry, given, driver.domain);
  if (options.transfer === 'attended' && !driver.attendedTransfer) throw new TypeError(`${entry}: options.transfer 'attended' is not supported by this stack's driver`);
  const calls = new SipCalls<S>();
  let card: ConnectableCard | null = null;
  /** `connect(send)`: a bare function hears every event of the live call, with no card to match. */
  let bareSend: ((event: PhoneEvent) => void) | null = null;
  let cardCallId: string | null = null;
  let unsubscribeCard: (() => void) | null = null;

  const report = (diagnostic: SipDiagnostic) => {
    try {
      options.onDiagnostic?.(diagnostic);
    } catch {
      // the diagnostic hook is the last place to report to
    }
  };

  /**
   * The `CALL_ID` of the call the statechart serves, if any. Its card may be lost for a
   * while (hidden, closed in another tab): the call goes on and still hears its session.
   */
  const openCallId = (): string | null => {
    if (!card) return null;
    const view = card.state;
    return view.status === 'call' ? view.call.callId : null;
  };

  /** The integrator's own send function: whatever it does must not reach the SIP stack's event loop. */
  function sendBare(send: (event: PhoneEvent) => void, event: PhoneEvent): void {
    try {
      send(event);
    } catch (error) {
      report({ kind: 'sipHookError', hook: 'connect(send)', error, message: `the send function given to connect() threw on ${event.type}: ${describeError(error)}` });
    }
  }

  /** Tells the card, or keeps the news for the card that will open for this call. */
  function tell(call: SipCall<S>, event: PhoneEvent): void {
    if (bareSend) {
      sendBare(bareSend, event);
      return;
    }
    const callId = openCallId();
    if (card && callId !== null && calls.forCard(callId) === call) {
      card.send(event);
      return;
    }
    if (event.type === 'phone.connected') call.unheardConnected = true;
    else if (event.type === 'phone.ended' || event.type === 'phone.failed') call.unheardEnd = event;
    else report({ kind: 'sipUnheardEvent', event: event.type, callId: call.callId, message: `${event.type} for call ${call.callId ?? '(no card yet)'}: no card of this call is open; dropped` });
  }

  /** Tells the open card (whatever call it shows) that the command it just gave cannot be carried out. */
  function tellOpenCard(event: PhoneEvent): void {
    if (bareSend) sendBare(bareSend, event);
    else if (card && openCallId() !== null) card.send(event);
  }

  /** A card opened (or reappeared) for `callId`: tell it what its session did meanwhile. */
  function onCardChange(): void {
    const callId = openCallId();
    if (callId === cardCallId) return;
    cardCallId = callId;
    if (callId === null || !card) return;
    const call = calls.forCard(callId);
    if (!call) return;
    if (call.unheardConnected) {
      call.unheardConnected = false;
      card.send({ type: 'phone.connected' });
    }
    const end = call.unheardEnd;
    if (end) {
      call.unheardEnd = null;
      card.send(end);
    }
  }

  function sessionEvents(callRef: () => SipCall<S> | undefined): SipSessionEvents {
    return {
      connected() {
        const call = callRef();
        if (!call || call.status === 'over') return;
        call.status = 'connected';
        tell(call, { type: 'phone.connected' });
      },
      over(end: SipSessionEnd) {
        const call = callRef();
        if (!call || call.status === 'over') return;
        call.status = 'over';
        call.referGeneration++;
        transfers.drop(call);
        if (call.endRequested) return;
        if (end.type === 'failed' && end.code === null) {
          report({ kind: 'sipCallEnded', callId: call.callId, code: null, cause: end.cause, message: `call ${call.callId ?? '(no card yet)'} failed: ${end.cause}` });
        }
        tell(call, end.type === 'ended' ? { type: 'phone.ended' } : { type: 'phone.failed', code: end.code });
      },
    };
  }

  /** The session the open card's commands are for; without a card, the live one. */
  function current(): SipCall<S> | undefined {
    const callId = openCallId();
    return callId === null ? calls.live() : calls.forCard(callId);
  }

  function liveCall(method: string): SipCall<S> {
    const call = current();
    if (!call || call.status === 'over') throw new SipCommandError(`${method}(): no live SIP session for the card's call`);
    return call;
  }

  function connectedCall(method: string): SipCall<S> {
    const call = liveCall(method);
    if (call.status !== 'connected') throw new SipCommandError(`${method}(): the SIP session is not established (${call.status})`);
    return call;
  }

  function endCall(call: SipCall<S>): void {
    if (call.status === 'over') return;
    call.endRequested = true;
    call.driver.end(options.rejectStatus);
  }

  /** Queues a hold or resume re-INVITE behind the one in flight, if any. */
  function holdInTurn(call: SipCall<S>, held: boolean): Promise<void> {
    const run = async () => {
      if (call.status !== 'connected') throw new SipCommandError(`hold(${held}): the SIP session is ${call.status}`);
      await call.driver.hold(held);
    };
    const previous = call.holdQueue;
    const result = previous ? previous.then(run) : run();
    const tail: Promise<void> = result.catch(() => undefined).then(() => {
      if (call.holdQueue === tail) call.holdQueue = null;
    });
    call.holdQueue = tail;
    return result;
  }

  const transfers = transferCommands<S>({ stack: driver, options, tell, end: endCall, hold: holdInTurn });

  function bindCallId(call: SipCall<S>, returned: unknown): void {
    if (typeof returned !== 'string' || returned === '') return;
    if (call.callId === null) {
      call.callId = returned;
      onCardChangeForced();
    } else if (call.callId !== returned) {
      report({ kind: 'sipCallIdConflict', claimed: call.callId, returned, message: `onIncoming returned CALL_ID ${returned}, but the card ${call.callId} already claimed this call; kept ${call.callId}` });
    }
  }

  function onCardChangeForced(): void {
    cardCallId = null;
    onCardChange();
  }

  function hookFailed(hook: string, error: unknown): void {
    report({ kind: 'sipHookError', hook, error, message: `${hook} threw: ${describeError(error)}` });
  }

  function place(phoneNumber: string, callId: string | null): SipCall<S> {
    const busy = calls.live();
    if (busy) throw new SipCommandError(`call(${phoneNumber}): a call is already live`);
    const uri = options.numberToUri(phoneNumber);
    let call: SipCall<S> | undefined;
    const sessionDriver: SipSessionDriver<S> = driver.call(uri, sessionEvents(() => call));
    call = calls.add(sessionDriver, 'dialling', callId);
    return call;
  }

  const stopListening = driver.listen({
    incoming(sessionDriver) {
      if (calls.live()) {
        sessionDriver.end(options.busyStatus);
        report({ kind: 'sipBusyRejected', statusCode: options.busyStatus, remoteUser: sessionDriver.remoteUser, message: `a second INVITE from ${sessionDriver.remoteUser ?? 'an unknown caller'} while a call is live: rejected ${options.busyStatus}` });
        return null;
      }
      const call = calls.add(sessionDriver, 'ringing', null);
      const events = sessionEvents(() => call);
      if (options.onIncoming) {
        try {
          const returned = options.onIncoming({ session: sessionDriver.session, phoneNumber: sessionDriver.remoteUser, displayName: sessionDriver.remoteName });
          if (isThenable(returned)) returned.then((id) => bindCallId(call, id), (error: unknown) => hookFailed('onIncoming', error));
          else bindCallId(call, returned);
        } catch (error) {
          hookFailed('onIncoming', error);
        }
      }
      // A card may already be open and waiting for this call (the host was quicker than the INVITE).
      onCardChangeForced();
      return events;
    },
    transportLost(reason) {
      const live = calls.allLive();
      if (live.length === 0) return;
      report({ kind: 'sipTransportLost', reason, calls: live.map((call) => call.callId), message: `the SIP transport dropped (${reason}) with ${live.length} live call(s); each is reported as failed` });
      for (const call of live) {
        call.status = 'over';
        call.referGeneration++;
        transfers.drop(call);
        tell(call, { type: 'phone.failed', code: null });
        call.endRequested = true;
        try {
          call.driver.end(options.rejectStatus);
        } catch {
          // the stack may refuse to end a session whose transport is gone; it is over for us anyway
        }
      }
    },
  });

  return {
    answer() {
      const call = current();
      if (!call || call.status !== 'ringing' || call.driver.direction !== 'incoming') {
        // Without a session the card would wait in connectingIncoming for ever.
        if (!call) tellOpenCard({ type: 'phone.failed', code: null });
        throw new SipCommandError(`answer(): no ringing incoming SIP session for the card's call${call ? ` (it is ${call.status})` : ''}`);
      }
      return call.driver.answer();
    },
    reject() {
      const call = current();
      if (call) endCall(call); // already over (the caller cancelled first): nothing to do
    },
    hangup() {
      const call = current();
      if (call) endCall(call); // already over (a finished transfer, a BYE crossing ours): nothing to do
    },
    call(phoneNumber: string) {
      try {
        place(phoneNumber, openCallId());
      } catch (error) {
        // The card dialled and waits in connectingOutgoing: tell it the call did not start.
        tellOpenCard({ type: 'phone.failed', code: null });
        throw error;
      }
    },
    hold(held: boolean) {
      const call = connectedCall('hold');
      return holdInTurn(call, held).then(
        () => {
          call.held = held;
          if (call.status === 'connected') tell(call, { type: 'phone.heldChanged', held });
        },
        (error: unknown) => {
          // The card flipped its own flag on the click (host-behaviour §2): set it back to what the call is.
          if (call.status === 'connected') tell(call, { type: 'phone.heldChanged', held: call.held });
          throw error;
        },
      );
    },
    async mute(muted: boolean) {
      const call = connectedCall('mute');
      try {
        await call.driver.mute(muted);
      } catch (error) {
        if (call.status === 'connected') tell(call, { type: 'phone.mutedChanged', muted: call.muted });
        throw error;
      }
      call.muted = muted;
      if (call.status === 'connected') tell(call, { type: 'phone.mutedChanged', muted });
    },
    sendDtmf(key: DialKey) {
      return connectedCall('sendDtmf').driver.sendDtmf(key, options.dtmf);
    },
    startTransfer(target: TransferTarget) {
      return transfers.start(connectedCall('startTransfer'), target);
    },
    completeTransfer() {
      transfers.complete(connectedCall('completeTransfer'));
    },
    cancelTransfer() {
      const call = current();
      return call ? transfers.cancel(call) : undefined;
    },
    connect(target: ConnectableCard | ((event: PhoneEvent) => void)) {
      if (card || bareSend) throw new TypeError(`${entry}: connect() was already called; one softphone serves one card session`);
      if (typeof target === 'function') {
        bareSend = target;
        return () => {
          if (bareSend === target) bareSend = null;
        };
      }
      if (typeof target !== 'object' || target === null || typeof target.send !== 'function' || typeof target.actor?.subscribe !== 'function') {
        throw new TypeError(`${entry}: connect() needs what createCallCard returned (send, state, actor) or a send function`);
      }
      card = target;
      const subscription = target.actor.subscribe(() => onCardChange());
      unsubscribeCard = () => subscription.unsubscribe();
      onCardChangeForced();
      return () => {
        if (card !== target) return;
        unsubscribeCard?.();
        unsubscribeCard = null;
        card = null;
        cardCallId = null;
      };
    },
    dial(phoneNumber: string, callId?: string) {
      return place(phoneNumber, callId ?? null).driver.session;
    },
    get session() {
      return calls.live()?.driver.session ?? null;
    },
    dispose() {
      stopListening();
      unsubscribeCard?.();
      unsubscribeCard = null;
      card = null;
      bareSend = null;
    },
  };
}
