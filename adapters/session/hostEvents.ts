import { describeError, type Diagnostic } from '../../diagnostics';
import type { CardEvent } from '../../machines/callCard.events';
import { parseCardEvent } from '../../machines/callCard.parse';
import { CARD_EVENT_NAMES, hostEventName, type CardEventName } from '../../protocol/events';
import type { PlacementPort } from '../../protocol/placement';
import type { CommandQueue } from '../placement/commandQueue';
import { callSafely } from './callSafely';

/** What {@link bindHostEvents} hands the host's events to. */
export interface HostEventIntake {
  readonly placement: PlacementPort;
  /** The command queue, whose card link hears of every card the host shows. */
  readonly queue: CommandQueue;
  readonly report: (diagnostic: Diagnostic) => void;
  /** Hands a parsed event to the statechart. */
  readonly deliver: (event: CardEvent) => void;
  /** Where the statechart is, for a diagnostic. */
  readonly statePath: () => string;
  readonly disposed: () => boolean;
}

/**
 * Binds the 17 card events once (the host cannot unbind: after `dispose` they are no-ops).
 * Each payload is parsed (a malformed one is reported and goes no further); an `initialized`
 * tells the card link a card is shown before the statechart hears of it; an `entityChanged`
 * of a card whose close is on its way stops here (statechart.md SC-C8).
 */
export function bindHostEvents(intake: HostEventIntake): void {
  const { placement, queue, report } = intake;

  function onHostEvent(name: CardEventName, data: unknown): void {
    if (intake.disposed()) return;
    const parsed = parseCardEvent(name, data); // never throws
    if (!parsed.ok) {
      report(parsed.diagnostic);
      return;
    }
    parsed.warnings.forEach(report);
    const { event } = parsed;
    if (event.type === 'entityChanged' && queue.closing !== null) {
      // The CRM block of the card we are closing reloaded before the close landed (host-behaviour §2).
      report({
        kind: 'ignoredEvent',
        event: event.type,
        state: intake.statePath(),
        reason: 'closingCard',
        message: `entityChanged came from card ${queue.closing}, whose CallCardClose is in flight; it belongs to that card, not to the next call`,
      });
      return;
    }
    // The host shows one card at a time: whatever card was there before, this one is there now.
    if (event.type === 'initialized') queue.cardShown();
    intake.deliver(event);
  }

  for (const name of CARD_EVENT_NAMES) {
    callSafely(
      () => placement.bindEvent(hostEventName(name), (data?: unknown) => onHostEvent(name, data)),
      (ending) => {
        if (!ending.ok) report({ kind: 'hookError', hook: 'placement.bindEvent', error: ending.error, message: `binding ${name} failed: ${describeError(ending.error)}` });
      },
    );
  }
}
