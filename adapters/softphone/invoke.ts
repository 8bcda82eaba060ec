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
 */
export function invokeSoftphone(softphone: Softphone, command: SoftphoneCommand, report: (diagnostic: SoftphoneError) => void): void {
  const { method } = command;
  try {
    const fn: unknown = (softphone as unknown as Record<string, unknown>)[method];
    if (typeof fn !== 'function') {
      report(failure(method, new TypeError(`the softphone has no method ${method}()`)));
      return;
    }
    const result: unknown = fn.apply(softphone, argumentsOf(command));
    if (result !== null && (typeof result === 'object' || typeof result === 'function')) {
      const then: unknown = (result as { then?: unknown }).then;
      if (typeof then === 'function') then.call(result, undefined, (error: unknown) => report(failure(method, error)));
    }
  } catch (error) {
    report(failure(method, error));
  }
}
