/**
 * Issue 18 ("Why"): a worker reloaded mid-call on a page that drives its card alone (no
 * phone across frames). The summary of the card it finds must carry the call's own answer
 * time, or the record claims a missed call (`STATUS_CODE 304`, `DURATION 0`) for a call of
 * five minutes, or times an adopted call from its adoption (60 s for a 660 s call).
 */
import { fromCallSummary, finishParamsOf } from '../../adapters/records';
import { createMemoryStorage } from '../../adapters/records/storage/port';
import type { CallStorage } from '../../adapters/session/storage';
import { buildStack, disposeStacks, driveTo } from './harness';

afterEach(disposeStacks);

/** A call answered, then `talkMs` later the worker reloads and a new session starts over the host's card. */
async function answeredThenReloaded(callId: string, talkMs: number, extra: Record<string, unknown> = {}) {
  let now = Date.parse('2026-01-05T09:00:00Z');
  const clock = () => now;
  const storage: CallStorage = createMemoryStorage();
  const before = buildStack({ extra: { storage, clock } });
  await driveTo(before, 'connected', { CALL_ID: callId, PHONE_NUMBER: '+4930111' });
  const answeredAt = now;
  now += talkMs;
  before.sim.reloadWorker();
  const after = buildStack({ sim: before.sim, extra: { storage, clock, ...extra } });
  await after.sim.settle();
  return { after, answeredAt, later: (ms: number) => void (now += ms) };
}

describe('SC-W1 / SC-W2 worker restart: the call keeps its answer time', () => {
  test('storage on, the orphan closed: a 5-minute answered call is summarised connected at its answer, and its record is 200 with its talk time', async () => {
    const { after, answeredAt } = await answeredThenReloaded('live-1', 300_000);
    expect(after.summaries).toEqual([expect.objectContaining({ callId: 'live-1', endedBy: 'orphaned', connected: true, connectedAt: answeredAt })]);
    expect(finishParamsOf('live-1', 7, fromCallSummary(after.summaries[0]!), false)).toMatchObject({ STATUS_CODE: '200', DURATION: 300 });
  });

  test('an adopted call is timed from its answer (connectedAt given, or the stored call’s), not from the adoption', async () => {
    const { after, answeredAt, later } = await answeredThenReloaded('live-2', 600_000, {
      onOrphanedCard: () => ({ adopt: { callId: 'live-2', direction: 'incoming', phoneNumber: '+4930111', uiState: 'connected' } }),
    });
    later(60_000);
    after.sim.click('hangupButtonClick');
    await after.sim.settle();
    expect(after.summaries).toEqual([expect.objectContaining({ callId: 'live-2', endedBy: 'hungUp', connectedAt: answeredAt })]);
    expect(finishParamsOf('live-2', 7, fromCallSummary(after.summaries[0]!), false)).toMatchObject({ STATUS_CODE: '200', DURATION: 660 });
  });
});
