import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMachine, type AnyStateNode } from 'xstate';
import { callCardMachine } from '../../machines/callCard.machine';
import { UI_STATES } from '../../protocol/uiStates';
import { statechartMarkdown, toMermaid } from '../../scripts/statechart/mermaid';
import { withReadmeDiagram } from '../../scripts/statechart/readme';
import { toLiteral, toStatelyCode } from '../../scripts/statechart/stately';

const docs = join(__dirname, '..', '..', 'docs');

function stateIds(node: AnyStateNode): string[] {
  return [node.id, ...Object.values(node.states).flatMap((child) => stateIds(child as AnyStateNode))];
}

describe('the README', () => {
  it('embeds the diagram `npm run diagram` generates from the machine now', () => {
    const readme = readFileSync(join(docs, '..', 'README.md'), 'utf8');
    expect(readme).toBe(withReadmeDiagram(readme, callCardMachine));
  });
});

describe('docs/statechart-diagram.md', () => {
  it('is what `npm run diagram` generates from the machine now (run it after changing the machine)', () => {
    expect(readFileSync(join(docs, 'statechart-diagram.md'), 'utf8')).toBe(statechartMarkdown(callCardMachine));
  });

  it('is the same text on every run', () => {
    expect(toMermaid(callCardMachine)).toBe(toMermaid(callCardMachine));
  });

  const diagram = toMermaid(callCardMachine);

  it('draws the 12 UI states inside call.ui, in host order, and the card region attached / lost', () => {
    const declared = [...diagram.matchAll(/^ {6}state "(\w+)" as call_ui_\w+/gm)].map((m) => m[1]);
    expect(declared).toEqual([...UI_STATES]);
    expect(diagram).toMatch(/^ {6}\[\*\] --> call_ui_error$/m);
    expect(diagram).toMatch(/^ {2}\[\*\] --> waiting$/m);
    expect(diagram).toContain('state "card" as call_card {');
    expect(diagram).toContain('call_card_attached --> call_card_lost : card.lost');
    expect(diagram).toContain('call_card --> call_card_attached : initialized [isCurrentCall]');
    expect(diagram).toContain('root --> root : *');
  });

  it('draws connected with its two regions separated by --, and the deep history node', () => {
    const connected = diagram.slice(diagram.indexOf('state "connected"'), diagram.indexOf('state "transferring"'));
    expect(connected.match(/^\s*--$/gm)).toHaveLength(2);
    expect(connected).toContain('state "microphone" as call_ui_connected_microphone {');
    expect(connected).toContain('state "hold" as call_ui_connected_hold {');
    expect(connected).toContain('state "H* previous" as call_ui_connected_previous');
    expect(diagram).toContain('call_ui_transferring --> call_ui_connected_previous : cancelTransferButtonClick');
  });

  it('labels transitions with their event and guard, the fallback without one', () => {
    expect(diagram).toContain('call_ui_connectingOutgoing --> call_ui_redial : phone.failed [isBusy]');
    expect(diagram).toContain('call_ui_connectingOutgoing --> call_ui_error : phone.failed\n');
    expect(diagram).toContain('call_ui_connected_hold --> call_ui_connected_hold_held : softphone.holdDone [confirmsHeld]<br/>phone.heldChanged [confirmsHeld]');
    expect(diagram).toContain('call_ui_incoming --> call_ui_connectingIncoming : answerButtonClick\n');
    expect(diagram).toContain('call_ui_connected --> call_ui_connected : muteButtonClick<br/>holdButtonClick<br/>dialpadButtonClick<br/>qualityMeterClick');
    expect(diagram).toContain('call_ui_error --> waiting : closeButtonClick<br/>card.lost<br/>initialized [isAnotherCall]<br/>dial.request [isAnotherCall]<br/>always [cardIsLost]<br/>always [hasNoCard]');
  });

  it('draws every transition of the machine', () => {
    const lines = diagram.split('\n').filter((line) => line.includes(' --> ') && !line.includes('[*]'));
    const drawn = lines.reduce((n, line) => n + line.split('<br/>').length, 0);
    let configured = 0;
    const count = (node: AnyStateNode): void => {
      for (const transitions of [...node.transitions.values(), node.always ?? []]) for (const t of transitions) configured += t.target?.length ?? 1;
      Object.values(node.states).forEach((child) => count(child as AnyStateNode));
    };
    count(callCardMachine.root);
    expect(drawn).toBe(configured);
    expect(configured).toBeGreaterThan(80);
  });

  it('follows the machine: a new state or transition changes the diagram', () => {
    const changed = createMachine({
      ...(callCardMachine.config as object),
      states: { ...(callCardMachine.config.states as object), extra: { on: { ping: { target: 'waiting', guard: 'pong' } } } },
    } as Parameters<typeof createMachine>[0]);
    const other = toMermaid(changed);
    expect(other).not.toBe(diagram);
    expect(other).toContain('state "extra" as extra');
    expect(other).toContain('extra --> waiting : ping [pong]');
  });
});

describe('docs/callCard.stately.ts (Stately Studio import)', () => {
  const code = toStatelyCode(callCardMachine);

  it('is what `npm run export:stately` generates now', () => {
    expect(readFileSync(join(docs, 'callCard.stately.ts'), 'utf8')).toBe(code);
  });

  it('parses as JavaScript and round-trips the whole config and every state', () => {
    const body = code.replace("import { createMachine } from 'xstate';", '').replace('export const machine =', 'return');
    const reimported = new Function('createMachine', body)(createMachine) as typeof callCardMachine;
    expect(stateIds(reimported.root)).toEqual(stateIds(callCardMachine.root));
    expect(stateIds(reimported.root)).toContain('callCard.call.ui.connected.previous');
    expect(reimported.config).toEqual(JSON.parse(JSON.stringify(callCardMachine.config)));
  });

  it('names actions and guards, with no function anywhere', () => {
    expect(code).not.toMatch(/=>|function/);
    expect(code).toContain('guard: "knowsNumberToDial"');
    expect(code).toContain('actions: "answerCall"');
    expect(code).toMatch(/type: "summarise",\s+params: {\s+endedBy: "hungUp",/);
  });

  it('refuses a config holding a function, naming where it is', () => {
    expect(() => toLiteral({ on: { go: { actions: () => {} } } })).toThrow('config.on.go.actions');
  });

  it('leaves out params computed from the event, as JSON does, and keeps static ones', () => {
    expect(toLiteral({ type: 'keepComment', params: () => ({}) })).toBe('{\n  type: "keepComment",\n}');
    expect(code).toMatch(/type: "tellCard",\s+params: {\s+command: "CallCardSetUiState",\s+params: {\s+uiState: "incoming",/);
  });
});
