import { performance } from 'node:perf_hooks';
import { createCallCard, type Diagnostic } from '../index';
import { callCardMachine, type CallCardInput } from '../machines/index';
import { createHostSimulator } from '../testing/index';
import { createActor } from 'xstate';
import { CALL_SCRIPT, DIALLED_KEYS, INCOMING_CALL, parsedScript } from './fixtures/callScript';
import { createSyncPlacement, instantSoftphone } from './fixtures/syncPlacement';
import { INITIAL_STATE, reduceCall, type ReducerEffect, type ReducerState } from './fixtures/switchReducer';
import { figure, median, nextMacrotask, ratios, type SectionResult } from './stats';

const EVENTS_PER_CALL = CALL_SCRIPT.length;
const ROUNDS = 15;
const WARM_UP_ROUNDS = 3;
/** Each sample runs enough calls to last at least this long, so the timer's resolution does not matter. */
const SAMPLE_MS = 60;

/** Runs `calls` scripted calls; resolves with the elapsed ms, deferred work (promise callbacks) included. */
type Runner = (calls: number) => Promise<number>;

function fail(what: string): never {
  throw new Error(`event cost: ${what}`);
}

/** (a) `createCallCard` over a host that answers inline: the adapter's whole path, parse to command queue. */
function adapterRunner(): Runner {
  const placement = createSyncPlacement();
  const diagnostics: Diagnostic[] = [];
  const card = createCallCard({ placement, softphone: instantSoftphone, onDiagnostic: (d) => diagnostics.push(d) });
  return async (calls) => {
    const commandsBefore = placement.commands;
    const start = performance.now();
    for (let call = 0; call < calls; call++) {
      for (const step of CALL_SCRIPT) {
        if (step.source === 'card') placement.emit(step.hostName, step.payload);
        else card.send(step.event);
      }
    }
    await card.whenIdle();
    await nextMacrotask();
    const elapsed = performance.now() - start;
    // Four card commands per call: incoming, connectingIncoming, connected, close.
    if (diagnostics.length > 0) fail(`the adapter reported ${diagnostics[0]!.message}`);
    if (card.state.status !== 'idle' || placement.commands - commandsBefore !== 4 * calls) fail('the adapter did not run the script');
    return elapsed;
  };
}

/** (b) The same machine, `actor.send` with events parsed beforehand, no listener: what XState itself costs. */
function bareActorRunner(): Runner {
  const actor = createActor(callCardMachine).start();
  const events: CallCardInput[] = parsedScript();
  return async (calls) => {
    const start = performance.now();
    for (let call = 0; call < calls; call++) {
      for (const event of events) actor.send(event);
    }
    await nextMacrotask();
    const elapsed = performance.now() - start;
    if (actor.getSnapshot().value !== 'waiting' || actor.getSnapshot().context.cycle === 0) fail('the bare actor did not run the script');
    return elapsed;
  };
}

/** (c) The floor: a hand-written `switch` reducer with the same transitions and effects. */
function reducerRunner(): Runner {
  const events: CallCardInput[] = parsedScript();
  let state: ReducerState = INITIAL_STATE;
  const effects: ReducerEffect[] = [];
  let produced = 0;
  return async (calls) => {
    const start = performance.now();
    for (let call = 0; call < calls; call++) {
      for (const event of events) state = reduceCall(state, event, effects);
      produced += effects.length;
      effects.length = 0;
    }
    await nextMacrotask();
    const elapsed = performance.now() - start;
    if (state.ui !== 'waiting' || produced === 0) fail('the reducer did not run the script');
    return elapsed;
  };
}

/**
 * For information: `createCallCard` on the host simulator, settling after every step as
 * a test does. This includes the simulator's own work (card model, logs) and its
 * asynchronous callbacks, so it is not used for the adapter's ratio.
 */
function simulatorRunner(): Runner {
  return async (calls) => {
    const sim = createHostSimulator();
    const diagnostics: Diagnostic[] = [];
    const card = createCallCard({ placement: sim.placement, softphone: instantSoftphone, onDiagnostic: (d) => diagnostics.push(d) });
    const check = (result: { delivered: boolean }) => {
      if (!result.delivered) fail('the simulator refused a click of the script');
    };
    const start = performance.now();
    for (let call = 0; call < calls; call++) {
      sim.raiseCall(INCOMING_CALL);
      await sim.settle();
      check(sim.click('answerButtonClick'));
      await sim.settle();
      card.send({ type: 'phone.connected' });
      await sim.settle();
      for (const muted of [true, false]) {
        check(sim.mute(muted));
        await sim.settle();
      }
      for (const held of [true, false]) {
        check(sim.hold(held));
        await sim.settle();
      }
      for (const key of DIALLED_KEYS) {
        check(sim.dial(key));
        await sim.settle();
      }
      check(sim.click('hangupButtonClick'));
      await sim.settle();
    }
    const elapsed = performance.now() - start;
    // The CRM block's entityChanged before initialized reaches `waiting` and is reported, as the spec says.
    const unexpected = diagnostics.filter((d) => !(d.kind === 'ignoredEvent' && d.event === 'entityChanged' && d.state === 'waiting'));
    if (unexpected.length > 0) fail(`the adapter on the simulator reported ${unexpected[0]!.message}`);
    card.dispose();
    return elapsed;
  };
}

/** How many calls make one sample last about {@link SAMPLE_MS}. */
async function calibrate(run: Runner): Promise<number> {
  let calls = 4;
  for (;;) {
    const elapsed = await run(calls);
    if (elapsed >= SAMPLE_MS || calls >= 1 << 20) return calls;
    calls *= elapsed < SAMPLE_MS / 8 ? 8 : 2;
  }
}

export async function measureEventCost(): Promise<SectionResult> {
  const variants = {
    adapter: adapterRunner(),
    bare: bareActorRunner(),
    floor: reducerRunner(),
    simulator: simulatorRunner(),
  };
  const names = Object.keys(variants) as Array<keyof typeof variants>;
  const callsPerSample = {} as Record<keyof typeof variants, number>;
  for (const name of names) callsPerSample[name] = await calibrate(variants[name]);
  const perEvent = { adapter: [] as number[], bare: [] as number[], floor: [] as number[], simulator: [] as number[] };
  for (let round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
    // Rotating the order keeps a noisy neighbour from always hitting the same variant.
    const order = names.map((_, index) => names[(index + round) % names.length]!);
    for (const name of order) {
      const calls = callsPerSample[name];
      const elapsed = await variants[name](calls);
      if (round >= WARM_UP_ROUNDS) perEvent[name].push((elapsed * 1000) / (calls * EVENTS_PER_CALL));
    }
  }
  return {
    title: '3. Event cost',
    figures: [
      figure('(a) `createCallCard`, host answering inline (adapter: parse, send, command queue, softphone, `card.state`)', 'µs/event', perEvent.adapter, 3),
      figure('(b) Bare actor: `actor.send` on `callCardMachine`, events pre-parsed', 'µs/event', perEvent.bare, 3),
      figure('(c) Floor: hand-written `switch` reducer, same transitions and effects', 'µs/event', perEvent.floor, 3),
      figure('Ratio adapter / bare actor', '×', ratios(perEvent.adapter, perEvent.bare)),
      figure('Ratio bare actor / floor', '×', ratios(perEvent.bare, perEvent.floor), 1),
      figure('For information: `createCallCard` on the host simulator, `await sim.settle()` after each step', 'µs/event', perEvent.simulator, 3),
    ],
    notes: [
      `The scripted call is ${EVENTS_PER_CALL} events: initialized (incoming) → answer → phone.connected → mute → unmute → hold → resume → dial ${DIALLED_KEYS.join(' ')} → hang up, repeated on one card/actor. Each sample runs whole calls for about ${SAMPLE_MS} ms (calls per sample: adapter ${callsPerSample.adapter}, bare ${callsPerSample.bare}, floor ${callsPerSample.floor}, simulator ${callsPerSample.simulator}) and includes the promise callbacks it queued (timed to the next macrotask). ${ROUNDS} rounds after ${WARM_UP_ROUNDS} warm-up rounds; each round runs every variant once, in rotating order, and a ratio divides figures of the same round.`,
      '(a) drives the adapter through a synchronous fake `BX24.placement` (`bench/fixtures/syncPlacement.ts`) that answers every command inline with `[]`, and a softphone whose methods return at once: the host\'s and the softphone\'s own cost is kept out, so (a)/(b) is what the adapter adds. The host simulator answers asynchronously and keeps logs; its row is given for information only.',
      `Median of the bare actor / floor ratio: ${median(ratios(perEvent.bare, perEvent.floor)).toFixed(0)}× — that is XState's price for an interpreted statechart (guards by name, parallel regions, history, emitted events), not the adapter's.`,
    ],
  };
}
