/**
 * Records an earlier version left under the fixed prefix `b24cc.records.` (before the keys carried
 * `<member_id>.<USER_ID>`). Their keys name no portal and `USER_ID`s repeat across portals, so
 * nothing of them is ever sent or moved: each stays while younger than its documented retention
 * (an old tab still open may finish it), then is deleted and reported once, with no phone number.
 * The three review scenarios (a call of portal X finished on portal Y, old dead letters moved,
 * another user's dead letter reported with its number) are regressions here.
 */
import { LEGACY_BATCH } from '../../../adapters/records/outbox/legacy';
import type { RecordsDiagnostic } from '../../../adapters/records';
import { createFakeLockPartition } from '../../../testing/phone/fakeLocks';
import { createRestDouble, type RestDouble } from '../../../testing/rest';
import { createWorld, directPort, USER_ID, type World } from './support/world';

const OLD = 'b24cc.records.';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The fields a drop report may have: nothing personal. */
const DROP_FIELDS = ['ageMs', 'callId', 'closedAt', 'connectedAt', 'key', 'kind', 'message', 'startedAt', 'userId'];

const ofKind = <K extends RecordsDiagnostic['kind']>(diagnostics: readonly RecordsDiagnostic[], kind: K) => diagnostics.filter((d): d is Extract<RecordsDiagnostic, { kind: K }> => d.kind === kind);
const legacyReports = (diagnostics: readonly RecordsDiagnostic[]) => diagnostics.filter((d) => d.kind.startsWith('legacy'));
/** What is left of the old layout (a key right under the old prefix that is not `<member>.<user>.`). */
const oldKeys = (world: World) => [...world.storage.keys()].filter((key) => key.startsWith(OLD) && /^(s|p|o|oc|c|d|t|tc|x)\.|^(pace|lease)$/.test(key.slice(OLD.length))).sort();
const telephony = (rest: RestDouble) => rest.log.filter((entry) => entry.method.startsWith('telephony.'));
/** Each old call's number: distinct, so a report holding any of them is caught. */
const numberOf = (id: string) => `+4930${[...id].reduce((sum, char) => sum * 31 + char.charCodeAt(0), 7) % 10_000_000}`;

/** Writes an old call as the earlier version stored it: its start (register with USER_ID and number), and, registered, its progress; ended, its softphone outcome. */
function oldCall(world: World, id: string, options: { userId?: number; ageMs: number; callId?: string | null; ended?: boolean }): { createdAt: number } {
  const createdAt = world.time.now() - options.ageMs;
  const key = `sip:${id}`;
  const put = (name: string, value: unknown) => world.storage.setItem(`${OLD}${name}`, JSON.stringify(value));
  const register = { USER_ID: options.userId ?? USER_ID, PHONE_NUMBER: numberOf(id), TYPE: 2, EXTERNAL_CALL_ID: id, CRM_CREATE: 0, SHOW: 1, CALL_START_DATE: new Date(createdAt).toISOString() };
  put(`s.${key}`, { key, externalCallId: id, register, callId: null, createdAt });
  put(`x.${id}`, { key, at: createdAt });
  const callId = options.callId ?? null;
  if (callId === null) return { createdAt };
  put(`p.${key}`, { callId, finish: 'pending', finishParams: null, attempts: 1, nextAt: 0, attach: 'none' });
  put(`c.${callId}`, { at: createdAt + 1_000 });
  if (options.ended) put(`o.softphone.${key}`, { source: 'softphone', key, endedBy: 'remoteHungUp', failureCode: null, connectedAt: createdAt + 2_000, closedAt: createdAt + 62_000, rating: null, at: createdAt + 62_000 });
  return { createdAt };
}

/** An old dead letter, its number in the register, the message and the portal's answer, as an earlier version could have kept it. */
function oldDeadLetter(world: World, key: string, options: { userId: number; ageMs: number; callId?: string }) {
  const at = world.time.now() - options.ageMs;
  const number = numberOf(key);
  const register = { USER_ID: options.userId, PHONE_NUMBER: number, TYPE: 2, EXTERNAL_CALL_ID: key, CRM_CREATE: 0, SHOW: 1, CALL_START_DATE: new Date(at - HOUR).toISOString() };
  const letter = { key, callId: options.callId ?? null, reason: 'notFound', message: `finish for ${number} refused`, at, register, finish: null, response: { error: 'NOT_FOUND', number } };
  world.storage.setItem(`${OLD}d.${key}`, JSON.stringify(letter));
  return { at, startedAt: at - HOUR };
}

/** A call the portal has: registered there, as the earlier version did before it stopped. */
function registeredOn(rest: RestDouble, id: string, userId = USER_ID): string {
  const answer = rest.callSync('telephony.externalcall.register', { USER_ID: userId, PHONE_NUMBER: numberOf(id), TYPE: 2, EXTERNAL_CALL_ID: id, CRM_CREATE: 0, SHOW: 0 });
  return (answer as { body?: { result?: { CALL_ID?: string } } }).body!.result!.CALL_ID!;
}

/** Every diagnostic as JSON holds none of `numbers`, nor a phone field. */
function expectNoNumber(diagnostics: readonly RecordsDiagnostic[], numbers: readonly string[]): void {
  for (const diagnostic of diagnostics) {
    const json = JSON.stringify(diagnostic);
    for (const number of numbers) expect(json).not.toContain(number.slice(1));
    expect(json).not.toContain('PHONE_NUMBER');
  }
}

describe('the records an earlier version left under b24cc.records.', () => {
  test('review 1, two portals: an old call of portal X (USER_ID 7 there) is never sent to portal Y, whose writer is user 7 too; it stays 12 h, then is deleted and reported once with X’s CALL_ID, the USER_ID and its times', async () => {
    const world = createWorld({ port: 'direct' });
    const portalX = world.rest;
    const portalY = createRestDouble({ clock: world.time.clock });
    const callId = registeredOn(portalX, 'of-x');
    const { createdAt } = oldCall(world, 'of-x', { ageMs: 10 * MINUTE, callId, ended: true });
    const worker = world.startWorker({ rest: directPort(portalY), memberId: 'portal-Y' });
    await world.time.advance(30 * MINUTE);
    expect(telephony(portalY)).toEqual([]);
    expect(telephony(portalX)).toHaveLength(1);
    expect(worker.records.pending()).toEqual([]);
    expect(worker.records.deadLetters()).toEqual([]);
    expect(oldKeys(world)).toEqual(expect.arrayContaining([`${OLD}s.sip:of-x`, `${OLD}p.sip:of-x`, `${OLD}o.softphone.sip:of-x`]));
    expect(legacyReports(worker.diagnostics)).toEqual([]);
    await world.time.jump(12 * HOUR);
    await world.time.advance(3 * MINUTE);
    expect(telephony(portalY)).toEqual([]);
    expect(telephony(portalX)).toHaveLength(1);
    const dropped = ofKind(worker.diagnostics, 'legacyCallDropped');
    expect(dropped).toEqual([expect.objectContaining({ key: 'sip:of-x', callId, userId: USER_ID, startedAt: createdAt, connectedAt: createdAt + 2_000, closedAt: createdAt + 62_000 })]);
    expect(Object.keys(dropped[0]!).sort()).toEqual(DROP_FIELDS);
    expect(dropped[0]!.ageMs).toBeGreaterThanOrEqual(12 * HOUR);
    expect(oldKeys(world)).toEqual([]);
    expectNoNumber(worker.diagnostics, [numberOf('of-x')]);
  });

  test('review 2: old dead letters are never moved into this layer’s dead letters; each stays while younger than deadLetterRetentionMs (7 days), then is deleted and reported once', async () => {
    const world = createWorld({ port: 'direct' });
    const expired = oldDeadLetter(world, 'gen:expired', { userId: 9, ageMs: 8 * DAY, callId: 'CID-expired' });
    oldDeadLetter(world, 'gen:mine', { userId: USER_ID, ageMs: DAY });
    const worker = world.startWorker();
    await world.time.advance(5 * MINUTE);
    expect(worker.records.deadLetters()).toEqual([]);
    expect(worker.deadLetters).toEqual([]);
    expect(ofKind(worker.diagnostics, 'deadLetterExpired')).toEqual([]);
    expect(oldKeys(world)).toEqual([`${OLD}d.gen:mine`]);
    const dropped = ofKind(worker.diagnostics, 'legacyDeadLetterDropped');
    expect(dropped).toEqual([expect.objectContaining({ key: 'gen:expired', callId: 'CID-expired', userId: 9, startedAt: expired.startedAt, deadLetterAt: expired.at, connectedAt: null, closedAt: null })]);
    expect(Object.keys(dropped[0]!).sort()).toEqual([...DROP_FIELDS, 'deadLetterAt'].sort());
    await world.time.jump(6 * DAY);
    await world.time.advance(3 * MINUTE);
    expect(ofKind(worker.diagnostics, 'legacyDeadLetterDropped').map((d) => [d.key, d.userId])).toEqual([
      ['gen:expired', 9],
      ['gen:mine', USER_ID],
    ]);
    expect(worker.records.deadLetters()).toEqual([]);
    expect(oldKeys(world)).toEqual([]);
    expect(telephony(world.rest)).toEqual([]);
  });

  test('review 3: no report ever holds a phone number, whoever’s the entry (this user’s, user 9’s, a dead letter, an unreadable entry)', async () => {
    const world = createWorld({ port: 'direct' });
    oldCall(world, 'stale-mine', { ageMs: 13 * HOUR, callId: 'CID-stale-mine', ended: true });
    oldCall(world, 'stale-theirs', { userId: 9, ageMs: 3 * DAY, callId: 'CID-stale-theirs' });
    oldCall(world, 'young-theirs', { userId: 9, ageMs: HOUR });
    oldDeadLetter(world, 'gen:theirs', { userId: 9, ageMs: 8 * DAY });
    world.storage.setItem(`${OLD}s.sip:broken`, `{"register":{"PHONE_NUMBER":"${numberOf('broken')}","USER_ID":9`);
    const worker = world.startWorker();
    await world.time.advance(5 * MINUTE);
    await world.time.jump(12 * HOUR);
    await world.time.advance(3 * MINUTE);
    expectNoNumber(worker.diagnostics, ['stale-mine', 'stale-theirs', 'young-theirs', 'gen:theirs', 'broken'].map(numberOf));
    // …and each entry was reported: the check above looked at every kind of report.
    expect(ofKind(worker.diagnostics, 'legacyCallDropped').map((d) => d.key).sort()).toEqual(['sip:stale-mine', 'sip:stale-theirs', 'sip:young-theirs']);
    expect(ofKind(worker.diagnostics, 'legacyDeadLetterDropped').map((d) => d.key)).toEqual(['gen:theirs']);
    expect(ofKind(worker.diagnostics, 'storageFailed').map((d) => d.key)).toEqual([`${OLD}s.sip:broken`]);
  });

  test('calls past the 12 h a call is kept, of any user, registered or not, and a call’s end known only by CALL_ID: deleted unsent, each reported once', async () => {
    const world = createWorld({ port: 'direct' });
    oldCall(world, 'stale-mine', { ageMs: 13 * HOUR, callId: 'CID-stale-mine', ended: true });
    oldCall(world, 'stale-theirs', { userId: 9, ageMs: 3 * DAY, callId: null });
    world.storage.setItem(`${OLD}oc.card.CID-lone`, JSON.stringify({ source: 'card', callId: 'CID-lone', endedBy: 'hungUp', failureCode: null, connectedAt: null, closedAt: 1, rating: 5, at: world.time.now() - 20 * HOUR }));
    const worker = world.startWorker();
    await world.time.advance(5_000);
    expect(ofKind(worker.diagnostics, 'legacyCallDropped').map((d) => [d.key, d.callId, d.userId]).sort()).toEqual([
      ['cid:CID-lone', 'CID-lone', null],
      ['sip:stale-mine', 'CID-stale-mine', USER_ID],
      ['sip:stale-theirs', null, 9],
    ]);
    // The Call-ID index goes by its own rule (30 min once its call is gone), at the next minute's pass.
    await world.time.advance(5 * MINUTE);
    expect(oldKeys(world)).toEqual([]);
    expect(ofKind(worker.diagnostics, 'legacyCallDropped')).toHaveLength(3);
    expect(world.rest.log).toEqual([]);
  });

  test('an old entry with no readable time or USER_ID cannot be proved young: deleted, reported with nulls; an overlong key is reported cut', async () => {
    const world = createWorld({ port: 'direct' });
    const long = `sip:${'x'.repeat(5_000)}`;
    world.storage.setItem(`${OLD}s.sip:odd`, JSON.stringify({ key: 'sip:odd', externalCallId: 'odd', register: { USER_ID: '7', PHONE_NUMBER: numberOf('odd') }, callId: 42, createdAt: 'yesterday' }));
    world.storage.setItem(`${OLD}s.${long}`, JSON.stringify({ key: long, externalCallId: 'long', register: null, callId: null, createdAt: 0 }));
    const worker = world.startWorker();
    await world.time.advance(5_000);
    const dropped = ofKind(worker.diagnostics, 'legacyCallDropped');
    expect(dropped.find((d) => d.key === 'sip:odd')).toMatchObject({ callId: null, userId: null, startedAt: null, ageMs: null });
    expect(dropped.find((d) => d.key !== 'sip:odd')!.key.length).toBeLessThanOrEqual(400);
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

  test('while a tab of the earlier version still writes (its lease is live), nothing is deleted from under it; once the lease lapses, the expired call goes', async () => {
    const world = createWorld({ port: 'direct' });
    oldCall(world, 'old-busy', { ageMs: 13 * HOUR, callId: 'CID-busy', ended: true });
    world.storage.setItem(`${OLD}lease`, JSON.stringify({ owner: 'old-tab', expiresAt: world.time.now() + 30_000 }));
    const worker = world.startWorker();
    await world.time.advance(20_000);
    expect(legacyReports(worker.diagnostics)).toEqual([]);
    expect(oldKeys(world)).toContain(`${OLD}s.sip:old-busy`);
    await world.time.advance(2 * MINUTE);
    expect(ofKind(worker.diagnostics, 'legacyCallDropped').map((d) => d.key)).toEqual(['sip:old-busy']);
    expect(oldKeys(world)).not.toContain(`${OLD}s.sip:old-busy`);
    expect(world.rest.log).toEqual([]);
  });

  test('with Web Locks: while a tab of the earlier version holds its writer lock, nothing is deleted; once it lets go, the expired call goes', async () => {
    const world = createWorld({ port: 'direct' });
    const locks = createFakeLockPartition();
    oldCall(world, 'old-locked', { ageMs: 13 * HOUR, callId: 'CID-locked', ended: true });
    let releaseOld: () => void = () => undefined;
    void locks.managerOf('old-tab').request(`${OLD}writer`, { mode: 'exclusive' }, () => new Promise<void>((resolve) => (releaseOld = resolve)));
    const worker = world.startWorker({ locks: locks.managerOf('new-tab') });
    await world.time.advance(3 * MINUTE);
    expect(legacyReports(worker.diagnostics)).toEqual([]);
    expect(oldKeys(world)).toContain(`${OLD}s.sip:old-locked`);
    releaseOld();
    await world.time.advance(2 * MINUTE);
    expect(ofKind(worker.diagnostics, 'legacyCallDropped').map((d) => d.key)).toEqual(['sip:old-locked']);
    expect(oldKeys(world)).not.toContain(`${OLD}s.sip:old-locked`);
    expect(world.rest.log).toEqual([]);
  });

  test('an integrator who gave storagePrefix b24cc.records. owns those entries: nothing is dropped', async () => {
    const world = createWorld({ port: 'direct' });
    oldCall(world, 'own', { ageMs: MINUTE, callId: 'CID-own' });
    oldDeadLetter(world, 'gen:own', { userId: USER_ID, ageMs: DAY });
    const worker = world.startWorker({ storagePrefix: OLD });
    await world.time.advance(5 * MINUTE);
    expect(legacyReports(worker.diagnostics)).toEqual([]);
    // Still its own call, waiting for its end, and its own dead letter.
    expect(worker.records.pending()).toEqual([expect.objectContaining({ key: 'sip:own', callId: 'CID-own', stage: 'awaitingOutcome' })]);
    expect(worker.records.deadLetters().map((letter) => letter.key)).toEqual(['gen:own']);
  });
});
