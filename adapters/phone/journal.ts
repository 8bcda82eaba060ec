import type { PhoneScope } from './scope';
import { JOURNAL_MAX_AGE_MS } from './limits';
import { journalKeyOf } from './journalPeek';

/**
 * The call journal (statechart SC-F4): what the owner writes as a call goes, in storage every
 * frame of the phone shares, so that when the owner's frame dies mid-call (its media with it)
 * the next owner can end the call once, with its own user, `CALL_ID` and true duration — up to
 * the owner's last sign of life — and close its card through the frames that show it.
 * One entry at most (one call at a time); it holds a phone number, so it is removed when the
 * call ends and never kept past {@link JOURNAL_MAX_AGE_MS}.
 */
export interface JournalEntry {
  readonly v: 1;
  /** The frame that owned the softphone for this call. */
  readonly owner: string;
  /** The portal's `CALL_ID`, once known. */
  readonly callId: string | null;
  /** The call's key in the records outbox (SC-F8), when the owner's records layer has it: the successor ends that very record. */
  readonly recordKey?: string | null;
  /** `EXTERNAL_CALL_ID` the call was registered with (the SIP Call-ID), when known. */
  readonly externalCallId?: string | null;
  /** The call's `USER_ID`: the finish carries this, never the successor's. */
  readonly userId: number;
  readonly direction: string | null;
  readonly phoneNumber: string | null;
  readonly startedAt: number;
  readonly answeredAt: number | null;
  /** The owner's last heartbeat while the call was live. */
  readonly lastSignOfLife: number;
  /** The frames that showed the call's card. */
  readonly holders: readonly string[];
}

export { JOURNAL_MAX_AGE_MS };
/** Bounds a journalled string: a record key is at most 400 characters (`RECORD_BOUNDS.key`). */
const MAX_TEXT = 400;
const MAX_HOLDERS = 8;

export type JournalReport =
  | { readonly kind: 'journalUnavailable'; readonly operation: 'read' | 'write'; readonly message: string }
  | { readonly kind: 'journalExpired'; readonly callId: string | null; readonly message: string };

export interface CallJournal {
  read(): JournalEntry | null;
  /** Writes the entry (bounded); false when storage refused (reported). */
  write(entry: Omit<JournalEntry, 'v'>): boolean;
  clear(): void;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value.slice(0, MAX_TEXT) : null;
}

function time(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/** The entry as stored, or null when it is not one (written by another version, or tampered with). */
export function parseJournalEntry(raw: unknown): JournalEntry | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const entry = raw as Record<string, unknown>;
  const owner = text(entry.owner);
  const startedAt = time(entry.startedAt);
  const lastSignOfLife = time(entry.lastSignOfLife);
  if (entry.v !== 1 || owner === null || startedAt === null || lastSignOfLife === null) return null;
  if (typeof entry.userId !== 'number' || !Number.isSafeInteger(entry.userId)) return null;
  return {
    v: 1,
    owner,
    callId: text(entry.callId),
    recordKey: text(entry.recordKey),
    externalCallId: text(entry.externalCallId),
    userId: entry.userId,
    direction: text(entry.direction),
    phoneNumber: text(entry.phoneNumber),
    startedAt,
    answeredAt: time(entry.answeredAt),
    lastSignOfLife,
    holders: Array.isArray(entry.holders) ? entry.holders.filter((holder): holder is string => typeof holder === 'string').slice(0, MAX_HOLDERS).map((holder) => holder.slice(0, 64)) : [],
  };
}

export function createCallJournal(options: {
  readonly scope: PhoneScope;
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  readonly now: () => number;
  readonly report: (report: JournalReport) => void;
}): CallJournal {
  const key = journalKeyOf(options.scope);
  const clear = (): void => {
    try {
      options.storage.removeItem(key);
    } catch {
      // Nothing more to do: a storage that cannot remove cannot keep either.
    }
  };
  return {
    read() {
      let raw: string | null;
      try {
        raw = options.storage.getItem(key);
      } catch (error) {
        options.report({ kind: 'journalUnavailable', operation: 'read', message: `The call journal cannot be read: ${String(error).slice(0, 200)}` });
        return null;
      }
      if (raw === null) return null;
      let entry: JournalEntry | null = null;
      try {
        entry = parseJournalEntry(JSON.parse(raw));
      } catch {
        entry = null;
      }
      if (entry === null) {
        clear();
        return null;
      }
      if (options.now() - entry.lastSignOfLife > JOURNAL_MAX_AGE_MS) {
        clear();
        options.report({ kind: 'journalExpired', callId: entry.callId, message: `A call journal entry over 12 hours old (${entry.callId ?? 'no CALL_ID'}) was dropped.` });
        return null;
      }
      return entry;
    },
    write(entry) {
      const bounded = parseJournalEntry({ ...entry, v: 1 });
      if (bounded === null) return false;
      try {
        options.storage.setItem(key, JSON.stringify(bounded));
        return true;
      } catch (error) {
        // A full storage: free this key and try once more before reporting (never a permanent off switch).
        clear();
        try {
          options.storage.setItem(key, JSON.stringify(bounded));
          return true;
        } catch {
          options.report({ kind: 'journalUnavailable', operation: 'write', message: `The call journal cannot be written: ${String(error).slice(0, 200)}` });
          return false;
        }
      }
    },
    clear,
  };
}
