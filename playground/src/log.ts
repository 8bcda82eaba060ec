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
  /** `grade` marks a diagnostic as info, warning or error (its colour and `data-grade`). */
  add(kind: LogKind, text: string, detail?: string, grade?: 'info' | 'warning' | 'error'): LogLine;
  /**
   * Writes a line of something the statechart did (a card command, a softphone call, a hook)
   * once the transition that did it is logged: the inspection reports a transition after its
   * actions ran, so such lines wait for the next transition line (or the end of the task, when
   * none comes). A transition line writes what waits right after itself, before any later
   * transition: `mute(true)` comes before the transition its answer causes.
   */
  later(write: () => void): void;
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
  const waiting: (() => void)[] = [];
  let flushScheduled = false;
  const flush = () => {
    for (const write of waiting.splice(0)) write();
  };
  const element = h(
    'section',
    { class: 'panel log', label: 'Live log' },
    h('header', {}, h('h2', {}, 'Live log'), h('div', { class: 'filters' }, ...filters), h('button', { type: 'button', onclick: () => api.clear() }, 'Clear')),
    list,
  );
  const api: Log = {
    element,
    add(kind, text, detail, grade) {
      sequence += 1;
      const stickToBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
      const detailNode = h('span', { class: 'detail' }, detail ?? '');
      list.append(
        h(
          'li',
          { class: `kind-${cssName(kind)}${grade ? ` grade-${grade}` : ''}`, attrs: { 'data-kind': kind, ...(grade ? { 'data-grade': grade } : {}) } },
          h('span', { class: 'seq' }, String(sequence)),
          h('span', { class: 'kind' }, grade ? `${kind} (${grade})` : kind),
          h('span', { class: 'text' }, text),
          detailNode,
        ),
      );
      while (list.childElementCount > MAX_LINES) list.firstElementChild?.remove();
      if (stickToBottom) list.scrollTop = list.scrollHeight;
      if (kind === 'transition') flush();
      return {
        setDetail(next, tone) {
          detailNode.textContent = next;
          detailNode.dataset.tone = tone ?? '';
        },
      };
    },
    later(write) {
      waiting.push(write);
      if (flushScheduled) return;
      flushScheduled = true;
      queueMicrotask(() => {
        flushScheduled = false;
        flush();
      });
    },
    clear() {
      fill(list);
    },
  };
  return api;
}
