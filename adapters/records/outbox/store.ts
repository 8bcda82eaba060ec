import { describeError } from '../../../diagnostics';
import type { RecordsDiagnostic } from '../diagnostics';
import type { RecordsStorage } from '../storage/port';
import type { CallOutcome, DeadLetter, FinishParams, RegisterParams } from '../types';

/** Written once by whoever sees the call start; never changed. */
export interface StartFact {
  readonly key: string;
  readonly externalCallId: string;
  /** Null for click-to-call (Bitrix24 registered it) and for a call known only by its `CALL_ID`. */
  readonly register: RegisterParams | null;
  /** The `CALL_ID` when it was known from the start. */
  readonly callId: string | null;
  readonly createdAt: number;
  /**
   * The call's `USER_ID` (register's, or the announcing instance's for a call known by its
   * `CALL_ID`): the finish carries it, whichever instance sends it. Absent in entries of
   * earlier versions, whose register has it.
   */
  readonly userId?: number;
}

/** What the owner journals of a call as it goes (`callAnswered`, `callAlive`): an abandoned call claims no more and no less. */
export interface LifeFact {
  readonly answeredAt: number | null;
  readonly aliveAt: number;
}

/** An outcome as stored: first one per source wins; `userId` is the reporting instance's (for a call known only by its `CALL_ID`). */
export type OutcomeFact = CallOutcome & { readonly at: number; readonly userId?: number };

/** Written only by the instance holding the writer lock. */
export interface Progress {
  readonly callId: string | null;
  /**
   * `pending`: not sent (or certainly not carried out); `sending`: written before the
   * request goes out and left so if its fate is unknown — the next step must ask the
   * statistics first; `done`: recorded.
   */
  readonly finish: 'pending' | 'sending' | 'done';
  /** Frozen at the first send, so a repeat or a check uses the very same values. */
  readonly finishParams: FinishParams | null;
  readonly attempts: number;
  readonly nextAt: number;
  readonly attach: 'none' | 'pending' | 'done';
  /**
   * When the register first went out, written before it does. Until it is answered its
   * fate is unknown: the portal may have a call (and a card) for it already.
   */
  readonly registerSentAt?: number;
  readonly lastError?: string;
}

/** The last call announced with a SIP Call-ID: a repeat of the Call-ID is told apart from it. */
export interface CallIndex {
  readonly key: string;
  readonly at: number;
}

export interface Tombstone {
  readonly key: string;
  readonly callId: string | null;
  readonly at: number;
  readonly result: 'recorded' | 'deadLetter';
}

/**
 * The outbox's storage layout, one key per fact so that writers never overwrite each
 * other: the softphone's window writes starts and outcomes, the card's window outcomes
 * by `CALL_ID`, and only the writer writes progress, dead letters and tombstones.
 */
export class Store {
  /** Values the storage refused, kept for this worker's life. */
  private readonly fallback = new Map<string, string | null>();
  /** The last value parsed per key, reused while the stored text is the same (the outbox scans often). */
  private readonly parsed = new Map<string, { raw: string; value: unknown }>();
  /** The unreadable text last reported for a key, so a scan every second reports it once. */
  private readonly unreadable = new Map<string, string>();

  constructor(
    private readonly storage: RecordsStorage,
    readonly prefix: string,
    private readonly report: (diagnostic: RecordsDiagnostic) => void,
  ) {}

  private read<T>(key: string): T | null {
    let raw: string | null;
    if (this.fallback.has(key)) raw = this.fallback.get(key)!;
    else {
      try {
        raw = this.storage.getItem(key);
      } catch {
        raw = null;
      }
    }
    if (raw === null) {
      this.parsed.delete(key);
      return null;
    }
    const cached = this.parsed.get(key);
    if (cached !== undefined && cached.raw === raw) return cached.value as T;
    try {
      const value = JSON.parse(raw) as T;
      this.parsed.set(key, { raw, value });
      return value;
    } catch (error) {
      // Someone else's write under our prefix, or a truncated one: what it held cannot be sent, so say so.
      if (this.unreadable.get(key) !== raw) {
        this.unreadable.set(key, raw);
        this.report({ kind: 'storageFailed', key, error, message: `storage holds unreadable JSON under ${key} (${JSON.stringify(raw.slice(0, 40))}); that entry is ignored` });
      }
      return null;
    }
  }

  /** Moves on at every write or removal made through this store (the writer's scan cache keys on it). */
  version = 0;

  private write(key: string, value: unknown, changesCalls = true): void {
    if (changesCalls) this.version += 1;
    const raw = JSON.stringify(value);
    try {
      this.storage.setItem(key, raw);
      this.fallback.delete(key);
      return;
    } catch (error) {
      // A quota error: the key's old value may be what fills it. Free it and try once more;
      // a refusal is only ever about this value, never a switch that turns storage off.
      try {
        this.storage.removeItem(key);
        this.storage.setItem(key, raw);
        this.fallback.delete(key);
        this.report({ kind: 'storageFailed', key, error, recovered: true, message: `storage refused ${key} (${describeError(error)}); written after freeing the key` });
        return;
      } catch {
        this.fallback.set(key, raw);
        this.report({ kind: 'storageFailed', key, error, recovered: false, message: `storage refused ${key} (${describeError(error)}), even after freeing the key; kept in memory for this worker, and written again at its next change` });
      }
    }
  }

  private remove(key: string): void {
    this.version += 1;
    this.fallback.delete(key);
    this.parsed.delete(key);
    try {
      this.storage.removeItem(key);
    } catch {
      this.fallback.set(key, null);
    }
  }

  /** The ids under each of `parts` (`s.`, `oc.card.`…), in one pass over the storage's keys. */
  private keysUnderEach<P extends string>(parts: readonly P[]): Record<P, string[]> {
    const found = Object.fromEntries(parts.map((part) => [part, new Set<string>()])) as Record<P, Set<string>>;
    const heads = parts.map((part) => [part, this.prefix + part] as const);
    const place = (key: string, present: boolean) => {
      if (!key.startsWith(this.prefix)) return;
      for (const [part, head] of heads) {
        if (!key.startsWith(head)) continue;
        if (present) found[part].add(key.slice(head.length));
        else found[part].delete(key.slice(head.length));
      }
    };
    try {
      for (const key of this.storage.keys()) place(key, true);
    } catch {
      // an unreadable storage lists nothing; the fallback still does
    }
    for (const [key, value] of this.fallback) place(key, value !== null);
    return Object.fromEntries(parts.map((part) => [part, [...found[part]]])) as Record<P, string[]>;
  }

  private keysUnder(part: string): string[] {
    return this.keysUnderEach([part])[part]!;
  }

  /** What the outbox scans: the calls started and the outcomes known only by `CALL_ID`. */
  scanKeys(): { starts: string[]; outcomeCallIds: string[] } {
    const keys = this.keysUnderEach(['s.', 'oc.card.', 'oc.softphone.'] as const);
    return { starts: keys['s.'], outcomeCallIds: [...new Set([...keys['oc.card.'], ...keys['oc.softphone.']])] };
  }

  start(key: string): StartFact | null {
    return this.read(`${this.prefix}s.${key}`);
  }
  setStart(fact: StartFact): void {
    this.write(`${this.prefix}s.${fact.key}`, fact);
  }
  startKeys(): string[] {
    return this.keysUnder('s.');
  }

  outcome(key: string, source: CallOutcome['source']): OutcomeFact | null {
    return this.read(`${this.prefix}o.${source}.${key}`);
  }
  setOutcome(key: string, fact: OutcomeFact): void {
    this.write(`${this.prefix}o.${fact.source}.${key}`, fact);
  }
  outcomeByCallId(callId: string, source: CallOutcome['source']): OutcomeFact | null {
    return this.read(`${this.prefix}oc.${source}.${callId}`);
  }
  setOutcomeByCallId(callId: string, fact: OutcomeFact): void {
    this.write(`${this.prefix}oc.${fact.source}.${callId}`, fact);
  }
  /** `CALL_ID`s with an outcome and no known key yet. */
  outcomeCallIds(): string[] {
    return [...new Set([...this.keysUnder('oc.card.'), ...this.keysUnder('oc.softphone.')])];
  }

  life(key: string): LifeFact | null {
    return this.read(`${this.prefix}a.${key}`);
  }
  setLife(key: string, fact: LifeFact): void {
    this.write(`${this.prefix}a.${key}`, fact, false);
  }

  cardShown(callId: string): number | null {
    return this.read<{ at: number }>(`${this.prefix}c.${callId}`)?.at ?? null;
  }
  setCardShown(callId: string, at: number): void {
    this.write(`${this.prefix}c.${callId}`, { at });
  }

  progress(key: string): Progress | null {
    return this.read(`${this.prefix}p.${key}`);
  }
  setProgress(key: string, progress: Progress): void {
    this.write(`${this.prefix}p.${key}`, progress);
  }

  deadLetter(key: string): DeadLetter | null {
    return this.read(`${this.prefix}d.${key}`);
  }
  setDeadLetter(letter: DeadLetter): void {
    this.write(`${this.prefix}d.${letter.key}`, letter);
  }
  removeDeadLetter(key: string): void {
    this.remove(`${this.prefix}d.${key}`);
  }
  deadLetterKeys(): string[] {
    return this.keysUnder('d.');
  }

  tombstone(key: string): Tombstone | null {
    return this.read(`${this.prefix}t.${key}`);
  }
  tombstoneByCallId(callId: string): Tombstone | null {
    return this.read(`${this.prefix}tc.${callId}`);
  }
  /** The call is settled: its facts go, a tombstone stays so late duplicates are recognised. */
  settle(key: string, callId: string | null, result: Tombstone['result'], at: number): void {
    const stone: Tombstone = { key, callId, at, result };
    this.write(`${this.prefix}t.${key}`, stone);
    if (callId !== null) this.write(`${this.prefix}tc.${callId}`, stone);
    this.remove(`${this.prefix}s.${key}`);
    this.remove(`${this.prefix}p.${key}`);
    this.remove(`${this.prefix}a.${key}`);
    for (const source of ['card', 'softphone'] as const) {
      this.remove(`${this.prefix}o.${source}.${key}`);
      if (callId !== null) this.remove(`${this.prefix}oc.${source}.${callId}`);
    }
    if (callId !== null) this.remove(`${this.prefix}c.${callId}`);
  }
  removeStrayOutcome(callId: string): void {
    for (const source of ['card', 'softphone'] as const) this.remove(`${this.prefix}oc.${source}.${callId}`);
  }
  /** Drops tombstones older than `before`. */
  pruneTombstones(before: number): void {
    const keys = this.keysUnderEach(['t.', 'tc.'] as const);
    for (const part of ['t.', 'tc.'] as const) {
      for (const id of keys[part]) {
        const stone = this.read<Tombstone>(`${this.prefix}${part}${id}`);
        if (stone === null || stone.at < before) this.remove(`${this.prefix}${part}${id}`);
      }
    }
  }

  /** The latest call announced with this SIP Call-ID, whatever became of it (kept while the portal may still match its `EXTERNAL_CALL_ID`). */
  callOfSipId(sipCallId: string): CallIndex | null {
    return this.read(`${this.prefix}x.${sipCallId}`);
  }
  setCallOfSipId(sipCallId: string, entry: CallIndex): void {
    this.write(`${this.prefix}x.${sipCallId}`, entry, false);
  }
  /** What retention looks at: the dead letters, cards shown and Call-ID index entries held. */
  retainedKeys(): { deadLetters: string[]; cardsShown: string[]; sipIds: string[] } {
    const keys = this.keysUnderEach(['d.', 'c.', 'x.'] as const);
    return { deadLetters: keys['d.'], cardsShown: keys['c.'], sipIds: keys['x.'] };
  }
  removeCardShown(callId: string): void {
    this.remove(`${this.prefix}c.${callId}`);
  }
  removeCallOfSipId(sipCallId: string): void {
    this.remove(`${this.prefix}x.${sipCallId}`);
  }

  lease(): { owner: string; expiresAt: number } | null {
    return this.read(`${this.prefix}lease`);
  }
  setLease(lease: { owner: string; expiresAt: number }): void {
    this.write(`${this.prefix}lease`, lease, false);
  }
  removeLease(): void {
    this.remove(`${this.prefix}lease`);
  }

  pace(): { level: number; at: number; blockedUntil: number } | null {
    return this.read(`${this.prefix}pace`);
  }
  setPace(state: { level: number; at: number; blockedUntil: number }): void {
    this.write(`${this.prefix}pace`, state, false);
  }
}
