/**
 * The reliability model of the phone's call records across frames (issue 18 item 7, statechart
 * SC-F4, SC-F8): the real `createPhone` in every frame of two portal tabs, its records layer in
 * the owner, the host double showing each card in a tab the portal picks, the REST double
 * raising it on register — and frames that die **with their calls**: the owner's frame closed or
 * reloaded with the call's media in it (the call dies, the next owner must finish its record
 * once, with the call's user and its talk time up to the owner's last sign of life), a card
 * holder's frame reloaded (the call goes on; its card is taken back), a tab switched to another
 * operator and back (that user's phone must never touch this user's calls), storage full for a
 * while, or blocked for a whole scenario (no journal: no owner is killed then, since nothing
 * could outlive it). After each scenario every call is exactly one record with the right
 * `USER_ID`, `STATUS_CODE` and `DURATION`, and nothing is left pending.
 */
import { createPhone, type Phone } from '../../../../adapters/phone/createPhone';
import { createCallRecords, type CallRecords } from '../../../../adapters/records';
import { createHostSimulator, type HostSimulator } from '../../../../testing/host';
import { createFakePartition, type FakePartition } from '../../../../testing/phone/fakePartition';
import { createRestDouble, seededRandom, type RestDouble } from '../../../../testing/rest';
import { createRecordingSoftphone } from '../../../../testing/softphone';
import { directPort } from '../../records/support/world';

const HEARTBEAT = 1_000;
const USER = 7;
const OTHER_USER = 8;
const MEMBER_ID = 'portal-a';

export interface FramesCounts {
  calls: number;
  ownerKills: number;
  holderReloads: number;
  userSwitches: number;
  storageFullSpells: number;
  blockedScenarios: number;
  lostOwnerRecords: number;
  /** Calls whose card the host never raised (another card was still up): recorded from the softphone's end alone. */
  withoutCard: number;
  records: number;
  lost: number;
  duplicates: number;
  wrong: number;
  problems: string[];
}

export const emptyFramesCounts = (): FramesCounts => ({ calls: 0, ownerKills: 0, holderReloads: 0, userSwitches: 0, storageFullSpells: 0, blockedScenarios: 0, lostOwnerRecords: 0, withoutCard: 0, records: 0, lost: 0, duplicates: 0, wrong: 0, problems: [] });

export function addFramesCounts(total: FramesCounts, run: FramesCounts): void {
  for (const key of ['calls', 'ownerKills', 'holderReloads', 'userSwitches', 'storageFullSpells', 'blockedScenarios', 'lostOwnerRecords', 'withoutCard', 'records', 'lost', 'duplicates', 'wrong'] as const) total[key] += run[key];
  total.problems.push(...run.problems);
}

export function formatFramesCounts(counts: FramesCounts): string {
  return `calls ${counts.calls}, owner frames killed mid-call ${counts.ownerKills} (records finished by the next owner ${counts.lostOwnerRecords}), holder frames reloaded ${counts.holderReloads}, user switches ${counts.userSwitches}, storage-full spells ${counts.storageFullSpells}, calls without a card ${counts.withoutCard}, blocked-storage scenarios ${counts.blockedScenarios}, records ${counts.records}, wrong ${counts.wrong}, lost ${counts.lost}, duplicated ${counts.duplicates}`;
}

/** The partition's one storage as every frame sees it, which the model can fill up or block. */
function faultyStorage(inner: Storage, mode: { full: boolean; blocked: boolean }): Storage {
  const refuse = (name: string): never => {
    throw new DOMException(`${name} refused`, mode.blocked ? 'SecurityError' : 'QuotaExceededError');
  };
  return {
    get length() {
      return mode.blocked ? refuse('length') : inner.length;
    },
    key: (index) => (mode.blocked ? refuse('key') : inner.key(index)),
    getItem: (key) => (mode.blocked ? refuse('getItem') : inner.getItem(key)),
    setItem: (key, value) => (mode.blocked || mode.full ? refuse('setItem') : inner.setItem(key, value)),
    removeItem: (key) => (mode.blocked ? refuse('removeItem') : inner.removeItem(key)),
    clear: () => inner.clear(),
  };
}

interface Tab {
  frame: string | null;
  phone: Phone | null;
  user: number;
  /** The tab's softphones' records, in the frames where this tab owned. */
  generation: number;
}

interface PlannedCall {
  readonly sipCallId: string;
  readonly recordKey: string;
  startedAt: number;
  connectedAt: number | null;
  endedAt: number | null;
  /** What Bitrix24 must hold. */
  expect: { status: string; minDuration: number; maxDuration: number } | null;
  ownerLost: boolean;
}

/** Runs one scenario from its seed; returns its counts (problems listed, never thrown). */
export async function runFramesScenario(seed: number, callsWanted: number): Promise<FramesCounts> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const counts = emptyFramesCounts();
  const storageMode = { full: false, blocked: random() < 0.08 };
  if (storageMode.blocked) counts.blockedScenarios += 1;

  const partition: FakePartition = createFakePartition();
  const storage = faultyStorage(partition.storage, storageMode);
  const host: HostSimulator = createHostSimulator({ windows: 2 });
  let cardWindow = 0;
  const rest: RestDouble = createRestDouble({
    clock: { now: () => partition.now },
    operating: false,
    bucket: false,
    host: {
      showCard: (call) => void host.raiseCall({ ...call, CRM_BINDINGS: [], CALL_STATE: 'idle', CALL_LIST_MODE: false }, { window: cardWindow }),
      closeCard: (callId) => void host.hide(callId),
    },
  });
  const recordsOf = new Map<string, CallRecords | null>();
  let frameSeq = 0;

  const openFrame = (tab: Tab, index: number, placementFresh: boolean): void => {
    const id = `f${++frameSeq}-t${index}-u${tab.user}`;
    const frame = partition.frame(id);
    const placement = placementFresh ? host.windows[index]!.reloadWorker() : host.windows[index]!.placement;
    tab.frame = id;
    tab.phone = createPhone({
      identity: { memberId: MEMBER_ID, userId: tab.user },
      kind: 'worker',
      placement,
      createSoftphone: (owner) => {
        recordsOf.set(id, owner.records);
        return createRecordingSoftphone();
      },
      records: (setup) => createCallRecords({ rest: directPort(rest), pacing: false, ...setup }),
      session: { commandTimeoutMs: 60_000 },
      platform: { frameId: id, tab: `tab-${index}`, channel: frame.channel, locks: frame.locks, storage, clock: frame.clock },
      timings: { heartbeatMs: HEARTBEAT, silenceMs: 10_000, handoverTimeoutMs: 5_000 },
    });
  };
  const settle = async (): Promise<void> => {
    for (let round = 0; round < 6; round += 1) {
      await partition.settle();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const run = async (ms: number): Promise<void> => {
    await partition.advance(ms);
    await settle();
  };
  const tabs: Tab[] = [0, 1].map(() => ({ frame: null, phone: null, user: USER, generation: 0 }));
  tabs.forEach((tab, index) => openFrame(tab, index, false));
  await run(HEARTBEAT * 2);

  const owner = (): { tab: Tab; index: number; phone: Phone; records: CallRecords } | null => {
    for (const [index, tab] of tabs.entries()) {
      const records = tab.frame ? recordsOf.get(tab.frame) : undefined;
      if (tab.user === USER && tab.phone?.session && records) return { tab, index, phone: tab.phone, records };
    }
    return null;
  };
  /** The frame dies: reloaded (a new frame in the same tab at once) or closed and its tab's page opened again a moment later. */
  const killTab = async (index: number, reopenAs: number | null): Promise<void> => {
    const tab = tabs[index]!;
    if (tab.frame) partition.kill(tab.frame);
    tab.frame = null;
    tab.phone = null;
    if (reopenAs === null) return;
    await run(between(0, 3) * HEARTBEAT);
    tab.user = reopenAs;
    openFrame(tab, index, true);
  };
  const waitForOwner = async (): Promise<ReturnType<typeof owner>> => {
    for (let step = 0; step < 30 && owner() === null; step += 1) await run(HEARTBEAT);
    return owner();
  };

  const calls: PlannedCall[] = [];
  for (let n = 0; n < callsWanted; n += 1) {
    // Between calls: a tab switched to another operator and back, storage full for a while.
    if (random() < 0.05) {
      const index = between(0, 1);
      counts.userSwitches += 1;
      await killTab(index, OTHER_USER);
      await run(between(1, 5) * HEARTBEAT);
      await killTab(index, USER);
    }
    const fullSpell = !storageMode.blocked && random() < 0.05;
    if (fullSpell) {
      counts.storageFullSpells += 1;
      storageMode.full = true;
    }
    const current = await waitForOwner();
    if (current === null) {
      counts.problems.push(`seed ${seed}: no owner after 30 s (${tabs.map((t) => `${t.frame}:${t.phone?.state.role}/${t.phone?.state.owner?.frame}`).join(',')}, blocked ${storageMode.blocked})`);
      break;
    }
    counts.calls += 1;
    // The portal shows the card in a tab that has a frame of this user (the host picks; here at random).
    const candidates = [0, 1].filter((index) => tabs[index]!.user === USER && tabs[index]!.phone !== null);
    cardWindow = pick(candidates.length > 0 ? candidates : [current.index]);
    const sipCallId = `s${seed}-${n}@pbx`;
    const debug = (what: string) => process.env.FRAMES_DEBUG && process.stderr.write(`[${seed} #${n} t=${partition.now}] ${what} owner=t${current.index} card@${cardWindow} host=${JSON.stringify(host.windows.map((w) => w.showsCard))} tabs=${tabs.map((t) => `${t.frame}:${t.phone?.state.role}`).join(',')} blocked=${storageMode.blocked}\n`);
    debug('call');
    const handle = current.records.callStarted({ direction: 'incoming', phoneNumber: `+4930${String(n).padStart(6, '0')}`, sipCallId });
    const call: PlannedCall = { sipCallId, recordKey: handle.key, startedAt: partition.now, connectedAt: null, endedAt: null, expect: null, ownerLost: false };
    calls.push(call);
    await run(HEARTBEAT * 2); // registered; the card is up
    const carded = current.phone.state.call !== null && current.phone.state.call.callId === current.records.callIdOf(handle.key);
    const shape = pick(['answered', 'answered', 'answered', 'missed', 'declined'] as const);
    const ringMs = between(0, 15) * 1000 + between(0, 999);
    const talkMs = between(1, 120) * 1000 + between(0, 999);
    const ownerDies = !storageMode.blocked && !fullSpell && random() < 0.25;
    const holderReloads = random() < 0.15;
    const dieAt = ownerDies ? between(0, ringMs + (shape === 'answered' ? talkMs : 0)) : Infinity;
    let elapsed = 0;
    const waitUpTo = async (ms: number): Promise<boolean> => {
      // Time passes; the owner's frame may die on the way (with the call's media).
      if (elapsed + ms >= dieAt) {
        await run(Math.max(0, dieAt - elapsed));
        elapsed = dieAt;
        return false;
      }
      await run(ms);
      elapsed += ms;
      return true;
    };
    const session = () => current.phone.session;
    /** The softphone's own end (what records.attach reports of a SIP call): always when no card took the call, else one time in two. */
    const softphoneEnds = (endedBy: 'remoteHungUp' | 'rejected' | 'hungUp') => {
      if (!carded) counts.withoutCard += 1;
      if (carded && random() < 0.5) return;
      handle.ended({ endedBy, failureCode: null, connectedAt: call.connectedAt, closedAt: partition.now, rating: null });
    };
    let alive = await waitUpTo(ringMs);
    if (alive && holderReloads && cardWindow !== current.index && tabs[cardWindow]!.user === USER) {
      // The card's frame reloads mid-call: the host keeps the card, the new frame takes it back.
      counts.holderReloads += 1;
      await killTab(cardWindow, USER);
      await run(HEARTBEAT * 2);
    }
    if (alive) {
      if (shape === 'answered') {
        current.phone.act({ type: 'answer' });
        await settle();
        session()?.card.send({ type: 'phone.connected' });
        await settle();
        call.connectedAt = partition.now;
        alive = await waitUpTo(talkMs);
        if (alive) {
          const remote = random() < 0.5;
          if (remote) session()?.card.send({ type: 'phone.ended' });
          else current.phone.act({ type: 'hangup' });
          await settle();
          call.endedAt = partition.now;
          softphoneEnds(remote ? 'remoteHungUp' : 'hungUp');
          const talk = Math.max(1, Math.ceil((call.endedAt - call.connectedAt) / 1000));
          call.expect = { status: '200', minDuration: talk, maxDuration: talk };
        }
      } else if (shape === 'missed') {
        session()?.card.send({ type: 'phone.ended' });
        await settle();
        softphoneEnds('remoteHungUp');
        call.expect = { status: '304', minDuration: 0, maxDuration: 0 };
      } else {
        current.phone.act({ type: 'hangup' }); // skip while ringing: declined
        await settle();
        softphoneEnds('rejected');
        call.expect = { status: '603', minDuration: 0, maxDuration: 0 };
      }
    }
    if (!alive) {
      // The owner's frame is gone with the call: closed, or reloaded (a new frame in its tab).
      counts.ownerKills += 1;
      call.ownerLost = true;
      const killedAt = partition.now;
      const reload = random() < 0.5;
      // A closed tab takes its card with it (a reloaded frame's tab keeps it, §6).
      const lostCallId = current.records.callIdOf(handle.key);
      if (!reload && cardWindow === current.index && lostCallId !== null) host.hide(lostCallId);
      await killTab(current.index, reload ? USER : null);
      // A call whose card the host never showed was never answered through the phone: nobody journalled an answer.
      if (call.connectedAt === null || !carded) call.expect = { status: '304', minDuration: 0, maxDuration: 0 };
      else {
        // Up to the owner's last sign of life: a heartbeat at most before it died.
        const upper = Math.max(1, Math.ceil((killedAt - call.connectedAt) / 1000));
        call.expect = { status: '200', minDuration: Math.max(1, upper - 2), maxDuration: upper };
      }
      if (tabs.every((tab) => tab.phone === null || tab.user !== USER)) await killTab(current.index, USER);
      await waitForOwner();
    }
    if (fullSpell) {
      await run(between(1, 10) * HEARTBEAT);
      storageMode.full = false;
    }
    await run(between(0, 5) * HEARTBEAT);
  }
  storageMode.full = false;
  // Let every record drain.
  for (let step = 0; step < 120; step += 1) {
    await run(5 * HEARTBEAT);
    const records = owner()?.records;
    if (records && records.pending().length === 0 && rest.records.length >= calls.length) break;
  }

  counts.records = rest.records.length;
  const byExternal = new Map<string, typeof rest.records>();
  for (const record of rest.records) byExternal.set(record.EXTERNAL_CALL_ID ?? '', [...(byExternal.get(record.EXTERNAL_CALL_ID ?? '') ?? []), record]);
  for (const call of calls) {
    const found = byExternal.get(call.sipCallId) ?? [];
    if (found.length === 0) {
      counts.lost += 1;
      const pending = owner()?.records.pending().find((entry) => entry.key === call.recordKey);
      counts.problems.push(`seed ${seed}: lost ${call.sipCallId}${call.ownerLost ? ' (owner lost)' : ''}${pending ? `, still ${pending.stage} (${pending.lastError ?? 'no error'})` : ''}${process.env.FRAMES_DEBUG ? ` ${JSON.stringify(call)} ${JSON.stringify(rest.log.filter((e) => JSON.stringify(e.params).includes(call.sipCallId)))}` : ''}`);
      continue;
    }
    if (found.length > 1) {
      counts.duplicates += found.length - 1;
      counts.problems.push(`seed ${seed}: ${call.sipCallId} recorded ${found.length} times`);
    }
    if (call.ownerLost) counts.lostOwnerRecords += 1;
    const record = found[0]!;
    const want = call.expect!;
    if (record.USER_ID !== USER || record.STATUS_CODE !== want.status || record.DURATION < want.minDuration || record.DURATION > want.maxDuration) {
      counts.wrong += 1;
      counts.problems.push(`seed ${seed}: ${call.sipCallId}${call.ownerLost ? ' (owner lost)' : ''}: got USER_ID ${record.USER_ID}, ${record.STATUS_CODE}/${record.DURATION}, want ${USER}, ${want.status}/${want.minDuration}–${want.maxDuration}`);
    }
  }
  const known = new Set(calls.map((call) => call.sipCallId));
  for (const record of rest.records) if (!known.has(record.EXTERNAL_CALL_ID ?? '')) counts.problems.push(`seed ${seed}: a record for no call: ${record.CALL_ID}`);
  if (rest.log.some((entry) => String((entry.params as Record<string, unknown>)['USER_ID']) === String(OTHER_USER))) counts.problems.push(`seed ${seed}: user ${OTHER_USER} sent something`);
  for (const tab of tabs) await tab.phone?.stop();
  return counts;
}
