import { createCommandQueue, DEFAULT_COMMAND_TIMEOUT_MS, type CommandOutcome, type CommandQueue } from '../../../adapters/placement/commandQueue';
import type { Diagnostic } from '../../../diagnostics';
import { NO_CARD_ERROR, type CardCommand, type PlacementPort } from '../../../protocol';

/** One `placement.call` the fake host received, with the callback to answer it. */
interface SentCommand {
  readonly command: string;
  readonly params: unknown;
  readonly answer: (result: unknown) => void;
}

/**
 * A placement that records every call and answers only when told, unless `onCall`
 * answers (or throws) inside `call()` itself.
 */
function fakePlacement(onCall?: (sent: SentCommand) => void) {
  const sent: SentCommand[] = [];
  const placement: PlacementPort = {
    call(command, params, callback) {
      const entry = { command, params, answer: callback };
      sent.push(entry);
      onCall?.(entry);
    },
    bindEvent() {},
  };
  return { placement, sent, names: () => sent.map((s) => s.command) };
}

/** Every queue a test made, disposed after it so that no 5 s timer outlives the test. */
const queues: CommandQueue[] = [];
afterEach(() => queues.splice(0).forEach((queue) => queue.dispose()));

function setup(onCall?: (sent: SentCommand) => void, extra: { timeoutMs?: number; followUpClose?: boolean; onClosing?: (closing: number | null) => void } = {}) {
  const host = fakePlacement(onCall);
  const diagnostics: Diagnostic[] = [];
  const lost: string[] = [];
  const queue = createCommandQueue({ placement: host.placement, report: (d) => diagnostics.push(d), onCardLost: (c) => lost.push(c), ...extra });
  queues.push(queue);
  return { host, queue, diagnostics, lost, kinds: () => diagnostics.map((d) => d.kind) };
}

const setUiState = (uiState: string): CardCommand => ({ command: 'CallCardSetUiState', params: { uiState } });
const title = (text: string): CardCommand => ({ command: 'CallCardSetCardTitle', params: { title: text } });
const hold = (held: boolean): CardCommand => ({ command: 'CallCardSetHold', params: { held } });
const mute = (muted: boolean): CardCommand => ({ command: 'CallCardSetMute', params: { muted } });
const startTimer: CardCommand = { command: 'CallCardStartTimer', params: {} };
const stopTimer: CardCommand = { command: 'CallCardStopTimer', params: {} };
const close: CardCommand = { command: 'CallCardClose', params: {} };
const listStates: CardCommand = { command: 'CallCardGetListUiStates', params: {} };
const noCard = [{ result: 'error', errorCode: NO_CARD_ERROR }];

/** Lets promise continuations run (the queue itself is synchronous). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Records outcomes as they resolve, to check order and settledness. */
function track(promise: Promise<CommandOutcome>) {
  const box: { outcome?: CommandOutcome } = {};
  void promise.then((outcome) => (box.outcome = outcome));
  return box;
}

describe('order', () => {
  test('the second command is not sent before the first answers', async () => {
    const { host, queue } = setup();
    queue.setCurrentCard(1);
    const first = queue.enqueue(setUiState('connectingIncoming'), 1);
    const second = queue.enqueue(title('Alice'), 1);
    expect(host.names()).toEqual(['CallCardSetUiState']);
    expect(queue.pending).toBe(2);

    host.sent[0]!.answer([]);
    expect(host.names()).toEqual(['CallCardSetUiState', 'CallCardSetCardTitle']);
    expect(host.sent[1]!.params).toEqual({ title: 'Alice' });
    host.sent[1]!.answer([]);

    await expect(first).resolves.toEqual({ status: 'ok', value: [] });
    await expect(second).resolves.toEqual({ status: 'ok', value: [] });
    expect(queue.pending).toBe(0);
  });

  test('a command not tied to a card is sent whatever the current card, and its value comes back', async () => {
    const { host, queue } = setup();
    const outcome = queue.enqueue(listStates);
    expect(host.sent[0]!.params).toEqual({});
    host.sent[0]!.answer(['incoming', 'outgoing']);
    await expect(outcome).resolves.toEqual({ status: 'ok', value: ['incoming', 'outgoing'] });
  });

  test('whenIdle waits for the queue to drain', async () => {
    const { host, queue } = setup();
    await expect(queue.whenIdle()).resolves.toBeUndefined();
    queue.enqueue(listStates);
    queue.enqueue(listStates);
    let idle = false;
    void queue.whenIdle().then(() => (idle = true));
    host.sent[0]!.answer([]);
    await flush();
    expect(idle).toBe(false);
    host.sent[1]!.answer([]);
    await flush();
    expect(idle).toBe(true);
  });
});

describe('timeout', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('an unanswered command times out after timeoutMs, is reported, and the queue moves on', async () => {
    const { host, queue, diagnostics } = setup(undefined, { timeoutMs: 1000 });
    const first = track(queue.enqueue(listStates));
    queue.enqueue(listStates);

    jest.advanceTimersByTime(999);
    await Promise.resolve();
    expect(first.outcome).toBeUndefined();
    expect(host.sent).toHaveLength(1);

    jest.advanceTimersByTime(1);
    await Promise.resolve();
    expect(first.outcome).toEqual({ status: 'timedOut' });
    expect(host.sent).toHaveLength(2);
    expect(diagnostics).toEqual([expect.objectContaining({ kind: 'commandTimedOut', command: 'CallCardGetListUiStates', params: {}, timeoutMs: 1000 })]);
  });

  test('the default timeout is 5000 ms', async () => {
    const { queue } = setup();
    const outcome = track(queue.enqueue(listStates));
    jest.advanceTimersByTime(DEFAULT_COMMAND_TIMEOUT_MS - 1);
    await Promise.resolve();
    expect(outcome.outcome).toBeUndefined();
    jest.advanceTimersByTime(1);
    await Promise.resolve();
    expect(outcome.outcome).toEqual({ status: 'timedOut' });
  });

  test('an answer clears the timer: no timeout is reported later', () => {
    const { host, queue, diagnostics } = setup(undefined, { timeoutMs: 1000 });
    queue.enqueue(listStates);
    host.sent[0]!.answer([]);
    jest.advanceTimersByTime(10_000);
    expect(diagnostics).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('a late error answer after the timeout is still reported as a failure', () => {
    const { host, queue, kinds } = setup(undefined, { timeoutMs: 1000 });
    queue.enqueue(listStates);
    jest.advanceTimersByTime(1000);
    host.sent[0]!.answer([{ result: 'error', errorCode: 'late' }]);
    expect(kinds()).toEqual(['commandTimedOut', 'commandFailed']);
  });
});

describe('timer commands are not awaited', () => {
  test.each([startTimer, stopTimer])('$command is sent and the next command follows at once', async (timerCommand) => {
    const { host, queue, diagnostics } = setup();
    queue.setCurrentCard(1);
    const outcome = queue.enqueue(timerCommand, 1);
    queue.enqueue(title('next'), 1);
    expect(host.names()).toEqual([timerCommand.command, 'CallCardSetCardTitle']);
    await expect(outcome).resolves.toEqual({ status: 'notAwaited' });
    expect(diagnostics).toEqual([]);
  });

  test('a later [] from the desktop application is not a duplicate', () => {
    const { host, queue, diagnostics } = setup();
    queue.enqueue(startTimer);
    host.sent[0]!.answer([]);
    expect(diagnostics).toEqual([]);
  });

  test('a later error answer is reported as a failure', () => {
    const { host, queue, diagnostics } = setup();
    queue.enqueue(stopTimer);
    host.sent[0]!.answer([{ result: 'error', errorCode: 'boom' }]);
    expect(diagnostics).toEqual([expect.objectContaining({ kind: 'commandFailed', command: 'CallCardStopTimer', errorCode: 'boom' })]);
  });

  test('a timer command leaves no timer behind', () => {
    jest.useFakeTimers();
    try {
      const { queue } = setup();
      queue.enqueue(startTimer);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('failures in each shape of host-behaviour.md §4', () => {
  test.each([
    ['browser: wrapped error', setUiState('nope'), [{ result: 'error', errorCode: 'Invalid ui state' }], 'Invalid ui state'],
    ['desktop: bare error object', mute(true), { result: 'error', errorCode: 'missing field muted' }, 'missing field muted'],
    ['desktop: wrapped missing field', title(''), [{ result: 'error', errorCode: 'missing field title' }], 'missing field title'],
  ])('%s is reported with command and errorCode, and the outcome says failed', async (_label, command, raw, errorCode) => {
    const { host, queue, diagnostics } = setup();
    const outcome = queue.enqueue(command);
    host.sent[0]!.answer(raw);
    await expect(outcome).resolves.toEqual({ status: 'failed', errorCode });
    expect(diagnostics).toEqual([{ kind: 'commandFailed', command: command.command, params: command.params, errorCode, result: raw, message: expect.stringContaining(errorCode) }]);
  });

  test('after a failure the queue moves on', () => {
    const { host, queue } = setup();
    queue.enqueue(setUiState('nope'));
    queue.enqueue(listStates);
    host.sent[0]!.answer([{ result: 'error', errorCode: 'Invalid ui state' }]);
    expect(host.names()).toEqual(['CallCardSetUiState', 'CallCardGetListUiStates']);
  });
});

describe('duplicate callbacks', () => {
  test('desktop "missing field held": the first (error) answer counts, the [] after it is ignored and reported once', async () => {
    const { host, queue, diagnostics } = setup();
    const outcome = queue.enqueue(hold(true));
    const next = queue.enqueue(listStates);
    const raw = [{ result: 'error', errorCode: 'missing field held' }];
    host.sent[0]!.answer(raw);
    host.sent[0]!.answer([]);
    host.sent[0]!.answer([]);
    await expect(outcome).resolves.toEqual({ status: 'failed', errorCode: 'missing field held' });
    expect(diagnostics.map((d) => d.kind)).toEqual(['commandFailed', 'duplicateCallback']);
    expect(diagnostics[1]).toEqual(expect.objectContaining({ command: 'CallCardSetHold', result: [] }));
    // The duplicates did not settle the command sent after the first answer.
    expect(host.names()).toEqual(['CallCardSetHold', 'CallCardGetListUiStates']);
    expect(queue.pending).toBe(1);
    host.sent[1]!.answer([]);
    await expect(next).resolves.toEqual({ status: 'ok', value: [] });
  });
});

describe('a host that answers or throws inside call()', () => {
  test('a synchronous callback settles the command and the next one is sent', async () => {
    const { host, queue, diagnostics } = setup((sent) => sent.answer([]));
    const outcomes = [queue.enqueue(listStates), queue.enqueue(listStates), queue.enqueue(listStates)];
    expect(host.sent).toHaveLength(3);
    await expect(Promise.all(outcomes)).resolves.toEqual([
      { status: 'ok', value: [] },
      { status: 'ok', value: [] },
      { status: 'ok', value: [] },
    ]);
    expect(queue.pending).toBe(0);
    expect(diagnostics).toEqual([]);
  });

  test('the next command is not sent from inside the previous call()', () => {
    let depth = 0;
    let deepest = 0;
    const { host, queue } = setup((sent) => {
      depth += 1;
      deepest = Math.max(deepest, depth);
      if (sent.params !== 'held back') sent.answer([]);
      depth -= 1;
    });
    queue.enqueue({ command: 'CallCardGetListUiStates', params: 'held back' } as unknown as CardCommand);
    queue.enqueue(listStates);
    queue.enqueue(listStates);
    host.sent[0]!.answer([]);
    expect(host.sent).toHaveLength(3);
    expect(deepest).toBe(1);
  });

  test('a synchronous throw is reported as a command dropped with reason hostThrew, and the queue moves on', async () => {
    const { host, queue, diagnostics } = setup((sent) => {
      if (sent.command === 'CallCardSetCardTitle') throw new Error('postMessage failed');
    });
    queue.setCurrentCard(1);
    const thrown = queue.enqueue(title('x'), 1);
    const next = queue.enqueue(setUiState('connectingIncoming'), 1);
    await expect(thrown).resolves.toEqual({ status: 'dropped', reason: 'hostThrew' });
    expect(diagnostics).toEqual([{ kind: 'commandDropped', command: 'CallCardSetCardTitle', params: { title: 'x' }, reason: 'hostThrew', message: expect.stringContaining('Error: postMessage failed') }]);
    expect(host.names()).toEqual(['CallCardSetCardTitle', 'CallCardSetUiState']);
    host.sent[1]!.answer([]);
    await expect(next).resolves.toEqual({ status: 'ok', value: [] });
  });

  test('a throw after a synchronous answer keeps the answer', async () => {
    const { queue, diagnostics } = setup((sent) => {
      sent.answer([]);
      throw new Error('late');
    });
    await expect(queue.enqueue(listStates)).resolves.toEqual({ status: 'ok', value: [] });
    expect(diagnostics).toEqual([]);
  });

  test('a placement with no call method does not throw out of enqueue', async () => {
    const queue = createCommandQueue({ placement: {} as PlacementPort, report: () => {} });
    queues.push(queue);
    await expect(queue.enqueue(listStates)).resolves.toEqual({ status: 'dropped', reason: 'hostThrew' });
  });

  test('a reporter or onCardLost that throws does not break the queue', async () => {
    const host = fakePlacement();
    const queue = createCommandQueue({
      placement: host.placement,
      report: () => {
        throw new Error('reporter');
      },
      onCardLost: () => {
        throw new Error('hook');
      },
    });
    queues.push(queue);
    queue.setCurrentCard(1);
    const first = queue.enqueue(title('a'), 1);
    queue.enqueue(listStates);
    expect(() => host.sent[0]!.answer(noCard)).not.toThrow();
    await expect(first).resolves.toEqual({ status: 'failed', errorCode: NO_CARD_ERROR });
    expect(host.names()).toEqual(['CallCardSetCardTitle', 'CallCardGetListUiStates']);
  });
});

describe('stale and gone cards (SC-C7)', () => {
  test('a new current card: the old card\'s queued commands are dropped as staleCall, its command in flight abandoned', async () => {
    const { host, queue, diagnostics, kinds } = setup();
    queue.setCurrentCard(1);
    const inFlight = queue.enqueue(setUiState('connectingIncoming'), 1);
    const stale = queue.enqueue(title('old'), 1);
    const untied = queue.enqueue(listStates);
    queue.setCurrentCard(2);
    await expect(stale).resolves.toEqual({ status: 'dropped', reason: 'staleCall' });
    await expect(inFlight).resolves.toEqual({ status: 'abandoned' });
    expect(kinds()).toEqual(['commandAbandoned', 'commandDropped']);
    expect(diagnostics[1]).toEqual(expect.objectContaining({ kind: 'commandDropped', command: 'CallCardSetCardTitle', reason: 'staleCall' }));
    // The new card's commands do not wait for the old card's answer.
    expect(host.names()).toEqual(['CallCardSetUiState', 'CallCardGetListUiStates']);
    host.sent[0]!.answer([]);
    expect(kinds()).toEqual(['commandAbandoned', 'commandDropped', 'lateAnswer']);
    host.sent[1]!.answer([]);
    await expect(untied).resolves.toEqual({ status: 'ok', value: [] });
  });

  test('a command for a card that is not current is dropped as staleCall when it reaches the head', async () => {
    const { host, queue } = setup();
    await expect(queue.enqueue(title('nobody'), 7)).resolves.toEqual({ status: 'dropped', reason: 'staleCall' });
    expect(host.sent).toEqual([]);
  });

  test('CallCardClose is never held up: its card\'s queued commands are dropped, the unanswered one abandoned, the close sent at once', async () => {
    const { host, queue, diagnostics, kinds } = setup();
    queue.setCurrentCard(1);
    const silent = queue.enqueue(setUiState('connectingIncoming'), 1);
    const dropped = queue.enqueue(title('x'), 1);
    const closing = queue.enqueue(close, 1);
    queue.cardClosed(1);
    expect(host.names()).toEqual(['CallCardSetUiState', 'CallCardClose']);
    await expect(dropped).resolves.toEqual({ status: 'dropped', reason: 'cardGone' });
    await expect(silent).resolves.toEqual({ status: 'abandoned' });
    expect(kinds()).toEqual(['commandDropped', 'commandAbandoned']);
    expect(diagnostics[0]).toEqual(expect.objectContaining({ command: 'CallCardSetCardTitle', reason: 'cardGone' }));
    expect(queue.closing).toBe(1);
    host.sent[0]!.answer([]); // the abandoned command's late answer: reported, ignored
    expect(kinds()).toEqual(['commandDropped', 'commandAbandoned', 'lateAnswer']);
    expect(queue.closing).toBe(1);
    host.sent[1]!.answer([]);
    await expect(closing).resolves.toEqual({ status: 'ok', value: [] });
    expect(queue.closing).toBeNull();
    await expect(queue.enqueue(title('after'), 1)).resolves.toEqual({ status: 'dropped', reason: 'cardGone' });
  });

  test('onClosing hears when a close is sent and when it is answered', async () => {
    const closings: (number | null)[] = [];
    const host = fakePlacement();
    const queue = createCommandQueue({ placement: host.placement, report: () => undefined, onClosing: (c) => closings.push(c) });
    queues.push(queue);
    queue.setCurrentCard(3);
    const closed = queue.enqueue(close, 3);
    expect(closings).toEqual([3]);
    host.sent[0]!.answer([]);
    await closed;
    expect(closings).toEqual([3, null]);
  });

  test('CallCardSetUiState connected (the host may never answer it) does not hold back the commands behind it', async () => {
    const { host, queue } = setup();
    queue.setCurrentCard(1);
    const connected = queue.enqueue(setUiState('connected'), 1);
    queue.enqueue(mute(true), 1);
    await expect(connected).resolves.toEqual({ status: 'notAwaited' });
    expect(host.names()).toEqual(['CallCardSetUiState', 'CallCardSetMute']);
  });

  test('CallCardSetUiState connected with disableAutoStartTimer is answered, so it is awaited', () => {
    const { host, queue } = setup();
    queue.setCurrentCard(1);
    queue.enqueue({ command: 'CallCardSetUiState', params: { uiState: 'connected', disableAutoStartTimer: true } }, 1);
    queue.enqueue(mute(true), 1);
    expect(host.names()).toEqual(['CallCardSetUiState']);
  });

  test('the late "Call card is undefined" of a not-awaited CallCardSetUiState connected still reports the card lost', () => {
    const { host, queue, lost } = setup();
    queue.setCurrentCard(1);
    queue.enqueue(setUiState('connected'), 1);
    host.sent[0]!.answer(noCard);
    expect(lost).toEqual(['CallCardSetUiState']);
  });

  test('a close does not wait behind a command tied to no card either, and the next card does not wait for the close', async () => {
    const { host, queue, kinds } = setup();
    queue.setCurrentCard(1);
    const list = queue.enqueue(listStates);
    const closing = queue.enqueue(close, 1);
    queue.cardClosed(1);
    queue.setCurrentCard(2);
    queue.enqueue(setUiState('incoming'), 2);
    await expect(list).resolves.toEqual({ status: 'abandoned' });
    await expect(closing).resolves.toEqual({ status: 'abandoned' });
    expect(host.names()).toEqual(['CallCardGetListUiStates', 'CallCardClose', 'CallCardSetUiState']);
    expect(kinds()).toEqual(['commandAbandoned', 'commandAbandoned']);
    // The abandoned close is still on its way: card 1 is closing until the host answers it.
    expect(queue.closing).toBe(1);
    host.sent[1]!.answer([]);
    expect(queue.closing).toBeNull();
    expect(kinds()).toEqual(['commandAbandoned', 'commandAbandoned', 'lateAnswer']);
  });

  test('an abandoned close the host never answers stops counting as closing after the timeout', () => {
    jest.useFakeTimers();
    try {
      const { queue } = setup(undefined, { timeoutMs: 1000 });
      queue.setCurrentCard(1);
      void queue.enqueue(close, 1);
      queue.setCurrentCard(2);
      expect(queue.closing).toBe(1);
      jest.advanceTimersByTime(1000);
      expect(queue.closing).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  test('a close for a card that is not current is not sent', async () => {
    const { host, queue } = setup();
    queue.setCurrentCard(2);
    await expect(queue.enqueue(close, 1)).resolves.toEqual({ status: 'dropped', reason: 'staleCall' });
    expect(host.sent).toEqual([]);
  });

  test('"Call card is undefined" for the current card: cardLost reported once, onCardLost called, the rest dropped', async () => {
    const { host, queue, diagnostics, lost, kinds } = setup();
    queue.setCurrentCard(1);
    queue.enqueue(setUiState('connectingIncoming'), 1);
    const mine = [queue.enqueue(title('x'), 1), queue.enqueue(hold(true), 1)];
    const untied = queue.enqueue(listStates);
    host.sent[0]!.answer(noCard);
    expect(kinds()).toEqual(['commandFailed', 'cardLost', 'commandDropped', 'commandDropped']);
    expect(diagnostics[1]).toEqual(expect.objectContaining({ kind: 'cardLost', command: 'CallCardSetUiState' }));
    expect(lost).toEqual(['CallCardSetUiState']);
    await expect(Promise.all(mine)).resolves.toEqual([
      { status: 'dropped', reason: 'cardGone' },
      { status: 'dropped', reason: 'cardGone' },
    ]);
    expect(host.names()).toEqual(['CallCardSetUiState', 'CallCardGetListUiStates']);
    host.sent[1]!.answer([]);
    await expect(untied).resolves.toEqual({ status: 'ok', value: [] });
  });

  test('cardLost is not repeated for a second "Call card is undefined" on the same card', () => {
    const { host, queue, lost, kinds } = setup();
    queue.setCurrentCard(1);
    queue.enqueue(startTimer, 1);
    queue.enqueue(stopTimer, 1);
    host.sent[0]!.answer(noCard);
    host.sent[1]!.answer(noCard);
    expect(lost).toEqual(['CallCardStartTimer']);
    expect(kinds()).toEqual(['commandFailed', 'cardLost', 'commandFailed']);
  });

  test.each([
    ['CallCardClose (the card was already gone)', close, 1, undefined],
    ['a command not tied to a card', title('x'), undefined, undefined],
    ['a command for a card declared closed', title('x'), 1, 'closed'],
  ] as const)('"Call card is undefined" for %s is a failure, not a lost card', (_label, command, generation, closed) => {
    const { host, queue, lost, kinds } = setup();
    queue.setCurrentCard(1);
    queue.enqueue(command, generation);
    if (closed) queue.cardClosed(1);
    host.sent[0]!.answer(noCard);
    expect(lost).toEqual([]);
    expect(kinds()).toEqual(['commandFailed']);
  });

  test('"Call card is undefined" for a command sent before the card was shown again is not a lost card', () => {
    const { host, queue, lost } = setup();
    queue.setCurrentCard(1);
    queue.enqueue(title('to the old card'), 1);
    queue.cardShown(); // initialized again for the same call: a new card on the host
    queue.enqueue(title('to the new card'), 1);
    host.sent[0]!.answer(noCard);
    expect(lost).toEqual([]);
    expect(host.names()).toEqual(['CallCardSetCardTitle', 'CallCardSetCardTitle']);
    host.sent[1]!.answer(noCard); // the new card gone too: now it is lost
    expect(lost).toEqual(['CallCardSetCardTitle']);
  });

  test('a card shown again (cardShown) lets a lost card\'s commands go again', async () => {
    const { host, queue } = setup();
    queue.setCurrentCard(1);
    queue.enqueue(title('x'), 1);
    host.sent[0]!.answer(noCard);
    await expect(queue.enqueue(title('dropped'), 1)).resolves.toEqual({ status: 'dropped', reason: 'cardGone' });
    queue.cardShown();
    queue.enqueue(title('sent'), 1);
    expect(host.names()).toEqual(['CallCardSetCardTitle', 'CallCardSetCardTitle']);
  });

  test('"Call card is undefined" for a card that is no longer current is not a lost card', () => {
    const { host, queue, lost } = setup();
    queue.setCurrentCard(1);
    queue.enqueue(title('x'), 1);
    queue.setCurrentCard(2);
    host.sent[0]!.answer(noCard);
    expect(lost).toEqual([]);
  });
});

describe('close follow-up (SC-C9, integration tests in tests/integration/closeFollowUp.test.ts)', () => {
  const refused = [{ result: 'error', errorCode: 'Access denied' }];
  const invalidUiState = [{ result: 'error', errorCode: 'Invalid ui state' }];

  test('off by default: a bare queue reports the failed close and sends nothing more', async () => {
    const { host, queue, kinds } = setup();
    queue.setCurrentCard(1);
    const closed = queue.enqueue(close, 1);
    host.sent[0]!.answer(refused);
    await expect(closed).resolves.toEqual({ status: 'failed', errorCode: 'Access denied' });
    await flush();
    expect(host.names()).toEqual(['CallCardClose']);
    expect(kinds()).toEqual(['commandFailed']);
    expect(queue.closing).toBeNull();
  });

  test('on: the probe follows, the card stays closing until the probe finds no card, then whenIdle resolves', async () => {
    const closings: (number | null)[] = [];
    const { host, queue, kinds } = setup(undefined, { followUpClose: true, onClosing: (c) => closings.push(c) });
    queue.setCurrentCard(1);
    void queue.enqueue(close, 1);
    host.sent[0]!.answer(refused);
    expect(host.names()).toEqual(['CallCardClose', 'CallCardSetUiState']);
    expect(host.sent[1]!.params).toEqual({ uiState: 'b24CallCardProbe' });
    expect(queue.closing).toBe(1);
    let idle = false;
    void queue.whenIdle().then(() => (idle = true));
    host.sent[1]!.answer(noCard);
    await flush();
    expect(idle).toBe(true);
    expect(queue.closing).toBeNull();
    expect(closings).toEqual([1, null]);
    expect(kinds()).toEqual(['commandFailed']);
  });

  test('on: a card shown while the probe is out ends the follow-up; the probe\'s answer changes nothing', async () => {
    const { host, queue, kinds } = setup(undefined, { followUpClose: true });
    queue.setCurrentCard(1);
    void queue.enqueue(close, 1);
    host.sent[0]!.answer(refused);
    queue.cardShown();
    expect(queue.closing).toBeNull();
    host.sent[1]!.answer(invalidUiState);
    await flush();
    expect(host.names()).toEqual(['CallCardClose', 'CallCardSetUiState']);
    expect(kinds()).toEqual(['commandFailed']);
  });
});

describe('dispose', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('drops everything queued, ends the command in flight, clears timers, and ignores later callbacks', async () => {
    const { host, queue, diagnostics } = setup();
    queue.setCurrentCard(1);
    const inFlight = queue.enqueue(setUiState('connectingIncoming'), 1);
    const queued = [queue.enqueue(title('a'), 1), queue.enqueue(listStates)];
    let idle = false;
    void queue.whenIdle().then(() => (idle = true));

    queue.dispose();
    await expect(inFlight).resolves.toEqual({ status: 'dropped', reason: 'disposed' });
    await expect(Promise.all(queued)).resolves.toEqual([
      { status: 'dropped', reason: 'disposed' },
      { status: 'dropped', reason: 'disposed' },
    ]);
    expect(diagnostics.map((d) => d.kind === 'commandDropped' && [d.command, d.reason])).toEqual([
      ['CallCardSetCardTitle', 'disposed'],
      ['CallCardGetListUiStates', 'disposed'],
    ]);
    expect(idle).toBe(true);
    expect(queue.pending).toBe(0);
    expect(jest.getTimerCount()).toBe(0);

    host.sent[0]!.answer(noCard);
    host.sent[0]!.answer([]);
    jest.advanceTimersByTime(60_000);
    expect(diagnostics).toHaveLength(2);
    expect(host.sent).toHaveLength(1);
  });

  test('enqueue after dispose resolves at once as dropped and sends nothing', async () => {
    const { host, queue, kinds } = setup();
    queue.dispose();
    await expect(queue.enqueue(listStates)).resolves.toEqual({ status: 'dropped', reason: 'disposed' });
    expect(host.sent).toEqual([]);
    expect(kinds()).toEqual(['commandDropped']);
  });
});
