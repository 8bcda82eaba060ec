import { createCallCard, type CallCard, type Diagnostic } from '../index';
import { callCardMachine } from '../machines/index';
import { createActor, type AnyActorRef } from 'xstate';
import { CALL_SCRIPT } from './fixtures/callScript';
import { createSyncPlacement, instantSoftphone, type SyncPlacement } from './fixtures/syncPlacement';
import { figure, forceGc, nextMacrotask, ratios, type SectionResult } from './stats';

const IDLE_CARDS = 1000;
const IDLE_RUNS = 5;
const CALLS = 10_000;
const CALL_RUNS = 3;
/** Calls between two waits for the queue, as a worker would get them over time. */
const CALLS_PER_BATCH = 100;

async function heapUsedAfterGc(): Promise<number> {
  await nextMacrotask();
  forceGc();
  return process.memoryUsage().heapUsed;
}

/** Bytes of heap per object that `create` makes and keeps: `(after − before) / count`. */
async function heapPer<T>(count: number, create: () => T, dispose: (value: T) => void): Promise<number> {
  const kept: T[] = [];
  const before = await heapUsedAfterGc();
  for (let index = 0; index < count; index++) kept.push(create());
  const after = await heapUsedAfterGc();
  for (const value of kept) dispose(value);
  kept.length = 0;
  return (after - before) / count;
}

function newIdleCard(): CallCard {
  return createCallCard({ placement: createSyncPlacement(), softphone: instantSoftphone });
}

async function runCalls(card: CallCard, placement: SyncPlacement, calls: number): Promise<void> {
  for (let call = 0; call < calls; call++) {
    for (const step of CALL_SCRIPT) {
      if (step.source === 'card') placement.emit(step.hostName, step.payload);
      else card.send(step.event);
    }
    if ((call + 1) % CALLS_PER_BATCH === 0) {
      await card.whenIdle();
      await nextMacrotask();
    }
  }
}

/** Heap growth, in bytes, across {@link CALLS} scripted calls through one card (after a warm-up). */
async function growthOverCalls(): Promise<number> {
  const placement = createSyncPlacement();
  const diagnostics: Diagnostic[] = [];
  const card = createCallCard({ placement, softphone: instantSoftphone, onDiagnostic: (d) => diagnostics.push(d) });
  await runCalls(card, placement, CALLS_PER_BATCH);
  const before = await heapUsedAfterGc();
  await runCalls(card, placement, CALLS);
  const after = await heapUsedAfterGc();
  if (diagnostics.length > 0 || card.state.status !== 'idle') throw new Error(`memory: the script did not run cleanly (${diagnostics[0]?.message ?? card.state.status})`);
  card.dispose();
  return after - before;
}

export async function measureMemory(): Promise<SectionResult> {
  const perCard: number[] = [];
  const perActor: number[] = [];
  for (let run = 0; run < IDLE_RUNS; run++) {
    perCard.push(await heapPer(IDLE_CARDS, newIdleCard, (card) => card.dispose()));
    perActor.push(await heapPer(IDLE_CARDS, (): AnyActorRef => createActor(callCardMachine).start(), (actor) => actor.stop()));
  }
  const growth: number[] = [];
  for (let run = 0; run < CALL_RUNS; run++) growth.push(await growthOverCalls());
  return {
    title: '5. Memory',
    figures: [
      figure('Heap per idle card (`createCallCard`, 17 handlers bound, in `waiting`)', 'kB', perCard.map((bytes) => bytes / 1000)),
      figure('Heap per idle bare actor (`createActor(callCardMachine).start()`), for comparison', 'kB', perActor.map((bytes) => bytes / 1000)),
      figure('Ratio card / bare actor', '×', ratios(perCard, perActor)),
      figure(`Heap growth over ${CALLS.toLocaleString('en')} scripted calls through one card`, 'kB', growth.map((bytes) => bytes / 1000), 1),
      figure('Heap growth per call', 'bytes', growth.map((bytes) => bytes / CALLS), 1),
    ],
    notes: [
      `1 kB = 1000 bytes. \`node --expose-gc\`, \`heapUsed\` after two forced collections. Idle: ${IDLE_CARDS} cards (each over its own fake placement) or actors kept alive, (after − before) / ${IDLE_CARDS}, ${IDLE_RUNS} runs; the machine definition is shared and not counted. Calls: the event-cost script ${CALLS.toLocaleString('en')} times on one card over the synchronous fake placement, after ${CALLS_PER_BATCH} warm-up calls, waiting for the command queue every ${CALLS_PER_BATCH} calls; ${CALL_RUNS} runs.`,
    ],
  };
}
