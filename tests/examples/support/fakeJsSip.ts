/**
 * A started, registered JsSIP user agent and its RTCSessions, as far as the adapter reads
 * them: what the far end does is driven by the test (`confirm`, `remoteEnds`). What the stacks
 * put on the wire is proved on real calls in tests/sip/.
 */
import { EventEmitter } from 'node:events';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { UA } from 'jssip/lib/UA';

/** A JsSIP RTCSession as far as the adapter reads it. */
export function fakeSession(direction: 'incoming' | 'outgoing', user: string, sipCallId: string) {
  const emitter = new EventEmitter();
  const C = { STATUS_WAITING_FOR_ANSWER: 4, STATUS_ANSWERED: 5, STATUS_CONFIRMED: 9, STATUS_TERMINATED: 8 };
  const session = Object.assign(emitter, {
    C,
    direction,
    remote_identity: { uri: { user }, display_name: '' },
    _request: { call_id: sipCallId },
    status: C.STATUS_WAITING_FOR_ANSWER,
    isEnded: () => session.status === C.STATUS_TERMINATED,
    answer: () => void (session.status = C.STATUS_ANSWERED),
    terminate: (options: { status_code?: number }) => {
      session.status = C.STATUS_TERMINATED;
      emitter.emit('ended', { originator: 'local', cause: options.status_code ? 'Rejected' : 'Terminated' });
    },
    // What the far end does:
    confirm() {
      session.status = C.STATUS_CONFIRMED;
      emitter.emit('confirmed');
    },
    remoteEnds(cause: string, statusCode?: number) {
      session.status = C.STATUS_TERMINATED;
      emitter.emit(statusCode ? 'failed' : 'ended', { originator: 'remote', cause, message: statusCode ? { status_code: statusCode } : null });
    },
  });
  return session;
}

/** A started, registered JsSIP UA as far as the adapter reads it. */
export function fakeUa() {
  const emitter = new EventEmitter();
  const placed: ReturnType<typeof fakeSession>[] = [];
  const ua = Object.assign(emitter, {
    configuration: { uri: { host: 'pbx.example' } },
    isConnected: () => true,
    isRegistered: () => true,
    call(uri: string) {
      const session = fakeSession('outgoing', uri, `out-${placed.length + 1}@pbx.example`);
      placed.push(session);
      return session;
    },
  });
  return {
    ua: ua as unknown as UA,
    placed,
    invite(from: string, sipCallId: string) {
      const session = fakeSession('incoming', from, sipCallId);
      emitter.emit('newRTCSession', { originator: 'remote', session: session as unknown as RTCSession });
      return session;
    },
  };
}
