import { describeError, type SoftphoneError } from '../../diagnostics';
import type { SoftphoneCommand } from '../../machines/callCard.types';
import type { Softphone } from './port';

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
  const fail = (error: unknown) => {
    report(failure(method, error));
    settled?.(false);
  };
  let result: unknown;
  try {
    const fn: unknown = (softphone as unknown as Record<string, unknown>)[method];
    if (typeof fn !== 'function') {
      fail(new TypeError(`the softphone has no method ${method}()`));
      return;
    }
    result = fn.apply(softphone, argumentsOf(command));
  } catch (error) {
    fail(error);
    return;
  }
  try {
    if (result !== null && (typeof result === 'object' || typeof result === 'function')) {
      const then: unknown = (result as { then?: unknown }).then;
      if (typeof then === 'function') {
        // A hand-made thenable may call both handlers, or one twice: only the first counts.
        let done = false;
        const finish = (ok: boolean, error?: unknown) => {
          if (done) return;
          done = true;
          if (ok) settled?.(true);
          else fail(error);
        };
        then.call(result, () => finish(true), (error: unknown) => finish(false, error));
        return;
      }
    }
  } catch (error) {
    // A thenable whose `then` cannot be read or called: the method ran, its outcome is unknowable.
    fail(error);
    return;
  }
  settled?.(true);
}
