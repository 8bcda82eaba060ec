import exampleTab from '../../../examples/tab.html';
import { createCallCardTab, type CallCardTab, type CallCardTabOptions } from '../../../adapters/tab';
import type { AppFrame, PortalDouble } from '../../../testing/host';
import { h } from '../dom';

/**
 * The card's side bar in the many-frames playground: each `CALL_CARD` frame of the portal double
 * (host-behaviour v3 §11: it exists once the card has its CRM layout) shows `examples/tab.html`
 * itself — its markup and its script, not a copy — in an iframe. Only what that page loads from
 * outside is given by the playground: `BX24` (the frame's placement of the double) and
 * `B24CallCardTab`, whose `createCallCardTab` is the package's own, run on the portal's storage
 * partition (the same fake one every frame's `createPhone` uses), as the script-tag build runs on
 * the browser's.
 */

/** The scripts examples/tab.html loads: Bitrix24's library and the two script-tag builds. */
const LOADERS = ['<script src="https://api.bitrix24.com/api/v1/"></script>', '<script src="b24-call-card-phone.min.js"></script>', '<script src="b24-call-card-tab.min.js"></script>'];
/** The user id the example's server would render (its placeholder is 1). */
const USER_ATTRIBUTE = 'data-user-id="1"';

/** What a tab's iframe asks its parent for (`parent.playgroundCardTab(frameId)`). */
interface FrameGlobals {
  readonly BX24: { init(ready: () => void): void; readonly placement: AppFrame['placement']; getAuth(): { member_id: string } };
  readonly B24CallCardTab: { createCallCardTab(options: Omit<CallCardTabOptions, 'platform'>): CallCardTab };
}

/** examples/tab.html for frame `id`: its loaders replaced by one script that takes the globals from the playground; null if the example no longer has them. */
export function exampleFor(id: number, userId: number): string | null {
  if (!LOADERS.every((loader) => exampleTab.includes(loader)) || !exampleTab.includes(USER_ATTRIBUTE)) return null;
  const globals = `<script>var given = parent.playgroundCardTab(${id}); window.BX24 = given.BX24; window.B24CallCardTab = given.B24CallCardTab;</script>`;
  return LOADERS.reduce((page, loader, index) => page.replace(loader, index === 0 ? globals : ''), exampleTab).replace(USER_ATTRIBUTE, `data-user-id="${userId}"`);
}

export interface CardTabSideBar {
  /** The persistent element (outside the re-rendered grid: moving an iframe would reload it). */
  readonly element: HTMLElement;
  /** Adds the iframes of new `CALL_CARD` frames and removes those of frames the host removed. */
  sync(): void;
}

export function createCardTabSideBar(portal: PortalDouble, identity: CallCardTabOptions['identity'], columnOf: (portalTab: number) => number): CardTabSideBar {
  const list = h('div', { class: 'card-tabs' });
  const empty = h('p', { class: 'hint' }, "No card has its tab: raise a call, then load its CRM block (the host adds the CALL_CARD tab with the CRM layout).");
  const element = h('section', { class: 'panel card-tab-bar', testid: 'card-tab-bar', label: "The card's tab" }, h('h2', {}, "The card's tab (CALL_CARD): examples/tab.html"), empty, list);
  const shown = new Map<number, { frame: AppFrame; view: HTMLElement; tab: CallCardTab | null }>();

  const globalsFor = (id: number): FrameGlobals => {
    const entry = shown.get(id);
    if (entry === undefined) throw new TypeError(`no CALL_CARD frame ${id}`);
    const { frame } = entry;
    return {
      BX24: { init: (ready) => ready(), placement: frame.placement, getAuth: () => ({ member_id: identity.memberId }) },
      B24CallCardTab: {
        createCallCardTab: (options) => {
          entry.tab = createCallCardTab({ ...options, platform: { frameId: `cardTab#${frame.id}`, channel: frame.partition.channel, locks: frame.partition.locks, storage: portal.partition.storage, clock: frame.partition.clock } });
          return entry.tab;
        },
      },
    };
  };
  Object.assign(window, { playgroundCardTab: globalsFor });

  const add = (frame: AppFrame): void => {
    const page = exampleFor(frame.id, identity.userId);
    const iframe = h('iframe', { testid: `card-tab-frame-${columnOf(frame.tab)}`, title: "The card's tab", attrs: { name: `cardTab${frame.id}` } });
    const view = h('div', { class: 'card-tab' }, h('h3', {}, `In portal tab ${columnOf(frame.tab) + 1}'s card (frame ${frame.id})`), page === null ? h('p', {}, 'examples/tab.html no longer loads its scripts as the playground expects: see playground/src/tabs/cardTab.ts.') : iframe);
    shown.set(frame.id, { frame, view, tab: null });
    list.append(view);
    if (page !== null) iframe.srcdoc = page;
  };

  portal.onFrame((frame) => {
    if (frame.kind === 'callCardTab') add(frame);
  });
  return {
    element,
    sync() {
      for (const [id, entry] of shown) {
        if (entry.frame.alive) continue;
        // The host removes the frame with the card (§11): its page, and so its tab, are gone.
        shown.delete(id);
        entry.view.remove();
        void entry.tab?.stop();
      }
      empty.hidden = shown.size > 0;
    },
  };
}
