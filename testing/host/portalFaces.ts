import type { CardEventName } from '../../protocol';
import type { EntityPayload, TransferKind } from './payloads';
import { callListCall, callListNext, clickToCall, closeCallList, openCallList } from './portalCalls';
import type { CallListItem, PortalSlider, PortalTab, SliderOptions, TabPage } from './portal.types';
import { safely } from './safe';
import type { TabHost, TabSlider } from './tab';
import type { ClickOptions, DialOptions } from './types';

/** What the double's users see of a slider: read-only. */
export function sliderFace(slider: TabSlider): PortalSlider {
  return Object.freeze({
    index: slider.index,
    tab: slider.tab,
    get open() {
      return slider.open;
    },
    worker: slider.worker.window.face,
    workerFrame: slider.worker.frame,
    appPage: slider.appPage?.frame ?? null,
    close: () => slider.close(),
  });
}

function pageOf(page: unknown): TabPage {
  return page === 'app' ? 'app' : 'portal';
}

/** What the double's users see of a tab: read-only, no way to reach the models. */
export function tabFace(tab: TabHost): PortalTab {
  const op = tab.operator;
  const sliders = new WeakMap<TabSlider, PortalSlider>();
  const faceOf = (slider: TabSlider): PortalSlider => {
    const known = sliders.get(slider);
    if (known !== undefined) return known;
    const made = sliderFace(slider);
    sliders.set(slider, made);
    return made;
  };
  return Object.freeze({
    index: tab.index,
    get open() {
      return tab.open;
    },
    get page() {
      return tab.page;
    },
    get pageLoads() {
      return tab.pageLoads;
    },
    get pushDelayMs() {
      return tab.pushDelayMs;
    },
    get worker() {
      return tab.window.face;
    },
    get workerFrame() {
      return tab.worker.frame;
    },
    get placement() {
      return tab.window.placement;
    },
    get appPage() {
      return tab.appPage?.frame ?? null;
    },
    get sliders() {
      return tab.sliders.map(faceOf);
    },
    get card() {
      return tab.view();
    },
    get callCardTab() {
      const frame = tab.slot?.tab;
      return frame != null && frame.alive ? frame.face : null;
    },
    setPushDelay: (ms: number) => {
      const delay = safely(() => Number(ms), 0);
      tab.pushDelayMs = Number.isFinite(delay) && delay >= 0 ? delay : 0;
    },
    openSlider: (options?: SliderOptions) =>
      faceOf(tab.openSlider({ cardCommands: safely(() => options?.cardCommands === true, false), app: safely(() => options?.app === true, false) })),
    navigate: (page?: TabPage) => tab.navigate(pageOf(page)),
    close: () => tab.close(),
    pressEsc: () => op.pressEsc(),
    fold: () => tab.fold(),
    unfold: () => tab.unfold(),
    loadCrmBlock: (entity?: Partial<EntityPayload>) => tab.loadCrmBlock(entity),
    hostSetsCallState: (state: string, additionalParams?: unknown) => tab.hostSetsCallState(state, additionalParams),
    clickToCall: (phoneNumber: string, options?: { lineNumber?: string; entity?: { type: string; id: number } }) => clickToCall(tab, phoneNumber, options),
    openCallList: (items: readonly CallListItem[], options?: { callListId?: number }) => openCallList(tab, items, options),
    callListNext: () => callListNext(tab),
    callListCall: (options?: { lineNumber?: string }) => callListCall(tab, options),
    closeCallList: () => closeCallList(tab),
    click: (event: CardEventName, payload?: unknown, options?: ClickOptions) => tab.click(event, payload, options),
    rate: (stars: 1 | 2 | 3 | 4 | 5, options?: ClickOptions) => op.rate(stars, options),
    transfer: (target: string | number, kind?: TransferKind, options?: ClickOptions) => op.transfer(target, kind, options),
    dial: (key: string, options?: DialOptions) => op.dial(key, options),
    mute: (muted?: boolean, options?: ClickOptions) => op.mute(muted, options),
    hold: (held?: boolean, options?: ClickOptions) => op.hold(held, options),
    openCommentEditor: () => op.openCommentEditor(),
    typeComment: (text: string) => op.typeComment(text),
    saveComment: (options?: ClickOptions) => op.saveComment(options),
    comment: (text: string, options?: ClickOptions) => op.comment(text, options),
    changeEntity: (entity?: Partial<EntityPayload>, options?: ClickOptions) => tab.changeEntity(entity, options),
    emitRaw: (event: string, ...args: unknown[]) => op.emitRaw(event, ...args),
  });
}
