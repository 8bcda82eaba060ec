import type { TransferTarget } from '../../../machines/callCard.events';
import type { SipDiagnostic } from './diagnostics';

/** What the integrator learns of an incoming call before any card exists. */
export interface IncomingSipCall<S> {
  /** The stack's own session (a JsSIP `RTCSession`, a SIP.js `Invitation`). */
  readonly session: S;
  /** The caller's number: the user part of their SIP URI, `null` when there is none. */
  readonly phoneNumber: string | null;
  /** The caller's display name, when sent. */
  readonly displayName: string | null;
}

/**
 * Options shared by `sipJsSoftphone` and `jsSipSoftphone`. Every one is optional; a bad
 * value throws a `TypeError` naming it when the softphone is created.
 */
export interface SipSoftphoneOptions<S> {
  /** Turns the number the card dials into a SIP URI. Default: `sip:<number>@<the user agent's domain>`. */
  readonly numberToUri?: (phoneNumber: string) => string;
  /** Turns a transfer target (employee id or number) into a SIP URI. Default: `numberToUri(target.destination)`. */
  readonly transferTargetToUri?: (target: TransferTarget) => string;
  /**
   * The status sent when the operator presses Skip (or a ringing call's card is closed).
   * Default 603 Decline: the operator declined this call; 486 would tell a forking proxy
   * or a queue that the operator is busy on another call, which is not true.
   */
  readonly rejectStatus?: number;
  /** The status sent to a second INVITE while a call is live (one card, one call). Default 486 Busy Here. */
  readonly busyStatus?: number;
  /** How `sendDtmf` sends a key: RFC 4733 events in the audio stream (default) or SIP INFO `application/dtmf-relay`. */
  readonly dtmf?: 'rfc4733' | 'info';
  /**
   * `blind` (default): Transfer sends a REFER to the target. `attended`: choosing the target
   * holds the customer and calls the target first (the consult call); Transfer sends a REFER
   * with Replaces, Return to call ends the consult call and resumes the customer.
   */
  readonly transfer?: 'blind' | 'attended';
  /**
   * An incoming INVITE, before any card: register the call with Bitrix24 here
   * (`telephony.externalcall.register`) and return its `CALL_ID` (or a promise of it), so
   * the adapter knows which card is this call's. Returning nothing leaves the session to
   * the card whose number and direction are its own, when exactly one session fits
   * (`sipCardUnmatched` otherwise); never to whichever card opens next. `records.attach`
   * does this for you (docs/sip-records.md).
   */
  readonly onIncoming?: (call: IncomingSipCall<S>) => string | null | undefined | void | PromiseLike<string | null | undefined | void>;
  /** What the adapter noticed and handled: a busy reject, a lost transport, a throwing hook. */
  readonly onDiagnostic?: (diagnostic: SipDiagnostic) => void;
  /**
   * How long a transfer's REFER may wait for its final NOTIFY, ms (default 30 000). A far
   * end that never sends it would leave the card in `transferring` for ever: past this the
   * card hears `phone.transferFailed` with code 408 and a `sipTransferTimedOut` diagnostic.
   */
  readonly transferTimeoutMs?: number;
  /**
   * Characters a dial string may hold beyond `+`, digits, `*` and `#` (e.g. `','` for a
   * pause your PBX understands). CRM formatting (spaces, parentheses, dashes, dots) is
   * always removed first; a number with any other character is refused and reported
   * (`sipDialStringRefused`), never sent. Default `''`.
   */
  readonly dialCharacters?: string;
  /** The adapter's clock (epoch ms and timers); for tests. Default: `Date.now` and the global timers. */
  readonly clock?: SipClock;
}

/** Where the adapter reads the time and sets its timers. */
export interface SipClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const SYSTEM_CLOCK: SipClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The options with every default filled in. */
export interface ResolvedSipOptions<S> {
  readonly numberToUri: (phoneNumber: string) => string;
  readonly transferTargetToUri: (target: TransferTarget) => string;
  readonly rejectStatus: number;
  readonly busyStatus: number;
  readonly dtmf: 'rfc4733' | 'info';
  readonly transfer: 'blind' | 'attended';
  readonly onIncoming: SipSoftphoneOptions<S>['onIncoming'];
  readonly onDiagnostic: SipSoftphoneOptions<S>['onDiagnostic'];
  readonly transferTimeoutMs: number;
  readonly dialCharacters: string;
  readonly clock: SipClock;
}

const OPTION_NAMES = ['numberToUri', 'transferTargetToUri', 'rejectStatus', 'busyStatus', 'dtmf', 'transfer', 'onIncoming', 'onDiagnostic', 'transferTimeoutMs', 'dialCharacters', 'clock'] as const;

function finalStatus(entry: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 400 || value > 699) {
    throw new TypeError(`${entry}: options.${name} must be a SIP final failure status (an integer 400–699), received ${String(value)}`);
  }
  return value;
}

function hook<F>(entry: string, name: string, value: unknown): F | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new TypeError(`${entry}: options.${name} must be a function, received ${typeof value}`);
  return value as F;
}

/** A SIP URI user part may hold digits, letters and `-_.!~*'()&=+$,;?/`; anything else is escaped (RFC 3261 §25.1). */
function escapeUser(user: string): string {
  return user.replace(/[^A-Za-z0-9\-_.!~*'()&=+$,;?/]/g, (ch) => encodeURIComponent(ch));
}

/**
 * Checks the options once, at creation, so a typo fails the integrator's page load rather
 * than the operator's first call. `entry` names the function in the error.
 */
export function resolveSipOptions<S>(entry: string, options: SipSoftphoneOptions<S> | undefined, domain: string): ResolvedSipOptions<S> {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`${entry}: options must be an object, received ${options === null ? 'null' : typeof options}`);
  }
  const given = (options ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(given).filter((key) => !(OPTION_NAMES as readonly string[]).includes(key));
  if (unknown.length > 0) throw new TypeError(`${entry}: unknown option ${unknown.join(', ')} (known: ${OPTION_NAMES.join(', ')})`);
  if (given.dtmf !== undefined && given.dtmf !== 'rfc4733' && given.dtmf !== 'info') {
    throw new TypeError(`${entry}: options.dtmf must be 'rfc4733' or 'info', received ${String(given.dtmf)}`);
  }
  if (given.transfer !== undefined && given.transfer !== 'blind' && given.transfer !== 'attended') {
    throw new TypeError(`${entry}: options.transfer must be 'blind' or 'attended', received ${String(given.transfer)}`);
  }
  if (given.transferTimeoutMs !== undefined && (typeof given.transferTimeoutMs !== 'number' || !Number.isFinite(given.transferTimeoutMs) || given.transferTimeoutMs <= 0)) {
    throw new TypeError(`${entry}: options.transferTimeoutMs must be a positive number of ms, received ${String(given.transferTimeoutMs)}`);
  }
  if (given.dialCharacters !== undefined && (typeof given.dialCharacters !== 'string' || /[\s@:<>"%]/.test(given.dialCharacters))) {
    throw new TypeError(`${entry}: options.dialCharacters must be a string of characters without spaces, @, :, <, >, " or %, received ${String(given.dialCharacters)}`);
  }
  const clock = given.clock as Partial<SipClock> | undefined;
  if (clock !== undefined && (typeof clock !== 'object' || clock === null || !(['now', 'setTimeout', 'clearTimeout'] as const).every((m) => typeof clock[m] === 'function'))) {
    throw new TypeError(`${entry}: options.clock must have now, setTimeout and clearTimeout`);
  }
  const numberToUri = hook<(phoneNumber: string) => string>(entry, 'numberToUri', given.numberToUri) ?? ((phoneNumber: string) => `sip:${escapeUser(phoneNumber)}@${domain}`);
  const transferTargetToUri = hook<(target: TransferTarget) => string>(entry, 'transferTargetToUri', given.transferTargetToUri) ?? ((target: TransferTarget) => numberToUri(target.destination));
  return {
    numberToUri,
    transferTargetToUri,
    rejectStatus: finalStatus(entry, 'rejectStatus', given.rejectStatus, 603),
    busyStatus: finalStatus(entry, 'busyStatus', given.busyStatus, 486),
    dtmf: (given.dtmf as 'rfc4733' | 'info' | undefined) ?? 'rfc4733',
    transfer: (given.transfer as 'blind' | 'attended' | undefined) ?? 'blind',
    onIncoming: hook(entry, 'onIncoming', given.onIncoming),
    onDiagnostic: hook(entry, 'onDiagnostic', given.onDiagnostic),
    transferTimeoutMs: (given.transferTimeoutMs as number | undefined) ?? 30_000,
    dialCharacters: (given.dialCharacters as string | undefined) ?? '',
    clock: (clock as SipClock | undefined) ?? SYSTEM_CLOCK,
  };
}
