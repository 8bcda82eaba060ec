import type { CardCommandName } from '../protocol/commands';

/**
 * Everything the library reports instead of throwing. Each variant names what went
 * wrong precisely enough to act on, and carries a human-readable `message`.
 */
export type Diagnostic =
  | RejectedPayload
  | TruncatedPayload
  | IgnoredEvent
  | CommandFailed
  | CommandTimedOut
  | DuplicateCallback
  | CommandDropped
  | SoftphoneError
  | HookError
  | CardLost
  | CommandAbandoned
  | LateAnswer
  | OrphanedCard
  | CardProbeInconclusive
  | CardStillOpen
  | DiallingUnknown
  | DialRequestNotDialled;

/** A host or softphone payload that does not parse; the event was not delivered. */
export interface RejectedPayload {
  readonly kind: 'rejectedPayload';
  /** The card event name, or the `phone.*` event type. */
  readonly event: string;
  /** The field that failed, `'(payload)'` for the payload as a whole. */
  readonly field: string;
  /** The value received, as it came. */
  readonly received: unknown;
  readonly message: string;
}

/**
 * A host string longer than its bound (`protocol/bounds.ts`) that was cut to it rather than
 * rejected, because rejecting would lose more: an `initialized` (its card would be managed
 * by nobody) or a comment (the operator's text). The event was delivered with the cut value.
 * The value itself is not carried: it is exactly what was too big to keep.
 */
export interface TruncatedPayload {
  readonly kind: 'truncatedPayload';
  /** The card event name. */
  readonly event: string;
  /** The field that was cut (`CALL_ID`, `LINE_NAME`, `text`, `CRM_BINDINGS`…). */
  readonly field: string;
  /** Its length as received: UTF-16 code units for a string, elements for a list. */
  readonly length: number;
  /** The length it was cut to. */
  readonly bound: number;
  readonly message: string;
}

/**
 * A well-formed event that was not acted on: the state it reached does not take it (a
 * click racing a state change), it came from a card being closed, or the session had
 * stopped.
 */
export interface IgnoredEvent {
  readonly kind: 'ignoredEvent';
  readonly event: string;
  /** The statechart state it reached, as a dotted path (`call.connected`), or `disposed` / `stopped`. */
  readonly state: string;
  /**
   * Why: `notTaken` (the state has no transition for it), `closingCard` (an
   * `entityChanged` from the card whose `CallCardClose` is in flight: it belongs to that
   * card, never to the next call), `noCard` (a title or status text with no open card),
   * `stopped` (disposed, or the statechart failed).
   */
  readonly reason?: 'notTaken' | 'closingCard' | 'noCard' | 'stopped';
  readonly message: string;
}

/** The host answered a command with an error, in any of its shapes. */
export interface CommandFailed {
  readonly kind: 'commandFailed';
  readonly command: CardCommandName;
  readonly params: unknown;
  readonly errorCode: string;
  /** The raw result as the host sent it. */
  readonly result: unknown;
  readonly message: string;
}

/** The host did not answer a command in time; the queue moved on. */
export interface CommandTimedOut {
  readonly kind: 'commandTimedOut';
  readonly command: CardCommandName;
  readonly params: unknown;
  readonly timeoutMs: number;
  readonly message: string;
}

/** A second (or later) callback for a command that was already settled; it was ignored. */
export interface DuplicateCallback {
  readonly kind: 'duplicateCallback';
  readonly command: CardCommandName;
  readonly result: unknown;
  readonly message: string;
}

/** A queued command that was never sent: the card it was meant for is gone, or the session ended. */
export interface CommandDropped {
  readonly kind: 'commandDropped';
  readonly command: CardCommandName;
  readonly params: unknown;
  readonly reason: 'cardGone' | 'staleCall' | 'disposed' | 'hostThrew';
  readonly message: string;
}

/** A softphone method threw or returned a rejected promise. */
export interface SoftphoneError {
  readonly kind: 'softphoneError';
  readonly method: string;
  readonly error: unknown;
  readonly message: string;
}

/** An integrator's hook threw; the card went on. */
export interface HookError {
  readonly kind: 'hookError';
  readonly hook: string;
  readonly error: unknown;
  readonly message: string;
}

/** The host answered `Call card is undefined` while the statechart thought a card was open. */
export interface CardLost {
  readonly kind: 'cardLost';
  readonly command: CardCommandName;
  readonly message: string;
}

/**
 * A command the queue stopped waiting for, because a `CallCardClose` or a new card's
 * commands must not wait behind it (statechart.md, "`CallCardClose` is never held up").
 */
export interface CommandAbandoned {
  readonly kind: 'commandAbandoned';
  readonly command: CardCommandName;
  readonly params: unknown;
  readonly message: string;
}

/** The answer to a command the queue had abandoned; it was ignored. */
export interface LateAnswer {
  readonly kind: 'lateAnswer';
  readonly command: CardCommandName;
  readonly result: unknown;
  readonly message: string;
}

/**
 * At start the probe found a card open that this worker knows nothing of (a worker
 * restart, host-behaviour.md §6). `action` says what was done with it: `closed`
 * (`CallCardClose`, the default) or `adopted` (the integrator's `onOrphanedCard` said so).
 */
export interface OrphanedCard {
  readonly kind: 'orphanedCard';
  readonly action: 'closed' | 'adopted';
  /** The call the card showed, when the integrator knew it (adopted), else `null`. */
  readonly callId: string | null;
  readonly message: string;
}

/**
 * The probe could not tell whether a card is open (at start, or after a `CallCardClose` that
 * did not succeed): an old desktop application answers `[]` even with no card, or the probe
 * was not answered in time. Treated as no card.
 */
export interface CardProbeInconclusive {
  readonly kind: 'cardProbeInconclusive';
  /** The host's answer as it came; `undefined` when none came. */
  readonly result: unknown;
  readonly message: string;
}

/**
 * A `CallCardClose` failed or went unanswered, and the probe still finds a card open with no
 * other card shown since (statechart.md SC-C9): a card left open blocks every later call's
 * card (host-behaviour.md §1.3). `action` says what follows: `retried`, the close is sent
 * again after a pause (`attempt` counts the retries); `gaveUp`, after `attempt` retries the
 * card is left to the operator.
 */
export interface CardStillOpen {
  readonly kind: 'cardStillOpen';
  readonly action: 'retried' | 'gaveUp';
  readonly attempt: number;
  readonly message: string;
}

/**
 * An outgoing card came for a new call and the softphone's `isDialling(callId)` failed, gave
 * no boolean or did not answer in time (statechart SC-L5): the card was taken for what the
 * `outgoingWithoutIsDialling` option says (`assumed`).
 */
export interface DiallingUnknown {
  readonly kind: 'diallingUnknown';
  readonly callId: string;
  readonly assumed: 'dialling' | 'clickToCall';
  readonly message: string;
}

/**
 * A dial request of the application's server that was not dialled (statechart SC-L6):
 * `mobile` (the operator is on the mobile application), `busy` (a call is live: refused, its
 * summary handed over for its record, 486), `repeated` (this CALL_ID was served already), or
 * `otherUser` (the phone of another user), `noOwner` (it came while the phone's owner was starting
 * and the owner gave up, or too many waited).
 */
export interface DialRequestNotDialled {
  readonly kind: 'dialRequestNotDialled';
  readonly callId: string;
  readonly reason: 'mobile' | 'busy' | 'repeated' | 'otherUser' | 'noOwner';
  readonly message: string;
}

/** The `kind` of every diagnostic. */
export type DiagnosticKind = Diagnostic['kind'];

/** Renders any value for a diagnostic message, bounded so a 1 MB payload stays readable (NaN and Infinity as themselves, not JSON's `null`). */
export function describeValue(value: unknown, maxLength = 80): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? String(value) : value === undefined ? 'undefined' : typeof value === 'function' ? '[function]' : typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
  } catch {
    try {
      text = Object.prototype.toString.call(value);
    } catch {
      text = '[unreadable value]'; // a revoked proxy throws even here
    }
  }
  return text.length > maxLength ? `${text.slice(0, maxLength)}… (${text.length} chars)` : text;
}

/** Renders an error for a message without trusting its shape. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return describeValue(error);
}
