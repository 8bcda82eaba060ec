import { createTestModel, type TestModel, type TestPath } from 'xstate/graph';
import { callCardMachine } from '../../machines/callCard.machine';
import type { CallCardInput } from '../../machines/callCard.events';
import { callStatusOf } from '../../machines/callCard.connect';
import { takes } from '../../machines/takes';
import { EVENT_CASES, callCases, labelOf, type EventCase } from './eventCases';
import { stateKeyOf, type CallCardSnapshot } from './stateKey';

/** The test model of the call card statechart, as `xstate/graph` builds it. */
export type CallCardTestModel = TestModel<CallCardSnapshot, CallCardInput, unknown>;

/** A generated path: steps of (event, snapshot reached), the first being `xstate.init`. */
export type CallCardTestPath = TestPath<CallCardSnapshot, CallCardInput>;

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
  return (state: CallCardSnapshot, event?: CallCardInput, previous?: CallCardSnapshot): string => {
    const key = stateKeyOf(state);
    if (!event || !previous || kind === 'state') return key;
    if (kind === 'call') return endsCall(state, previous) ? `${key}<-${stateKeyOf(previous)} ${labelOf(event, cases)}` : key;
    return `${stateKeyOf(previous)} --${labelOf(event, cases)}--> ${key}`;
  };
}

/**
 * The events the model may send in `snapshot`: a new call's `initialized` only while
 * waiting; during a call, the current call's re-show and a replacing call instead (their
 * CALL_ID depends on the call); no clicks while the card is lost; a Mute or Hold click only
 * when it changes what the statechart shows.
 */
export function eventsIn(snapshot: CallCardSnapshot, cases: readonly EventCase[]): CallCardInput[] {
  const call = snapshot.context.call;
  const status = callStatusOf(snapshot);
  const fresh = cases.filter((c) => {
    if (c.host.via === 'raiseCall' || c.host.via === 'dialRequest') return call === null;
    // No card, no clicks: the operator has nothing to press until it reappears (or first comes).
    if (status !== null && status.card !== 'attached' && (c.host.via === 'click' || c.host.via === 'softphone')) return false;
    // A call that never had a card cannot lose it.
    if (status?.card === 'none' && c.host.via === 'cardLost') return false;
    if (c.host.via !== 'softphone' || status?.uiState !== 'connected') return true;
    return c.host.value !== (c.host.name === 'muteButtonClick' ? status.muted : status.held);
  });
  return [...fresh, ...callCases(call)].map((c) => c.event);
}

/**
 * The `xstate/graph` test model of the call card statechart: the payload cases as its
 * events ({@link eventsIn}), `filterEvents` dropping events the state does not take (the
 * root's `*` would only report them: they are not steps), and small vertex keys so that
 * traversal closes in milliseconds.
 *
 * @example
 * const model = createCallCardTestModel();
 * for (const path of model.getShortestPaths()) await runPath(path, { softphone: mySoftphone });
 */
export function createCallCardTestModel(options: CallCardTestModelOptions = {}): CallCardTestModel {
  const cases = options.cases ?? EVENT_CASES;
  const kind = options.vertex ?? 'edge';
  return createTestModel(callCardMachine, {
    events: (snapshot: CallCardSnapshot) => eventsIn(snapshot, cases),
    // Only events with a case: xstate/graph adds a bare `{ type }` for every event a state names.
    filterEvents: (snapshot, event) => takes(snapshot, event) && eventsIn(snapshot, cases).includes(event),
    serializeState: vertexKey(kind, cases),
    serializeEvent: (event) => labelOf(event, cases),
    // One call per simple path: the traversal does not go on after the first call ends.
    ...(kind === 'call' ? { stopWhen: (snapshot: CallCardSnapshot) => snapshot.context.cycle > 1 || (snapshot.value === 'waiting' && snapshot.context.cycle > 0) } : {}),
  }) as CallCardTestModel;
}

/** The readable name of a path: its event labels, `incoming → answer → connected → hold(true) → hangup`. */
export function pathName(path: { readonly steps: readonly { readonly event: CallCardInput | { type: string } }[] }, cases: readonly EventCase[] = EVENT_CASES): string {
  const labels = path.steps.filter((step) => step.event.type !== 'xstate.init').map((step) => labelOf(step.event as CallCardInput, cases));
  return labels.length ? labels.join(' → ') : '(initial state)';
}
