import { getStateNodes as activeStateNodes, type AnyStateNode, type AnyTransitionDefinition, type StateValue } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import { callCardMachine } from '../../machines/callCard.machine';
import { type CallCardInput, PHONE_EVENT_TYPES } from '../../machines/callCard.events';
import { IMPLEMENTED_BY_ADAPTERS, NOT_YET_IMPLEMENTED, REQUIREMENTS, requirementIdsIn } from '../../machines/requirements';

/** The events the statechart takes from its adapter and integrator (`StatechartInput`, machines/callCard.events.ts). */
export const STATECHART_INPUT_TYPES = [
  'card.lost',
  'softphone.muteDone',
  'softphone.muteFailed',
  'softphone.holdDone',
  'softphone.holdFailed',
  'card.setTitle',
  'card.setStatusText',
  'card.orphaned',
  'card.adopted',
  'dial.request',
] as const satisfies readonly CallCardInput['type'][];
import { CARD_EVENT_NAMES } from '../../protocol/events';
import type { CallCardSnapshot } from './stateKey';

/** How a guard outcome was seen: through the host and the adapter, or by a typed event sent straight to the machine. */
export type SeenVia = 'host' | 'direct';

/** `callCard.open.connected:dialpadButtonClick[0]`: a transition definition by source node, event and candidate index. */
export function transitionId(transition: AnyTransitionDefinition): string {
  if (transition.eventType === '') return `${transition.source.id}:always[${(transition.source.always ?? []).indexOf(transition)}]`;
  const candidates = transition.source.transitions.get(transition.eventType) ?? [];
  return `${transition.source.id}:${transition.eventType}[${candidates.indexOf(transition)}]`;
}

type GuardImplementation = ((args: { context: unknown; event: unknown }, params: unknown) => boolean) & {
  readonly check?: (snapshot: unknown, args: { context: unknown; event: unknown }, guard: unknown) => boolean;
};

/** A named guard's outcome, the way XState evaluates it (`stateIn` and friends read the snapshot). */
function outcomeOf(name: string, transition: AnyTransitionDefinition, snapshot: CallCardSnapshot, event: unknown): boolean {
  const implementation = (callCardMachine.implementations.guards as Record<string, GuardImplementation | undefined>)[name];
  if (!implementation) return false;
  const args = { context: snapshot.context, event };
  return Boolean(implementation.check ? implementation.check(snapshot, args, implementation) : implementation(args, guardParams(transition, args)));
}

function guardName(transition: AnyTransitionDefinition): string | undefined {
  const guard: unknown = transition.guard;
  if (typeof guard === 'string') return guard;
  if (guard && typeof guard === 'object' && 'type' in guard) return String((guard as { type: unknown }).type);
  return undefined;
}

/** The params of a parameterized guard, static or computed from the event (`{ type: 'isBusy', params: ({ event }) => ({ code: event.code }) }`). */
function guardParams(transition: AnyTransitionDefinition, args: { context: unknown; event: unknown }): unknown {
  const guard: unknown = transition.guard;
  const params = guard && typeof guard === 'object' && 'params' in guard ? (guard as { params: unknown }).params : undefined;
  return typeof params === 'function' ? (params as (a: typeof args) => unknown)(args) : params;
}

/** The spec rows a transition or state names in its description (`[SC-B05] [SC-L4]`). */
function requirementsOf(node: { readonly description?: string | undefined }): string[] {
  return requirementIdsIn(node.description);
}

/** Everything there is to cover, read from the machine's own config. */
export interface CoverageUniverse {
  readonly stateNodes: readonly string[];
  readonly transitions: readonly string[];
  readonly eventTypes: readonly string[];
  readonly guards: readonly string[];
  /**
   * The spec rows the statechart implements: every id of the spec (machines/requirements.ts,
   * checked against docs/spec/ by tests/machines/requirements.test.ts) but those not yet
   * implemented and those the adapters implement.
   */
  readonly requirements: readonly string[];
  /** The spec rows no code implements yet (machines/requirements.ts): out of the percentage, listed in the report. */
  readonly notYetImplemented: readonly string[];
}

/** The state nodes (history included), transition definitions, event types, named guards and specification rows. */
export function coverageUniverse(): CoverageUniverse {
  const nodes = getStateNodes(callCardMachine.root);
  const definitions = [callCardMachine.root, ...nodes].flatMap((node) => [...[...node.transitions.values()].flat(), ...(node.always ?? [])]);
  return {
    stateNodes: nodes.map((node) => node.id),
    transitions: definitions.map(transitionId),
    // The 17 card events, the softphone's events, and what the adapter and integrator send.
    eventTypes: [...CARD_EVENT_NAMES, ...PHONE_EVENT_TYPES, ...STATECHART_INPUT_TYPES],
    guards: Object.keys(callCardMachine.implementations.guards).sort(),
    requirements: Object.keys(REQUIREMENTS).filter((id) => !(id in NOT_YET_IMPLEMENTED) && !(id in IMPLEMENTED_BY_ADAPTERS)),
    notYetImplemented: Object.keys(NOT_YET_IMPLEMENTED),
  };
}

/**
 * The guards the machine evaluates for `event` in `snapshot`, in XState v5's own order:
 * a node's candidates until one passes, deepest node first, each parallel region on its
 * own, a parent only when no descendant took the event.
 */
export function evaluateGuards(snapshot: CallCardSnapshot, event: CallCardInput): { guard: string; outcome: boolean }[] {
  const outcomes: { guard: string; outcome: boolean }[] = [];
  const next = (node: AnyStateNode): boolean => {
    for (const candidate of node.transitions.get(event.type) ?? []) {
      const name = guardName(candidate);
      if (name === undefined) return true;
      const outcome = outcomeOf(name, candidate, snapshot, event);
      outcomes.push({ guard: name, outcome });
      if (outcome) return true;
    }
    return false;
  };
  const visit = (node: AnyStateNode, value: StateValue): boolean => {
    if (typeof value === 'string') return next(node.states[value]!) || next(node);
    const keys = Object.keys(value);
    if (keys.length === 1) return visit(node.states[keys[0]!]!, value[keys[0]!]!) || next(node);
    let any = false;
    for (const key of keys) any = visit(node.states[key]!, value[key]!) || any;
    return any || next(node);
  };
  visit(callCardMachine.root, snapshot.value);
  return outcomes;
}

/** One line of the coverage table. */
export interface CoverageLine {
  readonly covered: number;
  readonly total: number;
  readonly percent: number;
  readonly missing: readonly string[];
}

/** Coverage of one run, line by line, with how each guard outcome was seen. */
export interface CoverageReport {
  readonly stateNodes: CoverageLine;
  readonly transitions: CoverageLine;
  readonly eventTypes: CoverageLine;
  readonly guardOutcomes: CoverageLine;
  readonly requirements: CoverageLine;
  /** Spec rows not implemented yet: not counted in `requirements`, listed here. */
  readonly notYetImplemented: readonly string[];
  /** `isBusy: {true: 'host', false: 'host'}`; `null` when not seen. */
  readonly guards: Readonly<Record<string, { readonly true: SeenVia | null; readonly false: SeenVia | null }>>;
}

/** The names of the coverage lines, in table order. */
export const COVERAGE_LINES = ['stateNodes', 'transitions', 'eventTypes', 'guardOutcomes', 'requirements'] as const;

function line(all: readonly string[], seen: ReadonlySet<string>): CoverageLine {
  const missing = all.filter((id) => !seen.has(id));
  const covered = all.length - missing.length;
  return { covered, total: all.length, percent: all.length ? Math.floor((covered / all.length) * 1000) / 10 : 100, missing };
}

/** Collects what executed paths exercised; {@link CoverageRecorder.report} turns it into lines. */
export class CoverageRecorder {
  private readonly nodes = new Set<string>();
  private readonly transitions = new Set<string>();
  private readonly events = new Set<string>();
  private readonly requirements = new Set<string>();
  private readonly guards = new Map<string, { true: SeenVia | null; false: SeenVia | null }>();

  /** The transitions the running machine took (from its `@xstate.microstep` inspection events) and the event that drove them. */
  recordTransitions(event: CallCardInput, transitions: readonly AnyTransitionDefinition[]): void {
    // What the host produced, and what the adapter sent on its behalf (a softphone's answer to a Mute click).
    if (transitions.some((transition) => transition.eventType !== '*')) this.events.add(event.type);
    for (const transition of transitions) {
      if (transition.eventType !== '*' && transition.eventType !== '') this.events.add(transition.eventType);
      // An eventless transition taken: its guard was true.
      const always = transition.eventType === '' ? guardName(transition) : undefined;
      if (always) this.seeGuard(always, true, 'host');
      this.transitions.add(transitionId(transition));
      requirementsOf(transition).forEach((id) => this.requirements.add(id));
      for (const target of transition.target ?? []) if (target.type === 'history') this.nodes.add(target.id);
    }
  }

  /** The state nodes active in a snapshot, with the rows their `meta` names, and the eventless guards that kept it there. */
  recordState(snapshot: CallCardSnapshot): void {
    for (const node of activeStateNodes(callCardMachine.root, snapshot.value)) {
      if (node === callCardMachine.root) continue;
      this.nodes.add(node.id);
      requirementsOf(node).forEach((id) => this.requirements.add(id));
      for (const transition of node.always ?? []) {
        const name = guardName(transition);
        if (name) this.seeGuard(name, outcomeOf(name, transition, snapshot, { type: '' }), 'host');
      }
    }
  }

  private seeGuard(guard: string, outcome: boolean, via: SeenVia): void {
    const seen = this.guards.get(guard) ?? { true: null, false: null };
    const key = outcome ? 'true' : 'false';
    if (seen[key] !== 'host') seen[key] = via;
    this.guards.set(guard, seen);
  }

  /** The guards the machine evaluated for `event` in `snapshot`. */
  recordGuards(snapshot: CallCardSnapshot, event: CallCardInput, via: SeenVia): void {
    // Seen through the host beats seen directly.
    for (const { guard, outcome } of evaluateGuards(snapshot, event)) this.seeGuard(guard, outcome, via);
  }

  /** Adds everything another recorder saw. */
  merge(other: CoverageRecorder): void {
    other.nodes.forEach((id) => this.nodes.add(id));
    other.transitions.forEach((id) => this.transitions.add(id));
    other.events.forEach((id) => this.events.add(id));
    other.requirements.forEach((id) => this.requirements.add(id));
    for (const [guard, seen] of other.guards) {
      const mine = this.guards.get(guard) ?? { true: null, false: null };
      for (const key of ['true', 'false'] as const) if (mine[key] !== 'host' && seen[key]) mine[key] = seen[key];
      this.guards.set(guard, mine);
    }
  }

  report(universe: CoverageUniverse = coverageUniverse()): CoverageReport {
    const outcomes = new Set<string>();
    const guards: Record<string, { true: SeenVia | null; false: SeenVia | null }> = {};
    for (const guard of universe.guards) {
      const seen = this.guards.get(guard) ?? { true: null, false: null };
      guards[guard] = { ...seen };
      if (seen.true) outcomes.add(`${guard}=true`);
      if (seen.false) outcomes.add(`${guard}=false`);
    }
    return {
      stateNodes: line(universe.stateNodes, this.nodes),
      transitions: line(universe.transitions, this.transitions),
      eventTypes: line(universe.eventTypes, this.events),
      guardOutcomes: line(universe.guards.flatMap((guard) => [`${guard}=true`, `${guard}=false`]), outcomes),
      requirements: line(universe.requirements, this.requirements),
      notYetImplemented: universe.notYetImplemented,
      guards,
    };
  }
}

/** What one strategy generated and covered. */
export interface StrategyFigures {
  readonly paths: number;
  readonly steps: number;
  readonly generationMs: number;
  readonly coverage: CoverageReport;
}

/** The coverage table, one column per strategy. */
export function formatCoverageTable(figures: Readonly<Record<string, StrategyFigures>>): string {
  const strategies = Object.keys(figures);
  const rows: string[][] = [['', ...strategies]];
  rows.push(['paths', ...strategies.map((s) => String(figures[s]!.paths))]);
  rows.push(['total steps', ...strategies.map((s) => String(figures[s]!.steps))]);
  rows.push(['generation (ms)', ...strategies.map((s) => String(Math.round(figures[s]!.generationMs)))]);
  for (const name of COVERAGE_LINES) {
    rows.push([name, ...strategies.map((s) => {
      const l = figures[s]!.coverage[name];
      return `${l.covered}/${l.total} (${l.percent}%)`;
    })]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const text = rows.map((row) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`);
  text.splice(1, 0, `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  const notYet = strategies.length ? figures[strategies[0]!]!.coverage.notYetImplemented : [];
  if (notYet.length) text.push('', `not yet implemented (out of the requirements line): ${notYet.join(', ')}`);
  text.push(`implemented by the adapters (out of the requirements line; tests name them): ${Object.keys(IMPLEMENTED_BY_ADAPTERS).join(', ')}`);
  return text.join('\n');
}

/** The coverage lines of a report that are under 100%, with what they miss. */
export function incompleteLines(report: CoverageReport): string[] {
  return COVERAGE_LINES.filter((name) => report[name].missing.length > 0).map((name) => `${name}: ${report[name].covered}/${report[name].total}, missing ${report[name].missing.join(', ')}`);
}
