import type { Diagnostic } from '../../index';

/** How much a diagnostic should worry the reader of the log. */
export type Grade = 'info' | 'warning' | 'error';

/**
 * The log's grade of a diagnostic:
 * - `info`: what the host does in an ordinary call. Its CRM block's `entityChanged` comes
 *   before `initialized` (host-behaviour §1.2), so it reaches a statechart with no call yet,
 *   or the card being closed; both are ignored and reported, and nothing is wrong.
 * - `error`: something failed that someone should look at (a payload that does not parse, a
 *   command the host refused or never answered, a softphone or hook that threw).
 * - `warning`: the rest, races the statechart survived (a click that crossed a state change,
 *   a command dropped with its card, a card found lost or orphaned).
 */
export function gradeOf(diagnostic: Diagnostic): Grade {
  switch (diagnostic.kind) {
    case 'ignoredEvent':
      return diagnostic.event === 'entityChanged' && (diagnostic.state === 'waiting' || diagnostic.reason === 'closingCard') ? 'info' : 'warning';
    case 'rejectedPayload':
    case 'commandFailed':
    case 'commandTimedOut':
    case 'softphoneError':
    case 'hookError':
    case 'commandAbandoned':
      return 'error';
    default:
      return 'warning';
  }
}
