import type { SipDiagnostic } from './diagnostics';
import type { SipSessionDriver, SipSessionEnd, SipSessionEvents } from './driver';
import type { PhoneHealth } from './health';
import type { SipClock } from './options';

/**
 * The status a softphone that is handing over answers a new INVITE with (statechart SC-F5):
 * 480 Temporarily Unavailable is a 4xx, so a forking proxy (Kamailio's parallel branches to
 * every registered contact of the operator) still waits for the new owner's branch; a 6xx
 * would end every branch, the new owner's included.
 */
export const HANDOVER_STATUS = 480;
/** How long `ready()` waits for the registration before it gives up, ms. */
export const READY_WAIT_MS = 30_000;
/** How long `stop()` waits for the un-REGISTER's answer and the user agent to stop, ms. */
export const STOP_WAIT_MS = 5_000;

/**
 * What a new INVITE meets: `accept` rings it as a call (the default); `refuse` answers 480
 * (an old owner handing over); `hold` keeps it unanswered (the stack's 100 Trying only) until
 * calls are accepted again, then rings it; a softphone stopped before that answers it 480.
 */
export type SipIntake = 'accept' | 'refuse' | 'hold';

/** An INVITE kept unanswered while the intake is `hold`; its session's events wait for a call to take them. */
interface Held<S> {
  readonly driver: SipSessionDriver<S>;
  /** Where the session's events go once the INVITE rings as a call. */
  target: SipSessionEvents | null;
  /** The caller cancelled (or the stack ended it) while it was held: it never rings. */
  over: boolean;
}

export interface SipHandoverOptions<S> {
  readonly health: PhoneHealth;
  readonly clock: SipClock;
  /** Whether the stack's driver can see the registration (SIP.js needs the integrator's `registerer`). */
  readonly observesRegistration: boolean;
  /** Rings an INVITE as a call (the bridge's own intake: busy, `onIncoming`, the card). */
  accept(session: SipSessionDriver<S>): SipSessionEvents | null;
  /** Unregisters and stops the stack's user agent. */
  stopStack(): Promise<void>;
  /** Stops listening to the stack and the card. */
  dispose(): void;
  report(diagnostic: SipDiagnostic): void;
}

/**
 * A SIP softphone's part in the phone's handovers (statechart SC-F5): the owner that hands
 * over refuses new INVITEs with 480 from the moment its successor is registered until it stops;
 * the successor holds any INVITE that reaches it before it owns, and rings it once it does. So
 * during a handover exactly one of the two registrations takes a call and neither refuses the
 * caller outright.
 */
export function sipHandover<S>(options: SipHandoverOptions<S>) {
  let intake: SipIntake = 'accept';
  let held: Held<S>[] = [];
  let stopping: Promise<void> | null = null;

  const release = (): void => {
    const waiting = held;
    held = [];
    for (const entry of waiting) {
      if (entry.over) continue;
      entry.target = options.accept(entry.driver);
    }
  };

  const refuse = (session: SipSessionDriver<S>, why: string): void => {
    try {
      session.end(HANDOVER_STATUS);
    } catch {
      // The stack refused to answer a session it is ending itself; the caller hears its own outcome.
    }
    options.report({ kind: 'sipHandoverRefused', statusCode: HANDOVER_STATUS, remoteUser: session.remoteUser, message: `an INVITE from ${session.remoteUser ?? 'an unknown caller'} ${why}: answered ${HANDOVER_STATUS}` });
  };

  return {
    get intake(): SipIntake {
      return intake;
    },
    /** The stack's new INVITE, through the intake. */
    incoming(session: SipSessionDriver<S>): SipSessionEvents | null {
      if (stopping !== null) {
        refuse(session, 'reached a stopped softphone');
        return null;
      }
      if (intake === 'accept') return options.accept(session);
      if (intake === 'refuse') {
        refuse(session, 'arrived while this softphone hands the phone over');
        return null;
      }
      const entry: Held<S> = { driver: session, target: null, over: false };
      held.push(entry);
      return {
        connected: () => entry.target?.connected(),
        over: (end: SipSessionEnd) => {
          if (entry.target) entry.target.over(end);
          else entry.over = true;
        },
      };
    },
    setAcceptingCalls(accepting: boolean): void {
      if (stopping !== null) return;
      if (typeof accepting !== 'boolean') throw new TypeError(`setAcceptingCalls(accepting): accepting must be a boolean, received ${typeof accepting}`);
      intake = accepting ? 'accept' : 'refuse';
      if (accepting) release();
      else {
        // Held INVITEs were never rung here: the successor's branch of each has them.
        const waiting = held;
        held = [];
        for (const entry of waiting) if (!entry.over) refuse(entry.driver, 'was held while this softphone hands the phone over');
      }
    },
    holdIncomingCalls(): void {
      if (stopping === null) intake = 'hold';
    },
    ready(): Promise<void> {
      if (stopping !== null) return Promise.reject(new Error('ready(): the softphone is stopped'));
      if (!options.observesRegistration) return Promise.reject(new Error('ready(): this softphone cannot see its registration (give sipJsSoftphone the `registerer` option)'));
      return new Promise<void>((resolve, reject) => {
        const settle = (error: Error | null) => {
          unsubscribe();
          options.clock.clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        const look = (): boolean => {
          const { registration, reason } = options.health.state;
          if (registration === 'registered') settle(null);
          else if (registration === 'failed') settle(new Error(`ready(): the REGISTER failed (${reason ?? 'no reason given'})`));
          else return false;
          return true;
        };
        const unsubscribe = options.health.subscribe(() => void look());
        const timer = options.clock.setTimeout(() => settle(new Error(`ready(): not registered within ${READY_WAIT_MS} ms`)), READY_WAIT_MS);
        look();
      });
    },
    stop(): Promise<void> {
      if (stopping !== null) return stopping;
      const waiting = held;
      held = [];
      for (const entry of waiting) if (!entry.over) refuse(entry.driver, 'was held by a softphone that stopped');
      options.dispose();
      let timer: unknown;
      const bound = new Promise<void>((resolve) => (timer = options.clock.setTimeout(resolve, STOP_WAIT_MS)));
      stopping = Promise.race([options.stopStack().catch(() => undefined), bound]).then(() => options.clock.clearTimeout(timer));
      return stopping;
    },
  };
}
