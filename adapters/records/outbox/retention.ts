import type { RecordsDiagnostic } from '../diagnostics';
import type { Store } from './store';

/** The portal matches a register's `EXTERNAL_CALL_ID` for 30 minutes: a Call-ID is remembered as long. */
export const SIP_ID_KEEP_MS = 30 * 60_000;

export interface RetentionOptions {
  readonly store: Store;
  readonly report: (diagnostic: RecordsDiagnostic) => void;
  /** How long a settled call's tombstone is kept (late duplicates are recognised meanwhile), ms. */
  readonly tombstoneMs: number;
  /** How long a dead letter (with its phone number) is kept, ms. */
  readonly deadLetterRetentionMs: number;
  /** How long a call may wait for its outcome; a card shown is forgotten after as long, ms. */
  readonly abandonAfterMs: number;
}

/**
 * Deletes what has outlived its use, so that nothing stays in storage for ever: tombstones
 * after `tombstoneMs`, dead letters after `deadLetterRetentionMs` (reported), and the
 * bookkeeping {@link pruneBookkeeping} names. Calls themselves leave by being recorded,
 * dead-lettered or abandoned (the scan).
 */
export function applyRetention(o: RetentionOptions, now: number): void {
  const { store } = o;
  pruneBookkeeping(o, now);
  for (const key of store.retainedKeys().deadLetters) {
    const letter = store.deadLetter(key);
    if (letter !== null && typeof letter.at === 'number' && now - letter.at < o.deadLetterRetentionMs) continue;
    store.removeDeadLetter(key);
    if (letter === null) continue;
    const days = ((now - letter.at) / 86_400_000).toFixed(1);
    o.report({ kind: 'deadLetterExpired', letter, message: `dead letter ${key} (${letter.reason}) deleted after ${days} days, with its phone number` });
  }
}

/**
 * What holds no phone number and is deleted unreported: tombstones after `tombstoneMs`, cards
 * shown after `abandonAfterMs`, a SIP Call-ID's last call after 30 minutes once it is settled.
 */
export function pruneBookkeeping(o: Pick<RetentionOptions, 'store' | 'tombstoneMs' | 'abandonAfterMs'>, now: number): void {
  const { store } = o;
  store.pruneTombstones(now - o.tombstoneMs);
  const held = store.retainedKeys();
  for (const callId of held.cardsShown) {
    const at = store.cardShown(callId);
    if (at === null || now - at >= o.abandonAfterMs) store.removeCardShown(callId);
  }
  for (const sipCallId of held.sipIds) {
    const entry = store.callOfSipId(sipCallId);
    if (entry === null || (now - entry.at >= SIP_ID_KEEP_MS && store.start(entry.key) === null)) store.removeCallOfSipId(sipCallId);
  }
}
