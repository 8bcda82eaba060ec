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
   * Put the call on hold (`true`) or take it off (`false`). The card's own Hold button
   * changes nothing on the card: confirm with `phone.heldChanged`, which the statechart
   * shows on the card with `CallCardSetHold` (statechart.md, softphone table).
   */
  hold(held: boolean): unknown;
  /**
   * Mute (`true`) or unmute (`false`) the operator's microphone. Confirm with
   * `phone.mutedChanged`, which the statechart shows on the card with `CallCardSetMute`.
   */
  mute(muted: boolean): unknown;
  /** Send one DTMF tone. */
  sendDtmf(key: DialKey): unknown;
  /** Start a transfer to an employee or number; report the outcome with `phone.transferSucceeded` / `phone.transferFailed`. */
  startTransfer(target: TransferTarget): unknown;
  /** Complete the transfer started with `startTransfer`. */
  completeTransfer(): unknown;
  /** Abandon the transfer and return to the call. */
  cancelTransfer(): unknown;
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
