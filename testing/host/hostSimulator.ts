import { CARD_COMMAND_NAMES, EVENTS_OUTSIDE_BUTTONS, hostEventName, isCardEventName } from '../../protocol';
import type { CardCommandName, CardEventName, PlacementPort } from '../../protocol';
import { CardModel } from './card';
import type { CardView } from './card';
import { runCommand } from './commands';
import type { HostMode } from './commands';
import { FaultBook } from './faults';
import type { FaultKind, FaultSpec } from './faults';
import {
  buildEntityPayload,
  buildInitializedPayload,
  buildTransferPayload,
  copyPlainData,
  hostError,
  isNoPayloadEvent,
} from './payloads';
import type { EntityPayload, InitializedPayload, TransferKind } from './payloads';
import { isForced, nameOf, safely, textOf } from './safe';
import type { ClickOptions, ClickResult, CommandLogEntry, EmittedEvent, HostSimulator, HostSimulatorOptions } from './types';

type Handler = (data?: unknown, ...rest: unknown[]) => void;

interface MutableLogEntry {
  command: string;
  params: unknown;
  results: unknown[];
  answered: boolean;
  card: boolean;
  fault?: FaultKind;
  callbackErrors: unknown[];
}

interface MutableEmittedEvent {
  event: string;
  payload: unknown;
  args: unknown[];
  handlerErrors: unknown[];
}

/**
 * `settle()` stops after this many microtask turns with nothing pending and nothing new:
 * enough for an adapter's `await` chain between a callback and its next command.
 */
const QUIET_TURNS = 50;
/** A ceiling, so that an application that never stops sending cannot hang a test. */
const MAX_SETTLE_TURNS = 100_000;

/** The callback the desktop application passes after a no-payload event; calling it does nothing. */
function desktopEventCallback(): void {}

function isCommandName(value: string): value is CardCommandName {
  return (CARD_COMMAND_NAMES as readonly string[]).includes(value);
}

function boundName(event: string): string {
  return isCardEventName(event) ? hostEventName(event) : event;
}

class Simulator implements HostSimulator {
  readonly placement: PlacementPort;

  private currentCard: CardModel | null = null;
  private readonly commandLog: MutableLogEntry[] = [];
  private readonly emitted: MutableEmittedEvent[] = [];
  private readonly handlers = new Map<string, Handler[]>();
  private readonly listeners = new Set<() => void>();
  private readonly faults = new FaultBook();
  private now = 0;
  private calls = 0;
  private changes = 0;
  private pendingDeliveries = 0;
  private cachedView: { version: number; view: CardView | null } | null = null;

  constructor(readonly mode: HostMode) {
    this.placement = {
      call: (command, params, callback) => this.receive(command, params, callback),
      bindEvent: (event, handler) => this.bind(event, handler),
    };
  }

  get card(): CardView | null {
    if (this.cachedView?.version !== this.changes) {
      this.cachedView = { version: this.changes, view: this.currentCard?.view(this.now) ?? null };
    }
    return this.cachedView.view;
  }

  get log(): readonly CommandLogEntry[] {
    return this.commandLog;
  }

  get events(): readonly EmittedEvent[] {
    return this.emitted;
  }

  get version(): number {
    return this.changes;
  }

  raiseCall(call?: Partial<InitializedPayload>, options?: { entityFirst?: Partial<EntityPayload> }): void {
    this.calls += 1;
    const sequence = this.calls;
    const payload = safely(() => buildInitializedPayload(call, sequence), buildInitializedPayload(undefined, sequence));
    const entityFirst = safely(() => options?.entityFirst, undefined);
    // The old card goes first: an early `entityChanged` belongs to no card yet.
    this.currentCard = null;
    this.changed();
    if (entityFirst !== undefined) {
      this.emit('entityChanged', [safely(() => buildEntityPayload(entityFirst, payload), buildEntityPayload(undefined, payload))]);
    }
    this.currentCard = new CardModel(payload);
    this.changed();
    this.emit('initialized', [copyPlainData(payload)]);
  }

  click(event: CardEventName, payload?: unknown, options?: ClickOptions): ClickResult {
    if (!isCardEventName(event)) return { delivered: false, reason: `'${nameOf(event)}' is not a card event; use emitRaw` };
    const force = isForced(options);
    const card = this.currentCard;
    if (card === null && !force) return { delivered: false, reason: 'no card is open' };
    if (card !== null && !force && !(EVENTS_OUTSIDE_BUTTONS as readonly CardEventName[]).includes(event) && !card.shows(event)) {
      const shown = card.buttons().map((button) => button.event);
      return { delivered: false, reason: `the card in '${card.uiState}' shows no button emitting ${event} (shown: ${shown.join(', ') || 'none'})` };
    }
    if (event === 'closeButtonClick' && card !== null) {
      // The host closes the card itself before telling the application.
      this.currentCard = null;
      this.changed();
    }
    const args = this.mode === 'desktop' && isNoPayloadEvent(event) ? [payload, desktopEventCallback] : [payload];
    this.emit(event, args);
    return { delivered: true };
  }

  rate(stars: 1 | 2 | 3 | 4 | 5, options?: ClickOptions): ClickResult {
    return this.click('qualityMeterClick', textOf(stars), options);
  }

  transfer(target: string, kind: TransferKind = 'user', options?: ClickOptions): ClickResult {
    const card = this.currentCard;
    const payload = buildTransferPayload(textOf(target), kind, card?.appHasSpoken ?? false, card?.call.PHONE_NUMBER);
    return this.click('transferButtonClick', payload, options);
  }

  dial(key: string, options?: ClickOptions): ClickResult {
    return this.click('dialpadButtonClick', key, options);
  }

  mute(muted: boolean, options?: ClickOptions): ClickResult {
    return this.click('muteButtonClick', muted, options);
  }

  hold(held: boolean, options?: ClickOptions): ClickResult {
    return this.click('holdButtonClick', held, options);
  }

  comment(text: string, options?: ClickOptions): ClickResult {
    return this.click('addCommentButtonClick', text, options);
  }

  changeEntity(entity?: Partial<EntityPayload>, options?: ClickOptions): ClickResult {
    const call = this.currentCard?.call ?? null;
    return this.click('entityChanged', safely(() => buildEntityPayload(entity, call), buildEntityPayload(undefined, call)), options);
  }

  emitRaw(event: string, ...args: unknown[]): void {
    this.emit(nameOf(event), args);
  }

  autoClose(): void {
    if (this.currentCard === null) return;
    this.currentCard = null;
    this.changed();
  }

  tick(ms: number): void {
    const step = safely(() => Number(ms), Number.NaN);
    if (!Number.isFinite(step) || step <= 0) return;
    this.now += step;
    this.changed();
  }

  injectFault(fault: FaultSpec): void {
    safely(() => this.faults.inject(fault), undefined);
  }

  async settle(): Promise<void> {
    let quiet = 0;
    let seen = this.changes;
    for (let turn = 0; turn < MAX_SETTLE_TURNS && quiet < QUIET_TURNS; turn++) {
      await Promise.resolve();
      if (this.pendingDeliveries === 0 && this.changes === seen) {
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

  boundHandlerCount(event: string): number {
    return this.handlers.get(boundName(nameOf(event)))?.length ?? 0;
  }

  private bind(event: string, handler: Handler): void {
    if (typeof handler !== 'function') return;
    const name = nameOf(event);
    const list = this.handlers.get(name) ?? [];
    list.push(handler);
    this.handlers.set(name, list);
  }

  private receive(command: unknown, params: unknown, callback: unknown): void {
    const name = nameOf(command);
    const entry: MutableLogEntry = { command: name, params, results: [], answered: false, card: this.currentCard !== null, callbackErrors: [] };
    this.commandLog.push(entry);

    // Another placement or a misspelt command: the host's interface ignores it and never calls back.
    if (!isCommandName(name)) {
      this.changed();
      return;
    }

    const fault = this.faults.take(name);
    if (fault !== undefined) entry.fault = fault.kind;
    if (fault?.kind === 'throw') {
      this.changed();
      throw new Error(`Simulated fault: placement.call('${name}') threw`);
    }
    if (fault?.kind === 'error' || fault?.kind === 'bareError') {
      this.markSpoken();
      this.changed();
      const error = hostError(fault.errorCode);
      this.deliver(entry, callback, [fault.kind === 'error' ? [error] : error]);
      return;
    }

    this.markSpoken();
    let answers: readonly unknown[] = [];
    try {
      const outcome = runCommand(name, params, this.currentCard, this.mode, this.now);
      answers = outcome.answers;
      if (outcome.closesCard) this.currentCard = null;
    } catch {
      // Should the host's own code fail on some input, it answers nothing, like a handler that throws in the page.
      answers = [];
    }
    this.changed();
    if (fault?.kind === 'noCallback') return;
    this.deliver(entry, callback, fault?.kind === 'doubleCallback' ? [...answers, []] : answers);
  }

  private markSpoken(): void {
    if (this.currentCard !== null) this.currentCard.appHasSpoken = true;
  }

  /** Calls back later, as the answer comes over `postMessage`; `Promise` rather than `queueMicrotask`, which Jest's fake timers replace. */
  private deliver(entry: MutableLogEntry, callback: unknown, answers: readonly unknown[]): void {
    if (answers.length === 0) return;
    this.pendingDeliveries += 1;
    void Promise.resolve().then(() => {
      this.pendingDeliveries -= 1;
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

  private emit(event: string, args: unknown[]): void {
    const record: MutableEmittedEvent = { event, payload: args[0], args, handlerErrors: [] };
    this.emitted.push(record);
    this.changed();
    // A copy: a handler that binds another handler must not make this event reach it.
    const handlers = [...(this.handlers.get(boundName(event)) ?? [])];
    for (const handler of handlers) {
      try {
        handler(...args);
      } catch (error) {
        record.handlerErrors.push(error);
      }
    }
  }

  private changed(): void {
    this.changes += 1;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch {
        // A broken UI listener must not break the host.
      }
    }
  }
}

/**
 * Creates an in-memory Bitrix24 host for the call card (host-behaviour.md), in browser
 * mode unless `options.mode` is `'desktop'`.
 */
export function createHostSimulator(options?: HostSimulatorOptions): HostSimulator {
  return new Simulator(options?.mode === 'desktop' ? 'desktop' : 'browser');
}
