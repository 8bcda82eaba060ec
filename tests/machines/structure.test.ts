/**
 * The machine's shape checked against the host's lists (host-behaviour.md §2) and its
 * own bookkeeping: named guards and actions, tags, and the requirement ids each
 * transition's `description` names (the ids themselves are checked against the spec in
 * requirements.test.ts).
 */
import { BUTTONS_BY_UI_STATE, EVENTS_OUTSIDE_BUTTONS } from '../../protocol/buttons';
import { CARD_EVENT_NAMES } from '../../protocol/events';
import { ESTABLISHED_UI_STATES, LIVE_UI_STATES, RINGING_UI_STATES, UI_STATES } from '../../protocol/uiStates';
import { callCardMachine } from '../../machines/callCard.machine';
import { callCardGuards } from '../../machines/callCard.setup';
import { PHONE_EVENT_TYPES } from '../../machines/callCard.events';
import { REQUIREMENTS, requirementIdsIn } from '../../machines/requirements';
import { takes } from '../../machines/takes';
import { STATECHART_INPUT_TYPES } from '../../testing/model/coverage';
import { SAMPLE_EVENTS, startCard } from './helpers';

type AnyConfig = Record<string, unknown>;

interface FoundTransition {
  /** Dotted path of the state node that owns it. */
  readonly state: string;
  readonly event: string;
  readonly config: AnyConfig;
}

interface FoundNode {
  readonly path: string;
  readonly config: AnyConfig;
}

/** Every state node config and every transition config, read from the literal config. */
function walk(config: AnyConfig, path = 'callCard', nodes: FoundNode[] = [], transitions: FoundTransition[] = []) {
  nodes.push({ path, config });
  const on = (config.on ?? {}) as Record<string, unknown>;
  const always = config.always === undefined ? {} : { always: config.always };
  for (const [event, value] of Object.entries({ ...on, ...always })) {
    const list = Array.isArray(value) ? value : [value];
    for (const t of list) transitions.push({ state: path, event, config: typeof t === 'string' ? { target: t } : (t as AnyConfig) });
  }
  for (const [key, child] of Object.entries((config.states ?? {}) as Record<string, AnyConfig>)) walk(child, `${path}.${key}`, nodes, transitions);
  return { nodes, transitions };
}

const { nodes, transitions } = walk(callCardMachine.config as unknown as AnyConfig);

function namesOf(actions: unknown): string[] {
  if (actions === undefined) return [];
  const list = Array.isArray(actions) ? actions : [actions];
  return list.map((a) => (typeof a === 'string' ? a : typeof a === 'object' && a !== null && 'type' in a ? String((a as { type: unknown }).type) : `<inline ${typeof a}>`));
}

const call = callCardMachine.root.states.call!;
const ui = call.states.ui!;

describe('the call and its card, separate concerns', () => {
  test('the top level is waiting and call', () => {
    expect(Object.keys(callCardMachine.root.states)).toEqual(['waiting', 'call']);
    expect(callCardMachine.root.initial?.target[0]?.key).toBe('waiting');
  });

  test('call is parallel: the ui region, then the card region (attached / lost / none — SC-L6, starting attached)', () => {
    expect(call.type).toBe('parallel');
    expect(Object.keys(call.states)).toEqual(['ui', 'card']);
    const cardRegion = call.states.card!;
    expect(Object.keys(cardRegion.states)).toEqual(['attached', 'lost', 'none']);
    expect(cardRegion.initial?.target[0]?.key).toBe('attached');
  });

  test('the root takes what no state takes with a wildcard that reports it, and only that', () => {
    expect([...callCardMachine.root.transitions.keys()]).toEqual(['*']);
    expect(callCardMachine.root.config.on).toEqual({ '*': { actions: 'reportIgnored', description: '[SC-E1]' } });
  });

  test("the first-state table of initialized is written once, in waiting", () => {
    const withTable = transitions.filter((t) => t.event === 'initialized' && (t.config.guard as AnyConfig | undefined)?.type === 'isIncomingCall');
    expect(withTable.map((t) => t.state)).toEqual(['callCard.waiting']);
  });
});

describe('UI states', () => {
  test("ui's children are the 12 host UI states, in the host's order, and nothing else", () => {
    expect(Object.keys(ui.states)).toEqual([...UI_STATES]);
  });

  test('connected is parallel: microphone (unmuted/muted) and hold (resumed/held)', () => {
    const connected = ui.states.connected!;
    expect(connected.type).toBe('parallel');
    const regions = Object.fromEntries(
      Object.entries(connected.states)
        .filter(([, node]) => node.type !== 'history')
        .map(([key, node]) => [key, { states: Object.keys(node.states), initial: node.initial?.target[0]?.key }]),
    );
    expect(regions).toEqual({
      microphone: { states: ['unmuted', 'muted'], initial: 'unmuted' },
      hold: { states: ['resumed', 'held'], initial: 'resumed' },
    });
  });

  test('every UI state node tells the card its own name on entry', () => {
    for (const state of UI_STATES) {
      const entry = ui.states[state]!.config.entry;
      const list = (Array.isArray(entry) ? entry : [entry]) as unknown[];
      expect(list.filter((a) => typeof a === 'object' && a !== null && (a as AnyConfig).type === 'tellCard')).toEqual([
        { type: 'tellCard', params: { command: 'CallCardSetUiState', params: { uiState: state } } },
      ]);
    }
  });
});

describe('buttons table (host-behaviour.md §2: HB-01, HB-02, HB-03, HB-04, HB-05, HB-06, HB-07, HB-08, HB-09, HB-10, HB-11, HB-12)', () => {
  test.each(UI_STATES)('%s handles every event its buttons emit, and the comment, entity and top-close events', (state) => {
    const c = startCard().open(state);
    const events = [...BUTTONS_BY_UI_STATE[state].map((b) => b.event), ...EVENTS_OUTSIDE_BUTTONS];
    const notHandled = events.filter((event) => !takes(c.snapshot(), SAMPLE_EVENTS[event]));
    expect(notHandled).toEqual([]);
  });

  test('all 17 card events appear as transition events in the machine', () => {
    const handled = new Set(transitions.map((t) => t.event));
    expect(CARD_EVENT_NAMES.filter((name) => !handled.has(name))).toEqual([]);
  });

  test('all softphone events appear as transition events in the machine', () => {
    const handled = new Set(transitions.map((t) => t.event));
    expect(PHONE_EVENT_TYPES.filter((name) => !handled.has(name))).toEqual([]);
  });

  test('the machine handles no event type outside the 17 card events, the softphone events and the statechart inputs', () => {
    const known = new Set<string>([...CARD_EVENT_NAMES, ...PHONE_EVENT_TYPES, ...STATECHART_INPUT_TYPES, '*', 'always']);
    expect([...new Set(transitions.map((t) => t.event))].filter((event) => !known.has(event))).toEqual([]);
  });
});

describe('named guards and actions', () => {
  const implementations = callCardMachine.implementations;

  test('every guard in the config is a named guard of the setup', () => {
    const guards = transitions.flatMap((t) => (t.config.guard === undefined ? [] : [t.config.guard]));
    expect(guards.length).toBeGreaterThan(0);
    for (const guard of guards) {
      // A name, or a name with static params ({ type: 'adoptsInto', params: { uiState } }).
      const name = typeof guard === 'string' ? guard : (guard as { type: unknown }).type;
      expect(typeof name).toBe('string');
      expect(Object.keys(implementations.guards)).toContain(name);
    }
  });

  test('every action in the config (transitions, entry, exit) is a named action of the setup', () => {
    const used = [
      ...transitions.flatMap((t) => namesOf(t.config.actions)),
      ...nodes.flatMap((n) => [...namesOf(n.config.entry), ...namesOf(n.config.exit)]),
    ];
    expect(used.length).toBeGreaterThan(0);
    expect([...new Set(used)].filter((name) => !(name in implementations.actions))).toEqual([]);
  });
});

describe('requirement ids in descriptions', () => {
  const ids = new Set(Object.keys(REQUIREMENTS));
  const idsOf = (config: AnyConfig): string[] => requirementIdsIn(config.description as string | undefined);

  test('every transition names the spec rows it implements, each an id of the spec', () => {
    expect(transitions.filter((t) => idsOf(t.config).length === 0).map((t) => `${t.state} on ${t.event}`)).toEqual([]);
    expect(transitions.flatMap((t) => idsOf(t.config)).filter((id) => !ids.has(id))).toEqual([]);
  });

  test('every id a state node names is an id of the spec', () => {
    expect(nodes.flatMap((n) => idsOf(n.config)).filter((id) => !ids.has(id))).toEqual([]);
  });

  test('each UI state node names the host-behaviour row of its button list, and the entry rule SC-L2', () => {
    UI_STATES.forEach((state, index) => {
      const hb = `HB-${String(index + 1).padStart(2, '0')}`;
      expect(idsOf(ui.states[state]!.config as unknown as AnyConfig)).toEqual([hb, 'SC-L2']);
    });
  });

  test('each call ending names SC-L4 beside the row that ends it', () => {
    const endings = transitions.filter((t) => t.config.target === '#callCard.waiting');
    expect(endings.length).toBeGreaterThan(0);
    expect(endings.filter((t) => !idsOf(t.config).includes('SC-L4') || idsOf(t.config).length < 2).map((t) => `${t.state} on ${t.event}`)).toEqual([]);
  });
});

describe('tags: the live, ringing and established lists of protocol/uiStates.ts', () => {
  const tagged = (tag: string) => UI_STATES.filter((state) => ((ui.states[state]!.config.tags ?? []) as readonly string[]).includes(tag));

  test('live, ringing and established tag exactly the states of the protocol lists', () => {
    expect(tagged('live')).toEqual([...LIVE_UI_STATES]);
    expect(tagged('ringing')).toEqual([...RINGING_UI_STATES]);
    expect(tagged('established')).toEqual([...ESTABLISHED_UI_STATES]);
  });

  test("each UI state is tagged with its own name (how connect reads it), the card region's lost with cardLost", () => {
    expect(UI_STATES.filter((state) => !((ui.states[state]!.config.tags ?? []) as readonly string[]).includes(state))).toEqual([]);
    expect(call.states.card!.states.lost!.tags).toEqual(['cardLost']);
  });

  test('muted and held tag the states of the microphone and hold regions', () => {
    const connected = ui.states.connected!;
    expect(connected.states.microphone!.states.muted!.tags).toEqual(['muted']);
    expect(connected.states.hold!.states.held!.tags).toEqual(['held']);
  });
});

describe('SC-C1, SC-C2, SC-C3: card.lost is taken by one row in every UI state, none left to document order', () => {
  // Both regions hear card.lost; were both rows enabled, XState would keep the one written first.
  test.each(UI_STATES)('%s: exactly one enabled transition for card.lost', (state) => {
    const snapshot = startCard().open(state).snapshot();
    expect(callCardMachine.getTransitionData(snapshot, { type: 'card.lost' })).toHaveLength(1);
  });
});

describe('guards decide from their params', () => {
  test('no guard reads the event: what it judges comes as typed params, after the parser', () => {
    const readers = Object.entries(callCardGuards).filter(([, guard]) => typeof guard === 'function' && /\bevent\b/.test(String(guard)));
    expect(readers.map(([name]) => name)).toEqual([]);
  });
});

describe('XState idiom', () => {
  test('package.json asks for xstate as a ^5 range, not an exact pin', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../package.json') as { dependencies: Record<string, string> };
    expect(pkg.dependencies.xstate).toMatch(/^\^5\./);
  });

  test('no action reads Date.now(): the machine takes its clock from its input', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const setupSource = readFileSync(require.resolve('../../machines/callCard.setup.ts'), 'utf8');
    expect(setupSource).not.toMatch(/Date\.now/);
  });
});
