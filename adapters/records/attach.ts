import type { CallRecordHandle, CallRecords } from './createCallRecords';
import { WITHHELD_NUMBER } from './register';
import type { RecordEnd, RecordsClock } from './types';

/**
 * The SIP adapter's word for how a call ended, in the record's: a failure is told by its SIP
 * code (the final code decides STATUS_CODE), a transferred call was the operator's doing.
 */
const RECORD_END_OF: Readonly<Record<string, RecordEnd>> = {
  hungUp: 'hungUp',
  skipped: 'skipped',
  remoteHungUp: 'remoteHungUp',
  failed: 'remoteHungUp',
  transferred: 'hungUp',
};

/** How long a softphone's call waits for its register's `CALL_ID` in this instance before it goes on without it, ms. */
export const REGISTER_ANSWER_WAIT_MS = 30_000;

/** What `records.attach` needs of a softphone: the SIP adapters' `observeCalls` fits (`b24-call-card/sipjs`, `/jssip`). */
export interface AttachableSoftphone {
  observeCalls(observer: {
    started?(call: AttachedCall, register: (callId: PromiseLike<string | null>) => void): void;
    ended?(call: AttachedCall): void;
  }): () => void;
}

/** What the records layer reads of a softphone's call (the SIP adapters' `SipCallFacts`). */
export interface AttachedCall {
  readonly sipCallId: string | null;
  readonly direction: 'incoming' | 'outgoing';
  readonly phoneNumber: string | null;
  readonly callId: string | null;
  /** `registering`: the application registers it itself (its `onIncoming` returned a promise). */
  readonly binding: 'unbound' | 'registering' | 'bound';
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly endedAt: number | null;
  readonly finalCode: number | null;
  readonly endedBy: string | null;
}

/** The `CALL_ID`s the writer learns, handed to whoever waits for them in this instance. */
export class RegistrationWaiters {
  private readonly waiting = new Map<string, ((callId: string | null) => void)[]>();

  constructor(private readonly clock: RecordsClock) {}

  /** The register of `key` answered (`callId`) or was given up (`null`). */
  settle(key: string, callId: string | null): void {
    const waiters = this.waiting.get(key);
    this.waiting.delete(key);
    for (const wake of waiters ?? []) wake(callId);
  }

  /** Resolves with the `CALL_ID` of `key` when its register answers, null if it is given up or takes longer than `ms`. */
  wait(key: string, ms: number): Promise<string | null> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (callId: string | null) => {
        if (done) return;
        done = true;
        this.clock.clearTimeout(timer);
        resolve(callId);
      };
      const timer = this.clock.setTimeout(() => {
        const list = this.waiting.get(key)?.filter((wake) => wake !== finish) ?? [];
        if (list.length === 0) this.waiting.delete(key);
        else this.waiting.set(key, list);
        finish(null);
      }, ms);
      this.waiting.set(key, [...(this.waiting.get(key) ?? []), finish]);
    });
  }
}

/**
 * `records.attach(softphone)`: every call the softphone sees is recorded — registered when
 * it starts (unless it already has a `CALL_ID`: a card's callback, click-to-call, a call the
 * application registers itself), its `CALL_ID` handed back to the softphone so that its card
 * is found by identity, and finished once from the softphone's end (SIP code, answer and end
 * times). Returns the function that detaches it.
 */
export function attachSoftphone(records: CallRecords, registrations: RegistrationWaiters, softphone: AttachableSoftphone): () => void {
  if (typeof softphone !== 'object' || softphone === null || typeof softphone.observeCalls !== 'function') {
    throw new TypeError('records.attach: pass a SIP softphone (sipJsSoftphone or jsSipSoftphone), which has observeCalls()');
  }
  const handles = new Map<string, CallRecordHandle>();
  const idOf = (call: AttachedCall) => call.sipCallId ?? `${call.direction}:${call.startedAt}:${call.phoneNumber ?? ''}`;
  const startOf = (call: AttachedCall) => ({
    direction: call.direction,
    phoneNumber: call.phoneNumber ?? WITHHELD_NUMBER,
    sipCallId: call.sipCallId,
    startedAt: call.startedAt,
  });

  return softphone.observeCalls({
    started(call, register) {
      if (call.binding === 'registering') return; // the application registers it; finished once its CALL_ID is known
      if (call.callId !== null) {
        handles.set(idOf(call), records.callStarted({ ...startOf(call), callId: call.callId }));
        return;
      }
      const handle = records.callStarted(startOf(call));
      handles.set(idOf(call), handle);
      const known = records.callIdOf(handle.key);
      register(known !== null ? Promise.resolve(known) : registrations.wait(handle.key, REGISTER_ANSWER_WAIT_MS));
    },
    ended(call) {
      const id = idOf(call);
      let handle = handles.get(id);
      handles.delete(id);
      if (!handle) {
        if (call.callId === null) return; // registered by the application, which never gave its CALL_ID: nothing to finish
        handle = records.callStarted({ ...startOf(call), callId: call.callId });
      }
      handle.ended({
        callId: call.callId,
        direction: call.direction,
        endedBy: RECORD_END_OF[call.endedBy ?? ''] ?? 'remoteHungUp',
        failureCode: call.finalCode,
        connectedAt: call.answeredAt,
        closedAt: call.endedAt ?? call.startedAt,
        rating: null,
      });
    },
  });
}
