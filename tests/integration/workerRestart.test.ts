/**
 * Worker restart (statechart.md, "Card and call"; host-behaviour.md §6): the worker frame
 * reloads, the card stays open, and no `initialized` comes again. At start the library
 * probes for an open card, and closes it (default) or adopts it (`onOrphanedCard`).
 */
import { createCallCard } from '../../adapters/session/createCallCard';
import type { CardChange, OrphanDecision } from '../../adapters/session/options';
import { PROBE_UI_STATE } from '../../adapters/session/orphanProbe';
import { createRecordingSoftphone } from '../../testing/softphone';
import { createHostSimulator, type HostMode } from '../../testing/host';
import { act, buildStack, call, CLOSE, disposeStacks, driveTo, expectCardShowsStatechart, MODES, showUi, type Stack, type StackOptions } from './harness';
import { CALL_STORAGE_KEY, type CallStorage } from '../../adapters/session/storage';

afterEach(disposeStacks);

const probe = { command: 'CallCardSetUiState', params: { uiState: PROBE_UI_STATE } };

/** A connected call whose worker frame then reloads: the old session hears nothing any more. */
async function restartedWorker(mode: HostMode, extra: StackOptions['extra'] = {}, storage?: CallStorage): Promise<{ before: Stack; after: Stack }> {
  const before = buildStack({ mode, extra: storage ? { storage } : {} });
  await driveTo(before, 'connected', { CALL_ID: 'live-1', PHONE_NUMBER: '+4930111' });
  await act(before, () => before.sim.mute(true));
  before.phone.clear();
  before.sim.reloadWorker();
  const logAt = before.sim.log.length;
  const after = buildStack({ mode, sim: before.sim, extra: { ...(storage ? { storage } : {}), ...extra } });
  await after.sim.settle();
  expect(after.sim.log.slice(logAt)[0]).toMatchObject(probe);
  return { before, after };
}

describe.each(MODES)('%s host: worker restart', (mode) => {
  test('the start-up probe finds no card: nothing is reported and the first call works', async () => {
    const s = buildStack({ mode });
    await s.sim.settle();
    expect(s.sim.log.map(({ command, params }) => ({ command, params }))).toEqual([probe]);
    expect(s.diagnostics).toEqual([]);
    const step = await act(s, () => s.sim.raiseCall(call()));
    expect(step).toEqual({ sent: [showUi('incoming')], told: [], diagnostics: [] });
  });

  test('an orphaned card is closed by default: CallCardClose, one orphanedCard diagnostic, one summary ended by orphaned', async () => {
    const { before, after } = await restartedWorker(mode);
    expect(after.sim.log.at(-1)).toMatchObject(CLOSE);
    expect(after.sim.card).toBeNull();
    expect(after.diagnostics).toEqual([expect.objectContaining({ kind: 'orphanedCard', action: 'closed', callId: null })]);
    expect(after.summaries).toEqual([expect.objectContaining({ endedBy: 'orphaned' })]);
    expect(after.phone.calls).toEqual([]);
    expect(after.card.state).toEqual({ status: 'idle' });
    // The reloaded frame's old session hears nothing.
    expect(before.phone.calls).toEqual([]);

    // The worker goes on with the next call as usual.
    const step = await act(after, () => after.sim.raiseCall(call({ CALL_ID: 'next-1' })));
    expect(step).toEqual({ sent: [showUi('incoming')], told: [], diagnostics: [] });
    expect(after.summaries).toHaveLength(1);
  });

  test('onOrphanedCard adopts the call the softphone still has: the card is brought up to date and managed like any other', async () => {
    const asked: unknown[] = [];
    const changes: CardChange['type'][] = [];
    const { after } = await restartedWorker(mode, {
      onOrphanedCard: (orphan: unknown) => {
        asked.push(orphan);
        return { adopt: { callId: 'live-1', direction: 'incoming', phoneNumber: '+4930111', uiState: 'connected', muted: true } };
      },
      onCard: (change: CardChange) => changes.push(change.type),
    });
    expect(asked).toEqual([{ foundAt: expect.any(Number), lastKnown: null }]);
    expect(after.diagnostics).toEqual([expect.objectContaining({ kind: 'orphanedCard', action: 'adopted', callId: 'live-1' })]);
    expect(after.sim.log.slice(-2).map(({ command, params }) => ({ command, params }))).toEqual([showUi('connected'), { command: 'CallCardSetMute', params: { muted: true } }]);
    expect(after.card.state).toMatchObject({ status: 'call', uiState: 'connected', card: 'attached', muted: true, held: false, call: { callId: 'live-1', phoneNumber: '+4930111' } });
    expect(changes).toEqual(['opened']);
    expect(after.summaries).toEqual([]);
    expectCardShowsStatechart(after);

    // Managed like any other: Hang up hangs up and closes.
    const step = await act(after, () => after.sim.click('hangupButtonClick'));
    expect(step.sent).toEqual([CLOSE]);
    expect(step.told).toEqual([{ method: 'hangup' }]);
    expect(after.summaries).toEqual([expect.objectContaining({ callId: 'live-1', endedBy: 'hungUp', phoneNumber: '+4930111' })]);
  });

  test('an asynchronous onOrphanedCard is waited for; a card the host opens meanwhile wins and the answer is ignored', async () => {
    let decide: (decision: OrphanDecision) => void = () => undefined;
    const before = buildStack({ mode });
    await driveTo(before, 'connected', { CALL_ID: 'live-1' });
    before.sim.reloadWorker();
    const after = buildStack({ mode, sim: before.sim, extra: { onOrphanedCard: () => new Promise<OrphanDecision>((resolve) => (decide = resolve)) } });
    await after.sim.settle();
    expect(after.sim.card?.uiState).toBe('connected'); // still deciding: nothing done

    // The operator hangs the orphan up elsewhere; the host shows the next call's card.
    after.sim.autoClose();
    await act(after, () => after.sim.raiseCall(call({ CALL_ID: 'next-1' })));
    decide('close');
    await after.sim.settle();
    expect(after.sim.card?.uiState).toBe('incoming');
    expect(after.kinds()).not.toContain('orphanedCard');
    expect(after.summaries).toEqual([]);
  });

  test.each([
    ['throws', () => { throw new Error('softphone not ready'); }],
    ['rejects', () => Promise.reject(new Error('softphone not ready'))],
    ['answers nonsense', () => ({ adopt: { callId: '', direction: 'sideways', uiState: 'error' } }) as never],
  ])('onOrphanedCard that %s: reported as a hookError, and the card is closed', async (_label, hook) => {
    const { after } = await restartedWorker(mode, { onOrphanedCard: hook as unknown as () => OrphanDecision });
    expect(after.kinds()).toEqual(['hookError', 'orphanedCard']);
    expect(after.diagnostics[0]).toMatchObject({ hook: 'onOrphanedCard' });
    expect(after.sim.card).toBeNull();
    expect(after.summaries).toEqual([expect.objectContaining({ endedBy: 'orphaned' })]);
  });
});

/** A Storage-like map, as sessionStorage is to a worker frame (it survives the frame's reload). */
function memoryStorage(): CallStorage & { readonly items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}

describe.each(MODES)('%s host: worker restart with storage', (mode) => {
  test('the current call is kept in storage while it lasts, and removed when it is over', async () => {
    const storage = memoryStorage();
    const s = buildStack({ mode, extra: { storage } });
    await driveTo(s, 'connected', { CALL_ID: 'kept-1', PHONE_NUMBER: '+4930111' });
    expect(JSON.parse(storage.items.get(CALL_STORAGE_KEY) ?? 'null')).toMatchObject({ call: { callId: 'kept-1', phoneNumber: '+4930111' }, uiState: 'connected', muted: false, held: false });
    await act(s, () => s.sim.click('hangupButtonClick'));
    expect(storage.items.has(CALL_STORAGE_KEY)).toBe(false);
  });

  test('the orphan closed by default is summarised with the call an earlier instance left in storage', async () => {
    const storage = memoryStorage();
    const { after } = await restartedWorker(mode, {}, storage);
    expect(after.diagnostics).toEqual([expect.objectContaining({ kind: 'orphanedCard', action: 'closed', callId: 'live-1' })]);
    expect(after.summaries).toEqual([expect.objectContaining({ endedBy: 'orphaned', callId: 'live-1', phoneNumber: '+4930111' })]);
    expect(storage.items.has(CALL_STORAGE_KEY)).toBe(false);
  });

  test('onOrphanedCard gets what storage kept, enough to adopt the call without asking the softphone for its CALL_ID', async () => {
    const storage = memoryStorage();
    const { after } = await restartedWorker(
      mode,
      {
        onOrphanedCard: ({ lastKnown }) =>
          lastKnown && lastKnown.uiState === 'connected'
            ? { adopt: { callId: lastKnown.call.callId, direction: lastKnown.call.direction ?? 'incoming', phoneNumber: lastKnown.call.phoneNumber, uiState: 'connected', muted: lastKnown.muted, held: lastKnown.held } }
            : 'close',
      },
      storage,
    );
    expect(after.card.state).toMatchObject({ status: 'call', uiState: 'connected', muted: true, call: { callId: 'live-1', phoneNumber: '+4930111' } });
    expect(after.sim.card).toMatchObject({ uiState: 'connected', muted: true });
    expect(after.summaries).toEqual([]);
  });

  test('a stale entry with no card open is forgotten; a storage that throws is reported once and left alone', async () => {
    const storage = memoryStorage();
    storage.items.set(CALL_STORAGE_KEY, JSON.stringify({ call: { callId: 'gone' }, uiState: 'connected', muted: false, held: false, savedAt: 1 }));
    const s = buildStack({ mode, extra: { storage } });
    await s.sim.settle();
    expect(storage.items.has(CALL_STORAGE_KEY)).toBe(false);
    expect(s.diagnostics).toEqual([]);

    storage.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    await driveTo(s, 'connected');
    await act(s, () => s.sim.hold(true));
    expect(s.kinds()).toEqual(['hookError']);
    expect(s.diagnostics[0]).toMatchObject({ hook: 'storage' });
  });
});

describe('worker restart against an older desktop application', () => {
  test('the probe answered [] (no card, old desktop): reported as inconclusive, treated as no card', async () => {
    const sim = createHostSimulator({ mode: 'desktop', oldDesktop: true });
    const diagnostics: { kind: string }[] = [];
    const card = createCallCard({ placement: sim.placement, softphone: createRecordingSoftphone(), onDiagnostic: (d) => diagnostics.push(d) });
    await sim.settle();
    expect(diagnostics).toEqual([expect.objectContaining({ kind: 'cardProbeInconclusive', result: [] })]);
    expect(sim.log.map((entry) => entry.command)).toEqual(['CallCardSetUiState']); // nothing closed
    expect(card.state).toEqual({ status: 'idle' });
    card.dispose();
  });
});
