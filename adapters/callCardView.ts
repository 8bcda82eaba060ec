import type { SnapshotFrom } from 'xstate';
import type { CallCardMachine } from '../machines/callCard.machine';
import type { CallData } from '../machines/events';
import { isUiState, type UiState } from '../protocol/uiStates';

/** What the statechart says the card shows, in plain terms. */
export interface CallCardView {
  /** `waiting`: no card; `open`: a card shows `uiState`. */
  readonly status: 'waiting' | 'open';
  readonly uiState: UiState | null;
  /** The microphone region while `connected`, else `null`. */
  readonly muted: boolean | null;
  /** The hold region while `connected`, else `null`. */
  readonly held: boolean | null;
  /** The open card's call data. */
  readonly call: CallData | null;
  /** The full state path, e.g. `open.connected`. */
  readonly path: string;
}

type Snapshot = SnapshotFrom<CallCardMachine>;

/** The open card's UI state according to a snapshot of the machine. */
export function uiStateOf(snapshot: Snapshot): UiState | null {
  const value: unknown = snapshot.value;
  if (typeof value !== 'object' || value === null) return null;
  const open: unknown = (value as { open?: unknown }).open;
  const name = typeof open === 'string' ? open : typeof open === 'object' && open !== null ? Object.keys(open)[0] : undefined;
  return isUiState(name) ? name : null;
}

/** Reads a machine snapshot as a {@link CallCardView}. */
export function viewOf(snapshot: Snapshot): CallCardView {
  const uiState = uiStateOf(snapshot);
  const connected = uiState === 'connected';
  return {
    status: uiState === null ? 'waiting' : 'open',
    uiState,
    muted: connected ? snapshot.matches({ open: { connected: { microphone: 'muted' } } }) : null,
    held: connected ? snapshot.matches({ open: { connected: { hold: 'held' } } }) : null,
    call: snapshot.context.call,
    path: uiState === null ? 'waiting' : `open.${uiState}`,
  };
}
