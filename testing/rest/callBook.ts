import type { RestClock } from './clock';
import type { RandomSource } from './random';
import { phoneKey } from './params';
import { isoWithZone } from './wire';

/** A registered call that has not been finished yet. */
export interface ActiveCall {
  readonly CALL_ID: string;
  readonly USER_ID: number;
  readonly PHONE_NUMBER: string;
  readonly TYPE: number;
  readonly LINE_NUMBER: string | null;
  readonly EXTERNAL_CALL_ID: string | null;
  readonly CALL_START_DATE: string;
  readonly CRM_ENTITY_TYPE: string;
  readonly CRM_ENTITY_ID: number;
  /** The application that registered it (dedup searches within it). */
  readonly app: string;
  /** When it was registered, on the double's clock (ms). */
  readonly registeredAt: number;
  /**
   * The portal's `DATE_CREATE`: `CALL_START_DATE` when given, else the time of register. The
   * 30-minute dedup and the expiry count from it (voximplant `Rest\Helper::registerExternalCall`).
   */
  readonly createdAt: number;
}

/** A row of `voximplant.statistic.get`, as `finish` writes it. */
export interface StatisticsRow {
  readonly ID: number;
  readonly CALL_ID: string;
  readonly EXTERNAL_CALL_ID: string | null;
  readonly PORTAL_USER_ID: number;
  readonly PORTAL_NUMBER: string;
  readonly PHONE_NUMBER: string;
  readonly CALL_TYPE: number;
  readonly CALL_DURATION: number;
  readonly CALL_START_DATE: string;
  /** 1 when `CALL_DURATION > 0`, else 0: the portal derives it from the duration alone. */
  readonly CALL_STATUS: 0 | 1;
  readonly CALL_VOTE: number;
  readonly COST: number;
  readonly COST_CURRENCY: string;
  /** The finish's `STATUS_CODE` (default 200 if DURATION > 0, else 304). */
  readonly CALL_FAILED_CODE: string;
  readonly CALL_FAILED_REASON: string;
  readonly CRM_ENTITY_TYPE: string;
  readonly CRM_ENTITY_ID: number;
  readonly CRM_ACTIVITY_ID: number;
  readonly REST_APP_ID: string;
  readonly REST_APP_NAME: string;
  readonly COMMENT: string | null;
  readonly RECORD_FILE_ID: number | null;
}

/**
 * What one accepted `finish` asked for, as the double saw it: the witness a reliability test
 * checks ("exactly one record per call, with the right STATUS_CODE, DURATION and VOTE").
 */
export interface FinishRecord {
  readonly CALL_ID: string;
  readonly EXTERNAL_CALL_ID: string | null;
  readonly USER_ID: number;
  readonly STATUS_CODE: string;
  readonly DURATION: number;
  /** 0 when none was given. */
  readonly VOTE: number;
  /** As passed; null when the finish did not pass it (the layer should always pass it). */
  readonly ADD_TO_CHAT: 0 | 1 | null;
  readonly FAILED_REASON: string;
  /** On the double's clock (ms). */
  readonly finishedAt: number;
}


/** The portal's call registry and its statistics table. */
export class CallBook {
  private readonly active = new Map<string, ActiveCall>();
  private readonly rows: StatisticsRow[] = [];
  private readonly finishes: FinishRecord[] = [];
  private nextRowId = 1;
  private nextActivityId = 7000;
  private nextFileId = 9000;

  constructor(
    private readonly clock: RestClock,
    private readonly random: RandomSource,
    readonly expiryMs: number,
    readonly dedupWindowMs: number,
  ) {}

  /** Drops unfinished calls older than the expiry (the portal's cleanup). */
  sweep(): void {
    const oldest = this.clock.now() - this.expiryMs;
    for (const [id, call] of this.active) if (call.createdAt <= oldest) this.active.delete(id);
  }

  get activeCalls(): readonly ActiveCall[] {
    return [...this.active.values()];
  }

  get statistics(): readonly StatisticsRow[] {
    return this.rows;
  }

  get records(): readonly FinishRecord[] {
    return this.finishes;
  }

  get(callId: string): ActiveCall | undefined {
    return this.active.get(callId);
  }

  row(callId: string): StatisticsRow | undefined {
    return this.rows.find((row) => row.CALL_ID === callId);
  }

  /**
   * The unfinished call a register repeats, if any: same application, user, number and
   * type created within 30 minutes; line and `EXTERNAL_CALL_ID` compared only when the new register
   * gives them (so one without `EXTERNAL_CALL_ID` matches a call that had one, not the reverse).
   */
  findRepeat(key: { app: string; USER_ID: number; PHONE_NUMBER: string; TYPE: number; LINE_NUMBER: string | null; EXTERNAL_CALL_ID: string | null }): ActiveCall | undefined {
    const since = this.clock.now() - this.dedupWindowMs;
    const phone = phoneKey(key.PHONE_NUMBER);
    let found: ActiveCall | undefined;
    for (const call of this.active.values()) {
      if (call.createdAt <= since || call.app !== key.app || call.USER_ID !== key.USER_ID || call.TYPE !== key.TYPE) continue;
      if (phoneKey(call.PHONE_NUMBER) !== phone) continue;
      if (key.LINE_NUMBER !== null && call.LINE_NUMBER !== key.LINE_NUMBER) continue;
      if (key.EXTERNAL_CALL_ID !== null && call.EXTERNAL_CALL_ID !== key.EXTERNAL_CALL_ID) continue;
      if (found === undefined || call.registeredAt >= found.registeredAt) found = call;
    }
    return found;
  }

  /** Registers a new call and returns it, with a fresh `CALL_ID` in the portal's form. */
  add(call: Omit<ActiveCall, 'CALL_ID' | 'registeredAt' | 'createdAt' | 'CALL_START_DATE'> & { CALL_START_DATE: string | null }): ActiveCall {
    const now = this.clock.now();
    let hex = '';
    for (let i = 0; i < 4; i++) hex += Math.floor(this.random() * 0x100000000).toString(16).padStart(8, '0');
    let callId = `externalCall.${hex}.${Math.floor(now / 1000)}`;
    while (this.active.has(callId) || this.row(callId) !== undefined) callId += '0';
    const entry: ActiveCall = { ...call, CALL_ID: callId, CALL_START_DATE: call.CALL_START_DATE ?? isoWithZone(now), registeredAt: now, createdAt: call.CALL_START_DATE === null ? now : Date.parse(call.CALL_START_DATE) };
    this.active.set(callId, entry);
    return entry;
  }

  /** Writes the statistics row of an active call and deletes the call. */
  finish(
    call: ActiveCall,
    finish: { USER_ID: number; DURATION: number; STATUS_CODE: string; FAILED_REASON: string; VOTE: number; COST: number; COST_CURRENCY: string; ADD_TO_CHAT: 0 | 1 | null },
  ): StatisticsRow {
    this.active.delete(call.CALL_ID);
    const row: StatisticsRow = {
      ID: this.nextRowId++,
      CALL_ID: call.CALL_ID,
      EXTERNAL_CALL_ID: call.EXTERNAL_CALL_ID,
      PORTAL_USER_ID: finish.USER_ID,
      // Without a line the portal names the application: `REST_APP:<app>`.
      PORTAL_NUMBER: call.LINE_NUMBER ?? `REST_APP:${call.app}`,
      PHONE_NUMBER: call.PHONE_NUMBER,
      CALL_TYPE: call.TYPE,
      CALL_DURATION: finish.DURATION,
      CALL_START_DATE: call.CALL_START_DATE,
      CALL_STATUS: finish.DURATION > 0 ? 1 : 0,
      CALL_VOTE: finish.VOTE,
      COST: finish.COST,
      COST_CURRENCY: finish.COST_CURRENCY,
      CALL_FAILED_CODE: finish.STATUS_CODE,
      CALL_FAILED_REASON: finish.FAILED_REASON,
      CRM_ENTITY_TYPE: call.CRM_ENTITY_TYPE,
      CRM_ENTITY_ID: call.CRM_ENTITY_ID,
      CRM_ACTIVITY_ID: call.CRM_ENTITY_TYPE === '' ? 0 : this.nextActivityId++,
      REST_APP_ID: call.app,
      REST_APP_NAME: call.app,
      COMMENT: null,
      RECORD_FILE_ID: null,
    };
    this.rows.push(row);
    this.finishes.push({
      CALL_ID: call.CALL_ID,
      EXTERNAL_CALL_ID: call.EXTERNAL_CALL_ID,
      USER_ID: finish.USER_ID,
      STATUS_CODE: finish.STATUS_CODE,
      DURATION: finish.DURATION,
      VOTE: finish.VOTE,
      ADD_TO_CHAT: finish.ADD_TO_CHAT,
      FAILED_REASON: finish.FAILED_REASON,
      finishedAt: this.clock.now(),
    });
    return row;
  }

  /** Attaches a record file to a finished call's row; returns the new `FILE_ID`. */
  attachFile(callId: string): number {
    const index = this.rows.findIndex((row) => row.CALL_ID === callId);
    const fileId = this.nextFileId++;
    const row = this.rows[index];
    if (row !== undefined) this.rows[index] = { ...row, RECORD_FILE_ID: fileId };
    return fileId;
  }

  clear(): void {
    this.active.clear();
    this.rows.length = 0;
    this.finishes.length = 0;
  }
}
