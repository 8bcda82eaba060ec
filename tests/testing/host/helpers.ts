import { createHostSimulator } from '../../../testing/host';
import type { HostSimulator, InitializedPayload } from '../../../testing/host';

/** Sends a command the way an application does and collects every callback argument once the host has settled. */
export async function send(sim: HostSimulator, command: string, params: unknown = {}): Promise<unknown[]> {
  const results: unknown[] = [];
  sim.placement.call(command, params, (result) => results.push(result));
  await sim.settle();
  return results;
}

/** Records every call of the handlers bound for a full event name. */
export function listen(sim: HostSimulator, event: string): unknown[][] {
  const calls: unknown[][] = [];
  sim.placement.bindEvent(event, (...args: unknown[]) => {
    calls.push(args);
  });
  return calls;
}

export const noCard = [[{ result: 'error', errorCode: 'Call card is undefined' }]];

/** A call with CRM data: its card loads the CRM block (the CRM layout, entityChanged before initialized). */
export const CRM_CALL: Readonly<Partial<InitializedPayload>> = Object.freeze({
  CALL_ID: 'crm-call',
  PHONE_NUMBER: '+4930123456',
  CRM_ENTITY_TYPE: 'CONTACT',
  CRM_ENTITY_ID: 7,
  CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 7 }],
});

/** Both host modes, for tests where the mode matters. */
export const MODES = ['browser', 'desktop'] as const;

/** A host with an open card in `uiState` (landed), in the CRM layout unless `crm` says otherwise. */
export async function cardIn(
  uiState: string,
  options: { mode?: 'browser' | 'desktop'; crm?: 'loaded' | 'loading' | 'none'; params?: Record<string, unknown>; esc?: 'clearsCard' | 'keepsCard' } = {},
): Promise<HostSimulator> {
  const sim = createHostSimulator({ mode: options.mode ?? 'browser', ...(options.esc ? { esc: options.esc } : {}) });
  sim.raiseCall({ ...CRM_CALL }, { crm: options.crm ?? 'loaded' });
  if (uiState !== 'externalCard') await send(sim, 'CallCardSetUiState', { uiState, ...options.params });
  return sim;
}
