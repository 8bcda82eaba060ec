/**
 * The card's icons as inline SVG, drawn here (24×24 grid, `currentColor`), so they render
 * the same with or without an emoji or icon font.
 */
const SVG = 'http://www.w3.org/2000/svg';

/** Shapes of one icon: `d` strings for paths, or [cx, cy, r] for dots. */
type Shape = string | readonly [number, number, number];

function icon(name: string, shapes: readonly Shape[], options: { fill?: boolean } = {}): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', `icon icon-${name}`);
  for (const shape of shapes) {
    if (typeof shape === 'string') {
      const path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', shape);
      if (options.fill) path.setAttribute('fill', 'currentColor');
      else {
        path.setAttribute('fill', 'none');
        path.setAttribute('stroke', 'currentColor');
        path.setAttribute('stroke-width', '1.8');
        path.setAttribute('stroke-linecap', 'round');
        path.setAttribute('stroke-linejoin', 'round');
      }
      svg.append(path);
    } else {
      const dot = document.createElementNS(SVG, 'circle');
      dot.setAttribute('cx', String(shape[0]));
      dot.setAttribute('cy', String(shape[1]));
      dot.setAttribute('r', String(shape[2]));
      dot.setAttribute('fill', 'currentColor');
      svg.append(dot);
    }
  }
  return svg;
}

const HANDSET = 'M6.6 3.2 9 3l1.6 4.4-2 1.4a11 11 0 0 0 6.6 6.6l1.4-2L21 15l-.2 2.4A2.8 2.8 0 0 1 18 20 15 15 0 0 1 4 6a2.8 2.8 0 0 1 2.6-2.8Z';

export const icons = {
  /** The handset, upright: calling. */
  phone: () => icon('phone', [HANDSET], { fill: true }),
  /** A person's silhouette: the customer's avatar. */
  person: () => icon('person', ['M12 12.5a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9Z', 'M3.5 21c.8-4.2 4.2-6.5 8.5-6.5s7.7 2.3 8.5 6.5Z'], { fill: true }),
  /** The microphone; crossed out while muted. */
  microphone: (muted: boolean) =>
    icon('microphone', ['M12 3.5a2.8 2.8 0 0 0-2.8 2.8v5a2.8 2.8 0 0 0 5.6 0v-5A2.8 2.8 0 0 0 12 3.5Z', 'M6.5 11a5.5 5.5 0 0 0 11 0', 'M12 16.5V20', ...(muted ? ['M4.5 4.5l15 15'] : [])]),
  /** Two bars: hold. */
  pause: () => icon('pause', ['M8.5 5.5v13', 'M15.5 5.5v13']),
  /** An arrow handing the call on: transfer. */
  transfer: () => icon('transfer', ['M4 8h13', 'M13.5 4.5 17 8l-3.5 3.5', 'M20 16H7', 'M10.5 12.5 7 16l3.5 3.5']),
  /** Twelve keys: the dial pad. */
  dialpad: () =>
    icon('dialpad', [
      [6, 5, 1.6], [12, 5, 1.6], [18, 5, 1.6],
      [6, 10.3, 1.6], [12, 10.3, 1.6], [18, 10.3, 1.6],
      [6, 15.6, 1.6], [12, 15.6, 1.6], [18, 15.6, 1.6],
      [12, 20.9, 1.6],
    ]),
  /** Rising bars: the quality meter. */
  signal: () => icon('signal', ['M5 18v-3', 'M9.5 18v-6', 'M14 18V9', 'M18.5 18V6']),
  /** A star; filled when chosen. */
  star: (filled: boolean) =>
    icon('star', ['M12 3.6l2.5 5.2 5.7.8-4.1 4 1 5.7-5.1-2.7-5.1 2.7 1-5.7-4.1-4 5.7-.8Z'], { fill: filled }),
  /** The handset, laid down: hang up. */
  hangup: () => icon('hangup', ['M3 13.6c5-4.6 13-4.6 18 0l-1.6 2.6-3.6-1.2-.3-2.4a11 11 0 0 0-7 0l-.3 2.4-3.6 1.2Z'], { fill: true }),
  /** A chevron for buttons that lead somewhere (Transfer, Notify administrator). */
  chevron: () => icon('chevron', ['M9.5 6.5 15 12l-5.5 5.5']),
} as const;
