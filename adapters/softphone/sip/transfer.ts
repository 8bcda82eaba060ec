import type { PhoneEvent, TransferTarget } from '../../../machines/callCard.events';
import type { SipCall, SipConsult } from './calls';
import type { SipReferEvents, SipStackDriver } from './driver';
import type { SipDiagnostic } from './diagnostics';
import type { ResolvedSipOptions } from './options';

/** The SIP status the card hears when a REFER's final NOTIFY never came: 408 Request Timeout. */
export const TRANSFER_TIMEOUT_CODE = 408;

/**
 * Thrown (and so reported by the card as `softphoneError`) when a command cannot be carried
 * out: no session for the card's call, a session not in the state the command needs (not
 * ringing for `answer`, not established for hold, mute, DTMF, starting or completing a
 * transfer, a transfer not started or its REFER not answered yet), a call already live for `call`/`dial`, or a number
 * refused as a dial string.
 */
export class SipCommandError extends Error {
  override readonly name = 'SipCommandError';
}

/** What the transfer commands need from the bridge. */
export interface TransferContext<S> {
  readonly stack: SipStackDriver<S>;
  readonly options: ResolvedSipOptions<S>;
  /** Tells the card of `call` (or keeps it for the card that will open). */
  tell(call: SipCall<S>, event: PhoneEvent): void;
  /** Ends `call` as the card asked (its end is not news for the card). */
  end(call: SipCall<S>): void;
  /** Holds or resumes `call`, in turn with the card's own hold clicks. */
  hold(call: SipCall<S>, held: boolean): Promise<void>;
  report(diagnostic: SipDiagnostic): void;
}

/** Ends the consult call of an attended transfer, quietly. */
function endConsult<S>(consult: SipConsult<S>, rejectStatus: number): void {
  if (consult.status === 'over') return;
  consult.endRequested = true;
  consult.driver?.end(rejectStatus);
}

/**
 * The three transfer commands. Blind (the default): start remembers the target, complete
 * sends REFER to it, cancel has nothing to undo. Attended (`transfer: 'attended'`): start
 * holds the customer and calls the target (the consult call), complete sends REFER with
 * Replaces of the consult call, cancel ends the consult call and resumes the customer.
 * Either way a REFER settles once: accepted → `phone.transferSucceeded` and our legs end,
 * failed → `phone.transferFailed`; a REFER disowned by cancel is ignored.
 */
export function transferCommands<S>(context: TransferContext<S>) {
  const { stack, options, tell, end, hold, report } = context;
  const { clock, transferTimeoutMs } = options;
  /** The REFER timer of each call whose REFER awaits its outcome. */
  const timers = new Map<SipCall<S>, unknown>();
  const stopTimer = (call: SipCall<S>) => {
    if (!timers.has(call)) return;
    clock.clearTimeout(timers.get(call));
    timers.delete(call);
  };

  function refer(call: SipCall<S>, uri: string, consult: SipConsult<S> | null): void {
    const generation = ++call.referGeneration;
    call.referInFlight = generation;
    const settled = () => call.referGeneration !== generation || call.status === 'over';
    // The final NOTIFY is the far end's to send; one that never comes must not hold the card in transferring.
    stopTimer(call);
    const timer = clock.setTimeout(() => {
      timers.delete(call);
      if (settled()) return;
      call.referGeneration++;
      report({ kind: 'sipTransferTimedOut', callId: call.callId, timeoutMs: transferTimeoutMs, message: `the REFER to ${uri} got no final NOTIFY within ${transferTimeoutMs} ms; the transfer is reported failed (${TRANSFER_TIMEOUT_CODE})` });
      tell(call, { type: 'phone.transferFailed', code: TRANSFER_TIMEOUT_CODE });
    }, transferTimeoutMs);
    timers.set(call, timer);
    const events: SipReferEvents = {
      accepted() {
        if (timers.get(call) === timer) stopTimer(call);
        if (settled()) return;
        call.referGeneration++;
        call.transfer = null;
        call.consult = null;
        tell(call, { type: 'phone.transferSucceeded' });
        // The customer now talks to the target: our legs go.
        if (consult) endConsult(consult, options.rejectStatus);
        end(call);
      },
      failed(code) {
        if (timers.get(call) === timer) stopTimer(call);
        if (settled()) return;
        call.referGeneration++;
        tell(call, { type: 'phone.transferFailed', code });
      },
    };
    if (consult?.driver) call.driver.refer(uri, events, consult.driver);
    else call.driver.refer(uri, events);
  }

  return {
    async start(call: SipCall<S>, target: TransferTarget): Promise<void> {
      call.transfer = target;
      const generation = ++call.referGeneration;
      if (options.transfer === 'blind') return;
      const consult: SipConsult<S> = { driver: null, status: 'dialling', endRequested: false, heldForIt: !call.held };
      call.consult = consult;
      const failed = (error: unknown): never => {
        if (call.referGeneration === generation) {
          call.referGeneration++;
          tell(call, { type: 'phone.transferFailed', code: null });
        }
        throw error;
      };
      // The customer waits on hold while the operator talks to the target.
      if (consult.heldForIt) await hold(call, true).catch(failed);
      if (call.referGeneration !== generation || call.status === 'over') return; // cancelled meanwhile
      try {
        consult.driver = stack.call(options.transferTargetToUri(target), {
          connected() {
            if (consult.status !== 'over') consult.status = 'connected';
          },
          over(endOfConsult) {
            consult.status = 'over';
            if (consult.endRequested || call.referGeneration !== generation) return;
            // The target declined, was not found, or hung up before the transfer was completed.
            call.referGeneration++;
            tell(call, { type: 'phone.transferFailed', code: endOfConsult.type === 'failed' ? endOfConsult.code : null });
          },
        });
      } catch (error) {
        failed(error);
      }
    },

    complete(call: SipCall<S>): void {
      const target = call.transfer;
      if (!target) throw new SipCommandError('completeTransfer(): no transfer was started');
      // Transfer clicked twice: a second REFER would disown the first, whose NOTIFY may already have moved the customer.
      if (call.referInFlight === call.referGeneration) throw new SipCommandError('completeTransfer(): the REFER sent for this transfer has not been answered yet');
      const consult = call.consult;
      if (options.transfer === 'attended' && (!consult || consult.status !== 'connected')) {
        throw new SipCommandError('completeTransfer(): the consult call to the transfer target is not answered (yet)');
      }
      refer(call, options.transferTargetToUri(target), consult);
    },

    async cancel(call: SipCall<S>): Promise<void> {
      stopTimer(call);
      call.transfer = null;
      call.referGeneration++; // a REFER or consult call in flight is disowned
      const consult = call.consult;
      call.consult = null;
      if (!consult) return;
      endConsult(consult, options.rejectStatus);
      if (consult.heldForIt && call.status === 'connected') await hold(call, false);
    },

    /** The customer's call is over: its consult call goes too. */
    drop(call: SipCall<S>): void {
      stopTimer(call);
      if (call.consult) endConsult(call.consult, options.rejectStatus);
      call.consult = null;
    },
  };
}
