import { initialTransition, transition } from 'xstate';
import type { TestPath } from 'xstate/graph';
import { callCardMachine } from '../../machines/callCard.machine';
import type { CallCardInput } from '../../machines/callCard.events';
import { EVENT_CASES, forCall, labelOf, type EventCase } from './eventCases';
import { stateKeyOf, type CallCardSnapshot } from './stateKey';
import { createCallCardTestModel, type CallCardTestModel, type CallCardTestPath } from './testModel';

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly event: CallCardInput;
}

/** Breadth-first distances and first edges from `source` over `edges`. */
function bfs(source: string, out: Map<string, Edge[]>): Map<string, Edge | null> {
  const via = new Map<string, Edge | null>([[source, null]]);
  const queue = [source];
  for (let i = 0; i < queue.length; i++) {
    for (const edge of out.get(queue[i]!) ?? []) {
      if (via.has(edge.to)) continue;
      via.set(edge.to, edge);
      queue.push(edge.to);
    }
  }
  return via;
}

function walk(via: Map<string, Edge | null>, to: string): Edge[] {
  const edges: Edge[] = [];
  for (let edge = via.get(to); edge; edge = via.get(edge.from)) edges.unshift(edge);
  return edges;
}

/**
 * Pairs every vertex with surplus in-degree (it must be left once more) with one with
 * surplus out-degree (it must be entered once more) at the least total cost, where going
 * from `u` to `v` costs the shorter of walking there and resetting (free) then walking
 * from the start. Successive shortest paths on the small bipartite transport problem.
 */
function transport(supply: Map<string, number>, demand: Map<string, number>, cost: (u: string, v: string) => number): [string, string][] {
  const pairs: [string, string][] = [];
  const left = new Map(supply);
  const right = new Map(demand);
  // Exchanges on the residual graph keep the result optimal: Bellman-Ford over (supply → demand) and back along used pairs.
  const used = new Map<string, number>();
  const k = (u: string, v: string) => `${u}\u0000${v}`;
  const us = [...supply.keys()];
  const vs = [...demand.keys()];
  for (;;) {
    const dist = new Map<string, number>();
    const prev = new Map<string, string>();
    for (const u of us) if ((left.get(u) ?? 0) > 0) dist.set(`u:${u}`, 0);
    if (dist.size === 0) break;
    let changed = true;
    for (let round = 0; changed && round < us.length + vs.length + 2; round++) {
      changed = false;
      for (const u of us) {
        const du = dist.get(`u:${u}`);
        if (du === undefined) continue;
        for (const v of vs) {
          const d = du + cost(u, v);
          if (d < (dist.get(`v:${v}`) ?? Infinity)) {
            dist.set(`v:${v}`, d);
            prev.set(`v:${v}`, `u:${u}`);
            changed = true;
          }
        }
      }
      for (const [pair, count] of used) {
        if (count <= 0) continue;
        const [u, v] = pair.split('\u0000') as [string, string];
        const dv = dist.get(`v:${v}`);
        if (dv === undefined) continue;
        const d = dv - cost(u, v);
        if (d < (dist.get(`u:${u}`) ?? Infinity)) {
          dist.set(`u:${u}`, d);
          prev.set(`u:${u}`, `v:${v}`);
          changed = true;
        }
      }
    }
    let best: string | undefined;
    for (const v of vs) {
      if ((right.get(v) ?? 0) <= 0 || !dist.has(`v:${v}`)) continue;
      if (best === undefined || dist.get(`v:${v}`)! < dist.get(`v:${best}`)!) best = v;
    }
    if (best === undefined) break;
    let node = `v:${best}`;
    right.set(best, right.get(best)! - 1);
    while (prev.has(node)) {
      const from = prev.get(node)!;
      if (from.startsWith('u:')) used.set(k(from.slice(2), node.slice(2)), (used.get(k(from.slice(2), node.slice(2))) ?? 0) + 1);
      else used.set(k(node.slice(2), from.slice(2)), used.get(k(node.slice(2), from.slice(2)))! - 1);
      node = from;
    }
    left.set(node.slice(2), left.get(node.slice(2))! - 1);
  }
  for (const [pair, count] of used) {
    const [u, v] = pair.split('\u0000') as [string, string];
    for (let i = 0; i < count; i++) pairs.push([u, v]);
  }
  return pairs;
}

/** A generated path from a list of events, replayed on the machine from its initial state. */
export function pathFromEvents(model: CallCardTestModel, events: readonly CallCardInput[], cases: readonly EventCase[] = EVENT_CASES): CallCardTestPath {
  let [state] = initialTransition(callCardMachine);
  const steps: { state: CallCardSnapshot; event: CallCardInput }[] = [{ state, event: { type: 'xstate.init' } as unknown as CallCardInput }];
  for (const picked of events) {
    // A re-show or a replacing call is the current call's own, whichever call the graph met it with.
    const event = forCall(picked, state.context.call);
    [state] = transition(callCardMachine, state, event);
    steps.push({ state, event });
  }
  const statePath = { state, steps, weight: events.length };
  return {
    ...statePath,
    description: events.map((event) => labelOf(event, cases)).join(' → '),
    test: (params) => model.testPath(statePath, params),
  } satisfies TestPath<CallCardSnapshot, CallCardInput>;
}

/** Options of {@link getTransitionTour}. */
export interface TransitionTourOptions {
  readonly cases?: readonly EventCase[];
}

/**
 * A transition tour (directed Chinese postman with free resets): the fewest total steps
 * that take every transition of every state with every payload case at least once. The
 * graph is the model's own adjacency map over small state keys; the route is cut into
 * paths wherever starting afresh from `waiting` is cheaper than walking there, and at
 * every return to a `waiting` that keeps nothing.
 */
export function getTransitionTour(options: TransitionTourOptions = {}): CallCardTestPath[] {
  const cases = options.cases ?? EVENT_CASES;
  const model = createCallCardTestModel({ cases, vertex: 'state' });
  const adjacency = model.getAdjacencyMap();
  const [initial] = initialTransition(callCardMachine);
  const start = stateKeyOf(initial);

  const out = new Map<string, Edge[]>();
  const balance = new Map<string, number>();
  const required: Edge[] = [];
  for (const [from, value] of Object.entries(adjacency)) {
    for (const { event, state } of Object.values(value.transitions) as { event: CallCardInput; state: CallCardSnapshot }[]) {
      const edge = { from, to: stateKeyOf(state), event };
      required.push(edge);
      out.set(from, [...(out.get(from) ?? []), edge]);
      balance.set(from, (balance.get(from) ?? 0) + 1);
      balance.set(edge.to, (balance.get(edge.to) ?? 0) - 1);
    }
  }

  const fromStart = bfs(start, out);
  const bfsFrom = new Map<string, Map<string, Edge | null>>();
  const viaFrom = (u: string) => bfsFrom.get(u) ?? bfsFrom.set(u, bfs(u, out)).get(u)!;
  const distance = (via: Map<string, Edge | null>, v: string) => (via.has(v) ? walk(via, v).length : Infinity);
  const reset = (u: string, v: string) => distance(fromStart, v) < distance(viaFrom(u), v);
  const cost = (u: string, v: string) => Math.min(distance(viaFrom(u), v), distance(fromStart, v));

  // A vertex entered more often than left must be left again (supply); the other way round, entered again (demand).
  const supply = new Map<string, number>();
  const demand = new Map<string, number>();
  for (const [vertex, surplus] of balance) {
    if (surplus < 0) supply.set(vertex, -surplus);
    if (surplus > 0) demand.set(vertex, surplus);
  }

  type Arc = Edge | { readonly from: string; readonly to: string; readonly reset: true };
  const arcs = new Map<string, Arc[]>();
  const add = (arc: Arc) => arcs.set(arc.from, [...(arcs.get(arc.from) ?? []), arc]);
  required.forEach(add);
  for (const [u, v] of transport(supply, demand, cost)) {
    if (reset(u, v)) {
      add({ from: u, to: start, reset: true });
      walk(fromStart, v).forEach(add);
    } else {
      walk(viaFrom(u), v).forEach(add);
    }
  }

  // Hierholzer's circuit from `waiting`, then cut at the resets.
  const circuit: Arc[] = [];
  const stack: { vertex: string; arc: Arc | null }[] = [{ vertex: start, arc: null }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const next = arcs.get(top.vertex)?.shift();
    if (next) stack.push({ vertex: next.to, arc: next });
    else {
      stack.pop();
      if (top.arc) circuit.unshift(top.arc);
    }
  }
  // Back in `waiting` with nothing kept is as good as a fresh card: each such return starts a new path, at no cost.
  const routes: CallCardInput[][] = [[]];
  for (const arc of circuit) {
    if ('reset' in arc) routes.push([]);
    else {
      routes[routes.length - 1]!.push(arc.event);
      if (arc.to === start) routes.push([]);
    }
  }
  return routes.filter((events) => events.length > 0).map((events) => pathFromEvents(model, events, cases));
}
