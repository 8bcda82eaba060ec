import type { CardCommandName } from '../../protocol';

/**
 * How an injected fault makes a command misbehave:
 * - `error`: answers `[{result: 'error', errorCode}]`; the card is left unchanged.
 * - `bareError`: answers `{result: 'error', errorCode}` (not in an array); the card is left unchanged.
 * - `noCallback`: the host applies the command but its answer never arrives.
 * - `doubleCallback`: the host applies the command, answers as usual, then answers `[]` again.
 * - `throw`: `placement.call` throws synchronously; the command does not reach the card.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Every {@link FaultKind}. */
export const FAULT_KINDS = ['error', 'bareError', 'noCallback', 'doubleCallback', 'throw'] as const;

/** A fault to inject with `HostSimulator.injectFault`. */
export interface FaultSpec {
  /** The command it hits; `'*'` hits any of the 9 commands (a misspelt one never reaches the card). */
  readonly command: CardCommandName | '*';
  readonly kind: FaultKind;
  /** The error code of an `error` or `bareError` fault; `'Simulated fault'` by default. */
  readonly errorCode?: string;
  /** How many matching commands it hits; 1 by default. */
  readonly times?: number;
}

/** A fault that hit a command. */
export interface FaultHit {
  readonly kind: FaultKind;
  readonly errorCode: string;
}

/** The error code of an injected error when none is given. */
export const DEFAULT_FAULT_ERROR_CODE = 'Simulated fault';

/** Injected faults waiting for their commands; the earliest injected match wins. */
export class FaultBook {
  private readonly pending: { command: string; kind: FaultKind; errorCode: string; remaining: number }[] = [];

  /** Adds a fault; a spec that is not a usable fault is ignored rather than thrown at the caller. */
  inject(spec: FaultSpec): void {
    if (spec === null || typeof spec !== 'object' || typeof spec.command !== 'string' || !(FAULT_KINDS as readonly string[]).includes(spec.kind)) return;
    const times = spec.times === undefined ? 1 : Math.floor(Number(spec.times));
    if (!(times > 0)) return;
    this.pending.push({
      command: spec.command,
      kind: spec.kind,
      errorCode: typeof spec.errorCode === 'string' ? spec.errorCode : DEFAULT_FAULT_ERROR_CODE,
      remaining: times,
    });
  }

  /** The fault that hits this command, used up by one; undefined when none matches. */
  take(command: CardCommandName): FaultHit | undefined {
    const index = this.pending.findIndex((fault) => fault.command === '*' || fault.command === command);
    const fault = this.pending[index];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.pending.splice(index, 1);
    return { kind: fault.kind, errorCode: fault.errorCode };
  }
}
