import { createPhoneBus, newFrameId, type FrameMessage } from '../phone/bus';
import { createPhone } from '../phone/createPhone';
import type { PhoneClock } from '../phone/ownership';
import { phoneScope } from '../phone/scope';
import { IDLE_PHONE, type PhoneState } from '../phone/state';
import { TAB_MAX_HOLD_MS } from '../phone/limits';
import type { TabReleaseReason } from '../phone/tabGate';
import { AUTO_CLOSE_RENEW_MS, createAutoCloseHold } from './autoClose';
import { placementProblems } from './placement';
import { parseTabEntity, parseTabStatus } from './status';
import type { CallCardTab, CallCardTabDiagnostic, CallCardTabOptions, CallCardTabState } from './types';

const SYSTEM_CLOCK: PhoneClock = { now: () => Date.now(), setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };
const RELEASE_REASONS: ReadonlySet<string> = new Set<TabReleaseReason>(['released', 'timeout', 'newCall']);

function positive(name: string, value: unknown, problems: string[]): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) problems.push(`${name} must be a positive number of milliseconds`);
}

/**
 * Runs the card's own application tab (placement `CALL_CARD`, statechart "The card's tab"):
 * the host's facts typed (SC-T1), the true call from the phone (SC-T3), a close the tab hears
 * in time (SC-T2), the card held open after its call for a form (SC-T4). Setup mistakes throw a
 * `TypeError` naming them; everything at run time is reported (SC-T5). See docs/tab.md.
 */
export function createCallCardTab(options: CallCardTabOptions): CallCardTab {
  const problems = placementProblems(options?.placement);
  positive('maxHoldMs', options?.maxHoldMs, problems);
  positive('phoneWaitMs', options?.phoneWaitMs, problems);
  positive('statusTimeoutMs', options?.statusTimeoutMs, problems);
  if (options?.onClosing !== undefined && typeof options.onClosing !== 'function') problems.push('onClosing must be a function');
  if (options?.onDiagnostic !== undefined && typeof options.onDiagnostic !== 'function') problems.push('onDiagnostic must be a function');
  if (problems.length > 0) throw new TypeError(`createCallCardTab(options): ${problems.join('; ')}`);
  const scope = phoneScope(options.identity);
  const { placement } = options;
  const platform = options.platform ?? {};
  const clock = platform.clock ?? SYSTEM_CLOCK;
  const frameId = platform.frameId ?? newFrameId();
  const maxHoldMs = options.maxHoldMs ?? TAB_MAX_HOLD_MS;

  const report = (diagnostic: CallCardTabDiagnostic): void => {
    try {
      options.onDiagnostic?.(diagnostic);
    } catch {
      // An integrator's hook that throws must not stop the tab.
    }
  };
  const listeners = new Set<(state: CallCardTabState) => void>();
  let state: CallCardTabState = { ...IDLE_PHONE, role: 'never', phone: 'unknown', host: { status: null, read: 'pending', entity: null, beforeClose: 0 }, hold: { status: 'none' }, closing: null };
  let stopped = false;
  const update = (next: Partial<CallCardTabState>): void => {
    if (stopped) return;
    state = { ...state, ...next };
    for (const listener of [...listeners]) {
      try {
        listener(state);
      } catch (error) {
        report({ kind: 'tabHook', hook: 'subscribe', message: `A subscriber threw: ${String(error).slice(0, 200)}` });
      }
    }
  };
  const callId = (): string | null => state.host.status?.callId ?? null;

  // The tab's own line to the owner, beside the phone's: the same frame id, so the owner answers this frame.
  const bus = createPhoneBus({ scope, frameId, ...(platform.channel ? { channel: platform.channel } : {}), onRejected: report });
  const phone = createPhone({
    identity: options.identity,
    kind: 'cardTab',
    placement: null,
    createSoftphone: () => Promise.reject(new Error('the card\'s tab never owns the phone')),
    onDiagnostic: report,
    platform: { ...platform, frameId, clock },
  });
  let owner: string | null = null;
  const announce = (): void => {
    const id = callId();
    if (id === null || owner === null) return;
    bus.post('tab.open', { callId: id }, owner);
    if (state.hold.status === 'held') bus.post('tab.hold', { callId: id, untilMs: holdLeft() }, owner);
  };
  const fromPhone = (phoneState: PhoneState): void => {
    const next = phoneState.owner?.frame ?? null;
    update({ ...phoneState, role: 'never', phone: next !== null ? 'running' : state.phone });
    if (next !== owner) {
      owner = next;
      announce();
    }
  };
  const unsubscribePhone = phone.subscribe(fromPhone);
  const waitTimer = clock.setTimeout(() => {
    if (state.phone !== 'unknown') return;
    update({ phone: 'none' });
    report({ kind: 'noPhone', message: 'No frame of the application runs the phone (no worker owns it): the tab shows the host\'s facts only.' });
  }, options.phoneWaitMs ?? 3_000);

  // SC-T1: getStatus read when the tab loads (the host's first EntityChanged came before the tab).
  const statusTimer = clock.setTimeout(() => {
    if (state.host.read !== 'pending') return;
    update({ host: { ...state.host, read: 'failed' } });
    report({ kind: 'tabStatus', problems: ['no answer'], message: 'getStatus did not answer in time.' });
  }, options.statusTimeoutMs ?? 5_000);
  const call = (command: 'getStatus', callback: (result: unknown) => void): void => {
    try {
      placement.call(command, undefined, callback);
    } catch (error) {
      report({ kind: 'tabStatus', problems: [String(error).slice(0, 200)], message: `${command} threw.` });
    }
  };
  call('getStatus', (raw) => {
    if (state.host.read !== 'pending') return;
    clock.clearTimeout(statusTimer);
    const parsed = parseTabStatus(raw);
    if (parsed.problems.length > 0) report({ kind: 'tabStatus', problems: parsed.problems, message: `getStatus: ${parsed.problems.join('; ')}.` });
    update({ host: { ...state.host, status: parsed.status, read: parsed.status === null ? 'failed' : 'read' } });
    announce();
  });

  const bind = (event: Parameters<typeof placement.bindEvent>[0], handler: (data?: unknown) => void): void => {
    try {
      placement.bindEvent(event, (data) => {
        if (!stopped) handler(data);
      });
    } catch (error) {
      report({ kind: 'tabEvent', event, problems: [String(error).slice(0, 200)], message: `Binding ${event} threw.` });
    }
  };
  bind('CallCard::EntityChanged', (data) => {
    const parsed = parseTabEntity(data);
    if (parsed.problems.length > 0) report({ kind: 'tabEvent', event: 'CallCard::EntityChanged', problems: parsed.problems, message: `EntityChanged: ${parsed.problems.join('; ')}.` });
    if (parsed.entity !== null) update({ host: { ...state.host, entity: parsed.entity } });
  });
  // Only a held-back auto-close reaches the tab (§11): a hint the card would have closed, never a real close.
  bind('CallCard::BeforeClose', () => update({ host: { ...state.host, beforeClose: state.host.beforeClose + 1 } }));
  // For an external card it never reaches the tab, and where it does its failedCode is lost (§11): the call's state comes from the phone.
  bind('CallCard::CallStateChanged', () => undefined);

  // SC-T4: the hold, kept by the tab (the host's auto-close) and by the owner (its own close).
  const autoClose = createAutoCloseHold(placement, clock, AUTO_CLOSE_RENEW_MS, (message) => report({ kind: 'tabRefused', what: 'autoClose', message }));
  let holdEnds = 0;
  let holdTimer: unknown = null;
  const holdLeft = (): number => Math.max(1, holdEnds - clock.now());
  const endHold = (reason: TabReleaseReason | 'tabTimeout', enable: boolean): void => {
    if (state.hold.status !== 'held') return;
    clock.clearTimeout(holdTimer);
    autoClose.stop(enable);
    update({ hold: { status: 'released', callId: state.hold.callId, reason } });
  };

  const unsubscribeBus = bus.subscribe((message: FrameMessage) => {
    if (message.from !== owner && owner !== null) return;
    if (message.kind === 'tab.released') {
      const reason = typeof message.body.reason === 'string' && RELEASE_REASONS.has(message.body.reason) ? (message.body.reason as TabReleaseReason) : 'released';
      // The owner closes the card itself now; the host's hold is simply no longer renewed.
      endHold(reason, false);
    } else if (message.kind === 'tab.closing') {
      const id = message.body.id;
      const closing = typeof message.body.callId === 'string' ? message.body.callId.slice(0, 128) : (callId() ?? '');
      update({ closing: { callId: closing } });
      void Promise.resolve()
        .then(() => options.onClosing?.({ callId: closing }))
        .catch((error: unknown) => report({ kind: 'tabHook', hook: 'onClosing', message: `onClosing failed: ${String(error).slice(0, 200)}` }))
        .then(() => bus.post('tab.saved', { id }, message.from));
    }
  });

  return {
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    act(action) {
      if (state.phone === 'none') report({ kind: 'tabRefused', what: action?.type ?? 'action', message: 'No phone runs: the action has nobody to carry it out.' });
      phone.act(action);
    },
    holdOpen(hold) {
      const id = callId();
      if (id === null) {
        report({ kind: 'tabRefused', what: 'holdOpen', message: 'The tab does not know its call yet (getStatus has not answered): nothing to hold.' });
        return;
      }
      const asked = hold?.maxMs;
      const ms = typeof asked === 'number' && Number.isFinite(asked) && asked > 0 ? Math.min(asked, maxHoldMs) : maxHoldMs;
      clock.clearTimeout(holdTimer);
      holdEnds = clock.now() + ms;
      holdTimer = clock.setTimeout(() => {
        if (owner !== null) bus.post('tab.release', { callId: id }, owner);
        endHold('tabTimeout', true);
      }, ms);
      autoClose.start();
      update({ hold: { status: 'held', callId: id } });
      if (owner !== null) bus.post('tab.hold', { callId: id, untilMs: ms }, owner);
    },
    release() {
      if (state.hold.status !== 'held') return;
      if (owner !== null) bus.post('tab.release', { callId: state.hold.callId }, owner);
      endHold('released', true);
    },
    async stop() {
      if (stopped) return;
      if (state.hold.status === 'held') this.release();
      if (owner !== null) bus.post('tab.bye', {}, owner);
      stopped = true;
      clock.clearTimeout(waitTimer);
      clock.clearTimeout(statusTimer);
      clock.clearTimeout(holdTimer);
      autoClose.stop(false);
      unsubscribePhone();
      unsubscribeBus();
      listeners.clear();
      await phone.stop();
      bus.close();
    },
  };
}
