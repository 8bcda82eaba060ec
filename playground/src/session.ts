// The simulator and the recording softphone are imported from their modules, not from testing/index.ts: that entry
// also holds Node-only test tooling, which a browser bundle cannot take.
import { createCallCard, type CallCard, type CallSummary, type PhoneEvent, type PlacementPort } from '../../index';
import { createHostSimulator, type HostMode, type HostSimulator } from '../../testing/host';
import { createRecordingSoftphone, type RecordingSoftphone } from '../../testing/softphone';
import { show } from './dom';
import { gradeOf } from './grade';
import { hostActions, hostCardPort, type HostActions, type HostCardPort } from './hostCard';
import type { Inspection } from './inspection';
import type { Log, LogLine } from './log';

/**
 * One playground run: the simulated Bitrix24 host, the recording softphone and, between
 * them, the call card created exactly as an integrator's worker page creates it.
 */
export interface Session {
  readonly sim: HostSimulator;
  /** The operator's side of the card (the only way the page clicks on it). */
  readonly hostCard: HostCardPort;
  /** What the host page does on its own: hide, show, Esc, another tab, auto-close, the CRM block. */
  readonly host: HostActions;
  readonly softphone: RecordingSoftphone;
  /** The current worker frame's card (a new one after `reloadWorker`). */
  readonly card: CallCard;
  /** Which worker frame is current: 1, then +1 per reload. */
  readonly worker: number;
  /**
   * Bitrix24 reloads the worker frame alone (host-behaviour.md §6): the old frame's card is
   * gone with it, the host keeps its card, and a new worker starts with `createCallCard`
   * (whose start-up probe finds the card and closes it as an orphan).
   */
  reloadWorker(): void;
  /** Calls `listener` when `reloadWorker` put a new card in place. */
  onWorker(listener: () => void): () => void;
  /** What the network did: logs the `phone.*` event with its payload, then hands it to the statechart. */
  sendPhone(event: PhoneEvent): void;
  /** Where the current call's softphone calls start in `softphone.calls` (the panel shows only those). */
  readonly callStart: number;
  /** Advances the card's clock (the timer); the playground ticks it every second unless told to keep still. */
  tick(ms: number): void;
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

/** A wall-clock time, `10:31:05`. */
export function clockTime(epochMs: number): string {
  const date = new Date(epochMs);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

/** `m:ss` for a duration. */
function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A summary as one readable line: who, how it ended, when, and what happened on the call. */
export function describeSummary(summary: CallSummary): string {
  const parts = [
    summary.direction ?? 'unknown direction',
    summary.phoneNumber ?? 'no number',
    summary.crmEntity ? `${summary.crmEntity.type} ${summary.crmEntity.id}` : 'no CRM entity',
    `opened ${clockTime(summary.openedAt)}`,
    summary.connectedAt !== null ? `connected ${clockTime(summary.connectedAt)} (talked ${duration(summary.closedAt - summary.connectedAt)})` : 'never connected',
    `closed ${clockTime(summary.closedAt)}`,
  ];
  if (summary.failureCode !== null) parts.push(`SIP ${summary.failureCode}`);
  if (summary.rating !== null) parts.push(`rated ${summary.rating}/5`);
  if (summary.dtmf) parts.push(`DTMF ${summary.dtmf}`);
  if (summary.transferTarget) parts.push(`transfer to ${summary.transferTarget.destination}${summary.transferTarget.kind ? ` (${summary.transferTarget.kind})` : ''}`);
  if (summary.comment !== null) parts.push(`comment ${show(summary.comment)}`);
  if (summary.cardLostAt !== null) parts.push(`card lost ${clockTime(summary.cardLostAt)}`);
  return parts.join(' · ');
}

/** A command's log line, written once the transition is logged, carrying the host's answer when it comes. */
interface CommandLine {
  readonly command: string;
  answered: boolean;
  line: LogLine | null;
  detail: { text: string; tone: 'ok' | 'error' | 'pending' };
}

function isErrorAnswer(result: unknown): boolean {
  const first = Array.isArray(result) ? result[0] : result;
  return typeof first === 'object' && first !== null && (first as { result?: unknown }).result === 'error';
}

export function createSession(options: { mode: HostMode; log: Log; inspection: Inspection; workerTexts: () => boolean; realTimeClock: boolean }): Session {
  const { log } = options;
  // What the statechart does is logged after the transition that did it (see Log.later).
  const later = (write: () => void) => log.later(write);
  const sim = createHostSimulator({ mode: options.mode });
  const softphone = createRecordingSoftphone((command) => {
    const { method, ...args } = command;
    later(() => log.add('softphone', `softphone.${method}(${Object.values(args).map(show).join(', ')})`));
  });

  // The placement as the worker gets it, with a tap for the log: each card event before the
  // statechart hears it, each command with its answer on one line.
  const commands: CommandLine[] = [];
  // One frame's BX24.placement: after a reload the old frame's port reaches nothing, as in the host.
  const tapped = (port: PlacementPort): PlacementPort => ({
    call(command, params, callback) {
      const entry: CommandLine = { command, answered: false, line: null, detail: { text: '→ waiting for the host', tone: 'pending' } };
      commands.push(entry);
      later(() => {
        entry.line = log.add('card command', `${command} ${show(params)}`.trim(), entry.detail.text);
        entry.line.setDetail(entry.detail.text, entry.detail.tone);
      });
      port.call(command, params, (result) => {
        entry.detail = entry.answered
          ? { text: `${entry.detail.text}; answered again ${show(result)} (ignored)`, tone: 'error' }
          : { text: `→ ${show(result)}`, tone: isErrorAnswer(result) ? 'error' : 'ok' };
        entry.answered = true;
        entry.line?.setDetail(entry.detail.text, entry.detail.tone);
        callback(result);
      });
    },
    bindEvent(event, handler) {
      port.bindEvent(event, (...args: unknown[]) => {
        log.add('card event', event.replace(/^BackgroundCallCard::/, ''), show(args[0]));
        handler(...(args as [unknown]));
      });
    },
  });

  // The worker side: nothing but the public API.
  const startWorker = (port: PlacementPort): CallCard => createCallCard({
    placement: tapped(port),
    softphone,
    inspect: options.inspection.observer,
    onDiagnostic: (d) => {
      if (d.kind === 'commandTimedOut') {
        const entry = commands.find((c) => !c.answered && c.command === d.command);
        if (entry) {
          entry.answered = true;
          entry.detail = { text: `→ no answer within ${d.timeoutMs} ms (the queue moved on)`, tone: 'error' };
          entry.line?.setDetail(entry.detail.text, entry.detail.tone);
          return;
        }
      }
      later(() => log.add('diagnostic', `${d.kind}: ${d.message}`, '', gradeOf(d)));
    },
    onSummary: (summary) => later(() => log.add('hook', `onSummary: ${summary.callId} ended by ${summary.endedBy}`, describeSummary(summary))),
    onComment: (c) => later(() => log.add('hook', `onComment: ${show(c.text)}`)),
    onRating: (r) => later(() => log.add('hook', `onRating: ${r.rating} of 5`)),
    onNotifyAdmin: (e) => later(() => log.add('hook', `onNotifyAdmin: ${e.callId}`)),
    onNext: (e) => later(() => log.add('hook', `onNext: ${e.callId}`)),
    onCard: (change) => later(() => log.add('hook', `onCard: ${change.type}`, change.type === 'closed' ? change.previous.call.callId : `${change.state.call.callId} in ${change.state.uiState}`)),
  });

  // An example of worker code: a title per call, a status line per UI state. Also where the
  // softphone panel's list starts over: at each new call.
  let lastUiState: string | null = null;
  let lastCallId: string | null = null;
  let callStart = 0;
  const workerTexts = (state: CallCard['state']) => {
    const uiState = state.status === 'call' ? state.uiState : null;
    const call = state.status === 'call' ? state.call : null;
    if (call !== null && call.callId !== lastCallId) callStart = softphone.calls.length;
    if (options.workerTexts()) {
      if (call !== null && call.callId !== lastCallId) card.setTitle(call.phoneNumber ?? `Caller ${call.phoneNumberState}`);
      if (uiState !== null && uiState !== lastUiState) card.setStatusText(STATUS_TEXT[uiState] ?? uiState);
    }
    lastUiState = uiState;
    lastCallId = call?.callId ?? null;
  };
  let card = startWorker(sim.placement);
  let worker = 1;
  let unsubscribe = card.subscribe(workerTexts);
  const workerListeners = new Set<() => void>();

  // The card's timer runs on the simulator's clock; the playground drives it in real time.
  const clock = options.realTimeClock ? setInterval(() => sim.tick(1000), 1000) : undefined;

  return {
    sim,
    hostCard: hostCardPort(sim),
    host: hostActions(sim),
    softphone,
    get card() {
      return card;
    },
    get worker() {
      return worker;
    },
    reloadWorker() {
      // The old frame dies with its handlers: nothing of it runs any more.
      unsubscribe();
      card.dispose();
      lastUiState = null;
      lastCallId = null;
      card = startWorker(sim.reloadWorker());
      worker += 1;
      unsubscribe = card.subscribe(workerTexts);
      for (const listener of [...workerListeners]) listener();
    },
    onWorker(listener) {
      workerListeners.add(listener);
      return () => workerListeners.delete(listener);
    },
    sendPhone(event) {
      const { type, ...payload } = event;
      log.add('phone event', `card.send(${type})`, Object.keys(payload).length > 0 ? show(payload) : '');
      card.send(event);
    },
    get callStart() {
      return callStart;
    },
    tick: (ms) => sim.tick(ms),
    dispose() {
      clearInterval(clock);
      unsubscribe();
      workerListeners.clear();
      card.dispose();
    },
  };
}
