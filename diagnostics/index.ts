import type { CardCommandName } from '../protocol/commands';

/**
 * Everything the library reports instead of throwing. Each variant names what went
 * wrong precisely enough to act on, and carries a human-readable `message`.
 */
export type Diagnostic =
  | RejectedPayload
  | IgnoredEvent
  | CommandFailed
  | CommandTimedOut
  | DuplicateCallback
  | CommandDropped
  | SoftphoneError
  | HookError
  | CardLost;

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

/** A well-formed event that the current state does not take (a click racing a state change). */
export interface IgnoredEvent {
  readonly kind: 'ignoredEvent';
  readonly event: string;
  /** The statechart state it arrived in, as a dotted path (`open.connected`). */
  readonly state: string;
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
