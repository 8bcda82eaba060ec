/**
 * The reliability model of the records layer (issue 13 item 5): many calls from the
 * softphone, REST faults and rate limits from the double, worker frames that crash at
 * any point and are started again over the same storage, two frames at once. After a
 * run, every call must be exactly one record with the right STATUS_CODE, DURATION and
 * VOTE, or a dead letter for what Bitrix24 itself refuses (a withheld number).
 */
import fc from 'fast-check';
import { createCallRecords, createMemoryStorage, fromBx24, fromCallSummary, type CallRecords, type DeadLetter, type RecordsStorage, type RestPort } from '../../../../adapters/records';
import type { QualityRating } from '../../../../protocol/buttons';
import type { RecordDirection } from '../../../../adapters/records';
import type { CallEnd } from '../../../../machines/callCard.types';
import { createBx24Client, createRestDouble, seededRandom, type RestFaultKind } from '../../../../testing/rest';
import { createScheduler, type InstanceClock } from './fakeTime';

/** How a call goes, and what Bitrix24 must then hold. */
export type CallShape = 'answered' | 'busy' | 'missed' | 'declined' | 'cancelled' | 'unavailable' | 'withheld';

export interface CallPlan {
  readonly shape: CallShape;
  readonly outgoing: boolean;
  readonly ringMs: number;
  readonly talkMs: number;
  /** Who reports the end: the card's summary, the softphone, or both (the card's must win). */
  readonly route: 'card' | 'softphone' | 'both';
  readonly rating: QualityRating | null;
  readonly sip: boolean;
  /** Which of the two frames the softphone reports the start / the end to. */
  readonly startOn: 0 | 1;
  readonly endOn: 0 | 1;
  /**
   * The first register's answer is lost (the portal has the call and raises its card) and
   * every retry fails before reaching the portal for `holdMs` (network down): the card's
   * summary, keyed only by CALL_ID, then comes long before the register is answered.
   */
  readonly holdMs: number | null;
  /**
   * A proxy passes a Call-ID through: the call reuses the last SIP call's Call-ID — with that
   * call's number when the softphone has reported its end (a repeat after the call), else with
   * its own number (another caller). It must still be a call of its own, recorded once.
   */
  readonly reuseSip: boolean;
}

export type Step = { readonly kind: 'call'; readonly call: CallPlan } | { readonly kind: 'wait'; readonly ms: number } | { readonly kind: 'restart'; readonly slot: 0 | 1 };

export interface Scenario {
  readonly seed: number;
  /** Share of requests an injected fault hits. */
  readonly faultRate: number;
  readonly steps: readonly Step[];
}

export interface RunCounts {
  calls: number;
  restarts: number;
  faults: number;
  requests: number;
  rateLimited: number;
  records: number;
  duplicates: number;
  lost: number;
  wrong: number;
  deadLetters: number;
  /** Calls that reused an earlier call's SIP Call-ID. */
  repeatedCallIds: number;
  /** Storage keys other than the lease and the pacing state left 8 days after the calls (must be 0). */
  keptAfterRetention: number;
  problems: string[];
}

/** Faults that leave the portal's answer to chance; `accessDenied` is left out (it is a refusal, tested on its own). */
export const MODEL_FAULTS: readonly RestFaultKind[] = ['reset', 'lostAnswer', 'hang', 'http502', 'http504', 'http500', 'queryLimit', 'operationLimit', 'expiredToken'];

const callArb: fc.Arbitrary<CallPlan> = fc.record({
  shape: fc.constantFrom<CallShape>('answered', 'answered', 'answered', 'busy', 'missed', 'declined', 'cancelled', 'unavailable', 'withheld'),
  outgoing: fc.boolean(),
  ringMs: fc.integer({ min: 0, max: 20_000 }),
  talkMs: fc.integer({ min: 1, max: 300_000 }),
  route: fc.constantFrom<CallPlan['route']>('card', 'softphone', 'both'),
  rating: fc.option(fc.constantFrom<QualityRating>(1, 2, 3, 4, 5), { nil: null }),
  sip: fc.boolean(),
  startOn: fc.constantFrom<0 | 1>(0, 1),
  endOn: fc.constantFrom<0 | 1>(0, 1),
  holdMs: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 61_000, max: 600_000 }) }),
  reuseSip: fc.oneof({ weight: 7, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: callArb.map((call) => ({ kind: 'call' as const, call })) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 8000 }).map((ms) => ({ kind: 'wait' as const, ms })) },
  { weight: 1, arbitrary: fc.constantFrom<0 | 1>(0, 1).map((slot) => ({ kind: 'restart' as const, slot })) },
);

export const scenarioArb = (maxSteps: number): fc.Arbitrary<Scenario> =>
  fc.record({
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    faultRate: fc.double({ min: 0.05, max: 0.3, noNaN: true }),
    steps: fc.array(stepArb, { minLength: Math.ceil(maxSteps / 2), maxLength: maxSteps }),
  });

/** What the plan says Bitrix24 must record. */
function expected(plan: CallPlan): { status: string; direction: 'incoming' | 'outgoing'; endedBy: CallEnd; failureCode: number | null; connected: boolean } {
  // A name the card's summary and the record's TYPE share, so it feeds both.
  const direction = plan.outgoing ? 'outgoing' : 'incoming';
  switch (plan.shape) {
    case 'answered':
      return { status: '200', direction, endedBy: 'remoteHungUp', failureCode: null, connected: true };
    case 'busy':
      return { status: '486', direction: 'outgoing', endedBy: 'remoteHungUp', failureCode: 486, connected: false };
    case 'unavailable':
      return { status: '480', direction: 'outgoing', endedBy: 'remoteHungUp', failureCode: 480, connected: false };
    case 'missed':
      return { status: '304', direction: 'incoming', endedBy: 'remoteHungUp', failureCode: null, connected: false };
    case 'declined':
      return { status: '603', direction: 'incoming', endedBy: 'skipped', failureCode: null, connected: false };
    case 'cancelled':
      return { status: '603-S', direction: 'outgoing', endedBy: 'hungUp', failureCode: null, connected: false };
    case 'withheld':
      return { status: 'none', direction: 'incoming', endedBy: 'remoteHungUp', failureCode: null, connected: false };
  }
}

interface Frame {
  records: CallRecords;
  clock: InstanceClock;
}

/** Runs one scenario on fresh doubles; returns its counts (problems listed, never thrown). */
export async function runScenario(scenario: Scenario, options: { settleLimitMs?: number; retention?: boolean } = {}): Promise<RunCounts> {
  const time = createScheduler();
  const random = seededRandom(scenario.seed);
  let faultsOn = true;
  /** EXTERNAL_CALL_ID → until when its register retries are cut off (after a first one whose answer is lost). */
  const held = new Map<string, { holdMs: number; until: number | null }>();
  const rest = createRestDouble({
    clock: time.clock,
    seed: scenario.seed,
    faultHook: (method, params) => {
      const hold = method === 'telephony.externalcall.register' ? held.get(String(params['EXTERNAL_CALL_ID'])) : undefined;
      if (hold !== undefined) {
        if (hold.until === null) {
          hold.until = time.now() + hold.holdMs;
          return 'lostAnswer';
        }
        if (time.now() < hold.until) return 'reset';
      }
      return faultsOn && random() < scenario.faultRate ? MODEL_FAULTS[Math.floor(random() * MODEL_FAULTS.length)]! : null;
    },
  });
  /** The CALL_ID the portal gave the call, whether or not its answer reached a worker: the card shows it. */
  const portalCallId = (externalCallId: string) => rest.activeCalls.find((active) => active.EXTERNAL_CALL_ID === externalCallId)?.CALL_ID ?? null;
  const shared = createMemoryStorage();
  const deadLetters: DeadLetter[] = [];
  const counts: RunCounts = { calls: 0, restarts: 0, faults: 0, requests: 0, rateLimited: 0, records: 0, duplicates: 0, lost: 0, wrong: 0, deadLetters: 0, repeatedCallIds: 0, keptAfterRetention: 0, problems: [] };

  const startFrame = (): Frame => {
    const clock = time.instance();
    const storage: RecordsStorage = {
      getItem: (key) => shared.getItem(key),
      setItem: (key, value) => (clock.dead ? undefined : shared.setItem(key, value)),
      removeItem: (key) => (clock.dead ? undefined : shared.removeItem(key)),
      keys: () => shared.keys(),
    };
    const port = fromBx24(createBx24Client({ rest, userId: 7 }), { clock, timeoutMs: 30_000 });
    // The answer takes a while to come back, so a frame can die with a request in flight.
    const slow: RestPort = {
      call: (method, params) =>
        new Promise((resolve) => {
          const latency = Math.floor(random() * 400);
          void port.call(method, params).then((reply) => clock.setTimeout(() => resolve(reply), latency));
        }),
    };
    const records = createCallRecords({ rest: slow, userId: 7, storage, clock, random, locks: null, onDeadLetter: (letter) => deadLetters.push(letter) });
    return { records, clock };
  };
  const frames: Frame[] = [startFrame(), startFrame()];

  interface Live {
    plan: CallPlan;
    key: string;
    externalCallId: string;
    startedAt: number;
    connectedAt: number | null;
    ended: boolean;
    /** The card was shown (cardShown) before the call ended: the card's summary must then win. */
    cardSeen: boolean;
    /** The card's summary was handed in. */
    viaCard: boolean;
    /** The CALL_ID of the card shown. */
    cardCallId: string | null;
  }
  const calls: Live[] = [];
  let lastSip: { sipCallId: string; phoneNumber: string; call: Live } | null = null;
  let sipSeq = 0;
  let phoneSeq = 0;

  const endCall = (call: Live) => {
    const { plan } = call;
    const want = expected(plan);
    const frame = frames[plan.endOn]!;
    const closedAt = time.now();
    const callId = call.cardCallId ?? portalCallId(call.externalCallId);
    const softphone = () => frame.records.callEnded({ source: 'softphone', key: call.key, endedBy: want.endedBy, failureCode: want.failureCode, connectedAt: call.connectedAt, closedAt, rating: null });
    const card = (id: string) =>
      frame.records.callEnded(fromCallSummary({ callId: id, direction: want.direction, endedBy: want.endedBy, failureCode: want.failureCode, rating: plan.rating, connectedAt: call.connectedAt, closedAt }));
    call.ended = true;
    if (plan.route === 'softphone' || callId === null || plan.shape === 'withheld') return softphone();
    call.viaCard = true;
    if (plan.route === 'card') return card(callId);
    // Both: the softphone first, the card's summary a moment later (it must win: it has the rating).
    softphone();
    time.clock.setTimeout(() => frames[plan.startOn]!.records.callEnded(fromCallSummary({ callId, direction: want.direction, endedBy: want.endedBy, failureCode: want.failureCode, rating: plan.rating, connectedAt: call.connectedAt, closedAt })), Math.floor(random() * 1000));
  };

  const startCall = (plan: CallPlan) => {
    counts.calls += 1;
    const want = expected(plan);
    const reuse = plan.sip && plan.reuseSip && lastSip !== null ? lastSip : null;
    // The number of the call whose Call-ID is reused only once the softphone said that call ended: until then the same Call-ID and number are the same call announced again.
    const reuseNumber = reuse !== null && reuse.call.ended && reuse.call.plan.route !== 'card' && reuse.phoneNumber !== 'hidden' && plan.shape !== 'withheld';
    const phoneNumber = plan.shape === 'withheld' ? 'hidden' : reuseNumber ? reuse!.phoneNumber : `+49301${String(++phoneSeq).padStart(6, '0')}`;
    const sipCallId = reuse !== null ? reuse.sipCallId : plan.sip ? `sip-${scenario.seed}-${++sipSeq}` : null;
    if (reuse !== null) counts.repeatedCallIds += 1;
    const handle = frames[plan.startOn]!.records.callStarted({ direction: want.direction, phoneNumber, ...(sipCallId !== null ? { sipCallId } : {}), startedAt: time.now() });
    if (plan.holdMs !== null && sipCallId !== null && plan.shape !== 'withheld') held.set(handle.externalCallId, { holdMs: plan.holdMs, until: null });
    const call: Live = { plan, key: handle.key, externalCallId: handle.externalCallId, startedAt: time.now(), connectedAt: null, ended: false, cardSeen: false, viaCard: false, cardCallId: null };
    calls.push(call);
    if (sipCallId !== null) lastSip = { sipCallId, phoneNumber, call };
    // A card appears once the portal has the call (the register raised it), even if the register's answer never reached a worker.
    time.clock.setTimeout(() => {
      const callId = portalCallId(call.externalCallId);
      if (callId !== null && !call.ended && plan.route !== 'softphone') {
        frames[plan.startOn]!.records.cardShown(callId);
        call.cardSeen = true;
        call.cardCallId = callId;
      }
    }, 1500);
    if (want.connected) {
      time.clock.setTimeout(() => (call.connectedAt = time.now()), plan.ringMs);
      time.clock.setTimeout(() => endCall(call), plan.ringMs + plan.talkMs);
    } else {
      time.clock.setTimeout(() => endCall(call), plan.ringMs);
    }
  };

  for (const step of scenario.steps) {
    if (step.kind === 'call') startCall(step.call);
    else if (step.kind === 'wait') await time.advance(step.ms);
    else {
      counts.restarts += 1;
      frames[step.slot]!.clock.kill();
      frames[step.slot] = startFrame();
    }
  }
  // Let every call end and the outbox drain, with the faults still on for a while, then off.
  await time.advance(330_000);
  await time.advance(120_000);
  faultsOn = false;
  const settled = await time.until(() => calls.every((call) => call.ended) && frames.every((frame) => frame.records.pending().length === 0), options.settleLimitMs ?? 6 * 3_600_000, 5000);
  if (!settled) counts.problems.push(`not settled: ${JSON.stringify(frames[0]!.records.pending().slice(0, 3))}`);

  counts.faults = rest.counts.faults;
  counts.requests = rest.counts.requests;
  counts.rateLimited = rest.counts.queryLimited + rest.counts.operationLimited;
  counts.records = rest.records.length;
  counts.deadLetters = deadLetters.length;
  const byExternal = new Map<string, typeof rest.records>();
  for (const record of rest.records) byExternal.set(record.EXTERNAL_CALL_ID ?? '', [...(byExternal.get(record.EXTERNAL_CALL_ID ?? '') ?? []), record]);
  const lettersByKey = new Map(deadLetters.map((letter) => [letter.key, letter]));
  for (const call of calls) {
    const found = byExternal.get(call.externalCallId) ?? [];
    const want = expected(call.plan);
    if (call.plan.shape === 'withheld') {
      if (found.length > 0) counts.problems.push(`withheld ${call.key} was recorded`);
      if (lettersByKey.get(call.key)?.reason !== 'withheldNumber') {
        counts.lost += 1;
        counts.problems.push(`withheld ${call.key} has no dead letter`);
      }
      continue;
    }
    if (found.length === 0) {
      const letter = lettersByKey.get(call.key);
      counts.lost += 1;
      counts.problems.push(`lost ${call.key} (${call.plan.shape}, ${call.plan.route})${letter ? `: dead letter ${letter.reason}: ${letter.message}` : ''}`);
      continue;
    }
    if (lettersByKey.has(call.key)) {
      counts.wrong += 1;
      counts.problems.push(`${call.key} is recorded and also a dead letter (${lettersByKey.get(call.key)!.reason}): a false alarm`);
    }
    if (found.length > 1) {
      counts.duplicates += found.length - 1;
      counts.problems.push(`${call.key} recorded ${found.length} times`);
    }
    const record = found[0]!;
    const duration = want.connected ? Math.max(1, Math.ceil(call.plan.talkMs / 1000)) : 0;
    // The card's rating must be there when its summary came first, or a card was seen (the softphone's end waits for it);
    // a card summary that came after the softphone's end of a call with no card seen may miss the finish.
    const rated = call.viaCard && call.plan.rating !== null;
    const mustVote = rated && (call.plan.route === 'card' || call.cardSeen);
    const voteOk = mustVote ? record.VOTE === call.plan.rating : rated ? record.VOTE === call.plan.rating || record.VOTE === 0 : record.VOTE === 0;
    if (record.STATUS_CODE !== want.status || record.DURATION !== duration || !voteOk || record.ADD_TO_CHAT === null) {
      counts.wrong += 1;
      counts.problems.push(`${call.key} (${call.plan.shape}, ${call.plan.route}, rating ${call.plan.rating}, card ${call.cardSeen}): got ${record.STATUS_CODE}/${record.DURATION}/${record.VOTE}, want ${want.status}/${duration}/${mustVote ? call.plan.rating : '?'}`);
    }
  }
  const known = new Set(calls.map((call) => call.externalCallId));
  for (const record of rest.records) if (!known.has(record.EXTERNAL_CALL_ID ?? '')) counts.problems.push(`a record for no call: ${record.CALL_ID}`);
  // Nothing stays for ever: 8 days on (past the 7 days a dead letter is kept), only the lease and the pacing state are left.
  if (options.retention !== false) {
    for (let hour = 0; hour < 8 * 24; hour += 1) {
      await time.jump(3_600_000);
      await time.advance(5000);
    }
    const left = [...shared.keys()].filter((key) => !/\.(lease|pace)$/.test(key));
    counts.keptAfterRetention += left.length;
    if (left.length > 0) counts.problems.push(`kept after 8 days: ${left.slice(0, 5).join(', ')}`);
  }
  for (const frame of frames) frame.records.dispose();
  return counts;
}

export function addCounts(total: RunCounts, run: RunCounts): void {
  for (const key of ['calls', 'restarts', 'faults', 'requests', 'rateLimited', 'records', 'duplicates', 'lost', 'wrong', 'deadLetters', 'repeatedCallIds', 'keptAfterRetention'] as const) total[key] += run[key];
  total.problems.push(...run.problems);
}

export const emptyCounts = (): RunCounts => ({ calls: 0, restarts: 0, faults: 0, requests: 0, rateLimited: 0, records: 0, duplicates: 0, lost: 0, wrong: 0, deadLetters: 0, repeatedCallIds: 0, keptAfterRetention: 0, problems: [] });

export function formatCounts(counts: RunCounts): string {
  return `calls ${counts.calls}, restarts ${counts.restarts}, faults ${counts.faults}, requests ${counts.requests}, rate-limited ${counts.rateLimited}, records ${counts.records}, dead letters ${counts.deadLetters}, repeated Call-IDs ${counts.repeatedCallIds}, kept after 8 days ${counts.keptAfterRetention}, wrong ${counts.wrong}, lost ${counts.lost}, duplicated ${counts.duplicates}`;
}
