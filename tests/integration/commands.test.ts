/**
 * Every one of the 9 commands, and every failure shape of host-behaviour.md §4, through
 * the real stack: createCallCard (or its command queue) over the simulated host.
 */
import { createCommandQueue, type CommandQueue } from '../../adapters/placement/commandQueue';
import { createHostSimulator, type FaultKind, type HostMode, type HostSimulator } from '../../testing/host';
import type { Diagnostic } from '../../diagnostics';
import { UI_STATES, type CardCommand, type CardCommandName } from '../../protocol';
import { act, buildStack, disposeStacks, driveTo, expectCardShowsStatechart, MODES, showUi, call, type Stack } from './harness';

afterEach(() => {
  disposeStacks();
  jest.useRealTimers();
});

const TIMEOUT_MS = 1000;
/** Call data with a CRM entity: the card gets its CRM layout, the one with a timer (host-behaviour §4). */
const WITH_CRM = { CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 } as const;
const INJECTED = 'Injected failure';

/** The typed diagnostic each fault must produce for an awaited command. */
function expectedDiagnostic(kind: FaultKind, command: CardCommandName): Partial<Diagnostic> {
  switch (kind) {
    case 'error':
    case 'bareError':
      return { kind: 'commandFailed', command, errorCode: INJECTED };
    case 'noCallback':
      return { kind: 'commandTimedOut', command, timeoutMs: TIMEOUT_MS };
    case 'doubleCallback':
      return { kind: 'duplicateCallback', command };
    case 'throw':
      return { kind: 'commandDropped', command, reason: 'hostThrew' };
  }
}

/** Whether the host changed the card for a command hit by this fault (faults.ts). */
const APPLIED: Record<FaultKind, boolean> = { error: false, bareError: false, noCallback: true, doubleCallback: true, throw: false };

/**
 * A command the statechart (or the title/status API) sends, how to get there, what it
 * does to the card, and the next command that shows the card went on.
 */
interface StackCase {
  readonly command: CardCommandName;
  prepare(stack: Stack): Promise<void>;
  trigger(stack: Stack): unknown;
  applied(stack: Stack): boolean;
  followUp(stack: Stack): unknown;
  readonly followUpCommand: CardCommandName;
}

const STACK_CASES: readonly StackCase[] = [
  {
    command: 'CallCardSetUiState',
    prepare: (s) => driveTo(s, 'incoming'),
    trigger: (s) => s.sim.click('answerButtonClick'),
    applied: (s) => s.sim.card?.uiState === 'connectingIncoming',
    // Not `phone.connected`: in the simple layout the host never answers CallCardSetUiState connected.
    followUp: (s) => s.card.send({ type: 'phone.failed', code: 500 }),
    followUpCommand: 'CallCardSetUiState',
  },
  {
    command: 'CallCardSetMute',
    prepare: (s) => driveTo(s, 'connected'),
    trigger: (s) => s.card.send({ type: 'phone.mutedChanged', muted: true }),
    applied: (s) => s.sim.card?.muted === true,
    followUp: (s) => s.card.send({ type: 'phone.heldChanged', held: true }),
    followUpCommand: 'CallCardSetHold',
  },
  {
    command: 'CallCardSetHold',
    prepare: (s) => driveTo(s, 'connected'),
    trigger: (s) => s.card.send({ type: 'phone.heldChanged', held: true }),
    applied: (s) => s.sim.card?.held === true,
    followUp: (s) => s.card.send({ type: 'phone.mutedChanged', muted: true }),
    followUpCommand: 'CallCardSetMute',
  },
  {
    command: 'CallCardSetCardTitle',
    prepare: (s) => driveTo(s, 'incoming'),
    trigger: (s) => s.card.setTitle('Acme GmbH'),
    applied: (s) => s.sim.card?.title === 'Acme GmbH',
    followUp: (s) => s.card.setStatusText('VIP'),
    followUpCommand: 'CallCardSetStatusText',
  },
  {
    command: 'CallCardSetStatusText',
    prepare: (s) => driveTo(s, 'incoming'),
    trigger: (s) => s.card.setStatusText('VIP'),
    applied: (s) => s.sim.card?.statusText === 'VIP',
    followUp: (s) => s.card.setTitle('Acme GmbH'),
    followUpCommand: 'CallCardSetCardTitle',
  },
  {
    command: 'CallCardClose',
    prepare: (s) => driveTo(s, 'connected'),
    trigger: (s) => s.sim.click('hangupButtonClick'),
    applied: (s) => s.sim.card === null,
    // The next call's first command (the host first drops a card our failed close left open).
    followUp: (s) => {
      s.sim.autoClose();
      return s.sim.raiseCall(call({ CALL_ID: 'call-2' }));
    },
    followUpCommand: 'CallCardSetUiState',
  },
];

describe.each(MODES)('%s host: the commands the call card sends', (mode) => {
  describe.each(STACK_CASES)('$command', (c) => {
    test('succeeds: the host applies it, answers it, and nothing is reported', async () => {
      const s = buildStack({ mode });
      await c.prepare(s);
      const step = await act(s, () => c.trigger(s));
      expect(step.sent[0]?.command).toBe(c.command);
      const entry = s.sim.log.at(-step.sent.length);
      expect(entry?.results).toEqual([[]]);
      expect(c.applied(s)).toBe(true);
      expect(s.diagnostics).toEqual([]);
      expectCardShowsStatechart(s);
    });

    test.each(['error', 'bareError', 'noCallback', 'doubleCallback', 'throw'] as const)(
      'fault %s: reported as its typed diagnostic, and the card goes on',
      async (kind) => {
        if (kind === 'noCallback') jest.useFakeTimers();
        const s = buildStack({ mode, commandTimeoutMs: TIMEOUT_MS });
        await c.prepare(s);
        s.sim.injectFault({ command: c.command, kind, errorCode: INJECTED });

        const faulty = await act(s, () => c.trigger(s));
        expect(faulty.sent[0]?.command).toBe(c.command);
        expect(c.applied(s)).toBe(APPLIED[kind]);

        const logBeforeFollowUp = s.sim.log.length;
        await act(s, () => c.followUp(s));
        if (kind === 'noCallback' && c.command === 'CallCardClose') {
          // A new card's commands do not wait for the old card's unanswered close.
          expect(s.diagnostics).toEqual([expect.objectContaining({ kind: 'commandAbandoned', command: 'CallCardClose' })]);
        } else {
          if (kind === 'noCallback') {
            // One command at a time: the next waits for the unanswered one to time out.
            expect(s.sim.log.length).toBe(logBeforeFollowUp);
            expect(s.kinds()).toEqual([]);
            jest.advanceTimersByTime(TIMEOUT_MS);
            await s.sim.settle();
          }
          // A close that failed is probed at once; the card still open, its retry waits (SC-C9, closeFollowUp.test.ts),
          // and the next card's initialized ends it.
          const retried = c.command === 'CallCardClose' && kind !== 'doubleCallback' ? [expect.objectContaining({ kind: 'cardStillOpen', action: 'retried', attempt: 1 })] : [];
          expect(s.diagnostics).toEqual([expect.objectContaining(expectedDiagnostic(kind, c.command)), ...retried]);
        }

        const next = s.sim.log.slice(logBeforeFollowUp);
        expect(next.map((e) => e.command)).toEqual([c.followUpCommand]);
        expect(next[0]?.results).toEqual([[]]);
        await s.card.whenIdle();
        expectCardShowsStatechart(s);
      },
    );
  });
});

/** The queue alone over the simulated host: the commands the statechart never sends itself. */
function queueOver(sim: HostSimulator, timeoutMs = TIMEOUT_MS) {
  const diagnostics: Diagnostic[] = [];
  const queue: CommandQueue = createCommandQueue({ placement: sim.placement, report: (d) => diagnostics.push(d), timeoutMs });
  queues.push(queue);
  return { queue, diagnostics };
}
const queues: CommandQueue[] = [];
afterEach(() => queues.splice(0).forEach((q) => q.dispose()));

const LIST: CardCommand = { command: 'CallCardGetListUiStates', params: {} };
const START: CardCommand = { command: 'CallCardStartTimer', params: {} };
const STOP: CardCommand = { command: 'CallCardStopTimer', params: {} };

describe.each(MODES)('%s host: the commands sent through createCommandQueue', (mode: HostMode) => {
  test('CallCardGetListUiStates answers the 12 names in host order, even with no card', async () => {
    const sim = createHostSimulator({ mode });
    const { queue, diagnostics } = queueOver(sim);
    const pending = queue.enqueue(LIST);
    await sim.settle();
    await expect(pending).resolves.toEqual({ status: 'ok', value: [...UI_STATES] });
    expect(diagnostics).toEqual([]);
  });

  test.each(['error', 'bareError', 'noCallback', 'doubleCallback', 'throw'] as const)(
    'CallCardGetListUiStates, fault %s: its typed diagnostic, and the next command is still sent',
    async (kind) => {
      jest.useFakeTimers();
      const sim = createHostSimulator({ mode });
      const { queue, diagnostics } = queueOver(sim);
      sim.injectFault({ command: 'CallCardGetListUiStates', kind, errorCode: INJECTED });
      const first = queue.enqueue(LIST);
      const second = queue.enqueue(LIST);
      await sim.settle();
      if (kind === 'noCallback') {
        expect(sim.log).toHaveLength(1);
        jest.advanceTimersByTime(TIMEOUT_MS);
        await sim.settle();
      }
      const outcome = { error: 'failed', bareError: 'failed', noCallback: 'timedOut', doubleCallback: 'ok', throw: 'dropped' }[kind];
      await expect(first).resolves.toEqual(expect.objectContaining({ status: outcome }));
      await expect(second).resolves.toEqual({ status: 'ok', value: [...UI_STATES] });
      expect(diagnostics).toEqual([expect.objectContaining(expectedDiagnostic(kind, 'CallCardGetListUiStates'))]);
    },
  );

  test('CallCardStartTimer / CallCardStopTimer: the timer runs, then freezes; neither blocks the queue', async () => {
    jest.useFakeTimers();
    const sim = createHostSimulator({ mode });
    sim.raiseCall(call(WITH_CRM)); // the CRM layout has the timer element
    const { queue, diagnostics } = queueOver(sim);
    // Nothing advances the fake clock: a queue waiting for the timers' answers would never resolve these.
    // The timer shows only in connected; entering it with the auto-start disabled leaves the timer to us.
    const connected: CardCommand = { command: 'CallCardSetUiState', params: { uiState: 'connected', disableAutoStartTimer: true } };
    const outcomes = Promise.all([queue.enqueue(connected), queue.enqueue(START), queue.enqueue(LIST)]);
    await sim.settle();
    expect((await outcomes).map((o) => o.status)).toEqual(['ok', 'notAwaited', 'ok']);
    expect(sim.card?.timer).toEqual(expect.objectContaining({ visible: true, running: true }));
    sim.tick(3000);
    const stopped = queue.enqueue(STOP);
    await sim.settle();
    await expect(stopped).resolves.toEqual({ status: 'notAwaited' });
    sim.tick(5000);
    expect(sim.card?.timer).toEqual({ visible: true, running: false, seconds: 3 });
    // The browser never answers them; the desktop application answers `[]`.
    expect(sim.log.filter((e) => e.command === 'CallCardStartTimer' || e.command === 'CallCardStopTimer').map((e) => e.results)).toEqual(mode === 'browser' ? [[], []] : [[[]], [[]]]);
    expect(diagnostics).toEqual([]);
  });

  test.each(['error', 'bareError', 'noCallback', 'doubleCallback', 'throw'] as const)(
    'CallCardStartTimer, fault %s: reported where the host said something, and the queue is not blocked',
    async (kind) => {
      jest.useFakeTimers();
      const sim = createHostSimulator({ mode });
      sim.raiseCall(call(WITH_CRM));
      const { queue, diagnostics } = queueOver(sim);
      sim.injectFault({ command: 'CallCardStartTimer', kind, errorCode: INJECTED });
      const outcomes = Promise.all([queue.enqueue(START), queue.enqueue(LIST)]);
      await sim.settle();
      const [timer, list] = await outcomes;
      expect(timer.status).toBe(kind === 'throw' ? 'dropped' : 'notAwaited');
      expect(list).toEqual({ status: 'ok', value: [...UI_STATES] });
      // Never awaited, so never timed out; a second answer exists only where the host answers at all.
      const expected: Record<FaultKind, Partial<Diagnostic>[]> = {
        error: [{ kind: 'commandFailed', command: 'CallCardStartTimer', errorCode: INJECTED }],
        bareError: [{ kind: 'commandFailed', command: 'CallCardStartTimer', errorCode: INJECTED }],
        noCallback: [],
        doubleCallback: mode === 'desktop' ? [{ kind: 'duplicateCallback', command: 'CallCardStartTimer' }] : [],
        throw: [{ kind: 'commandDropped', command: 'CallCardStartTimer', reason: 'hostThrew' }],
      };
      expect(diagnostics).toEqual(expected[kind].map((d) => expect.objectContaining(d)));
    },
  );

  test('CallCardStopTimer with an error answer is reported, and the next command is sent', async () => {
    const sim = createHostSimulator({ mode });
    sim.raiseCall(call());
    const { queue, diagnostics } = queueOver(sim);
    sim.injectFault({ command: 'CallCardStopTimer', kind: 'bareError', errorCode: INJECTED });
    const outcomes = Promise.all([queue.enqueue(STOP), queue.enqueue(LIST)]);
    await sim.settle();
    expect((await outcomes).map((o) => o.status)).toEqual(['notAwaited', 'ok']);
    expect(diagnostics).toEqual([expect.objectContaining({ kind: 'commandFailed', command: 'CallCardStopTimer', errorCode: INJECTED })]);
  });
});

describe.each(MODES)('%s host: CallCardSetUiState with the real statechart', (mode) => {
  test('every one of the 12 UI states reaches the card through CallCardSetUiState', async () => {
    for (const uiState of UI_STATES) {
      const s = buildStack({ mode });
      await driveTo(s, uiState);
      expect(s.sim.log.filter((e) => e.command === 'CallCardSetUiState').at(-1)?.params).toEqual(showUi(uiState).params);
      expect(s.diagnostics).toEqual([]);
    }
  });
});
