import { CARD_COMMAND_NAMES } from '../../protocol';
import type { CardCommandName } from '../../protocol';
import type { CardModel } from './card';
import { runCommand } from './commands';
import type { HostBuild } from './commands';
import { FaultBook } from './faults';
import type { FaultHit, FaultSpec } from './faults';
import { hostError } from './payloads';
import { nameOf, safely } from './safe';
import type { CommandLogEntry, EmittedEvent, NoDataShape } from './types';
import type { PortalWindow, WindowHub } from './window';

interface MutableLogEntry {
  command: string;
  params: unknown;
  results: unknown[];
  answered: boolean;
  card: boolean;
  window: number;
  worker: number;
  stale: boolean;
  landed: boolean;
  fault?: FaultHit['kind'];
  callbackErrors: unknown[];
}

interface MutableEmittedEvent {
  event: string;
  payload: unknown;
  args: unknown[];
  window: number;
  handlerErrors: unknown[];
}

/** Someone who can hear a delivery: a bound handler, or a frame's own listener. */
export type Receiver = (...args: unknown[]) => void;

/**
 * `settle()` stops after this many microtask turns with nothing pending and nothing new:
 * enough for an adapter's `await` chain between a callback and its next command.
 */
const QUIET_TURNS = 50;
/** A ceiling, so that an application that never stops sending cannot hang a test. */
const MAX_SETTLE_TURNS = 100_000;

function isCommandName(value: string): value is CardCommandName {
  return (CARD_COMMAND_NAMES as readonly string[]).includes(value);
}

/** What the host around the engine decides: the simulator's one host, or one portal tab's. */
export interface EngineHooks {
  /** `CallCardClose` (or any command that closes) took `card` away from `window`. */
  cardClosedByCommand(window: PortalWindow, card: CardModel): void;
}

/**
 * The host's side of the wire, shared by the simulator and the portal double: commands
 * land one postMessage hop after `placement.call` and are answered one hop later
 * (host-behaviour.md §2, §4), events reach the bound handlers at once; everything is
 * logged, and faults can be injected.
 */
export class HostEngine implements WindowHub {
  readonly commandLog: MutableLogEntry[] = [];
  readonly emitted: MutableEmittedEvent[] = [];
  readonly faults = new FaultBook();
  hooks: EngineHooks = { cardClosedByCommand: () => undefined };
  /** The simulated clock, in ms. */
  clock = 0;
  /** Counts every change; a UI can use it as its snapshot key. */
  changes = 0;
  /** Commands sent so far, in any window: a card raised after the n-th knows older ones were on their way. */
  sent = 0;
  private pending = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly build: HostBuild,
    readonly noData: NoDataShape,
  ) {}

  get log(): readonly CommandLogEntry[] {
    return this.commandLog;
  }

  get events(): readonly EmittedEvent[] {
    return this.emitted;
  }

  /** A fresh no-data value each time, so that a handler mutating one cannot corrupt the next. */
  noDataValue(): unknown {
    if (this.noData === 'emptyString') return '';
    if (this.noData === 'emptyArray') return [];
    return undefined;
  }

  receive(window: PortalWindow, worker: number, command: unknown, params: unknown, callback: unknown): void {
    const name = nameOf(command);
    const stale = worker !== window.worker || !window.alive;
    const entry: MutableLogEntry = { command: name, params, results: [], answered: false, card: window.card !== null, window: window.index, worker, stale, landed: false, callbackErrors: [] };
    this.sent += 1;
    const sentAs = this.sent;
    this.commandLog.push(entry);
    // A replaced frame reaches nothing; a misspelt command, another placement's, or one this
    // window does not have (a slider with no phone controller, v3 §7) is ignored and never answered.
    if (stale || !isCommandName(name) || !window.cardCommands) {
      this.changed();
      return;
    }
    const fault = this.faults.take(name);
    if (fault !== undefined) entry.fault = fault.kind;
    if (fault?.kind === 'throw') {
      this.changed();
      throw new Error(`Simulated fault: placement.call('${name}') threw`);
    }
    this.changed();
    // The command reaches the host one postMessage hop later: until then the card is as it was (§2).
    this.later(() => this.land(window, worker, entry, sentAs, name, params, callback, fault));
  }

  private land(window: PortalWindow, worker: number, entry: MutableLogEntry, sentAs: number, name: CardCommandName, params: unknown, callback: unknown, fault: FaultHit | undefined): void {
    if (!window.alive) {
      entry.stale = true;
      this.changed();
      return;
    }
    window.appHasSpoken = true;
    // A command sent before this card was raised was on its way while the host built it: it
    // finds none (§1.2). Only an external card answers the worker (v3 §12).
    const held = window.card;
    const card = held !== null && held.external && held.raisedAfter < sentAs ? held : null;
    entry.card = card !== null;
    entry.landed = true;
    if (card !== null) card.driven = true;
    if (fault?.kind === 'error' || fault?.kind === 'bareError') {
      this.changed();
      const error = hostError(fault.errorCode);
      this.deliver(window, worker, entry, callback, [fault.kind === 'error' ? [error] : error]);
      return;
    }
    let answers: readonly unknown[] = [];
    try {
      const outcome = runCommand(name, params, card, this.build, this.clock);
      answers = outcome.answers;
      if (outcome.closesCard && card !== null && window.card === card) {
        window.card = null;
        this.hooks.cardClosedByCommand(window, card);
      }
    } catch {
      // Should the host's own code fail on some input, it answers nothing, like a handler that throws in the page.
      answers = [];
    }
    this.changed();
    if (fault?.kind === 'noCallback') return;
    this.deliver(window, worker, entry, callback, fault?.kind === 'doubleCallback' ? [...answers, []] : answers);
  }

  /** Calls back one hop later; `Promise` rather than `queueMicrotask`, which Jest's fake timers replace. */
  private deliver(window: PortalWindow, worker: number, entry: MutableLogEntry, callback: unknown, answers: readonly unknown[]): void {
    if (answers.length === 0) return;
    this.later(() => {
      // The frame that asked was replaced meanwhile: the answer has nobody to reach.
      if (window.worker !== worker || !window.alive) {
        entry.stale = true;
        this.changed();
        return;
      }
      for (const answer of answers) {
        entry.results.push(answer);
        entry.answered = true;
        this.changed();
        if (typeof callback !== 'function') continue;
        try {
          callback(answer);
        } catch (error) {
          entry.callbackErrors.push(error);
        }
      }
    });
  }

  /** Runs `step` one postMessage hop later, counted so that `settle` waits for it. */
  later(step: () => void): void {
    this.pending += 1;
    void Promise.resolve().then(() => {
      this.pending -= 1;
      try {
        step();
      } catch {
        // The double never throws at its caller from a hop: a step that failed did nothing more.
      }
    });
  }

  /** Sends `event` to the current frame of `window` (the stale copies go down the wire only) and logs it. */
  emit(window: PortalWindow, event: string, args: unknown[]): void {
    const record: MutableEmittedEvent = { event, payload: args[0], args, window: window.index, handlerErrors: [] };
    this.emitted.push(record);
    this.changed();
    if (!window.alive) return;
    for (const handler of window.handlersFor(event, args)) {
      try {
        handler(...args);
      } catch (error) {
        record.handlerErrors.push(error);
      }
    }
  }

  /** Logs an event sent to a frame index that is not a worker window (a `CALL_CARD` tab), and delivers it to `receivers`. */
  emitTo(index: number, event: string, args: unknown[], receivers: readonly Receiver[]): void {
    const record: MutableEmittedEvent = { event, payload: args[0], args, window: index, handlerErrors: [] };
    this.emitted.push(record);
    this.changed();
    for (const receiver of receivers) {
      try {
        receiver(...args);
      } catch (error) {
        record.handlerErrors.push(error);
      }
    }
  }

  changed(): void {
    this.changes += 1;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A broken UI listener must not break the host.
      }
    }
  }

  injectFault(fault: FaultSpec): void {
    safely(() => this.faults.inject(fault), undefined);
  }

  async settle(): Promise<void> {
    let quiet = 0;
    let seen = this.changes;
    for (let turn = 0; turn < MAX_SETTLE_TURNS && quiet < QUIET_TURNS; turn++) {
      await Promise.resolve();
      if (this.pending === 0 && this.changes === seen) {
        quiet += 1;
      } else {
        quiet = 0;
        seen = this.changes;
      }
    }
  }

  subscribe(listener: () => void): () => void {
    if (typeof listener !== 'function') return () => {};
    // Wrapped, so that subscribing the same function twice gives two independent subscriptions.
    const entry = (): void => listener();
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }
}
