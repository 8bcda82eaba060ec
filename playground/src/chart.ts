import type { StateValue } from 'xstate';
import { callCardMachine } from '../../machines/index';
import { h } from './dom';

/** The part of an XState state node the drawing reads: its key, kind, path and children. */
interface ChartNode {
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  readonly path: readonly string[];
  readonly states: Readonly<Record<string, ChartNode>>;
}

/** Every active state's path (`call.ui.connected.hold.held`, and each of its ancestors) in a state value. */
export function activePaths(value: StateValue, prefix: readonly string[] = []): Set<string> {
  const paths = new Set<string>();
  if (typeof value === 'string') {
    paths.add([...prefix, value].join('.'));
    return paths;
  }
  for (const [key, child] of Object.entries(value)) {
    paths.add([...prefix, key].join('.'));
    for (const path of activePaths(child as StateValue, [...prefix, key])) paths.add(path);
  }
  return paths;
}

function drawNode(node: ChartNode, boxes: Map<string, HTMLElement>): HTMLElement {
  const children = Object.values(node.states).filter((child) => child.type !== 'history');
  const box = h(
    'div',
    { class: `chart-state chart-${node.type}`, attrs: { 'data-path': node.path.join('.') } },
    h('div', { class: 'chart-name' }, node.key),
    children.length > 0 ? h('div', { class: node.type === 'parallel' ? 'chart-regions' : 'chart-children' }, ...children.map((child) => drawNode(child, boxes))) : null,
  );
  boxes.set(node.path.join('.'), box);
  return box;
}

/**
 * The statechart drawn from the machine's own config (the states of docs/statechart-diagram.md,
 * nested as the machine nests them; parallel regions side by side, dashed), with the current
 * state of every region highlighted. No renderer, no network: plain boxes.
 */
export function createChart(): { readonly element: HTMLElement; show(value: StateValue): void } {
  const boxes = new Map<string, HTMLElement>();
  const root = callCardMachine.root as unknown as ChartNode;
  const element = h('div', { class: 'chart', testid: 'statechart-chart', attrs: { role: 'img', 'aria-label': 'The statechart, the current states highlighted' } }, ...Object.values(root.states).map((child) => drawNode(child, boxes)));
  return {
    element,
    show(value) {
      const active = activePaths(value);
      for (const [path, box] of boxes) box.classList.toggle('active', active.has(path));
    },
  };
}
