import { createTestModel, type TestModel, type TestPath } from 'xstate/graph';
import { callCardMachine } from '../../machines/callCard.machine';
import type { CallCardEvent } from '../../machines/events';
import { EVENT_CASES, labelOf, type EventCase } from './eventCases';
import { stateKeyOf, type CallCardSnapshot } from './stateKey';

/** The test model of the call card statechart, as `xstate/graph` builds it. */
export type CallCardTestModel = TestModel<CallCardSnapshot, CallCardEvent, unknown>;

/** A generated path: steps of (event, snapshot reached), the first being `xstate.init`. */
export type CallCardTestPath = TestPath<CallCardSnapshot, CallCardEvent>;

/**
 * What a vertex of the traversal is:
 * - `edge` (default): the transition just taken (source key, event case, target key), so
 *   shortest paths reach every transition of every state with every payload case;
 * - `state`: the small state key only (the graph the tour walks);
 * - `call`: the state key, with each way back to `waiting` a vertex of its own where the
 *   traversal stops, so simple paths span exactly one call.
 */
export type VertexKind = 'edge' | 'state' | 'call';

/** Options of {@link createCallCardTestModel}. */
export interface CallCardTestModelOptions {
  /** The events the model may send, one per payload case (default {@link EVENT_CASES}). */
  readonly cases?: readonly EventCase[];
  /** What a vertex of the traversal is (default `edge`). */
  readonly vertex?: VertexKind;
}

/** Whether the step from `previous` to `state` ended the call: back to `waiting`, or a new call replaced it. */
function endsCall(state: CallCardSnapshot, previous: CallCardSnapshot): boolean {
  return previous.value !== 'waiting' && (state.value === 'waiting' || state.context.cycle !== previous.context.cycle);
}

/** The vertex key of a snapshot reached by `event` from `previous`. */
export function vertexKey(kind: VertexKind, cases: readonly EventCase[]) {
  return (state: CallCardSnapshot, event?: CallCardEvent, previous?: CallCardSnapshot): string => {
    const key = stateKeyOf(state);
    if (!event || !previous || kind === 'state') return key;
    if (kind === 'call') return endsCall(state, previous) ? `${key}<-${stateKeyOf(previous)} ${labelOf(event, cases)}` : key;
    return `${stateKeyOf(previous)} --${labelOf(event, cases)}--> ${key}`;
  };
}

/**
 * The `xstate/graph` test model of the call card statechart: the payload cases as its
 * events, `filterEvents` dropping events that a guard would turn into no-ops (they are not
 * steps), and small vertex keys so that traversal closes in milliseconds.
 *
 * @example
 * const model = createCallCardTestModel();
 * for (const path of model.getShortestPaths()) await runPath(path, { softphone: mySoftphone });
 */
export function createCallCardTestModel(options: CallCardTestModelOptions = {}): CallCardTestModel {
  const cases = options.cases ?? EVENT_CASES;
  const kind = options.vertex ?? 'edge';
  const events = cases.map((c) => c.event);
  return createTestModel(callCardMachine, {
    events,
    filterEvents: (snapshot, event) => snapshot.can(event),
    serializeState: vertexKey(kind, cases),
    serializeEvent: (event) => labelOf(event, cases),
    // One call per simple path: the traversal does not go on after the first call ends.
    ...(kind === 'call' ? { stopWhen: (snapshot: CallCardSnapshot) => snapshot.context.cycle > 1 || (snapshot.value === 'waiting' && snapshot.context.cycle > 0) } : {}),
  }) as CallCardTestModel;
}

/** The readable name of a path: its event labels, `incoming → answer → connected → hold(true) → hangup`. */
export function pathName(path: { readonly steps: readonly { readonly event: CallCardEvent | { type: string } }[] }, cases: readonly EventCase[] = EVENT_CASES): string {
  const labels = path.steps.filter((step) => step.event.type !== 'xstate.init').map((step) => labelOf(step.event as CallCardEvent, cases));
  return labels.length ? labels.join(' → ') : '(initial state)';
}
