import { fill, h } from './dom';

/** What a log line is about; each kind has its own colour and filter. */
export const LOG_KINDS = ['card event', 'transition', 'card command', 'softphone', 'phone event', 'diagnostic', 'hook', 'host'] as const;
export type LogKind = (typeof LOG_KINDS)[number];

/** Most lines kept: the playground may run all day. */
const MAX_LINES = 500;

/** One line already in the log; a command's line gets its answer later. */
export interface LogLine {
  /** Replaces the line's detail (e.g. `→ []` once the host answered). */
  setDetail(detail: string, tone?: 'ok' | 'error' | 'pending'): void;
}

export interface Log {
  readonly element: HTMLElement;
  add(kind: LogKind, text: string, detail?: string): LogLine;
  clear(): void;
}

const cssName = (kind: LogKind) => kind.replace(' ', '-');

/** The live log: card events, statechart transitions, card commands with their answers, softphone calls, diagnostics, hooks. */
export function createLog(): Log {
  const list = h('ol', { class: 'log-lines', testid: 'log' });
  const filters = LOG_KINDS.map((kind) => {
    const box = h('input', { type: 'checkbox', attrs: { checked: '' } });
    box.addEventListener('change', () => {
      list.classList.toggle(`hide-${cssName(kind)}`, !box.checked);
    });
    return h('label', { class: `filter kind-${cssName(kind)}` }, box, kind);
  });
  let sequence = 0;
  const element = h(
    'section',
    { class: 'panel log', label: 'Live log' },
    h('header', {}, h('h2', {}, 'Live log'), h('div', { class: 'filters' }, ...filters), h('button', { type: 'button', onclick: () => api.clear() }, 'Clear')),
    list,
  );
  const api: Log = {
    element,
    add(kind, text, detail) {
      sequence += 1;
      const stickToBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
      const detailNode = h('span', { class: 'detail' }, detail ?? '');
      list.append(
        h(
          'li',
          { class: `kind-${cssName(kind)}`, attrs: { 'data-kind': kind } },
          h('span', { class: 'seq' }, String(sequence)),
          h('span', { class: 'kind' }, kind),
          h('span', { class: 'text' }, text),
          detailNode,
        ),
      );
      while (list.childElementCount > MAX_LINES) list.firstElementChild?.remove();
      if (stickToBottom) list.scrollTop = list.scrollHeight;
      return {
        setDetail(next, tone) {
          detailNode.textContent = next;
          detailNode.dataset.tone = tone ?? '';
        },
      };
    },
    clear() {
      fill(list);
    },
  };
  return api;
}
