import { createPhone, type Phone, type PhoneDiagnostic, type PhoneState } from '../../../adapters/phone';
import { createPortalDouble, type AppFrame, type PortalDouble, type PortalTab } from '../../../testing/host';
import { createRecordingSoftphone } from '../../../testing/softphone';

/**
 * The many-frames playground's world: the portal double (`createPortalDouble`) with two portal
 * tabs and the application's own page as a third tab (the phone tab), every application frame
 * running `createPhone` with the same options, as an integrator's would, on the portal's
 * storage partition (`BroadcastChannel`, Web Locks, `localStorage`: the fake one the double
 * keeps, so closing or navigating a tab really ends its frames' channels and locks). A real-time
 * driver moves the host's clock and the partition's together.
 */
export interface FramePhone {
  readonly frame: AppFrame;
  readonly phone: Phone;
  /** `worker` for a tab's worker, `phoneTab` for the application's own page. */
  readonly kind: 'worker' | 'phoneTab';
}

export interface TabsWorld {
  readonly portal: PortalDouble;
  /** The two portal tabs and the phone tab, in the order shown (a reopened tab takes its column back). */
  readonly columns: ReadonlyArray<PortalTab | null>;
  /** The phones of the frames now alive in a column's tab. */
  phonesOf(column: number): readonly FramePhone[];
  /** The phone that owns now, if any. */
  owner(): FramePhone | null;
  /** What the phones reported, newest last (bounded). */
  readonly diagnostics: ReadonlyArray<{ readonly frame: string; readonly diagnostic: PhoneDiagnostic }>;
  /**
   * A new call: it starts in the owner first (its softphone rings; `phone.beforeNewCall()`, SC-T4:
   * a card held open by its tab is released and closed), then the portal pushes it to every tab
   * (`showExternalCall`): the card shows in whichever tabs build it. Resolves with its CALL_ID.
   */
  push(): Promise<string>;
  /** The network side: the owner's softphone connected the call. */
  connected(): void;
  /** Closes, navigates or (when closed) opens again the tab of a column. */
  close(column: number): void;
  navigate(column: number): void;
  reopen(column: number): void;
  /** Moves both clocks by `ms` now (the browser test's steps); the real-time driver does it every 100 ms otherwise. */
  advance(ms: number): Promise<void>;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

export const IDENTITY = { memberId: 'playground', userId: 7 };
/**
 * When the push reaches each column's tab: the first at once, the others after the host's
 * 100 ms flag (host-behaviour v3 §7 measured 104–274 ms), so the card shows in tab 1 and the
 * phone runs in the phone tab. A tab opened again keeps its column's delay.
 */
const PUSH_DELAYS_MS = [0, 150, 200];
const openColumn = (portal: PortalDouble, column: number): PortalTab => portal.openTab({ pushDelayMs: PUSH_DELAYS_MS[column] ?? 0, ...(column === 2 ? { page: 'app' as const } : {}) });
const STEP_MS = 100;

export function createTabsWorld(options: { realTime: boolean }): TabsWorld {
  const portal = createPortalDouble({ tabs: 0 });
  const phones = new Map<number, FramePhone>();
  const listeners = new Set<() => void>();
  const diagnostics: Array<{ frame: string; diagnostic: PhoneDiagnostic }> = [];
  const changed = (): void => listeners.forEach((listener) => listener());
  let calls = 0;

  portal.onFrame((frame) => {
    if (frame.kind === 'callCardTab') return;
    const kind = frame.kind === 'appPage' ? 'phoneTab' : 'worker';
    const name = `${kind === 'phoneTab' ? 'phone' : 'worker'}#${frame.id}`;
    const phone = createPhone({
      identity: IDENTITY,
      kind,
      // The application's own page shows no card: the tab's worker holds the card of that tab.
      placement: kind === 'worker' ? frame.placement : null,
      createSoftphone: () => createRecordingSoftphone(),
      onDiagnostic: (diagnostic) => {
        diagnostics.push({ frame: name, diagnostic });
        if (diagnostics.length > 200) diagnostics.shift();
        changed();
      },
      platform: { frameId: name, channel: frame.partition.channel, locks: frame.partition.locks, storage: portal.partition.storage, clock: frame.partition.clock, tab: `tab${frame.tab}` },
      timings: { heartbeatMs: 1_000, silenceMs: 10_000, handoverTimeoutMs: 5_000 },
    });
    phone.subscribe((_state: PhoneState) => changed());
    phones.set(frame.id, { frame, phone, kind });
    changed();
  });

  const columns: Array<PortalTab | null> = [0, 1, 2].map((column) => openColumn(portal, column));
  const alive = (): FramePhone[] => [...phones.values()].filter((entry) => entry.frame.alive);

  let busy = false;
  const settle = async (): Promise<void> => {
    for (let round = 0; round < 4; round += 1) {
      await portal.settle();
      await portal.partition.settle();
    }
  };
  const advance = async (ms: number): Promise<void> => {
    await portal.partition.advance(ms);
    portal.tick(ms);
    await settle();
    changed();
  };
  const timer = options.realTime
    ? setInterval(() => {
        if (busy) return;
        busy = true;
        void advance(STEP_MS).finally(() => (busy = false));
      }, STEP_MS)
    : null;

  return {
    portal,
    columns,
    phonesOf: (column) => alive().filter((entry) => columns[column] !== null && entry.frame.tab === columns[column]!.index),
    owner: () => alive().find((entry) => entry.phone.session !== null) ?? null,
    diagnostics,
    async push() {
      // The new call reaches the owner's softphone before the portal's push (its register comes
      // after the INVITE): a card held for its tab's form must close first, or the host drops the new card.
      alive()
        .find((entry) => entry.phone.session !== null)
        ?.phone.beforeNewCall();
      await settle();
      calls += 1;
      const callId = portal.push({ PHONE_NUMBER: `+49301234${String(calls).padStart(3, '0')}` });
      changed();
      return callId;
    },
    connected() {
      alive()
        .find((entry) => entry.phone.session !== null)
        ?.phone.session?.card.send({ type: 'phone.connected' });
      changed();
    },
    close(column) {
      columns[column]?.close();
      columns[column] = null;
      changed();
    },
    navigate(column) {
      const tab = columns[column];
      if (tab) tab.navigate(tab.page);
      changed();
    },
    reopen(column) {
      if (columns[column] === null) columns[column] = openColumn(portal, column);
      changed();
    },
    advance,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      if (timer !== null) clearInterval(timer);
      for (const entry of phones.values()) void entry.phone.stop();
      listeners.clear();
    },
  };
}
