import { describeError } from '../../../diagnostics';
import type { PhoneEvent, TransferTarget } from '../../../machines/callCard.events';
import type { DialKey } from '../../../protocol/buttons';
import type { Softphone } from '../port';
import { SipCalls, type SipCall, type SipCallEndedBy } from './calls';
import { CardLink, type ConnectableCard } from './cardLink';
import type { SipDiagnostic } from './diagnostics';
import { dialStringOf } from './dialString';
import type { SipSessionDriver, SipSessionEnd, SipSessionEvents, SipStackDriver } from './driver';
import { factsOf, type SipCallObserver, type SipRegister } from './facts';
import { PhoneHealth, type SipPhoneHealth } from './health';
import { resolveSipOptions, type SipSoftphoneOptions } from './options';
import { SipCommandError, transferCommands } from './transfer';

export { SipCommandError };
export type { ConnectableCard };

/** How long `isDialling` waits for registers in flight before it answers from what it knows, ms. */
export const REGISTER_WAIT_MS = 10_000;

/** The softphone port on a SIP stack, plus what only a real softphone has. */
export interface SipSoftphone<S> extends Softphone {
  /**
   * Feeds the card the session's events (`phone.connected`, `phone.ended`…), each to the card
   * of its own call, at once or when that card opens. Call it once (again throws a `TypeError`)
   * with what `createCallCard` returned, or with a function that then hears every event of the
   * live call, no card matched. Returns the function that disconnects it.
   */
  connect(card: ConnectableCard | ((event: PhoneEvent) => void)): () => void;
  /**
   * Places a call that is not the card's own Call button (click-to-call, a callback the
   * integrator starts), bound to `callId` when the call record already exists, so the
   * card that opens for it hears how it goes. Returns the stack's session. Throws a
   * {@link SipCommandError} when a call is already live, or when the number holds characters
   * a dial string may not (reported as `sipDialStringRefused`; CRM formatting is removed first).
   */
  dial(phoneNumber: string, callId?: string): S;
  /**
   * Whether this softphone is dialling the call `callId`: an outgoing session bound to that
   * `CALL_ID` and not over. The one place that answers it (statechart SC-L5: a card
   * `outgoing` for a call nobody dials is click-to-call). It first waits for every register
   * in flight (`onIncoming`, `records.attach`) to answer, at most {@link REGISTER_WAIT_MS}.
   */
  isDialling(callId: string): Promise<boolean>;
  /** The phone's health now: transport, registration, `online`. */
  readonly health: SipPhoneHealth;
  /** Hears every later change of {@link SipSoftphone.health} (not the current one); returns the unsubscribe. A non-function throws a `TypeError`. */
  onHealth(listener: (health: SipPhoneHealth) => void): () => void;
  /** Hears the start and end of each session from now on, with what a call record needs (`records.attach` uses it); returns the unsubscribe. */
  observeCalls(observer: SipCallObserver): () => void;
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
 * methods on top of a {@link SipStackDriver}, which session belongs to which card
 * ({@link SipCalls}, {@link CardLink}), the busy policy, the phone's health, and the card's
 * `phone.*` events, each told once, late if need be.
 */
export function createSipSoftphone<S>(entry: string, driver: SipStackDriver<S>, given: SipSoftphoneOptions<S> | undefined): SipSoftphone<S> {
  const options = resolveSipOptions(entry, given, driver.domain);
  if (options.transfer === 'attended' && !driver.attendedTransfer) throw new TypeError(`${entry}: options.transfer 'attended' is not supported by this stack's driver`);
  const { clock } = options;
  const calls = new SipCalls<S>(() => clock.now());
  const observers = new Set<SipCallObserver>();
  /** Resolved whenever a register answers: `isDialling` looks again. */
  let registerWaiters: (() => void)[] = [];

  const report = (diagnostic: SipDiagnostic) => {
    try {
      options.onDiagnostic?.(diagnostic);
    } catch {
      // the diagnostic hook is the last place to report to
    }
  };
  const link = new CardLink<S>(entry, calls, report);
  const health = new PhoneHealth(driver.health(), report);

  function hookFailed(hook: string, error: unknown): void {
    report({ kind: 'sipHookError', hook, error, message: `${hook} threw: ${describeError(error)}` });
  }

  function notify(call: SipCall<S>, what: 'ended'): void {
    for (const observer of [...observers]) {
      try {
        observer[what]?.(factsOf(call));
      } catch (error) {
        hookFailed(`observeCalls ${what}`, error);
      }
    }
  }

  /** A register answered (or failed): bind the session, and let the open card and `isDialling` look again. */
  function registered(call: SipCall<S>, source: string, returned: unknown): void {
    if (typeof returned === 'string' && returned !== '') {
      if (call.callId === null) call.callId = returned;
      else if (call.callId !== returned) report({ kind: 'sipCallIdConflict', claimed: call.callId, returned, message: `${source} gave CALL_ID ${returned}, but the call is already bound to ${call.callId}; kept ${call.callId}` });
    }
    link.recheck();
  }

  /** Ties `call` to what a register gives: a `CALL_ID` now, or a promise of one. */
  function registerWith(call: SipCall<S>, source: string): SipRegister {
    return (returned) => {
      if (!isThenable(returned)) {
        registered(call, source, returned);
        return;
      }
      call.registers++;
      const settle = (value: unknown) => {
        call.registers--;
        registered(call, source, value);
        const waiters = registerWaiters;
        registerWaiters = [];
        for (const wake of waiters) wake();
      };
      returned.then(settle, (error: unknown) => {
        hookFailed(source, error);
        settle(null);
      });
    };
  }

  function started(call: SipCall<S>): void {
    for (const observer of [...observers]) {
      try {
        observer.started?.(factsOf(call), registerWith(call, 'observeCalls started'));
      } catch (error) {
        hookFailed('observeCalls started', error);
      }
    }
  }

  function finish(call: SipCall<S>, endedBy: SipCallEndedBy, code: number | null): boolean {
    if (!calls.end(call, endedBy, code)) return false;
    transfers.drop(call);
    notify(call, 'ended');
    return true;
  }

  function sessionEvents(callRef: () => SipCall<S> | undefined): SipSessionEvents {
    return {
      connected() {
        const call = callRef();
        if (!call || !calls.connect(call)) return;
        link.tell(call, { type: 'phone.connected' });
      },
      over(end: SipSessionEnd) {
        const call = callRef();
        if (!call || call.status === 'over') return;
        const code = end.type === 'failed' ? end.code : null;
        if (!finish(call, end.type === 'failed' ? 'failed' : 'remoteHungUp', code) || call.endRequested) return;
        if (end.type === 'failed' && end.code === null) {
          report({ kind: 'sipCallEnded', callId: call.callId, code: null, cause: end.cause, message: `call ${call.callId ?? '(no card yet)'} failed: ${end.cause}` });
        }
        link.tell(call, end.type === 'ended' ? { type: 'phone.ended' } : { type: 'phone.failed', code: end.code });
      },
    };
  }

  function liveCall(method: string): SipCall<S> {
    const call = link.current();
    if (!call || call.status === 'over') throw new SipCommandError(`${method}(): no live SIP session for the card's call`);
    return call;
  }

  function connectedCall(method: string): SipCall<S> {
    const call = liveCall(method);
    if (call.status !== 'connected') throw new SipCommandError(`${method}(): the SIP session is not established (${call.status})`);
    return call;
  }

  /** Ends `call` as the card asked: its end is not news for the card; `endedBy` is what the record says. */
  function endCall(call: SipCall<S>, endedBy?: SipCallEndedBy): void {
    if (call.status === 'over') return;
    call.endRequested = true;
    call.endedBy = endedBy ?? (call.status === 'ringing' ? 'skipped' : 'hungUp');
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

  const transfers = transferCommands<S>({ stack: driver, options, tell: (call, event) => link.tell(call, event), end: (call) => endCall(call, 'transferred'), hold: holdInTurn, report });

  function place(phoneNumber: string, callId: string | null): SipCall<S> {
    if (calls.live()) throw new SipCommandError(`call(${phoneNumber}): a call is already live`);
    const dial = dialStringOf(String(phoneNumber), options.dialCharacters);
    if (!dial.ok) {
      report({ kind: 'sipDialStringRefused', phoneNumber: String(phoneNumber), refused: dial.refused, message: `${dial.why}: nothing was sent` });
      throw new SipCommandError(`call(): ${dial.why}`);
    }
    const uri = options.numberToUri(dial.value);
    let call: SipCall<S> | undefined;
    const sessionDriver: SipSessionDriver<S> = driver.call(uri, sessionEvents(() => call));
    call = calls.add(sessionDriver, 'dialling', callId);
    started(call);
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
          registerWith(call, 'onIncoming')(options.onIncoming({ session: sessionDriver.session, phoneNumber: sessionDriver.remoteUser, displayName: sessionDriver.remoteName }));
        } catch (error) {
          hookFailed('onIncoming', error);
        }
      }
      started(call);
      // A card may already be open and waiting for this call (the host was quicker than the INVITE).
      link.recheck();
      return events;
    },
    transportLost(reason, refused) {
      health.change({ transport: 'down', reason, refused });
      const live = calls.allLive();
      if (live.length === 0) return;
      report({ kind: 'sipTransportLost', reason, calls: live.map((call) => call.callId), message: `the SIP transport dropped (${reason}) with ${live.length} live call(s); each is reported as failed` });
      for (const call of live) {
        finish(call, 'failed', null);
        link.tell(call, { type: 'phone.failed', code: null });
        call.endRequested = true;
        try {
          call.driver.end(options.rejectStatus);
        } catch {
          // the stack may refuse to end a session whose transport is gone; it is over for us anyway
        }
      }
    },
    health: (change) => health.change(change),
  });

  return {
    answer() {
      const call = link.current();
      if (!call || call.status !== 'ringing' || call.driver.direction !== 'incoming') {
        // Without a session the card would wait in connectingIncoming for ever.
        if (!call) link.tellOpenCard({ type: 'phone.failed', code: null });
        throw new SipCommandError(`answer(): no ringing incoming SIP session for the card's call${call ? ` (it is ${call.status})` : ''}`);
      }
      return call.driver.answer();
    },
    reject() {
      const call = link.current();
      if (call) endCall(call); // already over (the caller cancelled first): nothing to do
    },
    hangup() {
      const call = link.current();
      if (call) endCall(call); // already over (a finished transfer, a BYE crossing ours): nothing to do
    },
    call(phoneNumber: string) {
      try {
        place(phoneNumber, link.openCallId());
      } catch (error) {
        // The card dialled and waits in connectingOutgoing: tell it the call did not start.
        link.tellOpenCard({ type: 'phone.failed', code: null });
        throw error;
      }
    },
    // Hold and mute are the card's own commands: the statechart follows their promise (SC-B06, SC-B07), so no phone.* event is told back.
    async hold(held: boolean) {
      const call = connectedCall('hold');
      await holdInTurn(call, held);
      call.held = held;
    },
    async mute(muted: boolean) {
      const call = connectedCall('mute');
      await call.driver.mute(muted);
      call.muted = muted;
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
      const call = link.current();
      return call ? transfers.cancel(call) : undefined;
    },
    connect: (target) => link.connect(target),
    dial(phoneNumber: string, callId?: string) {
      return place(phoneNumber, callId ?? null).driver.session;
    },
    async isDialling(callId: string) {
      const deadline = clock.now() + REGISTER_WAIT_MS;
      while (calls.registering() && clock.now() < deadline) {
        await new Promise<void>((resolve) => {
          const timer = clock.setTimeout(resolve, Math.max(0, deadline - clock.now()));
          registerWaiters.push(() => {
            clock.clearTimeout(timer);
            resolve();
          });
        });
      }
      const call = calls.byCallId(callId);
      return call !== undefined && call.driver.direction === 'outgoing' && call.status !== 'over';
    },
    get health() {
      return health.state;
    },
    onHealth: (listener) => health.subscribe(listener),
    observeCalls(observer: SipCallObserver) {
      if (typeof observer !== 'object' || observer === null) throw new TypeError(`${entry}: observeCalls() needs { started?, ended? }`);
      observers.add(observer);
      return () => void observers.delete(observer);
    },
    get session() {
      return calls.live()?.driver.session ?? null;
    },
    dispose() {
      stopListening();
      link.dispose();
      observers.clear();
    },
  };
}
