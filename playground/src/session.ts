// The simulator and the recording softphone are imported from their modules, not from testing.ts: that entry
// also holds Node-only test tooling, which a browser bundle cannot take.
import { createCallCard, type CallCard } from '../../index';
import { createHostSimulator, type HostMode, type HostSimulator } from '../../testing/host';
import { createRecordingSoftphone, type RecordingSoftphone } from '../../adapters/softphone/recordingSoftphone';
import { show } from './dom';
import type { Inspection } from './inspection';
import type { Log } from './log';

/**
 * One playground run: the simulated Bitrix24 host, the recording softphone and, between
 * them, the call card created exactly as an integrator's worker page creates it.
 */
export interface Session {
  readonly sim: HostSimulator;
  readonly softphone: RecordingSoftphone;
  readonly card: CallCard;
  dispose(): void;
}

/** What the worker writes in the card's status line for each UI state (an integrator's choice, shown as an example). */
const STATUS_TEXT: Readonly<Record<string, string>> = {
  incoming: 'Incoming call',
  transferIncoming: 'Transferred call',
  outgoing: 'Ready to call',
  connectingIncoming: 'Answering…',
  connectingOutgoing: 'Calling…',
  connected: 'In call',
  transferring: 'Transferring…',
  transferFailed: 'Transfer failed',
  transferConnected: 'Transferred',
  error: 'Call failed',
  moneyError: 'Out of funds',
  redial: 'Busy: call again?',
};

export function createSession(options: { mode: HostMode; log: Log; inspection: Inspection; workerTexts: () => boolean }): Session {
  const { log } = options;
  const sim = createHostSimulator({ mode: options.mode });
  const softphone = createRecordingSoftphone((command) => {
    const { method, ...args } = command;
    log.add('softphone', `softphone.${method}(${Object.values(args).map(show).join(', ')})`);
  });

  // The worker side: nothing but the public API.
  const card = createCallCard({
    placement: sim.placement,
    softphone,
    inspect: options.inspection.observer,
    onDiagnostic: (d) => log.add('diagnostic', `${d.kind}: ${d.message}`),
    onSummary: (summary) => log.add('hook', `onSummary: ${summary.callId} ended by ${summary.endedBy}`, show(summary)),
    onComment: (c) => log.add('hook', `onComment: ${show(c.text)}`),
    onRating: (r) => log.add('hook', `onRating: ${r.rating} stars`),
    onNotifyAdmin: (e) => log.add('hook', `onNotifyAdmin: ${e.callId}`),
    onNext: (e) => log.add('hook', `onNext: ${e.callId}`),
  });

  // An example of worker code: a title per call, a status line per UI state.
  let lastUiState: string | null = null;
  let lastCallId: string | null = null;
  const actorSubscription = card.actor.subscribe(() => {
    const { state } = card;
    const uiState = state.status === 'call' ? state.uiState : null;
    const call = state.status === 'call' ? state.call : null;
    if (options.workerTexts()) {
      if (call !== null && call.callId !== lastCallId) card.setTitle(call.phoneNumber ?? `Caller ${call.phoneNumberState}`);
      if (uiState !== null && uiState !== lastUiState) card.setStatusText(STATUS_TEXT[uiState] ?? uiState);
    }
    lastUiState = uiState;
    lastCallId = call?.callId ?? null;
  });

  // The host's side of the conversation, read from the simulator's live logs.
  let eventsSeen = 0;
  const answersSeen = new Map<number, number>();
  let commandsSeen = 0;
  const unsubscribe = sim.subscribe(() => {
    for (; eventsSeen < sim.events.length; eventsSeen++) {
      const e = sim.events[eventsSeen]!;
      log.add('card event', e.event, show(e.payload));
    }
    for (; commandsSeen < sim.log.length; commandsSeen++) {
      const c = sim.log[commandsSeen]!;
      log.add('card command', `${c.command} ${show(c.params)}`, c.fault ? `fault: ${c.fault}` : undefined);
    }
    sim.log.forEach((c, index) => {
      const seen = answersSeen.get(index) ?? 0;
      if (c.results.length > seen) {
        for (const result of c.results.slice(seen)) log.add('card command', `↳ ${c.command} answered`, show(result));
        answersSeen.set(index, c.results.length);
      }
    });
  });

  // The card's timer runs on the simulator's clock; the playground drives it in real time.
  const clock = setInterval(() => sim.tick(1000), 1000);

  return {
    sim,
    softphone,
    card,
    dispose() {
      clearInterval(clock);
      unsubscribe();
      actorSubscription.unsubscribe();
      card.dispose();
    },
  };
}
