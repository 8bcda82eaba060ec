import type { SipDiagnostic } from './diagnostics';

/** The WebSocket to the SIP server, as the stack last said. */
export type SipTransportState = 'unknown' | 'connected' | 'down';
/** The user agent's registration, as the stack last said (`unknown` when the adapter cannot see it). */
export type SipRegistrationState = 'unknown' | 'registered' | 'unregistered' | 'failed';

/**
 * The phone's own health, whether or not a call is live: `online` unless the transport is
 * down or the registration failed or lapsed. A state the adapter has not seen (`unknown`:
 * before the stack said anything, or SIP.js without `registerer`) counts as fine.
 */
export interface SipPhoneHealth {
  readonly online: boolean;
  readonly transport: SipTransportState;
  readonly registration: SipRegistrationState;
  /** Why the phone is offline, in the adapter's words with the stack's reason inside; null while online. */
  readonly reason: string | null;
}

/** What a driver reports of the user agent's health. */
export type SipHealthChange =
  | { readonly transport: 'connected' }
  /** `refused`: the connection never opened (a `wss:` certificate the browser rejects, nothing listening, a proxy). */
  | { readonly transport: 'down'; readonly reason: string; readonly refused: boolean }
  | { readonly registration: 'registered' }
  | { readonly registration: 'unregistered' | 'failed'; readonly reason: string };

function healthOf(transport: SipTransportState, registration: SipRegistrationState, reason: string | null): SipPhoneHealth {
  const online = transport !== 'down' && registration !== 'failed' && registration !== 'unregistered';
  return Object.freeze({ online, transport, registration, reason: online ? null : reason });
}

/** The health state and its listeners; one per softphone. */
export class PhoneHealth {
  private current: SipPhoneHealth;
  private readonly listeners = new Set<(health: SipPhoneHealth) => void>();

  constructor(
    initial: { transport: SipTransportState; registration: SipRegistrationState },
    private readonly report: (diagnostic: SipDiagnostic) => void,
  ) {
    this.current = healthOf(initial.transport, initial.registration, initial.transport === 'down' ? 'the SIP transport is not connected' : null);
  }

  get state(): SipPhoneHealth {
    return this.current;
  }

  /** Calls `listener` with every change (not the current state); returns the unsubscribe. */
  subscribe(listener: (health: SipPhoneHealth) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError(`onHealth() needs a function, received ${typeof listener}`);
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  change(change: SipHealthChange): void {
    const was = this.current;
    let { transport, registration } = was;
    let reason = was.reason;
    if ('transport' in change) {
      transport = change.transport;
      if (change.transport === 'down' && was.transport !== 'down') {
        reason = change.refused
          ? `the SIP server refused the connection (${change.reason}); over wss: a certificate the browser does not trust is the usual cause`
          : `the SIP transport dropped (${change.reason})`;
        this.report({ kind: 'sipPhoneOffline', cause: change.refused ? 'transportRefused' : 'transportDown', reason: change.reason, message: reason });
      }
    } else {
      registration = change.registration;
      if (change.registration !== 'registered' && change.registration !== was.registration) {
        reason = change.registration === 'failed' ? `the REGISTER failed (${change.reason})` : `the registration lapsed (${change.reason})`;
        this.report({ kind: 'sipPhoneOffline', cause: change.registration === 'failed' ? 'registrationFailed' : 'registrationExpired', reason: change.reason, message: reason });
      }
    }
    const next = healthOf(transport, registration, reason);
    if (next.online === was.online && next.transport === was.transport && next.registration === was.registration && next.reason === was.reason) return;
    this.current = next;
    for (const listener of [...this.listeners]) {
      try {
        listener(next);
      } catch (error) {
        this.report({ kind: 'sipHookError', hook: 'onHealth', error, message: `an onHealth listener threw: ${String(error)}` });
      }
    }
  }
}
