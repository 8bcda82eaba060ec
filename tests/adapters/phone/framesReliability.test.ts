import { addFramesCounts, emptyFramesCounts, formatFramesCounts, runFramesScenario } from './support/framesModel';

// The fast profile of the frames model (the long one: `npm run reliability`, issue 18 item 7).
describe('SC-F4 / SC-F8 reliability: frames die with their calls, and every call is still one record', () => {
  test('owner frames closed and reloaded mid-call, holder frames reloaded, user switches, storage full or blocked: lost 0, duplicated 0, wrong 0', async () => {
    const total = emptyFramesCounts();
    for (const seed of [1801, 1802, 1803, 1804]) addFramesCounts(total, await runFramesScenario(seed, 12));
    process.stdout.write(`frames reliability (fast): ${formatFramesCounts(total)}\n`);
    expect(total.problems).toEqual([]);
    expect(total.ownerKills).toBeGreaterThan(0);
    expect(total.lostOwnerRecords).toBe(total.ownerKills);
  }, 120_000);
});
