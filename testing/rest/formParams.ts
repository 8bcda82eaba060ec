/**
 * PHP-style form encoding, as `BX24.callMethod` sends parameters (`FILTER[CALL_ID]=…`,
 * `USER_ID[]=1`) and as the portal reads them back.
 */

/** Encodes params the way BX24's `ajax.prepareData` does: nested keys in brackets, every value a string. */
export function encodeForm(params: Readonly<Record<string, unknown>>, prefix = ''): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    const name = prefix === '' ? encodeURIComponent(key) : `${prefix}[${encodeURIComponent(key)}]`;
    if (value === undefined) continue;
    if (value === null) parts.push(`${name}=`);
    else if (value instanceof Date) parts.push(`${name}=${encodeURIComponent(value.toJSON())}`);
    else if (Array.isArray(value) && value.length === 0) parts.push(`${name}=`);
    else if (typeof value === 'object') {
      const nested = encodeForm(value as Record<string, unknown>, name);
      if (nested !== '') parts.push(nested);
    } else parts.push(`${name}=${encodeURIComponent(String(value))}`);
  }
  return parts.join('&');
}

type Tree = Record<string, unknown>;

/**
 * Keys that would reach an object's prototype if written as data (`__proto__[x]=1` sets
 * `Object.prototype.x` through a plain object). A portal written in PHP has no such keys to
 * honour, so a parameter naming one, at any depth, is dropped.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** PHP's `max_input_nesting_level`: a deeper variable is dropped as PHP drops it. */
export const MAX_FORM_NESTING = 64;

/** PHP's `max_input_vars`: the pairs after the first thousand are not read. */
export const MAX_FORM_VARS = 1000;

/** Decodes a form body or query string into nested objects, as PHP's `$_REQUEST` does (`a[]` appends). */
export function decodeForm(text: string): Record<string, unknown> {
  // Built without prototypes, so no key can reach one while the tree grows.
  const root: Tree = Object.create(null) as Tree;
  let read = 0;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    if (read === MAX_FORM_VARS) break;
    read += 1;
    const equals = pair.indexOf('=');
    const rawKey = equals < 0 ? pair : pair.slice(0, equals);
    const rawValue = equals < 0 ? '' : pair.slice(equals + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      continue;
    }
    const match = /^([^[]*)((?:\[[^\]]*\])*)$/.exec(key);
    const head = match?.[1] ?? key;
    const path = match?.[2] ? [...match[2].matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!) : [];
    if (path.length > MAX_FORM_NESTING || PROTOTYPE_KEYS.has(head) || path.some((segment) => PROTOTYPE_KEYS.has(segment))) continue;
    let node: Tree = root;
    let name = head;
    for (const segment of path) {
      const child = Object.hasOwn(node, name) ? node[name] : undefined;
      const next: Tree = child !== null && typeof child === 'object' ? (child as Tree) : (Object.create(null) as Tree);
      node[name] = next;
      node = next;
      name = segment === '' ? String(Object.keys(next).length) : segment;
    }
    node[name] = value;
  }
  return listsOf(root) as Record<string, unknown>;
}

/** `{0: a, 1: b}` from `x[]=a&x[]=b` becomes `[a, b]`, as PHP's array reads in JSON; the rest become plain objects. */
function listsOf(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Tree).map(([key, child]) => [key, listsOf(child)] as const);
  const sequential = entries.length > 0 && entries.every(([key], index) => key === String(index));
  return sequential ? entries.map(([, child]) => child) : Object.fromEntries(entries);
}
