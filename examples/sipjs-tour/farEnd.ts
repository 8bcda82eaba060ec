/**
 * A far end on the loopback network (the customer, a colleague): a plain SIP.js user agent that
 * does what a person with a phone does when the check asks, and logs what reached it. It follows
 * a REFER (calls the target and NOTIFYs the outcome), as a SIP phone does.
 */
import { Inviter, SessionState, UserAgent, type Invitation, type Session } from 'sip.js';
import type { FarEnd } from './driver';
import { DOMAIN, loopbackUserAgent, type LoopbackNetwork } from './loopback';

export interface LoopbackFarEnd extends FarEnd {
  stop(): Promise<void>;
}

export async function loopbackFarEnd(network: LoopbackNetwork, user: string): Promise<LoopbackFarEnd> {
  const log: string[] = [];
  let policy: Parameters<FarEnd['setIncomingPolicy']>[0] = { kind: 'wait' };
  let session: Session | undefined;
  const userAgent = loopbackUserAgent(network, user);

  const watch = (s: Session) => {
    session = s;
    s.delegate = {
      // A delegate takes over SIP.js's own handling: each request must be accepted here.
      onBye: (bye) => {
        log.push('bye');
        void bye.accept();
      },
      onInfo: (info) => void info.accept(),
      onRefer: (referral) => {
        log.push(`refer ${referral.referTo.uri.user ?? ''}`);
        void referral.accept().then(() => {
          const next = referral.makeInviter();
          watch(next);
          // A transfer that fails leaves us on the call we had.
          let reached = false;
          next.stateChange.addListener((state) => {
            if (state === SessionState.Established) reached = true;
            if (state === SessionState.Terminated && !reached && session === next) session = s;
          });
          void next.invite();
        });
      },
      onNotify: (notification) => void notification.accept(),
    };
    s.stateChange.addListener((state) => {
      if (state === SessionState.Established && session === s) log.push('established');
      if (state === SessionState.Terminated) log.push('terminated');
    });
  };

  userAgent.delegate = {
    onInvite: (invitation: Invitation) => {
      log.push(`invite ${invitation.remoteIdentity.uri.user ?? ''}`);
      watch(invitation);
      if (policy.kind === 'answer') void invitation.accept();
      if (policy.kind === 'reject') void invitation.reject({ statusCode: policy.statusCode });
    },
  };
  await userAgent.start();

  return {
    log,
    setIncomingPolicy: (next) => void (policy = next),
    call(to) {
      const target = UserAgent.makeURI(`sip:${to}@${DOMAIN}`);
      if (!target) throw new TypeError(`not a SIP user: ${to}`);
      const inviter = new Inviter(userAgent, target);
      watch(inviter);
      void inviter.invite();
    },
    async answer() {
      const invitation = session as Invitation | undefined;
      if (!invitation || invitation.state !== SessionState.Initial) throw new Error(`${user}: no ringing call to answer`);
      await invitation.accept();
    },
    async reject(statusCode) {
      await (session as Invitation).reject({ statusCode });
    },
    async hangup() {
      if (!session) return;
      if (session.state === SessionState.Established) await session.bye();
      else if (session instanceof Inviter) await session.cancel();
      else await (session as Invitation).reject();
    },
    sessionState: () => session?.state ?? 'none',
    stop: () => userAgent.stop(),
  };
}
