import type { AnyActorRef, InspectionEvent, StateValue } from 'xstate';
import { createBrowserCallCardInspector, type CallCardInspector } from '../../adapters/inspect/index';

/** A state value as a dotted path, parallel regions in parentheses: `open.connected(microphone.muted, hold.resumed)`. */
export function describeState(value: StateValue): string {
  if (typeof value === 'string') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, child] = entries[0]!;
    const inner = describeState(child as StateValue);
    return typeof child === 'object' && Object.keys(child as object).length > 1 ? `${key}(${inner})` : `${key}.${inner}`;
  }
  return entries.map(([key, child]) => `${key}.${describeState(child as StateValue)}`).join(', ');
}

/**
 * The card's inspection observer for the playground: it feeds the log's transitions and,
 * while the switch is on, Stately's browser inspector. A card's `inspect` option is fixed
 * when it is created, so the switch changes where this observer forwards, not the card.
 */
export interface Inspection {
  /** Pass as `createCallCard({ inspect })`. */
  readonly observer: (event: InspectionEvent) => void;
  /** Opens Stately's inspector (call it from the switch's click) and shows it `actor` as it is now. */
  switchOn(actor: AnyActorRef): void;
  switchOff(): void;
  readonly on: boolean;
}

export function createInspection(onTransition: (event: string, from: string, to: string) => void): Inspection {
  let inspector: CallCardInspector | null = null;
  let current = '';
  return {
    observer(event) {
      if (event.type === '@xstate.snapshot') {
        const to = describeState((event.snapshot as { value?: StateValue }).value ?? '');
        onTransition(event.event.type, current, to);
        current = to;
      }
      inspector?.inspect.next?.(event);
    },
    switchOn(actor) {
      if (inspector) return;
      inspector = createBrowserCallCardInspector();
      inspector.announce(actor);
    },
    switchOff() {
      inspector?.stop();
      inspector = null;
    },
    get on() {
      return inspector !== null;
    },
  };
}
