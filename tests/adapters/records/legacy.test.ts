/**
 * Calls an earlier version left under the fixed prefix `b24cc.records.` (before the keys carried
 * `<member_id>.<USER_ID>`): nothing read them and nothing deleted them — personal call data kept
 * for ever, against the retention docs/records.md documents. Now the writer finishes those it can
 * attribute and deletes the rest once past that retention, each reported, in bounded passes.
 */
import { LEGACY_BATCH } from '../../../adapters/records/outbox/legacy';
import type { RecordsDiagnostic } from '../../../adapters/records';
import { createFakeLockPartition } from '../../../testing/phone/fakeLocks';
import { createWorld, USER_ID, type World } from './support/world';

const OLD = 'b24cc.records.';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const ofKind = <K extends RecordsDiagnostic['kind']>(diagnostics: readonly RecordsDiagnostic[], kind: K) => diagnostics.filter((d): d is Extract<RecordsDiagnostic, { kind: K }> => d.kind === kind);
/** What is left of the old layout (a key right under the old prefix that is not `<member>.<user>.`). */
const oldKeys = (world: World) => [...world.storage.keys()].filter((key) => key.startsWith(OLD) && /^(s|p|o|oc|c|d|t|tc|x)\.|^(pace|lease)$/.test(key.slice(OLD.length))).sort();

/** Writes an old call as the earlier version stored it: its start (register with USER_ID), and, registered, its progress; ended, its softphone outcome. */
function oldCall(world: World, id: string, options: { userId?: number; ageMs: number; callId?: string | null; ended?: boolean }): void {
  const createdAt = world.time.now() - options.ageMs;
  const key = `sip:${id}`;
  const put = (name: string, value: unknown) => world.storage.setItem(`${OLD}${name}`, JSON.stringify(value));
  const register = { USER_ID: options.userId ?? USER_ID, PHONE_NUMBER: `+49301${id.length}0${id.charCodeAt(0)}`, TYPE: 2, EXTERNAL_CALL_ID: id, CRM_CREATE: 0, SHOW: 1, CALL_START_DATE: new Date(createdAt).toISOString() };
  put(`s.${key}`, { key, externalCallId: id, register, callId: null, createdAt });
  put(`x.${id}`, { key, at: createdAt });
  const callId = options.callId ?? null;
  if (callId === null) return;
  put(`p.${key}`, { callId, finish: 'pending', finishParams: null, attempts: 1, nextAt: 0, attach: 'none' });
  put(`c.${callId}`, { at: createdAt + 1_000 });
  if (options.ended) put(`o.softphone.${key}`, { source: 'softphone', key, endedBy: 'remoteHungUp', failureCode: null, connectedAt: createdAt + 2_000, closedAt: createdAt + 62_000, rating: null, at: createdAt + 62_000 });
}

/** A call the portal has: registered there, as the earlier version did before it stopped. */
function registeredOnPortal(world: World, id: string, userId = USER_ID): string {
  const answer = world.rest.callSync('telephony.externalcall.register', { USER_ID: userId, PHONE_NUMBER: '+4930999', TYPE: 2, EXTERNAL_CALL_ID: id, CRM_CREATE: 0, SHOW: 0 });
  const body = (answer as { body?: { result?: { CALL_ID?: string } } }).body;
  return body!.result!.CALL_ID!;
}

describe('the records an earlier version left under b24cc.records.', () => {
  test('a young call of this user, registered and ended: moved into this outbox and finished once, with its own times; the old keys are gone', async () => {
    const world = createWorld({ port: 'direct' });
    const callId = registeredOnPortal(world, 'old-1');
    oldCall(world, 'old-1', { ageMs: 10 * MINUTE, callId, ended: true });
    const worker = world.startWorker();
    expect(await world.time.until(() => world.rest.records.length === 1, 10 * MINUTE)).toBe(true);
    expect(world.rest.records[0]).toMatchObject({ CALL_ID: callId, USER_ID: USER_ID, DURATION: 60, STATUS_CODE: '200' });
    expect(ofKind(worker.diagnostics, 'legacyCallMoved')).toEqual([expect.objectContaining({ key: 'sip:old-1', callId })]);
    await world.time.advance(40 * MINUTE);
    expect(oldKeys(world)).toEqual([]);
    expect(world.rest.records).toHaveLength(1);
  });

  test('a young call of this user still waiting for its end is finished by this outbox when its end never comes (abandoned after 12 h of its life)', async () => {
    const world = createWorld({ port: 'direct' });
    const callId = registeredOnPortal(world, 'old-2');
    oldCall(world, 'old-2', { ageMs: 11 * HOUR, callId });
    const worker = world.startWorker();
    await world.time.advance(5_000);
    expect(ofKind(worker.diagnostics, 'legacyCallMoved')).toHaveLength(1);
    expect(worker.records.pending()).toEqual([expect.objectContaining({ key: 'sip:old-2', callId, stage: 'awaitingOutcome' })]);
    await world.time.jump(HOUR);
    await world.time.advance(MINUTE);
    expect(world.rest.records).toEqual([expect.objectContaining({ CALL_ID: callId, USER_ID: USER_ID, STATUS_CODE: 'OTHER' })]);
  });

  test('calls older than the 12 h a call is kept, of any user: deleted with their numbers, each reported, nothing sent', async () => {
    const world = createWorld({ port: 'direct' });
    oldCall(world, 'stale-mine', { ageMs: 13 * HOUR, callId: 'CID-stale-mine', ended: true });
    oldCall(world, 'stale-theirs', { userId: 9, ageMs: 3 * DAY, callId: null });
    world.storage.setItem(`${OLD}oc.card.CID-lone`, JSON.stringify({ source: 'card', callId: 'CID-lone', endedBy: 'hungUp', failureCode: null, connectedAt: null, closedAt: 1, rating: 5, at: world.time.now() - 20 * HOUR }));
    const worker = world.startWorker();
    await world.time.advance(5_000);
    expect(ofKind(worker.diagnostics, 'legacyCallDropped').map((d) => [d.key, d.callId]).sort()).toEqual([
      ['cid:CID-lone', 'CID-lone'],
      ['sip:stale-mine', 'CID-stale-mine'],
      ['sip:stale-theirs', null],
    ]);
    expect(world.rest.log).toEqual([]);
    // The Call-ID index goes by its own rule (30 min once its call is gone), at the next minute's pass.
    await world.time.advance(2 * MINUTE);
    expect(oldKeys(world)).toEqual([]);
  });

  test('a young call of another user, or one never registered, is not moved (no number to a portal that may not be its own); it goes once past 12 h', async () => {
    const world = createWorld({ port: 'direct' });
    oldCall(world, 'theirs', { userId: 9, ageMs: HOUR, callId: 'CID-theirs', ended: true });
    oldCall(world, 'unregistered', { ageMs: HOUR });
    const worker = world.startWorker();
    await world.time.advance(5 * MINUTE);
    expect(world.rest.log).toEqual([]);
    expect(ofKind(worker.diagnostics, 'legacyCallMoved')).toEqual([]);
    expect(oldKeys(world)).toContain(`${OLD}s.sip:theirs`);
    expect(oldKeys(world)).toContain(`${OLD}s.sip:unregistered`);
    await world.time.jump(11 * HOUR + MINUTE);
    await world.time.advance(2 * MINUTE);
    expect(ofKind(worker.diagnostics, 'legacyCallDropped').map((d) => d.key).sort()).toEqual(['sip:theirs', 'sip:unregistered']);
    expect(world.rest.log.filter((entry) => entry.method.startsWith('telephony.'))).toEqual([]);
    expect(oldKeys(world)).toEqual([]);
  });

  test('dead letters: one past the 7 days is deleted and reported; a young one of this user is moved into this outbox’s dead letters', async () => {
    const world = createWorld({ port: 'direct' });
    const letter = (key: string, ageMs: number) => ({ key, callId: null, reason: 'withheldNumber', message: 'withheld', at: world.time.now() - ageMs, register: { USER_ID, PHONE_NUMBER: 'hidden', TYPE: 2, EXTERNAL_CALL_ID: key, CRM_CREATE: 0, SHOW: 1, CALL_START_DATE: '' }, finish: null });
    world.storage.setItem(`${OLD}d.gen:old`, JSON.stringify(letter('gen:old', 8 * DAY)));
    world.storage.setItem(`${OLD}d.gen:young`, JSON.stringify(letter('gen:young', DAY)));
    const worker = world.startWorker();
    await world.time.advance(5_000);
    expect(ofKind(worker.diagnostics, 'deadLetterExpired').map((d) => d.letter.key)).toEqual(['gen:old']);
    expect(worker.records.deadLetters().map((kept) => kept.key)).toEqual(['gen:young']);
    expect(oldKeys(world)).toEqual([]);
  });

  test(`bounded: at most ${LEGACY_BATCH} old calls per pass, a pass a minute, until none is left`, async () => {
    const world = createWorld({ port: 'direct' });
    const count = LEGACY_BATCH * 2 + 10;
    for (let index = 0; index < count; index += 1) oldCall(world, `bulk-${index}`, { ageMs: DAY, callId: `CID-${index}` });
    const worker = world.startWorker();
    await world.time.advance(5_000);
    expect(ofKind(worker.diagnostics, 'legacyCallDropped')).toHaveLength(LEGACY_BATCH);
    await world.time.advance(MINUTE);
    expect(ofKind(worker.diagnostics, 'legacyCallDropped')).toHaveLength(LEGACY_BATCH * 2);
    await world.time.advance(MINUTE);
    expect(ofKind(worker.diagnostics, 'legacyCallDropped')).toHaveLength(count);
    await world.time.advance(MINUTE);
    expect(oldKeys(world)).toEqual([]);
  });

  test('while a tab of the earlier version still writes (its lease is live), nothing is moved from under it', async () => {
    const world = createWorld({ port: 'direct' });
    const callId = registeredOnPortal(world, 'old-busy');
    oldCall(world, 'old-busy', { ageMs: MINUTE, callId, ended: true });
    world.storage.setItem(`${OLD}lease`, JSON.stringify({ owner: 'old-tab', expiresAt: world.time.now() + 30_000 }));
    const worker = world.startWorker();
    await world.time.advance(20_000);
    expect(ofKind(worker.diagnostics, 'legacyCallMoved')).toEqual([]);
    expect(world.rest.records).toEqual([]);
    // The old tab is gone (its lease lapses): the next pass moves the call and it is finished.
    expect(await world.time.until(() => world.rest.records.length === 1, 5 * MINUTE)).toBe(true);
    expect(ofKind(worker.diagnostics, 'legacyCallMoved')).toHaveLength(1);
    await world.time.advance(40 * MINUTE);
    expect(oldKeys(world)).toEqual([]);
  });

  test('with Web Locks: while a tab of the earlier version holds its writer lock, nothing is moved; once it lets go, the call is moved and finished', async () => {
    const world = createWorld({ port: 'direct' });
    const locks = createFakeLockPartition();
    const callId = registeredOnPortal(world, 'old-locked');
    oldCall(world, 'old-locked', { ageMs: MINUTE, callId, ended: true });
    let releaseOld: () => void = () => undefined;
    void locks.managerOf('old-tab').request(`${OLD}writer`, { mode: 'exclusive' }, () => new Promise<void>((resolve) => (releaseOld = resolve)));
    const worker = world.startWorker({ locks: locks.managerOf('new-tab') });
    await world.time.advance(3 * MINUTE);
    expect(ofKind(worker.diagnostics, 'legacyCallMoved')).toEqual([]);
    expect(world.rest.records).toEqual([]);
    releaseOld();
    expect(await world.time.until(() => world.rest.records.length === 1, 5 * MINUTE)).toBe(true);
    expect(world.rest.records[0]).toMatchObject({ CALL_ID: callId, USER_ID: USER_ID });
    expect(ofKind(worker.diagnostics, 'legacyCallMoved')).toHaveLength(1);
  });

  test('an integrator who gave storagePrefix b24cc.records. owns those entries: nothing is moved or dropped', async () => {
    const world = createWorld({ port: 'direct' });
    oldCall(world, 'own', { ageMs: MINUTE, callId: 'CID-own' });
    const worker = world.startWorker({ storagePrefix: OLD });
    await world.time.advance(5_000);
    expect(ofKind(worker.diagnostics, 'legacyCallMoved')).toEqual([]);
    // Still its own call, waiting for its end.
    expect(worker.records.pending()).toEqual([expect.objectContaining({ key: 'sip:own', callId: 'CID-own', stage: 'awaitingOutcome' })]);
  });
});
