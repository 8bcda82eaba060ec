/**
 * Soak (issues 5 and 20): 10,000 consecutive calls through ONE long-lived call card, with
 * random host faults and softphone failures, then compares the heap after a forced GC with
 * the heap after the first 1,000 calls. Exits 1 if it grew by more than 10 %, if a call the
 * host raised did not end with exactly one summary, if the host refused to raise a call
 * because a card was left open (a close that failed and was not seen through, statechart.md
 * SC-C9), or if anything escaped.
 *
 * Only the calls the host raised are counted: the host shows no second card while one is
 * open (host-behaviour.md §1.3), so a call it refuses has no card and no summary. A call is
 * replaced the way the host replaces one: its card goes (`telephony.externalcall.hide`) and
 * the next call's card comes in the same window (statechart.md SC-C4).
 *
 * Run: `npm run soak` (bundles this file with esbuild and runs it with `node --expose-gc`).
 * Options: SOAK_CALLS (default 10000), SOAK_SEED (default 20240605), SOAK_MODE (browser | desktop).
 *
 * The simulator records every command and event it sees (its `log` and `events` grow
 * forever, by design, for tests). So that the figure measures the card and not that
 * record, the card talks to a relay placement that hands each batch of 500 calls to a
 * fresh simulator, and both heap figures are taken just after a fresh one took over;
 * the card itself, its statechart, queue and bindings live throughout.
 */
import { createCallCard } from '../adapters/session/createCallCard';
import { createHostSimulator, type FaultKind, type HostMode, type HostSimulator } from '../testing/host';
import { SOFTPHONE_METHODS, type Softphone } from '../adapters/softphone/port';
import { CARD_EVENT_NAMES, hostEventName, NO_CARD_ERROR, type CardCommandName, type PlacementPort } from '../protocol';
import type { Diagnostic } from '../diagnostics';
import { seededRandom } from '../testing/rest/random';

const CALLS = Number(process.env.SOAK_CALLS ?? 10_000);
const BASELINE_AFTER = Math.min(1_000, Math.floor(CALLS / 10));
const SIMULATOR_BATCH = 500;
const LIMIT = 0.1;
const MODE: HostMode = process.env.SOAK_MODE === 'desktop' ? 'desktop' : 'browser';

const random = seededRandom(Number(process.env.SOAK_SEED ?? 20240605));
const chance = (p: number) => random() < p;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

type Handler = (...args: unknown[]) => void;

/** A placement that forwards to the current simulator; the card binds once, here, for its whole life. */
function createRelay(mode: HostMode) {
  const handlers = new Map<string, Handler[]>();
  let sim: HostSimulator = createHostSimulator({ mode });
  const attach = (next: HostSimulator) => {
    sim = next;
    for (const name of CARD_EVENT_NAMES) {
      const event = hostEventName(name);
      sim.placement.bindEvent(event, (...args: unknown[]) => handlers.get(event)?.forEach((handler) => handler(...args)));
    }
  };
  attach(sim);
  const placement: PlacementPort = {
    call: (command, params, callback) => sim.placement.call(command, params, callback),
    bindEvent: (event, handler) => {
      handlers.set(event, [...(handlers.get(event) ?? []), handler as Handler]);
    },
  };
  return { placement, get sim() { return sim; }, renew: () => attach(createHostSimulator({ mode })) };
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let round = 0; round < 4; round += 1) gc();
  return process.memoryUsage().heapUsed;
}

const FAULTED_COMMANDS: readonly (CardCommandName | '*')[] = ['*', 'CallCardSetUiState', 'CallCardClose', 'CallCardSetMute', 'CallCardSetHold', 'CallCardSetCardTitle'];
const FAULTS: readonly FaultKind[] = ['error', 'bareError', 'noCallback', 'doubleCallback', 'throw'];

/** A `CallCardClose` that may have left its card open (statechart.md SC-C9), by how; `null` for anything else. */
function failedClose(diagnostic: Diagnostic): string | null {
  if (!('command' in diagnostic) || diagnostic.command !== 'CallCardClose') return null;
  if (diagnostic.kind === 'commandFailed') return diagnostic.errorCode === NO_CARD_ERROR ? null : 'refused';
  if (diagnostic.kind === 'commandTimedOut') return 'unanswered';
  if (diagnostic.kind === 'commandDropped' && diagnostic.reason === 'hostThrew') return 'threw';
  return null;
}

async function main(): Promise<number> {
  const relay = createRelay(MODE);
  const diagnostics = new Map<string, number>();
  let summaries = 0;
  // Only the calls still waiting for their summary are kept, so the check itself does not grow the heap.
  const awaitingSummary = new Set<string>();
  let raised = 0;
  let strays = 0;
  let refused = 0;
  const failedCloses = new Map<string, number>();
  const followUps = new Map<string, number>();
  let softphoneFailures = 0;
  let escapes = 0;
  process.on('unhandledRejection', () => {
    escapes += 1;
  });

  const softphone = Object.fromEntries(
    SOFTPHONE_METHODS.map((method) => [
      method,
      () => {
        if (!chance(0.03)) return undefined;
        softphoneFailures += 1;
        if (chance(0.5)) throw new Error(`soak: ${method} threw`);
        return Promise.reject(new Error(`soak: ${method} rejected`));
      },
    ]),
  ) as unknown as Softphone;

  const card = createCallCard({
    placement: relay.placement,
    softphone,
    // Short, so that a command a fault leaves unanswered times out at once; a positive number, as the options check asks.
    commandTimeoutMs: 5,
    onSummary: (summary) => {
      summaries += 1;
      // A summary for a call not waiting for one: a second summary, or one for a call the host never raised.
      if (!awaitingSummary.delete(summary.callId)) strays += 1;
    },
    onDiagnostic: (diagnostic) => {
      diagnostics.set(diagnostic.kind, (diagnostics.get(diagnostic.kind) ?? 0) + 1);
      const closeFailure = failedClose(diagnostic);
      if (closeFailure) failedCloses.set(closeFailure, (failedCloses.get(closeFailure) ?? 0) + 1);
      if (diagnostic.kind === 'cardStillOpen') followUps.set(diagnostic.action, (followUps.get(diagnostic.action) ?? 0) + 1);
    },
  });

  const settle = async () => {
    for (let round = 0; round < 3; round += 1) {
      await card.whenIdle();
      await relay.sim.settle();
    }
    await new Promise((resolve) => setImmediate(resolve));
  };
  const act = async (action: () => unknown) => {
    try {
      action();
    } catch {
      escapes += 1;
    }
    await settle();
  };

  let baseline = 0;
  let baselineAt = 0;
  let sinceRenew = 0;
  // A fresh host only between calls, with no card left open on the old one (that would hide a close that failed).
  const renewWhenIdle = (): boolean => {
    if (card.state.status !== 'idle' || relay.sim.card !== null) return false;
    relay.renew();
    sinceRenew = 0;
    return true;
  };
  const started = performance.now();
  for (let call = 1; call <= CALLS; call += 1) {
    if (sinceRenew >= SIMULATOR_BATCH) renewWhenIdle();
    sinceRenew += 1;
    const sim = relay.sim;
    if (chance(0.3)) sim.injectFault({ command: pick(FAULTED_COMMANDS), kind: pick(FAULTS) });

    const direction = pick(['incoming', 'incoming', 'outgoing', 'callback'] as const);
    const callId = `soak.${call}`;
    await act(() => {
      const result = sim.raiseCall({ CALL_ID: callId, CALL_DIRECTION: direction, PHONE_NUMBER: '+100' });
      if (result.raised) {
        raised += 1;
        awaitingSummary.add(callId);
      } else refused += 1;
    });
    await act(() => card.setTitle(`Caller ${call}`));
    if (direction === 'incoming') await act(() => sim.click('answerButtonClick', undefined, { force: chance(0.1) }));
    else if (direction === 'callback') await act(() => sim.click('makeCallButtonClick', undefined, { force: chance(0.1) }));
    await act(() => card.send(chance(0.9) ? { type: 'phone.connected' } : { type: 'phone.failed', code: pick([486, 402, 500]) }));
    if (chance(0.5)) await act(() => sim.mute(chance(0.5), { force: true }));
    if (chance(0.5)) await act(() => card.send({ type: 'phone.heldChanged', held: chance(0.5) }));
    if (chance(0.5)) await act(() => sim.dial(pick(['1', '2', '#', 'x']), { force: true }));
    if (chance(0.3)) await act(() => sim.comment(`note ${call}`, { force: true }));
    if (chance(0.2)) await act(() => sim.emitRaw('qualityMeterClick', pick(['7', null, '5', { n: 1 }])));
    if (chance(0.1)) await act(() => sim.autoClose());
    if (chance(0.05)) {
      // The next call replaces this one: its card goes first, as the host does it (a card is never replaced while open).
      await act(() => sim.hide());
      continue;
    }
    const ending = pick(['hangup', 'remote', 'close'] as const);
    if (ending === 'hangup') await act(() => sim.click('hangupButtonClick', undefined, { force: true }));
    else if (ending === 'remote') await act(() => card.send({ type: 'phone.ended' }));
    else await act(() => sim.click('closeButtonClick', undefined, { force: true }));
    // Whatever the faults did, the card must end closed; the operator's close always works.
    if (card.state.status === 'call') await act(() => sim.click('closeButtonClick', undefined, { force: true }));

    // Both figures are taken with a fresh host, so that they weigh the card and not the host's record of the last batch.
    if (baselineAt === 0 && call >= BASELINE_AFTER && renewWhenIdle()) {
      baseline = heapAfterGc();
      baselineAt = call;
    }
  }
  if (card.state.status === 'call') await act(() => relay.sim.click('closeButtonClick', undefined, { force: true }));
  if (!renewWhenIdle()) console.error('the card is not idle at the end: the last figure includes the host\'s record');
  const final = heapAfterGc();
  const growth = (final - baseline) / baseline;
  const seconds = (performance.now() - started) / 1000;
  const mb = (bytes: number) => `${(bytes / 1048576).toFixed(2)} MB`;
  const kinds = [...diagnostics].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${kind} ${n}`).join(', ');

  console.log(`soak [${MODE}]: ${CALLS} calls through one card in ${seconds.toFixed(1)} s`);
  console.log(`  heap after GC: ${mb(baseline)} after ${baselineAt} calls, ${mb(final)} after ${CALLS} calls: ${(growth * 100).toFixed(2)} % (limit ${LIMIT * 100} %)`);
  const unsummarised = [...awaitingSummary];
  console.log(`  calls raised by the host ${raised}, refused (a card still open) ${refused}; summaries ${summaries}: raised calls without one ${unsummarised.length}, second summaries or of calls never raised ${strays}`);
  const tally = (map: Map<string, number>) => [...map].map(([key, n]) => `${key} ${n}`).join(', ') || 'none';
  console.log(`  closes that did not succeed: ${tally(failedCloses)}; followed up (SC-C9, cardStillOpen): ${tally(followUps)}`);
  console.log(`  softphone failures ${softphoneFailures}, escapes ${escapes}`);
  console.log(`  diagnostics: ${kinds}`);

  let failed = false;
  if (growth > LIMIT) {
    console.error(`FAIL: the heap grew by ${(growth * 100).toFixed(2)} %, over ${LIMIT * 100} %`);
    failed = true;
  }
  if (unsummarised.length > 0 || strays > 0 || summaries !== raised) {
    console.error(`FAIL: ${raised} calls raised, ${summaries} summaries; without one: ${unsummarised.slice(0, 5).join(', ') || 'none'}; ${strays} summaries too many`);
    failed = true;
  }
  if (refused > 0) {
    console.error(`FAIL: the host refused ${refused} call(s) because a card was still open`);
    failed = true;
  }
  if (escapes > 0) {
    console.error(`FAIL: ${escapes} throw(s) or unhandled rejection(s) escaped`);
    failed = true;
  }
  if ((diagnostics.get('softphoneError') ?? 0) !== softphoneFailures) {
    console.error(`FAIL: ${softphoneFailures} softphone failures, ${diagnostics.get('softphoneError') ?? 0} softphoneError diagnostics`);
    failed = true;
  }
  card.dispose();
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
