import type { SnapshotFrom } from 'xstate';
import type { CallCardMachine } from './callCard.machine';
import type { CallData } from './callCard.events';
import { callStatusOf } from './callCard.selectors';
import type { UiState } from '../protocol/uiStates';

/** No call: the worker waits for the host's next `initialized`. */
export interface IdleCallCardState {
  readonly status: 'idle';
}

/** A call is current; its card is shown (`attached`) or has gone away on its own (`lost`). */
export interface ActiveCallCardState {
  readonly status: 'call';
  /** The UI state the statechart is in, which the card shows whenever it is attached. */
  readonly uiState: UiState;
  /**
   * `attached`: the host shows the card. `lost`: the card went away without the call
   * ending (hidden, closed in another tab, a worker reload…); the call goes on and the
   * card is brought up to date if it reappears.
   */
  readonly card: 'attached' | 'lost';
  /** Whether the microphone is muted: set once the softphone's `mute()` returned or resolved, or by `phone.mutedChanged`. */
  readonly muted: boolean;
  /** Whether the call is on hold: set once the softphone's `hold()` returned or resolved, or by `phone.heldChanged`. */
  readonly held: boolean;
  /** The call's data, from its `initialized`. */
  readonly call: CallData;
}

/**
 * What the statechart says about the call and its card. The same object until something
 * in it changes, so it can be handed to `useSyncExternalStore`-style consumers as it is.
 */
export type CallCardState = IdleCallCardState | ActiveCallCardState;

/** The one idle state object. */
export const IDLE_STATE: IdleCallCardState = Object.freeze({ status: 'idle' });

type Snapshot = SnapshotFrom<CallCardMachine>;

/** The current call's UI state according to a snapshot of the machine, `null` while waiting. */
export function uiStateOf(snapshot: Snapshot): UiState | null {
  return callStatusOf(snapshot)?.uiState ?? null;
}

/** The snapshot's state as a path (`waiting`, `call.connected`, `call.connected (card lost)`), for diagnostics. */
export function pathOf(snapshot: Snapshot): string {
  const status = callStatusOf(snapshot);
  if (status === null) return typeof snapshot.value === 'string' ? snapshot.value : 'waiting';
  return status.card === 'lost' ? `call.${status.uiState} (card lost)` : `call.${status.uiState}`;
}

/**
 * Reads a machine snapshot as a {@link CallCardState}, returning `previous` itself when
 * nothing in it changed.
 */
export function stateOf(snapshot: Snapshot, previous: CallCardState = IDLE_STATE): CallCardState {
  const status = callStatusOf(snapshot);
  const { call } = snapshot.context;
  if (status === null || call === null) return IDLE_STATE;
  const { uiState, card, muted, held } = status;
  if (
    previous.status === 'call' &&
    previous.uiState === uiState &&
    previous.card === card &&
    previous.muted === muted &&
    previous.held === held &&
    previous.call === call
  ) {
    return previous;
  }
  return Object.freeze({ status: 'call', uiState, card, muted, held, call });
}
