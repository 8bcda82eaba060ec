import { hostEventName, isCardEventName } from '../../protocol';
import type { PlacementPort } from '../../protocol';
import type { CardModel } from './card';
import { nameOf } from './safe';
import type { HostWindow } from './types';

/** A handler as the host calls it. */
export type Handler = (data?: unknown, ...rest: unknown[]) => void;

/** Where a window sends what its worker frame does: the simulator. */
export interface WindowHub {
  receive(window: PortalWindow, worker: number, command: unknown, params: unknown, callback: unknown): void;
  changed(): void;
}

function boundName(event: string): string {
  return isCardEventName(event) ? hostEventName(event) : event;
}

/**
 * One portal window (a tab or a slider): its host page, with its own worker object and
 * the flag that decides the transfer payload, and its worker frame, which can be
 * replaced (host-behaviour.md §6, §7).
 */
export class PortalWindow {
  /** Which worker frame is current; a port made for an older one reaches nothing. */
  worker = 1;
  /** Whether any of the 9 commands has reached this host since the page loaded. */
  appHasSpoken = false;
  /** The card this window's host holds: live, or disposed by Esc (then the operator no longer sees it). */
  card: CardModel | null = null;
  placement: PlacementPort;
  /** What the simulator's users see of this window: read-only, no way to reach the card model. */
  readonly face: HostWindow;
  private handlers = new Map<string, Handler[]>();

  constructor(
    readonly index: number,
    private readonly hub: WindowHub,
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
    });
  }

  get showsCard(): boolean {
    return this.card !== null && !this.card.disposed;
  }

  reloadWorker(): PlacementPort {
    this.worker += 1;
    // The old frame's bindings die with it; the host page, its card and its flag stay.
    this.handlers = new Map();
    this.placement = this.portFor(this.worker);
    this.hub.changed();
    return this.placement;
  }

  boundHandlerCount(event: string): number {
    return this.handlers.get(boundName(nameOf(event)))?.length ?? 0;
  }

  /** The current worker's handlers for `event`, copied: a handler that binds another must not make this event reach it. */
  handlersFor(event: string): Handler[] {
    return [...(this.handlers.get(boundName(event)) ?? [])];
  }

  private portFor(worker: number): PlacementPort {
    return {
      call: (command, params, callback) => this.hub.receive(this, worker, command, params, callback),
      bindEvent: (event, handler) => {
        if (worker !== this.worker || typeof handler !== 'function') return;
        const name = nameOf(event);
        const list = this.handlers.get(name) ?? [];
        list.push(handler);
        this.handlers.set(name, list);
      },
    };
  }
}
