import { describeError, describeValue, type Diagnostic } from '../../diagnostics';
import type { CallCardInput, CallData, ClickToCallChoice } from '../../machines/callCard.events';
import type { Softphone } from '../softphone/port';
import { callSafely } from './callSafely';

/**
 * How long the session waits for the softphone's `isDialling` before it decides without it,
 * ms. The SIP adapters answer within their own wait for registers in flight (10 s), so this
 * only ever ends the wait for a softphone that never answers.
 */
export const DIALLING_ANSWER_WAIT_MS = 12_000;

/** What an outgoing card means when the softphone cannot say whether it dials it (no `isDialling`, or it failed). */
export type UnknownDialling = 'dialling' | 'clickToCall';

/** What {@link createFirstStateGate} needs. */
export interface FirstStateGateOptions {
  readonly softphone: Softphone;
  /** The integrator's choice for a click-to-call card (SC-L5). */
  readonly choice: (call: CallData) => ClickToCallChoice;
  /** What an outgoing card means when the softphone cannot say. */
  readonly unknown: UnknownDialling;
  /** The CALL_ID the statechart serves now, if any. */
  readonly currentCallId: () => string | null;
  /** Whether the session served this CALL_ID already: its card again is shown with Call, never dialled by itself. */
  readonly served: (callId: string) => boolean;
  /** Hands an event to the statechart. */
  readonly deliver: (event: CallCardInput) => void;
  readonly report: (diagnostic: Diagnostic) => void;
  readonly disposed: () => boolean;
  /** Default {@link DIALLING_ANSWER_WAIT_MS}. */
  readonly waitMs?: number;
}

/** The session's intake, in order: an outgoing card's first state waits for the softphone's word. */
export interface FirstStateGate {
  /**
   * Hands `event` on, at once or after what is ahead of it was decided. `before`, when given,
   * is waited for first (a dial request's pending finish, SC-L6), and everything after waits too.
   */
  push(event: CallCardInput, before?: () => Promise<void>): void;
  /** Resolves once nothing waits for the softphone's word. */
  whenSettled(): Promise<void>;
}

/** An `initialized` whose first state depends on whether the softphone dials its call (SC-L1, SC-L5). */
function asksFirstState(event: CallCardInput, currentCallId: string | null): event is Extract<CallCardInput, { type: 'initialized' }> {
  return event.type === 'initialized' && event.call.direction === 'outgoing' && !event.call.callListMode && event.call.callId !== currentCallId;
}

/**
 * The first state of an outgoing card (statechart SC-L5). The host raises the same card for a
 * call the application registered and is dialling as for the operator's click-to-call, which
 * nobody dials: only the softphone knows which. So an outgoing `initialized` for a new
 * `CALL_ID` waits for the softphone's `isDialling(callId)` (which itself waits for registers
 * in flight), bounded; everything that comes meanwhile waits behind it, in order. Not dialling:
 * the event goes on marked with the integrator's choice (`dial` or `showCall`).
 */
export function createFirstStateGate(options: FirstStateGateOptions): FirstStateGate {
  const waitMs = options.waitMs ?? DIALLING_ANSWER_WAIT_MS;
  const waiting: Array<{ readonly event: CallCardInput; readonly before: (() => Promise<void>) | undefined }> = [];
  let busy = false;
  let idle: Array<() => void> = [];

  const mark = (event: Extract<CallCardInput, { type: 'initialized' }>, dialling: boolean): CallCardInput => {
    if (dialling) return event;
    if (options.served(event.call.callId)) return { ...event, clickToCall: 'showCall' };
    let choice: ClickToCallChoice = 'dial';
    callSafely(
      () => options.choice(event.call),
      (ending) => {
        if (ending.ok && (ending.value === 'dial' || ending.value === 'showCall')) choice = ending.value;
        else options.report({ kind: 'hookError', hook: 'clickToCall', error: ending.ok ? ending.value : ending.error, message: `clickToCall ${ending.ok ? `answered ${describeValue(ending.value)}` : `threw: ${describeError(ending.error)}`}; 'dial' is used` });
      },
    );
    return { ...event, clickToCall: choice };
  };

  /** The softphone's answer, or the fallback (reported) when it has none, fails, or takes too long. */
  const fallback = options.unknown === 'dialling';
  const isDialling = (options.softphone as { isDialling?: unknown }).isDialling;
  const ask = (callId: string): Promise<boolean> =>
    new Promise((resolve) => {
      let done = false;
      const finish = (dialling: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(dialling);
      };
      const unsure = (why: string) => {
        options.report({ kind: 'diallingUnknown', callId, assumed: options.unknown, message: `softphone.isDialling(${callId}) ${why}; the card is taken for ${fallback ? 'a call the softphone dials' : 'click-to-call'}` });
        finish(fallback);
      };
      const timer = setTimeout(() => unsure(`did not answer within ${waitMs} ms`), waitMs);
      callSafely(
        () => (isDialling as (callId: string) => unknown).call(options.softphone, callId),
        (ending) => {
          if (!ending.ok) unsure(`failed: ${describeError(ending.error)}`);
          else if (typeof ending.value !== 'boolean') unsure(`answered ${describeValue(ending.value)}, not a boolean`);
          else finish(ending.value);
        },
      );
    });

  async function drain(): Promise<void> {
    busy = true;
    while (waiting.length > 0) {
      const { event, before } = waiting.shift()!;
      if (options.disposed()) continue;
      if (before) await before();
      if (asksFirstState(event, options.currentCallId())) options.deliver(mark(event, await ask(event.call.callId)));
      else options.deliver(event);
    }
    busy = false;
    const wake = idle;
    idle = [];
    for (const resolve of wake) resolve();
  }

  return {
    push(event, before) {
      if (!busy && !before && !asksFirstState(event, options.currentCallId())) {
        options.deliver(event);
        return;
      }
      // A softphone that cannot say: the integrator's option decides, with nothing to wait for.
      if (!busy && !before && typeof isDialling !== 'function') {
        options.deliver(mark(event as Extract<CallCardInput, { type: 'initialized' }>, fallback));
        return;
      }
      waiting.push({ event, before });
      if (!busy) void drain();
    },
    whenSettled: () => (busy ? new Promise<void>((resolve) => idle.push(resolve)) : Promise.resolve()),
  };
}
