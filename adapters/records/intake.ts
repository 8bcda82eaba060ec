import { describeValue } from '../../diagnostics';
import { QUALITY_RATINGS, type QualityRating } from '../../protocol/buttons';
import { CALL_TYPES } from '../../protocol/rest';
import { RECORD_BOUNDS, truncated } from './bounds';
import type { RecordsDiagnostic } from './diagnostics';
import type { StartFact, Store } from './outbox/store';
import { isRecordDirection, registerParamsOf, WITHHELD_NUMBER } from './register';
import type { CallOutcome, CallStart, DeadLetter, RecordEnd, RecordsClock } from './types';

/** What the intake needs from the layer around it. */
export interface IntakeContext {
  readonly store: Store;
  readonly clock: RecordsClock;
  readonly userId: number;
  readonly lineNumber: string | undefined;
  readonly report: (diagnostic: RecordsDiagnostic) => void;
  readonly deadLetter: (letter: DeadLetter) => void;
  /** A fresh id no other call of any instance has (`<instance>.<n>`). */
  readonly nonce: () => string;
  /** Something new for the outbox to look at. */
  readonly wake: () => void;
}

/** A call as the softphone's handle knows it. */
export interface CallIdentity {
  readonly key: string;
  readonly externalCallId: string;
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function ratingOf(value: unknown): QualityRating | null | undefined {
  if (value === null || value === undefined) return null;
  const number = typeof value === 'string' ? Number(value) : value;
  return (QUALITY_RATINGS as readonly unknown[]).includes(number) ? (number as QualityRating) : undefined;
}

const nonEmpty = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A string from the softphone cut to its bound; the cut is reported and the call kept. */
function bounded(ctx: IntakeContext, field: keyof typeof RECORD_BOUNDS, value: string, key: string | null): string {
  const bound = RECORD_BOUNDS[field];
  const cut = truncated(value, bound);
  if (cut.cut) ctx.report({ kind: 'truncated', field, length: value.length, bound, key, message: `${field} of ${key ?? 'a call'} has ${value.length} characters; cut to ${bound}, the call is kept` });
  return cut.value;
}

/** Whether the call under `key` has ended: an outcome from either side, by its key or its `CALL_ID`. */
function hasEnded(store: Store, start: StartFact): boolean {
  if (store.outcome(start.key, 'softphone') !== null || store.outcome(start.key, 'card') !== null) return true;
  const callId = store.progress(start.key)?.callId ?? start.callId;
  return callId !== null && (store.outcomeByCallId(callId, 'card') !== null || store.outcomeByCallId(callId, 'softphone') !== null);
}

/**
 * The key and `EXTERNAL_CALL_ID` of a call the softphone announces. The SIP Call-ID comes
 * from the other side (a proxy may pass the caller's through), so it names a call only
 * together with what the layer knows: the same Call-ID, number and direction while that
 * call has not ended is the same call announced again; any other use of a Call-ID the
 * layer has seen (another number, or after the first ended, was recorded or dead-lettered)
 * is a new call with a key and an `EXTERNAL_CALL_ID` of its own, and is reported.
 */
function identify(ctx: IntakeContext, sipCallId: string, callId: string | null, phoneNumber: unknown, direction: unknown): CallIdentity & { readonly again: boolean } {
  const { store } = ctx;
  const plain = `sip:${sipCallId}`;
  const previous = store.callOfSipId(sipCallId)?.key ?? (store.start(plain) ?? store.tombstone(plain) ?? store.deadLetter(plain) ?? store.progress(plain) ? plain : null);
  if (previous === null) return { key: plain, externalCallId: sipCallId, again: false };
  const start = store.start(previous);
  // Click-to-call: the portal's own CALL_ID says it is the same call; else the number and direction must match.
  const same =
    start !== null &&
    (start.register === null
      ? callId !== null && start.callId === callId
      : start.register.PHONE_NUMBER === phoneNumber && isRecordDirection(direction) && start.register.TYPE === CALL_TYPES[direction]);
  if (same && !hasEnded(store, start)) return { key: start.key, externalCallId: start.externalCallId, again: true };
  const nonce = ctx.nonce();
  const identity = { key: `${plain}#${nonce}`, externalCallId: `${sipCallId}#${nonce}`, again: false };
  const why = start === null ? 'whose call is settled' : same ? 'whose call has ended' : 'for another number or direction';
  ctx.report({ kind: 'repeatedCallId', sipCallId, key: identity.key, previousKey: previous, message: `SIP Call-ID ${JSON.stringify(sipCallId.slice(0, 80))} came again ${why} (${previous}); a new call ${identity.key} with EXTERNAL_CALL_ID ${identity.externalCallId}` });
  return identity;
}

/** `callStarted`: the call is in storage, or a dead letter, before this returns. */
export function startCall(ctx: IntakeContext, start: CallStart): CallIdentity {
  const { store, clock } = ctx;
  const now = clock.now();
  const given = typeof start === 'object' && start !== null ? start : ({} as CallStart);
  const rawSip = nonEmpty(given.sipCallId);
  const rawCallId = nonEmpty(given.callId);
  const sipCallId = rawSip === null ? null : bounded(ctx, 'sipCallId', rawSip, null);
  const callId = rawCallId === null ? null : bounded(ctx, 'callId', rawCallId, null);
  const phoneNumber = typeof given.phoneNumber === 'string' ? bounded(ctx, 'phoneNumber', given.phoneNumber, sipCallId) : given.phoneNumber;
  let identity: CallIdentity;
  if (sipCallId !== null) {
    const found = identify(ctx, sipCallId, callId, phoneNumber, given.direction);
    if (found.again) return found;
    identity = found;
    store.setCallOfSipId(sipCallId, { key: found.key, at: now });
  } else if (callId !== null) {
    identity = { key: `call:${callId}`, externalCallId: '' };
    // Click-to-call: the CALL_ID is the portal's own, so the same one is the same call announced again.
    if (store.start(identity.key) !== null || store.tombstone(identity.key) !== null) return identity;
  } else {
    const nonce = ctx.nonce();
    identity = { key: `gen:${nonce}`, externalCallId: `b24cc-${nonce.replace('.', '-')}` };
  }
  const { key, externalCallId } = identity;
  const invalid = (field: string, received: unknown, message: string) => ctx.report({ kind: 'invalidInput', field, received, message });
  const deadLetterNow = (reason: DeadLetter['reason'], message: string, register: DeadLetter['register']) => ctx.deadLetter({ key, callId: null, reason, message, at: now, register, finish: null });
  if (typeof start !== 'object' || start === null) {
    invalid('(call)', start, `callStarted needs { direction, phoneNumber }, got ${describeValue(start)}`);
    deadLetterNow('invalidCall', `the softphone's call ${describeValue(start)} could not be read`, null);
    return identity;
  }
  if (!isRecordDirection(given.direction)) {
    invalid('direction', given.direction, `direction must be outgoing, incoming, incomingRedirect, callback or informational, got ${describeValue(given.direction)}`);
    deadLetterNow('invalidCall', `call ${key} has no usable direction (${describeValue(given.direction)})`, null);
    return identity;
  }
  if (typeof phoneNumber !== 'string' || phoneNumber.trim() === '') {
    invalid('phoneNumber', given.phoneNumber, `phoneNumber must be a non-empty string, got ${describeValue(given.phoneNumber)}`);
    deadLetterNow('invalidCall', `call ${key} has no phone number`, null);
    return identity;
  }
  // The optional fields: a bad one is reported and replaced by its default; the call is kept.
  const optional = <T>(field: keyof CallStart, ok: (value: unknown) => value is T, fallback: string): T | undefined => {
    const value = given[field];
    if (value === undefined || ok(value)) return value as T | undefined;
    invalid(field, value, `call ${key}: ${field} must be ${fallback}, got ${describeValue(value)}; the default is used`);
    return undefined;
  };
  const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
  const line = optional('lineNumber', (value): value is string => typeof value === 'string' && value.trim() !== '', `a non-empty string (the layer's lineNumber is used instead)`);
  const lineNumber = line === undefined ? undefined : bounded(ctx, 'lineNumber', line, key);
  const crmCreate = optional('crmCreate', isBoolean, 'a boolean (CRM_CREATE 0)');
  const show = optional('show', isBoolean, 'a boolean (SHOW 1)');
  const startedAt = optional('startedAt', isTime, "epoch ms (the layer's clock is used)") ?? now;
  const clean: CallStart = {
    direction: given.direction,
    phoneNumber,
    ...(lineNumber === undefined ? {} : { lineNumber }),
    ...(crmCreate === undefined ? {} : { crmCreate }),
    ...(show === undefined ? {} : { show }),
  };
  const register = callId === null ? registerParamsOf(clean, externalCallId, startedAt, ctx.userId, ctx.lineNumber) : null;
  if (register !== null && phoneNumber === WITHHELD_NUMBER) {
    deadLetterNow('withheldNumber', `call ${key} is from a withheld number: Bitrix24 cannot register it ("Unsupported phone number format"), so it gets no record`, register);
    return identity;
  }
  store.setStart({ key, externalCallId, register, callId, createdAt: now, userId: ctx.userId });
  ctx.wake();
  return identity;
}

/** `callEnded`: the outcome is stored (first per source wins) or reported, never thrown. */
export function endCall(ctx: IntakeContext, outcome: CallOutcome): void {
  const { store, clock } = ctx;
  const invalid = (field: string, received: unknown, message: string) => ctx.report({ kind: 'invalidInput', field, received, message });
  if (typeof outcome !== 'object' || outcome === null) return invalid('(outcome)', outcome, `callEnded needs an outcome, got ${describeValue(outcome)}`);
  const source: CallOutcome['source'] | null = outcome.source === 'card' ? 'card' : outcome.source === 'softphone' ? 'softphone' : null;
  if (source === null) return invalid('source', outcome.source, `outcome.source must be 'card' or 'softphone', got ${describeValue(outcome.source)}`);
  const rating = ratingOf(outcome.rating);
  const bad =
    typeof outcome.endedBy !== 'string' ? (['endedBy', outcome.endedBy] as const)
    : !isTime(outcome.closedAt) ? (['closedAt', outcome.closedAt] as const)
    : !(outcome.connectedAt === null || isTime(outcome.connectedAt)) ? (['connectedAt', outcome.connectedAt] as const)
    : !(outcome.failureCode === null || (Number.isInteger(outcome.failureCode) && outcome.failureCode > 0)) ? (['failureCode', outcome.failureCode] as const)
    : typeof outcome.key === 'string' && outcome.key.length > RECORD_BOUNDS.key ? (['key', outcome.key] as const)
    : typeof outcome.callId === 'string' && outcome.callId.length > RECORD_BOUNDS.callId ? (['callId', outcome.callId] as const)
    : null;
  const key = nonEmpty(outcome.key);
  const callId = nonEmpty(outcome.callId);
  if (bad !== null) {
    // An over-long key or CALL_ID names no call the layer has: nothing could be tied to it.
    invalid(bad[0], bad[1], `outcome.${bad[0]} is unusable: ${describeValue(bad[1])}; the call ${key?.slice(0, 80) ?? callId?.slice(0, 80) ?? '(unknown)'} stays pending until a usable outcome comes`);
    return;
  }
  // The rating is the one field a record can do without: dropping the outcome for it could leave the call unfinished.
  if (rating === undefined) invalid('rating', outcome.rating, `outcome.rating must be 1–5 or null, got ${describeValue(outcome.rating)}; the call ${key ?? callId ?? '(unknown)'} is recorded without VOTE`);
  // Typed callers can only pass a RecordEnd; a plain-JavaScript caller's other word is kept (bounded) and counts as not the operator's.
  const endedBy = bounded(ctx, 'endedBy', outcome.endedBy, key ?? callId) as RecordEnd;
  const fact = { ...outcome, source, endedBy, rating: rating ?? null, key: key ?? undefined, callId, at: clock.now(), userId: ctx.userId };
  const duplicate = (why: string) => ctx.report({ kind: 'duplicateOutcome', key, callId, message: `${source} outcome for ${key ?? callId}: ${why}; ignored` });
  if (key !== null && store.start(key) !== null) {
    if (store.outcome(key, source) !== null) return duplicate(`the call already has one from the ${source}`);
    store.setOutcome(key, fact);
  } else if (key !== null && store.tombstone(key) !== null) {
    return duplicate(store.tombstone(key)!.result === 'recorded' ? 'the call is already recorded' : 'the call is a dead letter');
  } else if (callId !== null) {
    const stone = store.tombstoneByCallId(callId);
    if (stone !== null) return duplicate(stone.result === 'recorded' ? 'the call is already recorded' : 'the call is a dead letter');
    if (store.outcomeByCallId(callId, source) !== null) return duplicate(`the call already has one from the ${source}`);
    store.setOutcomeByCallId(callId, fact);
  } else {
    invalid('key', key, `an outcome with neither a known key nor a CALL_ID cannot be tied to a call (${describeValue(outcome)})`);
    return;
  }
  ctx.wake();
}

/** `cardShown`: the softphone's end of this call will wait for the card's summary. */
export function cardShown(ctx: IntakeContext, callId: string): void {
  const { store } = ctx;
  if (typeof callId !== 'string' || callId === '' || callId.length > RECORD_BOUNDS.callId) {
    ctx.report({ kind: 'invalidInput', field: 'callId', received: callId, message: `cardShown needs a CALL_ID of 1–${RECORD_BOUNDS.callId} characters, got ${describeValue(callId)}` });
    return;
  }
  if (store.tombstoneByCallId(callId) === null && store.cardShown(callId) === null) store.setCardShown(callId, ctx.clock.now());
}

/**
 * `callAnswered` / `callAlive`: what the frame that holds the call's media knows as it goes,
 * kept with the call, so that a call whose end never comes (that frame died and nobody
 * ended it) is finished with the talk time it had, up to its last sign of life, never
 * `DURATION 0` when the answer was seen. The call is found by its key or its `CALL_ID`.
 */
export function noteLife(ctx: IntakeContext, keyOrCallId: string, change: { readonly answeredAt?: number; readonly aliveAt: number }): void {
  const { store } = ctx;
  if (typeof keyOrCallId !== 'string' || keyOrCallId === '' || keyOrCallId.length > RECORD_BOUNDS.key || !isTime(change.aliveAt) || (change.answeredAt !== undefined && !isTime(change.answeredAt))) {
    ctx.report({ kind: 'invalidInput', field: 'life', received: { keyOrCallId, ...change }, message: `callAnswered / callAlive need a call's key or CALL_ID and epoch ms, got ${describeValue(keyOrCallId)}` });
    return;
  }
  const key = store.start(keyOrCallId) !== null ? keyOrCallId : store.startKeys().find((candidate) => (store.progress(candidate)?.callId ?? store.start(candidate)?.callId) === keyOrCallId);
  if (key === undefined) return; // settled already, or another frame's: nothing left to claim for it
  const known = store.life(key);
  const answeredAt = known?.answeredAt ?? change.answeredAt ?? null;
  const aliveAt = Math.max(known?.aliveAt ?? -Infinity, change.aliveAt, answeredAt ?? -Infinity);
  if (known !== null && known.answeredAt === answeredAt && known.aliveAt === aliveAt) return;
  store.setLife(key, { answeredAt, aliveAt });
}
