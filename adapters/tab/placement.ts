import { CALL_CARD_TAB_EVENTS, type CallCardTabCommand, type CallCardTabEvent } from '../../protocol/callCardTab';

/**
 * What the tab uses of its frame's `BX24.placement` (placement `CALL_CARD`, host-behaviour
 * §11): the global `BX24.placement`, or `fromB24jssdkPlacement(b24.placement)` from
 * `b24-call-card/b24jssdk`.
 */
export interface TabPlacement {
  call(command: CallCardTabCommand, params: unknown, callback: (result: unknown) => void): void;
  bindEvent(event: CallCardTabEvent, handler: (data?: unknown) => void): void;
}

export { CALL_CARD_TAB_EVENTS };

/** The setup mistakes in `placement`, named (empty when it has the shape). */
export function placementProblems(placement: unknown): string[] {
  if (typeof placement !== 'object' || placement === null) return ['placement is missing (pass BX24.placement in the CALL_CARD frame, or fromB24jssdkPlacement(b24.placement))'];
  const port = placement as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof port.call !== 'function') problems.push('placement.call is not a function');
  if (typeof port.bindEvent !== 'function') problems.push('placement.bindEvent is not a function');
  return problems;
}
