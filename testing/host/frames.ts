import type { AppFrame, FrameKind, PushDelivery, StartViaRestAnswer, StartViaRestRequest } from './portal.types';
import type { TabFrameHost } from './callCardTab';
import type { FakeFrame, FakePartition } from '../phone/fakePartition';
import { PortalWindow } from './window';

/** What a tab needs from its portal. */
export interface PortalCore extends TabFrameHost {
  readonly flagDelayMs: number;
  readonly callCardApps: readonly string[];
  /** The shared `localStorage` flag (v3 §7). */
  viExternalCard: string | false;
  /** The Bitrix24 desktop application runs for the user: no browser tab gets a card (v3 §7). */
  readonly desktopRunning: boolean;
  /** A card of `callId` closed in tab `tab`: the flag goes false and every other tab's card of the call auto-closes (v3 §7). */
  cardClosedIn(tab: number, callId: string): void;
  /** `voximplant.call.startViaRest` (v3 §12): the REST double's answer, or one made up. */
  startViaRest(request: StartViaRestRequest): StartViaRestAnswer;
  recordDelivery(delivery: PushDelivery): void;
  /** The storage partition every frame of the application shares (v3 §10). */
  readonly partition: FakePartition;
  /** A name unique among the portals that may share the partition, for its documents' ids. */
  readonly name: string;
}

/**
 * A frame's documents in the partition: each document is a frame of the fake partition
 * (`frame<id>#<n>`), killed when the document ends (a reload, a navigation, a closed tab or
 * slider), so its channels close and its locks pass on.
 */
export class FrameDocuments {
  private document: FakeFrame;
  private generation = 1;

  constructor(
    private readonly partition: FakePartition,
    private readonly label: string,
  ) {
    this.document = partition.frame(`${label}#1`);
  }

  /** The current document's handles; once the frame is gone, its last document's (killed: nothing reaches them). */
  get current(): FakeFrame {
    return this.document;
  }

  /** The document ended; `next` says whether a new one loads in the frame. */
  ended(next: boolean): void {
    this.partition.kill(this.document.id);
    if (!next) return;
    this.generation += 1;
    this.document = this.partition.frame(`${this.label}#${this.generation}`);
  }
}

/** A frame of a window the host runs a worker-side `BX24.placement` for: a worker, or the application's page. */
export interface WindowFrame {
  readonly window: PortalWindow;
  readonly frame: AppFrame;
}

/**
 * Loads one frame of the application in a window: a worker (with or without the
 * `CallCard*` commands) or the application's own page (placement `DEFAULT`, which has none).
 */
export function loadWindowFrame(core: PortalCore, where: { tab: number; slider: number | null; uri: string }, kind: Exclude<FrameKind, 'callCardTab'>, cardCommands: boolean): WindowFrame {
  let window: PortalWindow | undefined;
  const frame = core.addFrame((id) => {
    const made = new PortalWindow(id, core.engine, kind === 'worker' && cardCommands);
    window = made;
    const documents = new FrameDocuments(core.partition, `${core.name}/frame${id}`);
    made.documentEnded = (next) => documents.ended(next);
    return Object.freeze({
      id,
      kind,
      placementName: kind === 'worker' ? ('PAGE_BACKGROUND_WORKER' as const) : ('DEFAULT' as const),
      tab: where.tab,
      slider: where.slider,
      uri: where.uri,
      get alive() {
        return made.alive;
      },
      get placement() {
        return made.placement;
      },
      get partition() {
        return documents.current;
      },
    });
  });
  return { window: window as PortalWindow, frame };
}
