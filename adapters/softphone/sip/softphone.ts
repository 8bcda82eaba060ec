import type { PhoneEvent } from '../../../machines/callCard.events';
import type { Softphone } from '../port';
import type { ConnectableCard } from './cardLink';
import type { SipCallObserver } from './facts';
import type { SipPhoneHealth } from './health';

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
  /** Resolves once registered; rejects on a failed REGISTER, after 30 s, or with SIP.js without `registerer`. The phone hands over only then (SC-F5). */
  ready(): Promise<void>;
  /** `false`: new and held INVITEs are answered 480 (never a 6xx, which would cancel the new owner's branch). `true` (default): they ring, held ones first. */
  setAcceptingCalls(accepting: boolean): void;
  /** Until `setAcceptingCalls(true)`, new INVITEs are held unanswered (a successor readied before it owns). */
  holdIncomingCalls(): void;
  /** Unregisters and stops the user agent; held INVITEs are answered 480. */
  stop(): Promise<void>;
}
