import type { SipDiagnostic } from './diagnostics';
import type { SipSessionDriver, SipSessionEnd, SipSessionEvents } from './driver';
import type { PhoneHealth } from './health';
import type { SipClock } from './options';

// A SIP softphone's part in the phone's handovers (statechart SC-F5; docs/sip.md "One phone
// across frames"). Internal to the SIP core: `stripInternal` keeps it out of the published types.

/**
 * @internal The old owner answers a new INVITE 480 while it hands over: a 4xx, so a forking
 * proxy still waits for the successor's branch; a 6xx would end every branch.
 */
export const HANDOVER_STATUS = 480;
/** @internal How long `ready()` waits for the registration, ms. */
export const READY_WAIT_MS = 30_000;
/** @internal How long `stop()` waits for the un-REGISTER's answer and the stack to stop, ms. */
export const STOP_WAIT_MS = 5_000;

/** @internal `accept`: an INVITE rings; `refuse`: 480; `hold`: kept unanswered until calls are accepted (then it rings) or the softphone stops (480). */
export type SipIntake = 'accept' | 'refuse' | 'hold';

/** @internal A held INVITE; its session's events go to `target` once it rings. `over`: its caller gave up while held. */
interface Held<S> {
  readonly driver: SipSessionDriver<S>;
  target: SipSessionEvents | null;
  over: boolean;
}

/** @internal */
export interface SipHandoverOptions<S> {
  readonly health: PhoneHealth;
  readonly clock: SipClock;
  readonly observesRegistration: boolean;
  /** Rings an INVITE as a call (the bridge's busy check, `onIncoming`, the card). */
  accept(session: SipSessionDriver<S>): SipSessionEvents | null;
  stopStack(): Promise<void>;
  /** Stops listening to the stack and the card. */
  dispose(): void;
  report(diagnostic: SipDiagnostic): void;
}

/**
 * @internal The old owner refuses new INVITEs (480) from the moment its successor is
 * registered until it stops; the successor holds what reaches it until it owns. So one of the
 * two registrations takes each call and neither refuses the caller outright.
 */
export function sipHandover<S>(options: SipHandoverOptions<S>) {
  let intake: SipIntake = 'accept';
  let held: Held<S>[] = [];
  let stopping: Promise<void> | null = null;

  /** Answers `session` 480 (a stack that refuses, ending it itself, has answered already). */
  const refuse = (session: SipSessionDriver<S>): void => {
    try {
      session.end(HANDOVER_STATUS);
    } catch {
      // ended by the stack
    }
    options.report({ kind: 'sipHandoverRefused', statusCode: HANDOVER_STATUS, remoteUser: session.remoteUser, message: `handover: INVITE answered ${HANDOVER_STATUS}` });
  };
  /** Takes the held INVITEs: each rings (`ring`) or is refused, unless its caller gave up. */
  const drain = (ring: boolean): void => {
    const waiting = held;
    held = [];
    for (const entry of waiting) if (!entry.over) ring ? (entry.target = options.accept(entry.driver)) : refuse(entry.driver);
  };

  return {
    incoming(session: SipSessionDriver<S>): SipSessionEvents | null {
      if (stopping === null && intake === 'accept') return options.accept(session);
      if (stopping !== null || intake === 'refuse') {
        refuse(session);
        return null;
      }
      const entry: Held<S> = { driver: session, target: null, over: false };
      held.push(entry);
      return {
        connected: () => entry.target?.connected(),
        over: (end: SipSessionEnd) => (entry.target ? entry.target.over(end) : void (entry.over = true)),
      };
    },
    setAcceptingCalls(accepting: boolean): void {
      if (typeof accepting !== 'boolean') throw new TypeError('setAcceptingCalls: not a boolean');
      if (stopping !== null) return;
      intake = accepting ? 'accept' : 'refuse';
      // Held INVITEs ring now, or (handing over) are refused: the successor's branch of each has them.
      drain(accepting);
    },
    holdIncomingCalls(): void {
      if (stopping === null) intake = 'hold';
    },
    ready(): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        if (stopping !== null || !options.observesRegistration) {
          reject(new Error(stopping ? 'ready(): stopped' : 'ready(): registration unseen (sipJsSoftphone: pass registerer)'));
          return;
        }
        const settle = (error?: string): void => {
          unsubscribe();
          options.clock.clearTimeout(timer);
          error === undefined ? resolve() : reject(new Error(`ready(): ${error}`));
        };
        const look = (): void => {
          const { registration, reason } = options.health.state;
          if (registration === 'registered') settle();
          else if (registration === 'failed') settle(`REGISTER failed (${reason})`);
        };
        const unsubscribe = options.health.subscribe(look);
        const timer = options.clock.setTimeout(() => settle('not registered in time'), READY_WAIT_MS);
        look();
      });
    },
    stop(): Promise<void> {
      if (stopping === null) {
        drain(false);
        options.dispose();
        let timer: unknown;
        const bound = new Promise<void>((resolve) => (timer = options.clock.setTimeout(resolve, STOP_WAIT_MS)));
        stopping = Promise.race([options.stopStack().catch(() => undefined), bound]).then(() => options.clock.clearTimeout(timer));
      }
      return stopping;
    },
  };
}
