import type { PlacementPort } from '../../../protocol';
import type { PortalDouble } from '../../../testing/host';

/** Sends a command from `placement` and collects every callback argument once the portal has settled. */
export async function sendOn(portal: PortalDouble, placement: PlacementPort, command: string, params: unknown = {}): Promise<unknown[]> {
  const results: unknown[] = [];
  placement.call(command, params, (result) => results.push(result));
  await portal.settle();
  return results;
}

/** Records every call of the handlers bound for `event` on `placement`. */
export function hear(placement: PlacementPort, event: string): unknown[] {
  const heard: unknown[] = [];
  placement.bindEvent(event, (...args: unknown[]) => {
    heard.push(args[0]);
  });
  return heard;
}

/** `getInterface`'s answer for a frame. */
export async function interfaceOf(portal: PortalDouble, placement: { getInterface(callback: (result: unknown) => void): void }): Promise<unknown> {
  let answer: unknown;
  placement.getInterface((result) => {
    answer = result;
  });
  await portal.settle();
  return answer;
}

export const NO_CARD = [[{ result: 'error', errorCode: 'Call card is undefined' }]];
export const INVALID = [[{ result: 'error', errorCode: 'Invalid ui state' }]];
export const PROBE = { uiState: 'no-such-state' };

/** A call with CRM data: its card has the CRM layout at once, so the CALL_CARD tab comes right after initialized. */
export const CRM_CALL = Object.freeze({ CALL_ID: 'c-crm', PHONE_NUMBER: '+4930123456', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 7, CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 7 }] });
