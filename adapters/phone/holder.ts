import { CARD_EVENT_NAMES, hostEventName, type CardEventName } from '../../protocol/events';
import type { PlacementPort } from '../../protocol/placement';
import { INVALID_UI_STATE_ERROR, PROBE_UI_STATE } from '../../protocol/commands';
import type { FrameMessage, PhoneBus } from './bus';

/**
 * A frame's part as a **card holder** (statechart SC-F3): the host picks the window that shows
 * the card (host-behaviour §7), and only that window hears the card's events and can command
 * it. Every frame whose window has the `CallCard*` commands binds the 17 events once, hands
 * each event to the owner in order, and carries out the owner's commands on its own
 * `BX24.placement`, returning each answer as the host gave it (a second callback too).
 * It loads no statechart: this is what a frame that does not own runs.
 */
export interface CardHolder {
  /** The `CALL_ID` of the last card this window showed, while it may still be open. */
  readonly callId: string | null;
  /** Closes this window's card if it shows call `callId` (see {@link closeCardShown}). */
  closeShown(callId: string): void;
  /** Relays events this frame heard before any owner was known (bounded, oldest dropped and reported). */
  flush(owner: string): void;
  stop(): void;
}

export interface CardHolderOptions {
  readonly bus: PhoneBus;
  /** This frame's `BX24.placement`. */
  readonly placement: PlacementPort;
  /** The tab this frame lives in (kept across a reload of the frame): sent with each event. */
  readonly tab: string;
  /** The owner this frame knows of (its frame id), or null before one is heard. */
  ownerFrame(): string | null;
  /** A card event in this frame's own window, when this frame is the owner (no bus hop). */
  readonly local?: (name: CardEventName, payload: unknown, holder: string) => void;
  /** An event the holder had to drop (too many waiting for an owner). */
  onDropped(name: CardEventName): void;
  /** How many events wait for an owner at most. */
  readonly maxWaiting: number;
  /**
   * Called once at start when the probe finds a card already open in this window (a reloaded
   * frame: the host keeps the card and sends no `initialized` again, host-behaviour §6).
   */
  onCardFound?(): void;
}

/** The host payload as it can cross frames: a value the structured clone keeps, or a marker the owner reports. */
function cloneable(payload: unknown): unknown {
  try {
    return structuredClone(payload);
  } catch {
    return { unreadable: String(payload).slice(0, 200) };
  }
}

export function createCardHolder(options: CardHolderOptions): CardHolder {
  const { bus, placement } = options;
  let callId: string | null = null;
  let seq = 0;
  let stopped = false;
  const waiting: Array<{ name: CardEventName; payload: unknown; seq: number }> = [];

  const send = (owner: string, name: CardEventName, payload: unknown, at: number): void => {
    if (owner === bus.frameId) options.local?.(name, payload, bus.frameId);
    else bus.post('card.event', { name, payload, seq: at, tab: options.tab }, owner);
  };

  for (const name of CARD_EVENT_NAMES) {
    placement.bindEvent(hostEventName(name), (data?: unknown) => {
      if (stopped) return;
      if (name === 'initialized') {
        const raw = (data as { CALL_ID?: unknown } | null | undefined)?.CALL_ID;
        callId = typeof raw === 'string' ? raw.slice(0, 256) : null;
      }
      seq += 1;
      const payload = cloneable(data);
      const owner = options.ownerFrame();
      if (owner === null) {
        waiting.push({ name, payload, seq });
        if (waiting.length > options.maxWaiting) options.onDropped(waiting.shift()!.name);
        return;
      }
      send(owner, name, payload, seq);
    });
  }

  if (options.onCardFound) {
    // The side-effect-free probe (host-behaviour §4): an unknown UI state name answers `Invalid ui state` only while a card is open.
    try {
      placement.call('CallCardSetUiState', { uiState: PROBE_UI_STATE }, (result: unknown) => {
        const first = Array.isArray(result) ? result[0] : result;
        if (!stopped && (first as { errorCode?: unknown } | null)?.errorCode === INVALID_UI_STATE_ERROR) options.onCardFound?.();
      });
    } catch {
      // A placement that throws has no card to find.
    }
  }

  const unsubscribe = bus.subscribe((message: FrameMessage) => {
    if (!stopped && message.kind === 'card.close' && typeof message.body.callId === 'string') closeShown(message.body.callId);
    if (stopped || message.kind !== 'card.command') return;
    const { id, command, params } = message.body;
    if (typeof id !== 'number' || typeof command !== 'string' || !command.startsWith('CallCard') || command.length > 64) return;
    try {
      placement.call(command, params, (result: unknown) => {
        if (!stopped) bus.post('card.answer', { id, result: cloneable(result) }, message.from);
      });
    } catch (error) {
      bus.post('card.answer', { id, result: { result: 'error', errorCode: `placement.call threw: ${String(error).slice(0, 200)}` } }, message.from);
    }
  });

  /** Closes this window's card when it shows call `id` (answers nobody: the owner that asked is not waiting). */
  const closeShown = (id: string): void => {
    if (callId === null || callId !== id) return;
    try {
      placement.call('CallCardClose', undefined, () => undefined);
    } catch {
      // A placement that throws has no card to close.
    }
  };

  return {
    get callId() {
      return callId;
    },
    closeShown,
    flush(owner) {
      for (const event of waiting.splice(0)) send(owner, event.name, event.payload, event.seq);
    },
    stop() {
      stopped = true;
      unsubscribe();
    },
  };
}

/** Closes the card of `callId` wherever it shows: this frame's window, and every other frame's (`card.close`). */
export function closeCardShown(bus: PhoneBus, holder: CardHolder | null, callId: string): void {
  holder?.closeShown(callId);
  bus.post('card.close', { callId });
}
