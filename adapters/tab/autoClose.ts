import { AUTO_CLOSE_HOLD_MS } from '../../protocol/callCardTab';
import type { PhoneClock } from '../phone/ownership';
import type { TabPlacement } from './placement';

/**
 * Keeps the host's own auto-close held (host-behaviour §11): `disableAutoClose` holds it for
 * 65 s from each call, so it is sent again before each 65 s runs out, as long as the hold is
 * wanted. `stop(true)` lets the host close again (`enableAutoClose`, which closes the card at
 * once when its countdown is running: the tab is done with it).
 */
export interface AutoCloseHold {
  readonly active: boolean;
  start(): void;
  stop(enable: boolean): void;
}

/** How long before the 65 s run out the hold is renewed: a host answer takes one postMessage hop, a busy tab a few seconds. */
export const AUTO_CLOSE_RENEW_MS = AUTO_CLOSE_HOLD_MS - 10_000;

export function createAutoCloseHold(placement: TabPlacement, clock: PhoneClock, renewMs: number, onProblem: (message: string) => void): AutoCloseHold {
  let timer: unknown = null;
  let active = false;
  const send = (command: 'disableAutoClose' | 'enableAutoClose'): void => {
    try {
      placement.call(command, undefined, () => undefined);
    } catch (error) {
      onProblem(`${command} threw: ${String(error).slice(0, 200)}`);
    }
  };
  const renew = (): void => {
    if (!active) return;
    send('disableAutoClose');
    timer = clock.setTimeout(renew, renewMs);
  };
  return {
    get active() {
      return active;
    },
    start() {
      if (active) return;
      active = true;
      renew();
    },
    stop(enable) {
      if (!active) return;
      active = false;
      clock.clearTimeout(timer);
      timer = null;
      if (enable) send('enableAutoClose');
    },
  };
}
