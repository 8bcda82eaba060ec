import type { OutcomeFact, Progress, StartFact, Store } from './store';

/** One call's next step. */
export type Job =
  | { readonly kind: 'register'; readonly start: StartFact; readonly progress: Progress }
  | { readonly kind: 'finish'; readonly start: StartFact; readonly progress: Progress; readonly callId: string; readonly outcome: OutcomeFact }
  | { readonly kind: 'verify'; readonly start: StartFact; readonly progress: Progress; readonly callId: string }
  | { readonly kind: 'attach'; readonly start: StartFact; readonly progress: Progress; readonly callId: string }
  | { readonly kind: 'settle'; readonly start: StartFact; readonly progress: Progress; readonly callId: string }
  /** No outcome after `abandonAfterMs`: finished with what the journal knows, or dead-lettered when it never got a `CALL_ID`. */
  | { readonly kind: 'abandon'; readonly start: StartFact; readonly progress: Progress; readonly callId: string | null };

export interface Candidate {
  readonly job: Job;
  readonly dueAt: number;
}

export interface ScanOptions {
  readonly store: Store;
  /** How long a softphone outcome waits for the card's summary (which has the rating) when a card was shown, ms. */
  readonly cardGraceMs: number;
  /** How long an outcome known only by `CALL_ID` waits for a pending register to claim it, ms. */
  readonly orphanGraceMs: number;
  /** A call with no outcome this long after it started is abandoned, ms. */
  readonly abandonAfterMs: number;
  readonly report: (diagnostic: { kind: 'duplicateOutcome'; key: null; callId: string; message: string }) => void;
}

export const INITIAL: Omit<Progress, 'callId'> = { finish: 'pending', finishParams: null, attempts: 0, nextAt: 0, attach: 'none' };

/** The outcome a call is finished with: the card's (it has the rating) before the softphone's. */
export function pickOutcome(store: Store, key: string, callId: string): OutcomeFact | null {
  return store.outcomeByCallId(callId, 'card') ?? store.outcome(key, 'card') ?? store.outcome(key, 'softphone') ?? store.outcomeByCallId(callId, 'softphone');
}

/** Every call's next step and when it is due; `wakeAt` is when to look again for what is not due yet. */
export function scanCalls(o: ScanOptions, now: number, inFlight: ReadonlySet<string>): { candidates: Candidate[]; wakeAt: number } {
  const { store } = o;
  const scan = store.scanKeys();
  const candidates: Candidate[] = [];
  let bestAt = Infinity;
  const consider = (job: Job, at: number) => {
    candidates.push({ job, dueAt: at });
  };
  const claimed = new Set<string>();
  let registering = false;
  // The earliest first send of a register still unanswered (in any instance, crashed ones included).
  let inDoubtSince = Infinity;
  for (const key of scan.starts) {
    const start = store.start(key);
    if (start === null) continue;
    if (inFlight.has(key)) {
      const progress = store.progress(key);
      const callId = progress?.callId ?? start.callId;
      if (callId === null) {
        registering = true;
        inDoubtSince = Math.min(inDoubtSince, progress?.registerSentAt ?? -Infinity);
      } else claimed.add(callId);
      continue;
    }
    const progress = store.progress(key) ?? { ...INITIAL, callId: start.callId };
    const callId = progress.callId ?? start.callId;
    const abandonAt = start.createdAt + o.abandonAfterMs;
    // Nothing stays for ever: a call whose end never came, or that never got a CALL_ID, is closed with what is known.
    if (progress.finish === 'pending' && (callId === null || pickOutcome(store, key, callId) === null)) {
      if (now >= abandonAt) {
        consider({ kind: 'abandon', start, progress, callId }, abandonAt);
        if (callId !== null) claimed.add(callId);
        continue;
      }
      bestAt = Math.min(bestAt, abandonAt);
    }
    if (callId === null) {
      registering = true;
      if (progress.registerSentAt !== undefined) inDoubtSince = Math.min(inDoubtSince, progress.registerSentAt);
      consider({ kind: 'register', start, progress }, progress.nextAt);
      continue;
    }
    claimed.add(callId);
    if (progress.finish === 'done') {
      consider(progress.attach === 'pending' ? { kind: 'attach', start, progress, callId } : { kind: 'settle', start, progress, callId }, progress.nextAt);
      continue;
    }
    if (progress.finish === 'sending') {
      consider({ kind: 'verify', start, progress, callId }, progress.nextAt);
      continue;
    }
    const outcome = pickOutcome(store, key, callId);
    if (outcome === null) continue;
    const waitsForCard = outcome.source === 'softphone' && store.cardShown(callId) !== null ? outcome.at + o.cardGraceMs : 0;
    consider({ kind: 'finish', start, progress, callId, outcome }, Math.max(progress.nextAt, waitsForCard));
  }
  // Outcomes known only by CALL_ID (a card's summary) that no local call has claimed.
  for (const callId of scan.outcomeCallIds) {
    if (claimed.has(callId)) continue;
    const outcome = store.outcomeByCallId(callId, 'card') ?? store.outcomeByCallId(callId, 'softphone');
    if (outcome === null) continue;
    if (store.tombstoneByCallId(callId) !== null) {
      store.removeStrayOutcome(callId);
      o.report({ kind: 'duplicateOutcome', key: null, callId, message: `an outcome for ${callId}, which is already settled; ignored` });
      continue;
    }
    // A register sent before this outcome and not yet answered may be this very call (its answer
    // lost, its card shown). Finished alone now, the register's retry would no longer match the
    // finished call and would create a second one, recorded a second time: wait for its answer,
    // however long it is held back; it gives this CALL_ID back and claims the outcome.
    if (inDoubtSince <= outcome.at) continue;
    const claimAt = outcome.at + o.orphanGraceMs;
    if (registering && now < claimAt) {
      bestAt = Math.min(bestAt, claimAt);
      continue;
    }
    // A call this worker never saw start (a previous worker's, click-to-call not announced): finish it by CALL_ID.
    store.setStart({ key: `cid:${callId}`, externalCallId: '', register: null, callId, createdAt: now, ...(outcome.userId === undefined ? {} : { userId: outcome.userId }) });
    bestAt = now;
  }
  return { candidates, wakeAt: bestAt };
}
