// The operator's worker page of the real-call tests, whatever the SIP stack: the card session
// (createCallCard) on the host simulator, driven by a real SIP softphone adapter. An entry
// (jssipWorker.entry.ts, sipjsWorker.entry.ts) only builds its user agent and adapter.
import { createCallCard, type CallSummary, type Diagnostic } from '../../../index';
import { createHostSimulator, type ClickResult } from '../../../testing/index';
import type { SipSoftphone } from '../../../adapters/softphone/sip/bridge';
import type { SipDiagnostic } from '../../../adapters/softphone/sip/diagnostics';
import type { SipSoftphoneOptions } from '../../../adapters/softphone/sip/options';
import type { SipPhoneHealth } from '../../../adapters/softphone/sip/health';
import type { CardEventName } from '../../../protocol';
import { mediaStats, playRemoteAudio, type MediaStats } from './media';
import { createCallRecords, fromBx24, type CallRecords } from '../../../adapters/records/index';
import { createBx24Client, createRestDouble, type RestDouble } from '../../../testing/rest/index';

/** What a stack's entry gives the operator page: its registered user agent wrapped by the adapter. */
export interface OperatorSoftphone {
  readonly softphone: SipSoftphone<unknown>;
  /** The live session's peer connection, for media statistics. */
  peerConnection(): RTCPeerConnection | undefined;
  stop(): Promise<void>;
}

/** Builds and registers the stack's user agent as `user`, and the adapter with `options`. */
export type OperatorStack = (user: string, server: string, options: SipSoftphoneOptions<unknown>) => Promise<OperatorSoftphone>;

/** What the test asks of the operator page when it starts. */
export interface OperatorConfig {
  readonly user: string;
  readonly server: string;
  readonly dtmf?: 'rfc4733' | 'info';
  readonly rejectStatus?: number;
  readonly transfer?: 'blind' | 'attended';
  readonly transferTimeoutMs?: number;
  /**
   * `atOnce` (default): the register of an incoming call answers at once and its card opens.
   * `held`: each waits for the test's `answerRegister(caller)` (a slow portal, a queue).
   */
  readonly registers?: 'atOnce' | 'held';
  /** Records every call with `records.attach(softphone)` on an in-page REST double (the portal's REST API). */
  readonly records?: boolean;
}

/** What the in-page REST double saw: every request's method and parameters, and every accepted finish. */
export interface OperatorRest {
  readonly requests: readonly { readonly method: string; readonly params: Record<string, unknown> }[];
  readonly finishes: readonly { readonly CALL_ID: string; readonly STATUS_CODE: string }[];
}

/** The card as the test reads it: the statechart's view and what the simulated host shows. */
export interface OperatorCard {
  readonly status: 'idle' | 'call';
  readonly uiState: string | null;
  /** Whether the host still shows the call's card (`lost`: hidden, closed elsewhere), null without a call. */
  readonly card: 'attached' | 'lost' | 'none' | null;
  readonly muted: boolean | null;
  readonly held: boolean | null;
  /** The UI state the simulated host shows, or null without a card. */
  readonly hostUiState: string | null;
  readonly callId: string | null;
}

export interface OperatorPage {
  start(config: OperatorConfig): Promise<void>;
  /** The operator's card opens for a callback to `number` (the `outgoing` state, Call button). */
  raiseCallback(number: string): string;
  /**
   * The operator clicks `number` in a CRM entity (host-behaviour §12, `records` config): the portal
   * registers the call on the REST double and raises the outgoing card at once with its CALL_ID,
   * which nobody dials (SC-L5). Returns the CALL_ID.
   */
  clickToCall(number: string): string;
  /** The in-page REST double's requests and finishes (`records` config). */
  rest(): OperatorRest;
  /** Answers the held register of `caller`'s call: the softphone gets its CALL_ID and the card opens; returns the CALL_ID. */
  answerRegister(caller: string): string;
  /** The callers whose register is held, oldest first. */
  heldRegisters(): string[];
  /** The softphone's health now. */
  health(): SipPhoneHealth;
  click(event: CardEventName): ClickResult;
  hold(held: boolean): ClickResult;
  mute(muted: boolean): ClickResult;
  dial(key: string): ClickResult;
  transfer(target: string): ClickResult;
  card(): OperatorCard;
  readonly summaries: CallSummary[];
  /** What happened when (performance.now() ms): each click, each phone.* event the adapter sent, each change of the card's UI state, hold or mute. */
  readonly timeline: { readonly at: number; readonly what: string }[];
  readonly diagnostics: Diagnostic[];
  readonly sipDiagnostics: SipDiagnostic[];
  stats(): Promise<MediaStats | null>;
  /** The live session's negotiated SDP, for a test to show what went on the wire. */
  sdp(): { local: string; remote: string } | null;
  stop(): Promise<void>;
}

declare global {
  interface Window {
    operator: OperatorPage;
  }
}

/** Defines `window.operator` on top of `stack`. */
export function exposeOperator(stack: OperatorStack): void {
  const sim = createHostSimulator();
  const summaries: CallSummary[] = [];
  const diagnostics: Diagnostic[] = [];
  const sipDiagnostics: SipDiagnostic[] = [];
  let phone: OperatorSoftphone | null = null;
  let callCount = 0;
  const heldRegisters = new Map<string, { resolve: (callId: string) => void; callId: string }[]>();
  const timeline: { at: number; what: string }[] = [];
  const mark = (what: string) => void timeline.push({ at: performance.now(), what: `click ${what}` });
  let card: ReturnType<typeof createCallCard> | null = null;
  let portal: { rest: RestDouble; records: CallRecords } | null = null;
  // Chromium counts no received audio energy without a sink playing it.
  let playing: { pc: RTCPeerConnection; stop: () => void } | null = null;
  const playCurrent = () => {
    const pc = phone?.peerConnection();
    if (!pc || playing?.pc === pc || !pc.getReceivers().some((r) => r.track?.kind === 'audio')) return;
    playing?.stop();
    playing = { pc, stop: playRemoteAudio(pc) };
  };

  const operator: OperatorPage = {
    async start(config) {
      phone = await stack(config.user, config.server, {
        ...(config.dtmf ? { dtmf: config.dtmf } : {}),
        ...(config.rejectStatus ? { rejectStatus: config.rejectStatus } : {}),
        ...(config.transfer ? { transfer: config.transfer } : {}),
        ...(config.transferTimeoutMs ? { transferTimeoutMs: config.transferTimeoutMs } : {}),
        // The far ends are SIP users named `customer-3`: their names are dial strings here.
        dialCharacters: 'abcdefghijklmnopqrstuvwxyz-',
        // What an integrator does on an INVITE: register the call with Bitrix24 (SHOW=1), which
        // opens the card; the host's CALL_ID is this call's.
        onIncoming: (call) => {
          const callId = `in-${++callCount}`;
          const phoneNumber = call.phoneNumber ?? 'hidden';
          const raise = () => sim.raiseCall({ CALL_ID: callId, PHONE_NUMBER: phoneNumber, CALL_DIRECTION: 'incoming' });
          if (config.registers !== 'held') {
            queueMicrotask(raise);
            return callId;
          }
          return new Promise<string>((resolve) => {
            const queue = heldRegisters.get(phoneNumber) ?? [];
            queue.push({ callId, resolve: (id) => (resolve(id), queueMicrotask(raise)) });
            heldRegisters.set(phoneNumber, queue);
          });
        },
        onDiagnostic: (diagnostic) => sipDiagnostics.push(diagnostic),
      });
      if (config.records) {
        const rest = createRestDouble({ operating: false, bucket: false });
        portal = { rest, records: createCallRecords({ rest: fromBx24(createBx24Client({ rest, userId: 1 })), userId: 1 }) };
        portal.records.attach(phone.softphone);
      }
      card = createCallCard({ placement: sim.placement, softphone: phone.softphone, onSummary: (s) => summaries.push(s), onDiagnostic: (d) => diagnostics.push(d) });
      const session = card;
      // The adapter's every phone.* event, timed, on its way to the card.
      phone.softphone.connect({
        send: (event) => {
          timeline.push({ at: performance.now(), what: event.type === 'phone.heldChanged' ? `${event.type} ${event.held}` : event.type });
          session.send(event);
        },
        get state() {
          return session.state;
        },
        actor: session.actor,
      });
      let last = '';
      card.actor.subscribe(() => {
        playCurrent();
        const view = card?.state;
        const now = view?.status === 'call' ? `${view.uiState}${view.held ? ' held' : ''}${view.muted ? ' muted' : ''}${view.card === 'lost' ? ' (card lost)' : ''}` : 'idle';
        if (now !== last) timeline.push({ at: performance.now(), what: (last = now) });
      });
    },
    raiseCallback(number) {
      const callId = `out-${++callCount}`;
      sim.raiseCall({ CALL_ID: callId, PHONE_NUMBER: number, CALL_DIRECTION: 'callback' });
      return callId;
    },
    clickToCall(number) {
      if (!portal) throw new Error('clickToCall needs the records config');
      const started = portal.rest.clickToCall({ userId: 1, phoneNumber: number });
      if (!('data' in started)) throw new Error(`the REST double refused the click: ${started.error_description ?? started.error}`);
      sim.raiseCall({ CALL_ID: started.data.CALL_ID, PHONE_NUMBER: number, CALL_DIRECTION: 'outgoing', CALL_STATE: 'idle', CALL_LIST_MODE: false });
      return started.data.CALL_ID;
    },
    rest() {
      if (!portal) return { requests: [], finishes: [] };
      return {
        requests: portal.rest.log.map((entry) => ({ method: entry.method, params: { ...(entry.params as Record<string, unknown>) } })),
        finishes: portal.rest.records.map((record) => ({ CALL_ID: record.CALL_ID, STATUS_CODE: record.STATUS_CODE })),
      };
    },
    answerRegister(caller) {
      const held = heldRegisters.get(caller)?.shift();
      if (!held) throw new Error(`no register of ${caller} is held`);
      held.resolve(held.callId);
      return held.callId;
    },
    heldRegisters: () => [...heldRegisters].flatMap(([caller, queue]) => queue.map(() => caller)),
    health() {
      if (!phone) throw new Error('the operator is not started');
      return phone.softphone.health;
    },
    click: (event) => (mark(event), sim.click(event)),
    hold: (held) => (mark(`hold ${held}`), sim.hold(held)),
    mute: (muted) => (mark(`mute ${muted}`), sim.mute(muted)),
    dial: (key) => sim.dial(key),
    transfer: (target) => sim.transfer(target, 'user'),
    card() {
      const view = card?.state;
      const call = view?.status === 'call' ? view : null;
      return {
        status: call ? 'call' : 'idle',
        uiState: call?.uiState ?? null,
        card: call?.card ?? null,
        muted: call?.muted ?? null,
        held: call?.held ?? null,
        hostUiState: sim.card?.uiState ?? null,
        callId: call?.call.callId ?? null,
      };
    },
    summaries,
    timeline,
    diagnostics,
    sipDiagnostics,
    stats() {
      playCurrent();
      return mediaStats(phone?.peerConnection());
    },
    sdp() {
      const pc = phone?.peerConnection();
      return pc ? { local: pc.localDescription?.sdp ?? '', remote: pc.remoteDescription?.sdp ?? '' } : null;
    },
    async stop() {
      playing?.stop();
      portal?.records.dispose();
      card?.dispose();
      phone?.softphone.dispose();
      await phone?.stop();
    },
  };
  // `b24sip` is what the harness waits for before it hands a page to a test.
  Object.assign(window, { operator, b24sip: { operator } });
}

/** A softphone on a user agent that is not registered yet: what the health probe builds. */
export interface ProbedSoftphone {
  readonly softphone: SipSoftphone<unknown>;
  /** Starts the user agent (connects, registers); may fail: the softphone's health says how. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The health probe page: a softphone created before its user agent starts, on any server. */
export interface HealthProbePage {
  start(user: string, server: string): Promise<void>;
  health(): SipPhoneHealth | null;
  readonly sipDiagnostics: SipDiagnostic[];
  stop(): Promise<void>;
}

declare global {
  interface Window {
    healthProbe: HealthProbePage;
  }
}

/** Defines `window.healthProbe` on top of `make` (a stack's user agent, not started, and its adapter). */
export function exposeHealthProbe(make: (user: string, server: string, options: SipSoftphoneOptions<unknown>) => ProbedSoftphone): void {
  const sipDiagnostics: SipDiagnostic[] = [];
  let probed: ProbedSoftphone | null = null;
  const probe: HealthProbePage = {
    async start(user, server) {
      probed = make(user, server, { onDiagnostic: (diagnostic) => sipDiagnostics.push(diagnostic) });
      await probed.start().catch(() => undefined); // a refused transport is what is probed: the health tells it
    },
    health: () => probed?.softphone.health ?? null,
    sipDiagnostics,
    async stop() {
      await probed?.stop().catch(() => undefined);
    },
  };
  Object.assign(window, { healthProbe: probe });
}
