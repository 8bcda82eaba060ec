// The scripted SIP stack driver and the card session on the host simulator that the bridge's
// unit tests drive (adapters/softphone/sip/). What each stack really puts on the wire is
// proved on real calls in tests/sip/.
import { createCallCard, type CallCardState, type CallSummary } from '../../../../index';
import { createHostSimulator } from '../../../../testing/index';
import { createSipSoftphone } from '../../../../adapters/softphone/sip/bridge';
import type { SipReferEvents, SipSessionDriver, SipSessionEvents, SipStackDriver, SipStackHandlers } from '../../../../adapters/softphone/sip/driver';
import type { SipDiagnostic } from '../../../../adapters/softphone/sip/diagnostics';
import type { SipSoftphoneOptions } from '../../../../adapters/softphone/sip/options';

export const uiOf = (state: CallCardState) => (state.status === 'call' ? state.uiState : null);
export const heldOf = (state: CallCardState) => (state.status === 'call' ? state.held : null);

export interface FakeSession {
  readonly name: string;
  readonly driver: SipSessionDriver<FakeSession>;
  readonly did: string[];
  events: SipSessionEvents | null;
  refer: SipReferEvents | null;
}

export function fakeStack(attendedTransfer = true, registration: 'registered' | 'unknown' = 'registered') {
  const stops: string[] = [];
  let handlers: SipStackHandlers<FakeSession> | null = null;
  const sessions: FakeSession[] = [];
  const session = (name: string, direction: 'incoming' | 'outgoing', events: SipSessionEvents | null): FakeSession => {
    const did: string[] = [];
    const fake: FakeSession = {
      name,
      did,
      events,
      refer: null,
      driver: {
        get session() {
          return fake;
        },
        direction,
        sipCallId: `sip-${name}`,
        remoteUser: name,
        remoteName: null,
        answer: () => void did.push('answer'),
        end: (status) => void did.push(`end ${status}`),
        hold: (held) => (did.push(`hold ${held}`), Promise.resolve()),
        mute: (muted) => void did.push(`mute ${muted}`),
        sendDtmf: (key, via) => void did.push(`dtmf ${key} ${via}`),
        refer: (uri, refer, replaces) => {
          did.push(`refer ${uri}${replaces ? ` replacing ${replaces.session.name}` : ''}`);
          fake.refer = refer;
        },
      },
    };
    sessions.push(fake);
    return fake;
  };
  const driver: SipStackDriver<FakeSession> = {
    domain: 'pbx.test',
    attendedTransfer,
    call: (uri, events) => session(uri, 'outgoing', events).driver,
    listen(h) {
      handlers = h;
      return () => {
        handlers = null;
      };
    },
    health: () => ({ transport: 'connected', registration }),
    observesRegistration: true,
    stop: () => {
      stops.push(handlers === null ? 'stack stopped, not listening' : 'stack stopped while listening');
      return Promise.resolve();
    },
  };
  return {
    driver,
    sessions,
    stops,
    invite(from: string): FakeSession {
      const fake = session(from, 'incoming', null);
      fake.events = handlers?.incoming(fake.driver) ?? null;
      return fake;
    },
    dropTransport: (reason: string, refused = false) => handlers?.transportLost(reason, refused),
    health: (change: Parameters<SipStackHandlers<FakeSession>['health']>[0]) => handlers?.health(change),
    get listening() {
      return handlers !== null;
    },
  };
}

export function setup(options: SipSoftphoneOptions<FakeSession> = {}) {
  const stack = fakeStack();
  const diagnostics: SipDiagnostic[] = [];
  const summaries: CallSummary[] = [];
  const softphone = createSipSoftphone('testSoftphone', stack.driver, { onDiagnostic: (d) => diagnostics.push(d), ...options });
  const sim = createHostSimulator();
  const card = createCallCard({ placement: sim.placement, softphone, onSummary: (s) => summaries.push(s) });
  const disconnect = softphone.connect(card);
  return { stack, softphone, sim, card, diagnostics, summaries, disconnect };
}

export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
