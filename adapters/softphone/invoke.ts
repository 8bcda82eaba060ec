import { describeError, type SoftphoneError } from '../../diagnostics';
import type { SoftphoneCommand } from '../../machines/callCard.types';
import type { Softphone } from './port';
import { callSafely } from '../session/callSafely';

function failure(method: string, error: unknown): SoftphoneError {
  return { kind: 'softphoneError', method, error, message: `softphone.${method}() failed: ${describeError(error)}` };
}

function argumentsOf(command: SoftphoneCommand): unknown[] {
  switch (command.method) {
    case 'call':
      return [command.phoneNumber];
    case 'hold':
      return [command.held];
    case 'mute':
      return [command.muted];
    case 'sendDtmf':
      return [command.key];
    case 'startTransfer':
      return [command.target];
    default:
      return [];
  }
}

/**
 * Carries out one statechart command on the softphone. A missing method, a throw or a
 * rejected promise goes to `report`; nothing escapes, because the softphone is the
 * integrator's code and the card must keep working whatever it does.
 *
 * `settled` hears how the method ended, once: `true` when it returned (or its promise
 * resolved), `false` when it threw (or its promise rejected). The statechart needs it
 * for `mute` and `hold`, whose regions move only once the softphone has done it
 * (statechart.md, `muteButtonClick`).
 */
export function invokeSoftphone(
  softphone: Softphone,
  command: SoftphoneCommand,
  report: (diagnostic: SoftphoneError) => void,
  settled?: (ok: boolean) => void,
): void {
  const { method } = command;
  callSafely(
    () => {
      const fn: unknown = (softphone as unknown as Record<string, unknown>)[method];
      if (typeof fn !== 'function') throw new TypeError(`the softphone has no method ${method}()`);
      return fn.apply(softphone, argumentsOf(command)) as unknown;
    },
    (ending) => {
      if (!ending.ok) report(failure(method, ending.error));
      settled?.(ending.ok);
    },
  );
}
