/**
 * Section 6: draining 1,000 pending finishes through the portal's rate limit (issue 13
 * item 6). The REST double's leaky bucket (standard plan: 50 burst, 2/s drain) and the
 * records outbox run on one fake clock, so 500 s of portal time take a few seconds.
 * Achieved throughput is set beside the physical limit of the bucket for that many
 * requests (the burst at once, then the drain rate), as a ratio, for three pacings: the
 * default, and one set for the wrong plan (Enterprise's 250 / 5 on a standard portal: the
 * portal's 503s do the pacing), through BX24 and through a port that sees the 503s.
 */
import { createCallRecords, createMemoryStorage, fromBx24 } from '../adapters/records';
import { REST_LIMITS, type RestRateLimit } from '../protocol/rest';
import { createBx24Client, createRestDouble } from '../testing/rest';
import { createScheduler } from '../tests/adapters/records/support/fakeTime';
import { directPort } from '../tests/adapters/records/support/world';
import { figure, type SectionResult } from './stats';

const FINISHES = 1000;
const BUCKET = REST_LIMITS.standard;

interface Drain {
  readonly seconds: number;
  readonly recorded: number;
  readonly queryLimited: number;
  readonly requests: number;
  readonly duplicates: number;
}

async function drain(pacing: RestRateLimit | false, port: 'bx24' | 'status', seed: number): Promise<Drain> {
  const time = createScheduler();
  const rest = createRestDouble({ clock: time.clock, bucket: BUCKET, operating: false, seed });
  // The calls exist on the portal already (registered earlier, one every 0.5 s, so the bucket stays clear).
  const callIds: string[] = [];
  for (let index = 0; index < FINISHES; index += 1) {
    const answer = rest.callSync('telephony.externalcall.register', { USER_ID: 7, PHONE_NUMBER: `+4930${100000 + index}`, TYPE: 2, EXTERNAL_CALL_ID: `drain-${index}`, SHOW: 0 });
    callIds.push(String((answer.body as { result: { CALL_ID: string } }).result.CALL_ID));
    await time.advance(500);
  }
  await time.advance(60_000); // the bucket is empty when the drain starts
  const before = { requests: rest.counts.requests, queryLimited: rest.counts.queryLimited };
  const clock = time.instance();
  let seq = 0;
  const random = () => ((seq = (seq * 1103515245 + 12345 + seed) % 2 ** 31) / 2 ** 31);
  const records = createCallRecords({ rest: port === 'bx24' ? fromBx24(createBx24Client({ rest, userId: 7 }), { clock }) : directPort(rest), userId: 7, storage: createMemoryStorage(), clock, random, locks: null, pacing });
  const start = time.now();
  for (const callId of callIds) {
    const handle = records.callStarted({ direction: 'incoming', phoneNumber: 'click-to-call', callId });
    handle.ended({ endedBy: 'remoteHungUp', failureCode: null, connectedAt: start - 20_000, closedAt: start, rating: null });
  }
  await time.until(() => rest.records.length >= FINISHES, 3_600_000, 250);
  const seconds = (time.now() - start) / 1000;
  records.dispose();
  const distinct = new Set(rest.records.map((record) => record.CALL_ID)).size;
  return { seconds, recorded: distinct, queryLimited: rest.counts.queryLimited - before.queryLimited, requests: rest.counts.requests - before.requests, duplicates: rest.records.length - distinct };
}

export async function measureDrain(): Promise<SectionResult> {
  // The fastest any client can go: the burst at once, then one request per drain slot.
  const limitSeconds = (FINISHES - BUCKET.burst) / BUCKET.drainPerSecond;
  const limit = FINISHES / limitSeconds;
  const variants: { label: string; pacing: RestRateLimit | false; port: 'bx24' | 'status' }[] = [
    { label: 'BX24, default pacing (40 burst, 2/s)', pacing: { burst: 40, drainPerSecond: 2 }, port: 'bx24' },
    { label: "BX24, pacing for the wrong plan (250, 5/s): the portal's 503s pace it", pacing: REST_LIMITS.enterprise, port: 'bx24' },
    { label: 'status-reading port, pacing for the wrong plan (250, 5/s)', pacing: REST_LIMITS.enterprise, port: 'status' },
  ];
  const figures = [];
  const rows: string[] = ['| Pacing | Finishes recorded | Lost | Duplicated | Requests | 503 seen and retried | Portal seconds | Throughput /s | ÷ drain rate | ÷ bucket limit |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const [index, variant] of variants.entries()) {
    const runs: Drain[] = [];
    runs.push(await drain(variant.pacing, variant.port, 1 + index * 10));
    const throughput = runs.map((run) => run.recorded / run.seconds);
    figures.push(figure(`${variant.label}: throughput ÷ bucket limit`, '×', throughput.map((value) => value / limit), 3));
    for (const run of runs) {
      const value = run.recorded / run.seconds;
      rows.push(`| ${variant.label} | ${run.recorded} | ${FINISHES - run.recorded} | ${run.duplicates} | ${run.requests} | ${run.queryLimited} | ${run.seconds.toFixed(1)} | ${value.toFixed(3)} | ${(value / BUCKET.drainPerSecond).toFixed(3)} | ${(value / limit).toFixed(3)} |`);
    }
  }
  return {
    title: '6. Call records: draining 1,000 pending finishes',
    figures,
    notes: [
      `1,000 finishes waiting in the outbox (a worker restarted with a backlog) go through the REST double's leaky bucket (${BUCKET.burst} burst, ${BUCKET.drainPerSecond}/s drain, the standard plan) via the BX24.callMethod port. ` +
        `The bucket limit is the fastest any client could be: ${BUCKET.burst} at once, then ${BUCKET.drainPerSecond}/s, i.e. ${limit.toFixed(3)} finishes/s over ${limitSeconds} s. ` +
        'Time is the double\'s clock, shared with the outbox (real time at 2/s would take 500 s per run); the figures are portal seconds, not CPU time. One run per variant: everything runs on the fake clock from a fixed seed, so a run gives the same figures every time.',
      'Through BX24 (api/v1) a 503 never reaches the callback: the port times out (30 s) and the finish is ambiguous, so it is checked with voximplant.statistic.get before it is sent again — which is why the BX24 503 variant sends more requests; up to 4 requests are out at once, so a hung one does not hold the others up. ' +
        "The status-reading port hands the outbox the portal's status and body as `@bitrix24/b24jssdk` reports them (a 503 is seen as a 503); it calls the double in process because the SDK's own HTTP and timers cannot run on a fake clock.",
    ],
    details: rows.join('\n'),
  };
}
