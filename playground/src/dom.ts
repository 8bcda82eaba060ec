/** Attributes and handlers for {@link h}. Text only ever goes in through `textContent`. */
export interface Props {
  readonly class?: string;
  readonly testid?: string;
  readonly title?: string;
  readonly label?: string;
  readonly type?: string;
  readonly disabled?: boolean;
  readonly pressed?: boolean;
  readonly onclick?: (event: Event) => void;
  readonly attrs?: Readonly<Record<string, string>>;
}

type Child = Node | string | null | undefined | false;

/**
 * Builds an element. Strings become text nodes, so host and call data (which anyone can
 * put in a payload) are never parsed as HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.testid) element.dataset.testid = props.testid;
  if (props.title) element.title = props.title;
  if (props.label) element.setAttribute('aria-label', props.label);
  if (props.type) element.setAttribute('type', props.type);
  if (props.disabled) element.setAttribute('disabled', '');
  if (props.pressed !== undefined) element.setAttribute('aria-pressed', String(props.pressed));
  if (props.onclick) element.addEventListener('click', props.onclick);
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** A button; `testid` defaults to nothing, the visible label is its accessible name. */
export function button(label: string, onclick: () => void, props: Props = {}): HTMLButtonElement {
  return h('button', { type: 'button', ...props, onclick: () => onclick() }, label);
}

/** Replaces an element's children. */
export function fill(element: Element, ...children: Child[]): void {
  element.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}

/** A compact, single-line rendering of data for the log (never HTML). */
export function show(value: unknown): string {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** `run` on the next animation frame, once however often it is asked for before then (a render per frame, not per change). */
export function perFrame(run: () => void): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      run();
    });
  };
}
