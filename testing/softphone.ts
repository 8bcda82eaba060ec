import type { SoftphoneCommand } from '../machines/callCard.types';
import type { Softphone } from '../adapters/softphone/port';

/** A softphone double that records every call the card makes, for tests and the playground. */
export interface RecordingSoftphone extends Softphone {
  /** Every call, in order, as the statechart's command shape. */
  readonly calls: readonly SoftphoneCommand[];
  /** The method names called, in order (`['answer', 'hold']`). */
  readonly methods: readonly string[];
  /** Forgets the calls recorded so far. */
  clear(): void;
}

/**
 * A softphone that records what it is told and does nothing else. `onCall` lets a test
 * or the playground react (e.g. fail a method, or answer with `phone.*` events).
 */
export function createRecordingSoftphone(onCall?: (command: SoftphoneCommand) => unknown): RecordingSoftphone {
  const calls: SoftphoneCommand[] = [];
  const record = (command: SoftphoneCommand) => {
    calls.push(command);
    return onCall?.(command);
  };
  return {
    get calls() {
      return calls;
    },
    get methods() {
      return calls.map((command) => command.method);
    },
    clear: () => {
      calls.length = 0;
    },
    answer: () => record({ method: 'answer' }),
    reject: () => record({ method: 'reject' }),
    hangup: () => record({ method: 'hangup' }),
    call: (phoneNumber) => record({ method: 'call', phoneNumber }),
    hold: (held) => record({ method: 'hold', held }),
    mute: (muted) => record({ method: 'mute', muted }),
    sendDtmf: (key) => record({ method: 'sendDtmf', key }),
    startTransfer: (target) => record({ method: 'startTransfer', target }),
    completeTransfer: () => record({ method: 'completeTransfer' }),
    cancelTransfer: () => record({ method: 'cancelTransfer' }),
  };
}
