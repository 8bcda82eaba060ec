import type { AnyStateNode, SnapshotFrom } from 'xstate';
import { isUiState, type UiState } from '../protocol/uiStates';
import type { CallCardMachine } from './callCard.machine';

type Snapshot = SnapshotFrom<CallCardMachine>;

/** Where the current call is, read from the state value alone. */
export interface CallStatus {
  readonly uiState: UiState;
  readonly card: 'attached' | 'lost';
  /** The microphone region; during a transfer, the one the call returns to. */
  readonly muted: boolean;
  /** The hold region; during a transfer, the one the call returns to. */
  readonly held: boolean;
}

const HISTORY_ID = 'callCard.call.ui.connected.previous';

function activeIds(snapshot: Snapshot): ReadonlySet<string> {
  return new Set(snapshot._nodes.map((node: AnyStateNode) => node.id));
}

/**
 * The current call's UI state, card attachment, microphone and hold, or `null` while
 * `waiting`. During a transfer the microphone and hold are those the deep history of
 * `connected` will restore; in the other states without the regions, `false`.
 */
export function callStatusOf(snapshot: Snapshot): CallStatus | null {
  const active = activeIds(snapshot);
  const uiNode = snapshot._nodes.find((node: AnyStateNode) => node.parent?.id === 'callCard.call.ui');
  if (!uiNode || !isUiState(uiNode.key)) return null;
  const remembered = new Set((snapshot.historyValue[HISTORY_ID] ?? []).map((node: AnyStateNode) => node.id));
  // Only a transfer returns to the history; elsewhere it may be an earlier call's.
  const transfer = uiNode.key === 'transferring' || uiNode.key === 'transferFailed';
  const inRegion = (id: string) => (uiNode.key === 'connected' ? active.has(id) : transfer && remembered.has(id));
  return {
    uiState: uiNode.key,
    card: active.has('callCard.call.card.lost') ? 'lost' : 'attached',
    muted: inRegion('callCard.call.ui.connected.microphone.muted'),
    held: inRegion('callCard.call.ui.connected.hold.held'),
  };
}
