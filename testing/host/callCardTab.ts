import { AUTO_CLOSE_HOLD_MS, CALL_CARD_TAB_COMMANDS, CALL_CARD_TAB_EVENTS } from '../../protocol';
import type { CallCardTabEvent, CallCardTabStatus } from '../../protocol';
import type { CardModel } from './card';
import type { HostEngine, Receiver } from './engine';
import { copyPlainData } from './payloads';
import type { EntityPayload } from './payloads';
import type { AppFrame, CallCardTab, TabCommandEntry } from './portal.types';
import { nameOf, textOf } from './safe';
import { FrameDocuments } from './frames';
import type { FakePartition } from '../phone/fakePartition';
import type { Scheduler, Timer } from './scheduler';
import type { FramePlacement } from './window';

// The host's facts, defined once in protocol/; re-exported for the double's users.
export { AUTO_CLOSE_HOLD_MS, CALL_CARD_TAB_COMMANDS, CALL_CARD_TAB_EVENTS };

/** What a `CALL_CARD` frame needs from the portal. */
export interface TabFrameHost {
  readonly engine: HostEngine;
  readonly scheduler: Scheduler;
  /** A new frame id, registered in the portal's frames (and announced) once `frame` is built. */
  addFrame(make: (id: number) => AppFrame): AppFrame;
  logTabCommand(entry: TabCommandEntry): void;
  readonly partition: FakePartition;
  readonly name: string;
}

interface MutableTabCommand {
  command: string;
  params: unknown;
  frame: number;
  results: unknown[];
  answered: boolean;
}

/** An integer as the host's PHP gives it, or undefined for none. */
function integerOf(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = Number.parseInt(textOf(value), 10);
  return Number.isFinite(parsed) ? parsed : 0;
}

/**
 * One card of a tab with the host state around it: the CRM entity as it changes, the
 * activity id, the auto-close hold and a held-back close, and its `CALL_CARD` tab.
 */
export class CardSlot {
  entity: EntityPayload;
  /** `undefined` (absent for an external card), an integer, or `''` after a CRM change (v3 §11). */
  activityId: number | '' | undefined;
  /** Until when `disableAutoClose` holds the auto-close (the simulated clock), or null. */
  holdUntil: number | null = null;
  /** The held-back auto-close's countdown, or null. */
  closeTimer: Timer | null = null;
  /** The pending `viExternalCard` write, 100 ms after the card was built (v3 §7). */
  flagTimer: Timer | null = null;
  tab: CallCardTabFrame | null = null;
  /** `CALL_STATE`: `connected` from the moment the host shows an external card; only the host's own phone changes it (v3 §11). */
  callState = 'connected';

  constructor(
    readonly card: CardModel,
    /** Closes the card at once (`enableAutoClose` during a countdown); set by the tab that holds the card. */
    readonly closeNow: (slot: CardSlot) => void,
  ) {
    const call = card.call;
    this.entity = { PHONE_NUMBER: call.PHONE_NUMBER ?? 'hidden', CRM_ENTITY_TYPE: call.CRM_ENTITY_TYPE, CRM_ENTITY_ID: call.CRM_ENTITY_ID };
    this.activityId = integerOf(call.CRM_ACTIVITY_ID);
  }

  /** Whether the auto-close is held now. */
  held(now: number): boolean {
    return this.holdUntil !== null && this.holdUntil > now;
  }

  /** `getStatus` (v3 §11): the card's own fields; undefined keys absent, `CALL_STATE` `connected` unless the host's own phone set it. */
  status(): CallCardTabStatus {
    const call = this.card.call;
    return copyPlainData<CallCardTabStatus>({
      CALL_ID: call.CALL_ID,
      PHONE_NUMBER: textOf(this.entity.PHONE_NUMBER) || 'hidden',
      LINE_NUMBER: call.LINE_NUMBER,
      LINE_NAME: call.LINE_NAME,
      CRM_ENTITY_TYPE: this.entity.CRM_ENTITY_TYPE,
      CRM_ENTITY_ID: integerOf(this.entity.CRM_ENTITY_ID) ?? 0,
      CRM_ACTIVITY_ID: this.activityId,
      CRM_BINDINGS: call.CRM_BINDINGS,
      CALL_DIRECTION: call.CALL_DIRECTION,
      CALL_STATE: this.callState,
      CALL_LIST_MODE: call.CALL_LIST_MODE === true,
    });
  }
}

/** The POST body form of a value: strings, `"undefined"` for a missing one, nested keys for arrays and objects. */
function postFields(prefix: string, value: unknown, into: Record<string, string>): void {
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) postFields(`${prefix}[${key}]`, inner, into);
    return;
  }
  into[prefix] = value === undefined ? 'undefined' : textOf(value);
}

/**
 * The frame of the card's `CALL_CARD` tab (v3 §11): one frame shared by every `CALL_CARD`
 * application, loaded once the card has its CRM layout, destroyed with the card.
 */
export class CallCardTabFrame {
  alive = true;
  readonly frame: AppFrame;
  readonly face: CallCardTab;
  private generation = 1;
  private handlers = new Map<string, Receiver[]>();
  private placement: FramePlacement;
  private app: string;
  private readonly apps: readonly string[];
  private documents: FrameDocuments | null = null;

  constructor(
    private readonly slot: CardSlot,
    private readonly host: TabFrameHost,
    apps: readonly string[],
    tabIndex: number,
  ) {
    this.apps = apps;
    this.app = apps[0] ?? 'app';
    this.placement = this.portFor(this.generation);
    const self = this;
    this.frame = host.addFrame((id) => {
      const documents = new FrameDocuments(host.partition, `${host.name}/frame${id}`);
      self.documents = documents;
      return Object.freeze({
        id,
        kind: 'callCardTab' as const,
        placementName: 'CALL_CARD' as const,
        tab: tabIndex,
        slider: null,
        uri: `callCardTab:${textOf(slot.card.call.CALL_ID)}`,
        get alive() {
          return self.alive;
        },
        get placement() {
          return self.placement;
        },
        get partition() {
          return documents.current;
        },
      });
    });
    this.face = Object.freeze({
      frame: this.frame,
      get app() {
        return self.app;
      },
      get postData() {
        return self.postData();
      },
      select: (app: string) => self.select(app),
    });
  }

  /** Sends `event` to the frame's handlers (none once it is gone), and logs it. */
  deliver(event: CallCardTabEvent, args: unknown[]): void {
    this.host.engine.emitTo(this.frame.id, event, args, this.alive ? [...(this.handlers.get(event) ?? [])] : []);
  }

  /** The card closes: the frame is removed in the same step. */
  destroy(): void {
    if (this.alive) this.documents?.ended(false);
    this.alive = false;
    this.handlers = new Map();
    this.generation += 1;
    this.host.engine.changed();
  }

  private select(app: string): boolean {
    const name = nameOf(app);
    if (!this.alive || !this.apps.includes(name)) return false;
    // Another application's tab reloads the shared frame with its page.
    this.app = name;
    this.documents?.ended(true);
    this.generation += 1;
    this.handlers = new Map();
    this.placement = this.portFor(this.generation);
    this.host.engine.changed();
    return true;
  }

  private postData(): Record<string, string> {
    const data: Record<string, string> = {};
    const status = this.slot.status() as Record<string, unknown>;
    for (const key of ['CALL_ID', 'PHONE_NUMBER', 'LINE_NUMBER', 'LINE_NAME', 'CRM_ENTITY_TYPE', 'CRM_ENTITY_ID', 'CRM_ACTIVITY_ID', 'CRM_BINDINGS', 'CALL_DIRECTION', 'CALL_STATE', 'CALL_LIST_MODE']) {
      postFields(key, status[key], data);
    }
    data['URI'] = this.frame.uri;
    return data;
  }

  private portFor(generation: number): FramePlacement {
    const current = (): boolean => this.alive && generation === this.generation;
    return {
      call: (command, params, callback) => this.receive(current, nameOf(command), params, callback),
      bindEvent: (event, handler) => {
        if (!current() || typeof handler !== 'function') return;
        const name = nameOf(event);
        this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
      },
      getInterface: (callback) => {
        if (!current() || typeof callback !== 'function') return;
        this.host.engine.later(() => callback({ command: [...CALL_CARD_TAB_COMMANDS], event: [...CALL_CARD_TAB_EVENTS] }));
      },
    };
  }

  private receive(current: () => boolean, command: string, params: unknown, callback: unknown): void {
    const entry: MutableTabCommand = { command, params, frame: this.frame.id, results: [], answered: false };
    this.host.logTabCommand(entry);
    if (!current()) return;
    this.host.engine.later(() => {
      if (!current()) return;
      const answer = this.run(command);
      if (answer === undefined) return;
      this.host.engine.later(() => {
        if (!current()) return;
        entry.results.push(answer);
        entry.answered = true;
        this.host.engine.changed();
        if (typeof callback === 'function') callback(answer);
      });
    });
  }

  /** Runs a command; undefined when no answer comes. */
  private run(command: string): unknown {
    const { slot } = this;
    const now = this.host.scheduler.now;
    switch (command) {
      case 'getStatus':
        return slot.status();
      case 'disableAutoClose':
        // Each call restarts the 65 s hold; a held-back close counts down from it again.
        slot.holdUntil = now + AUTO_CLOSE_HOLD_MS;
        if (slot.closeTimer !== null) {
          slot.closeTimer.cancelled = true;
          slot.closeTimer = this.host.scheduler.at(AUTO_CLOSE_HOLD_MS, () => slot.closeNow(slot));
        }
        this.host.engine.changed();
        return [];
      case 'enableAutoClose':
        if (slot.closeTimer !== null) {
          // During a countdown the card closes at once, and the frame goes with it: no answer.
          slot.closeNow(slot);
          return undefined;
        }
        slot.holdUntil = null;
        this.host.engine.changed();
        return [];
      default:
        // A command this placement does not have is ignored and never answered.
        return undefined;
    }
  }
}
