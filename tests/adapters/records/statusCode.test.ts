import { durationOf, finishParamsOf, fromCallSummary, statusCodeOf, type CallOutcome } from '../../../adapters/records';
import { STATUS_CODES } from '../../../protocol/rest';

const base: CallOutcome = { source: 'card', callId: 'C1', direction: 'incoming', endedBy: 'hungUp', failureCode: null, connectedAt: null, closedAt: 10_000, rating: null };

describe('records: STATUS_CODE from how the call ended (docs/records.md)', () => {
  test.each([
    ['connected, however it ended', { connectedAt: 1000, endedBy: 'remoteHungUp' }, '200'],
    ['connected, then a SIP failure', { connectedAt: 1000, failureCode: 408 }, '200'],
    ['incoming, the operator skipped it', { endedBy: 'skipped' }, '603'],
    ['incoming, the operator hung up while connecting', { endedBy: 'hungUp' }, '603'],
    ['incoming, the caller gave up', { endedBy: 'remoteHungUp' }, '304'],
    ['incoming, its card was lost while ringing', { endedBy: 'cardLost' }, '304'],
    ['incoming, replaced by another card', { endedBy: 'replaced' }, '304'],
    ['incoming, orphaned by a restarted worker', { endedBy: 'orphaned' }, '304'],
    ['outgoing, the operator hung up before it connected', { direction: 'outgoing', endedBy: 'hungUp' }, '603-S'],
    ['callback, closed by the operator', { direction: 'callback', endedBy: 'closedByOperator' }, '603-S'],
    ['outgoing, the other side ended it with no code', { direction: 'outgoing', endedBy: 'remoteHungUp' }, 'OTHER'],
    ['486 busy', { direction: 'outgoing', failureCode: 486 }, '486'],
    ['600 busy everywhere', { direction: 'outgoing', failureCode: 600 }, '486'],
    ['603 decline', { direction: 'outgoing', failureCode: 603 }, '603'],
    ['487 request terminated', { direction: 'outgoing', failureCode: 487 }, '603-S'],
    ['480 temporarily unavailable', { direction: 'outgoing', failureCode: 480 }, '480'],
    ['408 no answer', { direction: 'outgoing', failureCode: 408 }, '480'],
    ['484 address incomplete', { direction: 'outgoing', failureCode: 484 }, '484'],
    ['404 not found', { direction: 'outgoing', failureCode: 404 }, '404'],
    ['402 payment required', { direction: 'outgoing', failureCode: 402 }, '402'],
    ['423 interval too brief (blocked)', { direction: 'outgoing', failureCode: 423 }, '423'],
    ['403 forbidden', { direction: 'outgoing', failureCode: 403 }, '403'],
    ['503 service unavailable', { direction: 'outgoing', failureCode: 503 }, '503'],
    ['500 server error (unlisted)', { direction: 'outgoing', failureCode: 500 }, 'OTHER'],
    ['incoming, its end never reported (abandoned)', { endedBy: 'noOutcome' }, 'OTHER'],
    ['outgoing, its end never reported (abandoned)', { direction: 'outgoing', endedBy: 'noOutcome' }, 'OTHER'],
  ] as const)('%s → %s', (_name, change, status) => {
    expect(statusCodeOf({ ...base, ...change })).toBe(status);
  });

  test('every code the table produces is one the portal knows', () => {
    for (const code of [null, 400, 401, 402, 403, 404, 407, 408, 410, 423, 480, 484, 486, 487, 500, 503, 600, 603, 604]) {
      for (const endedBy of ['hungUp', 'skipped', 'remoteHungUp', 'cardLost'] as const) {
        for (const direction of ['incoming', 'outgoing', 'callback', 'incomingRedirect'] as const) {
          expect(STATUS_CODES).toContain(statusCodeOf({ ...base, direction, endedBy, failureCode: code }));
        }
      }
    }
  });
});

describe('records: finish parameters', () => {
  test('DURATION: whole seconds connected → ended, rounded up, at least 1 when answered, 0 when never connected', () => {
    expect(durationOf({ connectedAt: null, closedAt: 5000 })).toBe(0);
    expect(durationOf({ connectedAt: 1000, closedAt: 1000 })).toBe(1);
    expect(durationOf({ connectedAt: 1000, closedAt: 1200 })).toBe(1);
    expect(durationOf({ connectedAt: 1000, closedAt: 62_001 })).toBe(62);
  });

  test('VOTE from the rating, FAILED_REASON only for a failure, ADD_TO_CHAT always explicit', () => {
    expect(finishParamsOf('C1', 7, { ...base, connectedAt: 0, rating: 5 }, true)).toEqual({ CALL_ID: 'C1', USER_ID: 7, DURATION: 10, STATUS_CODE: '200', VOTE: 5, ADD_TO_CHAT: 1 });
    expect(finishParamsOf('C1', 7, { ...base, direction: 'outgoing', failureCode: 486 }, false)).toEqual({
      CALL_ID: 'C1',
      USER_ID: 7,
      DURATION: 0,
      STATUS_CODE: '486',
      FAILED_REASON: 'busy (SIP 486, hungUp)',
      ADD_TO_CHAT: 0,
    });
  });

  test('fromCallSummary keeps what the layer relies on and maps incomingTransfer to incomingRedirect', () => {
    expect(fromCallSummary({ callId: 'C9', direction: 'incomingTransfer', endedBy: 'remoteHungUp', failureCode: null, rating: 3, connectedAt: 100, closedAt: 200 })).toEqual({
      source: 'card',
      callId: 'C9',
      direction: 'incomingRedirect',
      endedBy: 'remoteHungUp',
      failureCode: null,
      connectedAt: 100,
      closedAt: 200,
      rating: 3,
    });
    expect(fromCallSummary({ callId: 'C9', direction: null, endedBy: 'orphaned', failureCode: null, rating: null, connectedAt: null, closedAt: 200 }).direction).toBeNull();
  });
});
