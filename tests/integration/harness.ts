/**
 * The real stack for integration tests: `createCallCard` over the in-memory host
 * (`createHostSimulator`) with a recording softphone, plus the one assertion every
 * scenario repeats: the card shows what the statechart says.
 */
import { createCallCard, type CallCard, type CallCardOptions } from '../../adapters/session/createCallCard';
import { createHostSimulator, type HostMode, type HostSimulator, type InitializedPayload } from '../../testing/host';
import { createRecordingSoftphone, type RecordingSoftphone } from '../../testing/softphone';
import type { Diagnostic, DiagnosticKind } from '../../diagnostics';
import type { ActiveCallCardState } from '../../machines/callCard.connect';
import type { CallSummary, SoftphoneCommand } from '../../machines/callCard.types';
import { BUTTONS_BY_UI_STATE, type UiState } from '../../protocol';
import type { QualityRating } from '../../protocol/buttons';

/** Both places the card can be shown in; a test that does not depend on one runs in both. */
export const MODES: readonly HostMode[] = ['browser', 'desktop'];

/** Options of {@link buildStack}. */
export interface StackOptions {
  readonly mode?: HostMode;
  readonly commandTimeoutMs?: number;
  /** A softphone of the test's own (e.g. one whose methods throw); a plain recording one by default. */
  readonly softphone?: RecordingSoftphone;
  /** Hooks replacing the recording ones (e.g. a throwing `onSummary`). */
  readonly hooks?: Partial<Pick<CallCardOptions, 'onSummary' | 'onComment' | 'onRating' | 'onNotifyAdmin' | 'onNext'>>;
  /** An existing host, for tests that put two call cards on one page. */
  readonly sim?: HostSimulator;
  /** Any other option of `createCallCard` (`onOrphanedCard`, `onCard`…). */
  readonly extra?: Partial<CallCardOptions>;
}

/** One command as the host received it. */
export interface Sent {
  readonly command: string;
  readonly params: unknown;
}

/** What one step caused: commands the host received, softphone calls, diagnostics. */
export interface StepResult {
  readonly sent: readonly Sent[];
  readonly told: readonly SoftphoneCommand[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The stack under test and everything its hooks received. */
export interface Stack {
  readonly sim: HostSimulator;
  readonly phone: RecordingSoftphone;
  readonly card: CallCard;
  readonly diagnostics: Diagnostic[];
  readonly summaries: CallSummary[];
  readonly comments: { callId: string; text: string }[];
  readonly ratings: { callId: string; rating: QualityRating }[];
  readonly notifications: { callId: string }[];
  readonly nexts: { callId: string }[];
  /** The kinds of the diagnostics so far, in order. */
  kinds(): DiagnosticKind[];
}

const stacks: Stack[] = [];

/** Disposes every stack built so far, so that no command timer outlives its test. */
export function disposeStacks(): void {
  for (const stack of stacks.splice(0)) stack.card.dispose();
}

/** Builds simulator + recording softphone + `createCallCard`, with every hook recorded. */
export function buildStack(options: StackOptions = {}): Stack {
  const sim = options.sim ?? createHostSimulator({ mode: options.mode ?? 'browser' });
  const phone = options.softphone ?? createRecordingSoftphone();
  const diagnostics: Diagnostic[] = [];
  const summaries: CallSummary[] = [];
  const comments: Stack['comments'] = [];
  const ratings: Stack['ratings'] = [];
  const notifications: Stack['notifications'] = [];
  const nexts: Stack['nexts'] = [];
  const hooks = options.hooks ?? {};
  const card = createCallCard({
    placement: sim.placement,
    softphone: phone,
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
    onDiagnostic: (d) => diagnostics.push(d),
    onSummary: hooks.onSummary ?? ((s) => summaries.push(s)),
    onComment: hooks.onComment ?? ((c) => comments.push({ ...c })),
    onRating: hooks.onRating ?? ((r) => ratings.push({ ...r })),
    onNotifyAdmin: hooks.onNotifyAdmin ?? ((n) => notifications.push({ ...n })),
    onNext: hooks.onNext ?? ((n) => nexts.push({ ...n })),
    ...options.extra,
  });
  const stack: Stack = { sim, phone, card, diagnostics, summaries, comments, ratings, notifications, nexts, kinds: () => diagnostics.map((d) => d.kind) };
  stacks.push(stack);
  return stack;
}

/**
 * Runs one step (a click, a softphone event, a raised call…), lets the host deliver
 * every callback, and returns what the step caused. A simulated click the host refuses
 * (a button the card does not show) fails the test: use `{ force: true }` to race one.
 */
export async function act(stack: Stack, step: () => unknown): Promise<StepResult> {
  const logAt = stack.sim.log.length;
  const toldAt = stack.phone.calls.length;
  const diagnosticsAt = stack.diagnostics.length;
  const outcome = step();
  if (isRefusedClick(outcome)) throw new Error(`the host refused the click: ${outcome.reason}`);
  await stack.sim.settle();
  return {
    sent: stack.sim.log.slice(logAt).map(({ command, params }) => ({ command, params })),
    told: stack.phone.calls.slice(toldAt),
    diagnostics: stack.diagnostics.slice(diagnosticsAt),
  };
}

function isRefusedClick(value: unknown): value is { delivered: false; reason: string } {
  return typeof value === 'object' && value !== null && (value as { delivered?: unknown }).delivered === false;
}

/** `CallCardSetUiState {uiState}` as the statechart sends it. */
export const showUi = (uiState: UiState): Sent => ({ command: 'CallCardSetUiState', params: { uiState } });

/** `CallCardClose` as the statechart sends it. */
export const CLOSE: Sent = { command: 'CallCardClose', params: {} };

/** The statechart's UI state, `null` with no call. */
export function uiOf(stack: Stack): UiState | null {
  const { state } = stack.card;
  return state.status === 'call' ? state.uiState : null;
}

/** The current call's state; fails the test when there is no call. */
export function active(stack: Stack): ActiveCallCardState {
  const { state } = stack.card;
  if (state.status !== 'call') throw new Error('expected a call, the card is idle');
  return state;
}

/**
 * The card shows what the statechart says: no card while it is idle; otherwise, while
 * the card is attached, the same UI state and exactly that state's buttons
 * (host-behaviour.md §2).
 */
export function expectCardShowsStatechart(stack: Stack): void {
  const { state } = stack.card;
  if (state.status === 'idle') {
    expect({ statechart: null, card: stack.sim.card?.uiState ?? null }).toEqual({ statechart: null, card: null });
    return;
  }
  if (state.card === 'lost') return;
  const { uiState } = state;
  expect({ statechart: uiState, card: stack.sim.card?.uiState }).toEqual({ statechart: uiState, card: uiState });
  expect(stack.sim.card?.buttons).toEqual(BUTTONS_BY_UI_STATE[uiState]);
}

/** A call as the host raises it; `CALL_ID` and `PHONE_NUMBER` are fixed so that summaries can be checked. */
export function call(overrides: Partial<InitializedPayload> = {}): Partial<InitializedPayload> {
  return { CALL_ID: 'call-1', PHONE_NUMBER: '+4930111', CALL_DIRECTION: 'incoming', ...overrides };
}

/** The `CALL_DIRECTION` that opens each first UI state, and the steps from there to every other state. */
const ROUTES: Record<UiState, { direction: InitializedPayload['CALL_DIRECTION']; steps: ((stack: Stack) => unknown)[] }> = {
  incoming: { direction: 'incoming', steps: [] },
  transferIncoming: { direction: 'incomingTransfer', steps: [] },
  outgoing: { direction: 'callback', steps: [] },
  connectingIncoming: { direction: 'incoming', steps: [(s) => s.sim.click('answerButtonClick')] },
  connectingOutgoing: { direction: 'outgoing', steps: [] },
  connected: { direction: 'incoming', steps: [(s) => s.sim.click('answerButtonClick'), (s) => s.card.send({ type: 'phone.connected' })] },
  transferring: {
    direction: 'incoming',
    steps: [(s) => s.sim.click('answerButtonClick'), (s) => s.card.send({ type: 'phone.connected' }), (s) => s.sim.transfer('17')],
  },
  transferFailed: {
    direction: 'incoming',
    steps: [
      (s) => s.sim.click('answerButtonClick'),
      (s) => s.card.send({ type: 'phone.connected' }),
      (s) => s.sim.transfer('17'),
      (s) => s.card.send({ type: 'phone.transferFailed', code: 480 }),
    ],
  },
  transferConnected: {
    direction: 'incoming',
    steps: [
      (s) => s.sim.click('answerButtonClick'),
      (s) => s.card.send({ type: 'phone.connected' }),
      (s) => s.sim.transfer('17'),
      (s) => s.card.send({ type: 'phone.transferSucceeded' }),
    ],
  },
  error: { direction: 'incoming', steps: [(s) => s.card.send({ type: 'phone.failed', code: 500 })] },
  moneyError: { direction: 'outgoing', steps: [(s) => s.card.send({ type: 'phone.failed', code: 402 })] },
  redial: { direction: 'outgoing', steps: [(s) => s.card.send({ type: 'phone.failed', code: 486 })] },
};

/**
 * Raises a call and drives it to `uiState` through the real stack, checking the card
 * after each step; the softphone's record is cleared afterwards so that the test sees
 * only what it does itself.
 */
export async function driveTo(stack: Stack, uiState: UiState, overrides: Partial<InitializedPayload> = {}): Promise<void> {
  const route = ROUTES[uiState];
  await act(stack, () => stack.sim.raiseCall(call({ CALL_DIRECTION: route.direction, ...overrides })));
  for (const step of route.steps) await act(stack, () => step(stack));
  expect(uiOf(stack)).toBe(uiState);
  expectCardShowsStatechart(stack);
  stack.phone.clear();
}
