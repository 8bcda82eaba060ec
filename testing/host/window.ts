import { CARD_COMMAND_NAMES, CARD_EVENT_NAMES, hostEventName, isCardEventName } from '../../protocol';
import type { PlacementPort } from '../../protocol';
import type { CardModel } from './card';
import { nameOf } from './safe';
import type { HostWindow, WireListener, WireMessage } from './types';

/** A handler as the host calls it. */
export type Handler = (data?: unknown, ...rest: unknown[]) => void;

/** Where a window sends what its worker frame does: the simulator. */
export interface WindowHub {
  receive(window: PortalWindow, worker: number, command: unknown, params: unknown, callback: unknown): void;
  changed(): void;
}

/** `BX24.placement` with `getInterface`, as every application frame has it. */
export interface FramePlacement extends PlacementPort {
  /** Calls back with `{command, event}`: the commands and events this window really has (host-behaviour.md §7). */
  getInterface(callback: (result: unknown) => void): void;
}

/**
 * The worker's events, as `getInterface` lists them where the phone controller was built: the
 * host pushes all 17 `BackgroundCallCard::*` names into the placement's interface, and applayout
 * binds only a listed name.
 */
const WORKER_EVENTS: readonly string[] = CARD_EVENT_NAMES.map(hostEventName);

function boundName(event: string): string {
  return isCardEventName(event) ? hostEventName(event) : event;
}

/** One handler the host keeps: the frame and the callback id it was bound with. */
interface Binding {
  readonly worker: number;
  readonly id: number;
  readonly name: string;
  readonly handler: Handler;
}

/**
 * One portal window (a tab or a slider): its host page, with its own worker object and
 * the flag that decides the transfer payload, and its worker frame, which can be
 * replaced (host-behaviour.md §6, §7). The host keeps every binding a frame made, also
 * after the frame is reloaded: each copy goes down the wire, and the frame library drops
 * the ones bound by an older frame (v3 §6).
 */
export class PortalWindow {
  /** Which worker frame is current; a port made for an older one reaches nothing. */
  worker = 1;
  /** Whether any of the 9 commands has reached this host since the page loaded. */
  appHasSpoken = false;
  /** The card this window's host holds: live, or disposed by Esc (then the operator no longer sees it). */
  card: CardModel | null = null;
  /** False once the page or slider it belongs to is gone: its port reaches nothing. */
  alive = true;
  placement: FramePlacement;
  /** Told when the current frame's document ends: `next` for a reload (a new document loads), false when the window ends. */
  documentEnded: ((next: boolean) => void) | null = null;
  /** What the simulator's users see of this window: read-only, no way to reach the card model. */
  readonly face: HostWindow;
  private bindings: Binding[] = [];
  private nextBinding = 1;
  private readonly wireListeners = new Set<WireListener>();

  /**
   * @param cardCommands whether the window has the `CallCard*` commands (a phone controller
   * was built there); a window without them never answers them (v3 §7).
   */
  constructor(
    readonly index: number,
    private readonly hub: WindowHub,
    readonly cardCommands = true,
  ) {
    this.placement = this.portFor(this.worker);
    const self = this;
    this.face = Object.freeze({
      index,
      get placement() {
        return self.placement;
      },
      get worker() {
        return self.worker;
      },
      get appHasSpoken() {
        return self.appHasSpoken;
      },
      get showsCard() {
        return self.showsCard;
      },
      reloadWorker: () => self.reloadWorker(),
      boundHandlerCount: (event: string) => self.boundHandlerCount(event),
      staleBindingCount: (event: string) => self.staleBindingCount(event),
      onWire: (listener: WireListener) => self.onWire(listener),
    });
  }

  get showsCard(): boolean {
    return this.card !== null && !this.card.disposed && !this.card.folded;
  }

  reloadWorker(): PlacementPort {
    if (!this.alive) return this.placement;
    this.documentEnded?.(true);
    this.worker += 1;
    // The host page, its card, its flag and the old frame's bindings stay (v3 §6).
    this.placement = this.portFor(this.worker);
    this.hub.changed();
    return this.placement;
  }

  /** The page or slider is gone: nothing reaches its frame any more. */
  destroy(): void {
    if (this.alive) this.documentEnded?.(false);
    this.alive = false;
    this.card = null;
    this.bindings = [];
    this.worker += 1;
  }

  boundHandlerCount(event: string): number {
    const name = boundName(nameOf(event));
    return this.bindings.filter((binding) => binding.worker === this.worker && binding.name === name).length;
  }

  /** Bindings for `event` that frames replaced by a reload left in the host (v3 §6). */
  staleBindingCount(event: string): number {
    const name = boundName(nameOf(event));
    return this.bindings.filter((binding) => binding.worker !== this.worker && binding.name === name).length;
  }

  /** Every copy the host posts for one event goes to `listener`, stale ones included. Returns the unsubscribe function. */
  onWire(listener: WireListener): () => void {
    if (typeof listener !== 'function') return () => {};
    const entry: WireListener = (message) => listener(message);
    this.wireListeners.add(entry);
    return () => this.wireListeners.delete(entry);
  }

  /**
   * The handlers the frame library of the current frame calls for `event`: one per binding
   * the current frame made (the stale copies are posted on the wire, then dropped).
   * Copied, so that a handler that binds another does not make this event reach it.
   */
  handlersFor(event: string, args: readonly unknown[]): Handler[] {
    const name = boundName(event);
    const current: Handler[] = [];
    for (const binding of this.bindings.filter((b) => b.name === name)) {
      const message: WireMessage = Object.freeze({ event: name, args, bindingId: binding.id, bindingWorker: binding.worker, stale: binding.worker !== this.worker });
      for (const listener of [...this.wireListeners]) {
        try {
          listener(message);
        } catch {
          // A broken wire listener must not break the host.
        }
      }
      if (!message.stale) current.push(binding.handler);
    }
    return current;
  }

  /** What `getInterface` answers here (host-behaviour.md §7). */
  interfaceOf(): { command: string[]; event: string[] } {
    return this.cardCommands ? { command: [...CARD_COMMAND_NAMES], event: [...WORKER_EVENTS] } : { command: [], event: [] };
  }

  private portFor(worker: number): FramePlacement {
    return {
      call: (command, params, callback) => this.hub.receive(this, worker, command, params, callback),
      bindEvent: (event, handler) => {
        if (worker !== this.worker || !this.alive || typeof handler !== 'function') return;
        // applayout binds only what the window's interface lists: a slider without the card's interface binds nothing.
        const name = nameOf(event);
        if (!this.interfaceOf().event.includes(boundName(name))) return;
        this.bindings.push({ worker, id: this.nextBinding++, name, handler });
      },
      getInterface: (callback) => {
        if (worker !== this.worker || !this.alive || typeof callback !== 'function') return;
        const answer = this.interfaceOf();
        void Promise.resolve().then(() => {
          try {
            callback(answer);
          } catch {
            // The application's callback threw: nothing for the host to do.
          }
        });
      },
    };
  }
}
