import { CardModel } from './card';
import { refused, notClosed } from './operator';
import { buildInitializedPayload, hasCrmData } from './payloads';
import type { InitializedPayload } from './payloads';
import type { CallListItem, StartResult, StartViaRestRequest } from './portal.types';
import { nameOf, safely, textOf } from './safe';
import type { TabHost } from './tab';
import type { ClickResult, CloseResult } from './types';

/** The line the double dials on when none is given. */
const DEFAULT_LINE = 'simulator-line';

function lineOf(options: { lineNumber?: string } | undefined): string {
  const line = safely(() => options?.lineNumber, undefined);
  return typeof line === 'string' && line !== '' ? line : DEFAULT_LINE;
}

/**
 * Click-to-call in a tab (v3 §12): the host sends `startViaRest` with `SHOW: 'Y'` and
 * raises the card at once with the portal's `CALL_ID`: `entityChanged` when there is CRM
 * data, then `initialized` as for an outgoing call the application registered; no
 * `makeCallButtonClick`. With any card open in the tab, the click does nothing.
 */
export function clickToCall(tab: TabHost, phoneNumber: string, options?: { lineNumber?: string; entity?: { type: string; id: number } }): StartResult {
  if (!tab.open) return { started: false, reason: 'the tab is closed' };
  if (tab.hasOpenCard()) return { started: false, reason: 'a card is open in this tab: the click does nothing' };
  const entity = safely(() => {
    const given = options?.entity;
    return given === undefined || given === null ? undefined : { type: textOf(given.type), id: Number(given.id) };
  }, undefined);
  const number = nameOf(phoneNumber);
  const request: StartViaRestRequest = Object.freeze({
    PHONE_NUMBER: number,
    LINE_NUMBER: lineOf(options),
    SHOW: 'Y' as const,
    CALL_LIST_ID: 0,
    ...(entity !== undefined ? { ENTITY_TYPE: textOf(entity.type), ENTITY_ID: Number(entity.id) } : {}),
    IS_MOBILE: false,
    tab: tab.index,
  });
  const answer = tab.core.startViaRest(request);
  const bindings = answer.CRM_BINDINGS ?? (entity !== undefined ? [{ ENTITY_TYPE: textOf(entity.type), ENTITY_ID: Number(entity.id) }] : []);
  const payload: InitializedPayload = buildInitializedPayload(
    {
      CALL_ID: answer.CALL_ID,
      PHONE_NUMBER: number,
      LINE_NUMBER: request.LINE_NUMBER,
      CRM_ENTITY_TYPE: answer.CRM_ENTITY_TYPE ?? request.ENTITY_TYPE ?? '',
      CRM_ENTITY_ID: answer.CRM_ENTITY_ID ?? request.ENTITY_ID ?? 0,
      CRM_BINDINGS: bindings,
      CALL_DIRECTION: 'outgoing',
      CALL_STATE: 'idle',
      CALL_LIST_MODE: false,
    },
    0,
  );
  tab.buildCard(payload, hasCrmData(payload) ? 'loaded' : 'none', undefined);
  return { started: true, callId: answer.CALL_ID, request, card: 'raised' };
}

/** The call-list card's call for its current number: `CALL_LIST_MODE: true`, in `outgoing`, not external. */
function callListCard(tab: TabHost, item: CallListItem): CardModel {
  const payload = buildInitializedPayload(
    {
      CALL_ID: '',
      PHONE_NUMBER: item.PHONE_NUMBER,
      CRM_ENTITY_TYPE: item.CRM_ENTITY_TYPE ?? '',
      CRM_ENTITY_ID: item.CRM_ENTITY_ID ?? 0,
      CALL_DIRECTION: 'outgoing',
      CALL_LIST_MODE: true,
    },
    0,
  );
  const card = new CardModel(payload, 'loaded', tab.core.engine.sent);
  card.external = false;
  card.uiState = 'outgoing';
  return card;
}

/** A call-list number copied from what was given, or null when it cannot be read. */
function readItem(item: unknown): CallListItem | null {
  return safely(() => {
    if (item === null || typeof item !== 'object') return null;
    const given = item as Partial<CallListItem>;
    const copy: CallListItem = {
      PHONE_NUMBER: textOf(given.PHONE_NUMBER),
      ...(given.CRM_ENTITY_TYPE !== undefined ? { CRM_ENTITY_TYPE: textOf(given.CRM_ENTITY_TYPE), CRM_ENTITY_ID: Number(given.CRM_ENTITY_ID ?? 0) } : {}),
    };
    return Object.freeze(copy);
  }, null);
}

/** Opens a CRM call list's card (v3 §12): refused while any card is open in the tab. */
export function openCallList(tab: TabHost, items: readonly CallListItem[], options?: { callListId?: number }): ClickResult {
  if (!tab.open) return refused('the tab is closed');
  if (tab.hasOpenCard()) return refused('a card is open in this tab');
  const list = safely(() => (Array.isArray(items) ? items.map(readItem).filter((item): item is CallListItem => item !== null) : []), [] as CallListItem[]);
  const first = list[0];
  if (first === undefined) return refused('a call list needs at least one number');
  const id = safely(() => options?.callListId, undefined);
  tab.callList = { id: typeof id === 'number' && id > 0 ? id : 1, position: 0, items: list };
  tab.window.card = callListCard(tab, first);
  tab.core.engine.changed();
  return { delivered: true };
}

/** Next on the call-list card: the host moves to the next number itself; the worker hears nothing. */
export function callListNext(tab: TabHost): ClickResult {
  const list = tab.callList;
  if (list === null || tab.window.card === null || tab.window.card.external) return refused('no call-list card is open');
  const next = list.items[list.position + 1];
  if (next === undefined) return refused('the call list has no next number');
  list.position += 1;
  tab.window.card = callListCard(tab, next);
  tab.core.engine.changed();
  return { delivered: true };
}

/**
 * Call on the call-list card: `startViaRest` with the list's id; the card stays in
 * `outgoing`, and the external card of that call is dropped, the call-list card being the
 * tab's open card.
 */
export function callListCall(tab: TabHost, options?: { lineNumber?: string }): StartResult {
  const list = tab.callList;
  const item = list?.items[list.position];
  if (list === null || item === undefined || tab.window.card === null || tab.window.card.external) return { started: false, reason: 'no call-list card is open' };
  const request: StartViaRestRequest = Object.freeze({
    PHONE_NUMBER: item.PHONE_NUMBER,
    LINE_NUMBER: lineOf(options),
    SHOW: 'Y' as const,
    CALL_LIST_ID: list.id,
    ...(item.CRM_ENTITY_TYPE !== undefined ? { ENTITY_TYPE: item.CRM_ENTITY_TYPE, ENTITY_ID: Number(item.CRM_ENTITY_ID ?? 0) } : {}),
    IS_MOBILE: false,
    tab: tab.index,
  });
  const answer = tab.core.startViaRest(request);
  tab.core.recordDelivery({ callId: answer.CALL_ID, tab: tab.index, at: tab.core.scheduler.now, outcome: 'cardAlreadyOpen' });
  return { started: true, callId: answer.CALL_ID, request, card: 'dropped' };
}

/** The call-list card's top close button: the card goes; nothing reaches the worker. */
export function closeCallList(tab: TabHost): CloseResult {
  const card = tab.window.card;
  if (card === null || card.external) return notClosed('no call-list card is open');
  tab.window.card = null;
  tab.afterClose(tab.window, card, 'closeButton');
  return { closed: true };
}
