import type { DialKey } from '../../protocol/buttons';
import type { TransferTarget } from '../../machines/callCard.events';

/**
 * What the statechart needs from the integrator's WebRTC/SIP softphone. Every method
 * may return a promise; a throw or a rejection is reported as a `softphoneError`
 * diagnostic and the card goes on. The softphone reports back through
 * `callCard.send({ type: 'phone.connected' })` and the other `phone.*` events.
 */
export interface Softphone {
  /** Answer the ringing call (the operator pressed Answer). */
  answer(): unknown;
  /** Decline the ringing call (the operator pressed Skip). */
  reject(): unknown;
  /** End the live call. */
  hangup(): unknown;
  /** Place a call to `phoneNumber` (Call, or Call again after busy). */
  call(phoneNumber: string): unknown;
  /**
   * Put the call on hold (`true`) or take it off (`false`): the operator pressed the card's
   * Hold button, and the card has already toggled itself. The statechart's hold region
   * follows once this returns or its promise resolves; if it throws or rejects, the card is
   * set back with `CallCardSetHold {held: !held}` and a `softphoneError` diagnostic is
   * reported (statechart.md SC-B07). No confirming event is needed; send
   * `phone.heldChanged` only when the softphone holds or resumes on its own (SC-P8).
   */
  hold(held: boolean): unknown;
  /**
   * Mute (`true`) or unmute (`false`) the operator's microphone: the operator pressed the
   * card's Mute button, and the card has already toggled itself. The microphone region
   * follows once this returns or resolves; if it throws or rejects, the card is set back with
   * `CallCardSetMute {muted: !muted}` (SC-B06). Send `phone.mutedChanged` only when the
   * softphone mutes or unmutes on its own (SC-P8).
   */
  mute(muted: boolean): unknown;
  /** Send one DTMF tone. */
  sendDtmf(key: DialKey): unknown;
  /**
   * Start a transfer to the destination the operator picked (`target.destination`, never the
   * customer's own number; `target.kind` when the host said). The card shows `transferring`
   * until the operator completes or cancels it (SC-B10).
   */
  startTransfer(target: TransferTarget): unknown;
  /**
   * Complete the transfer started with `startTransfer` (the operator pressed Transfer in
   * `transferring`). The card waits in `transferring` for the outcome: send
   * `phone.transferSucceeded` or `phone.transferFailed` (SC-B11, SC-P6, SC-P7).
   */
  completeTransfer(): unknown;
  /** Abandon the transfer and return to the call, microphone and hold as they were (SC-B12). */
  cancelTransfer(): unknown;
  /**
   * Optional: whether the softphone is placing the call `callId` (an outgoing session bound to
   * that `CALL_ID` and not over), answered once every register in flight has answered. An
   * outgoing card for a call it is not dialling is click-to-call (statechart SC-L5), which the
   * statechart dials (or shows with Call, by the `clickToCall` option). The SIP adapters have
   * it; without it the `outgoingWithoutIsDialling` option decides.
   */
  isDialling?(callId: string): boolean | PromiseLike<boolean>;
}

/** The softphone port's method names, in the order the interface lists them. */
export const SOFTPHONE_METHODS = [
  'answer',
  'reject',
  'hangup',
  'call',
  'hold',
  'mute',
  'sendDtmf',
  'startTransfer',
  'completeTransfer',
  'cancelTransfer',
] as const satisfies readonly (keyof Softphone)[];
