import type { CallData } from '../../machines/callCard.events';

/**
 * The `initialized` payload the host sent for a call, rebuilt from the call's parsed data, for
 * a card the host still shows in a reloaded frame's window: the host never sends `initialized`
 * again to a new frame (host-behaviour §6), and the statechart re-attaches a card on an
 * `initialized` of the current `CALL_ID` (SC-C5) — with the same data, so nothing of the call changes.
 */
export function initializedOf(call: CallData): Record<string, unknown> {
  return {
    CALL_ID: call.callId,
    PHONE_NUMBER: call.phoneNumberState === 'hidden' ? 'hidden' : (call.phoneNumber ?? undefined),
    LINE_NUMBER: call.lineNumber,
    LINE_NAME: call.lineName,
    CRM_ENTITY_TYPE: call.crmEntity?.type ?? '',
    CRM_ENTITY_ID: call.crmEntity?.id ?? 0,
    CRM_BINDINGS: call.crmBindings.map((binding) => ({ ENTITY_TYPE: binding.type, ENTITY_ID: binding.id })),
    CALL_DIRECTION: call.rawDirection,
    CALL_STATE: 'idle',
    CALL_LIST_MODE: call.callListMode,
  };
}
