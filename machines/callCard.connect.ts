import type { SnapshotFrom } from 'xstate';
import type { CallCardMachine } from './callCard.machine';
import type { CallData } from './callCard.events';
import { flagsReturnedTo } from './callCard.setup';
import { UI_STATES, type UiState } from '../protocol/uiStates';

/** No call: the worker waits for the host's next `initialized`. */
export interface IdleCallCardState {
  readonly status: 'idle';
}

/** A call is current; its card is shown (`attached`), has gone away on its own (`lost`), or has not come (`none`). */
export interface ActiveCallCardState {
  readonly status: 'call';
  /** The UI state the statechart is in, which the card shows whenever it is attached. */
  readonly uiState: UiState;
  /**
   * `attached`: the host shows the card. `lost`: the card went away without the call
   * ending (hidden, closed in another tab, a worker reload…); the call goes on and the
   * card is brought up to date if it reappears. `none`: a call a dial request started
   * (SC-L6), whose card has not come (a call list's never does); not lost, told nothing.
   */
  readonly card: CardPresence;
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

/** Whether the call's card is there: shown, gone away on its own, or none came yet (SC-L6). */
export type CardPresence = 'attached' | 'lost' | 'none';

/** Where the current call is, read from the state value alone. */
export interface CallStatus {
  readonly uiState: UiState;
  readonly card: CardPresence;
  /** The microphone region; during a transfer, the one the call returns to. */
  readonly muted: boolean;
  /** The hold region; during a transfer, the one the call returns to. */
  readonly held: boolean;
}

/**
 * The current call's UI state, card attachment, microphone and hold, or `null` while
 * `waiting`, through the tags: the UI state's own name, `cardLost`, `muted`, `held`. During a transfer the
 * microphone and hold are those the deep history of `connected` will restore; in the
 * other states without the regions, `false`.
 */
export function callStatusOf(snapshot: Snapshot): CallStatus | null {
  // Each UI state node is tagged with its name: a set lookup each, where `matches` would parse a state value.
  const uiState = UI_STATES.find((state) => snapshot.hasTag(state));
  if (uiState === undefined) return null;
  // Only a transfer returns to the history; elsewhere it may be an earlier call's.
  const returnsTo = uiState === 'transferring' || uiState === 'transferFailed' ? flagsReturnedTo(snapshot.historyValue) : { muted: false, held: false };
  return {
    uiState,
    card: snapshot.hasTag('cardLost') ? 'lost' : snapshot.hasTag('noCard') ? 'none' : 'attached',
    muted: snapshot.hasTag('muted') || returnsTo.muted,
    held: snapshot.hasTag('held') || returnsTo.held,
  };
}

/** The current call's UI state according to a snapshot of the machine, `null` while waiting. */
export function uiStateOf(snapshot: Snapshot): UiState | null {
  return callStatusOf(snapshot)?.uiState ?? null;
}

/** The snapshot's state as a path (`waiting`, `call.connected`, `call.connected (card lost)`), for diagnostics. */
export function pathOf(snapshot: Snapshot): string {
  const status = callStatusOf(snapshot);
  if (status === null) return typeof snapshot.value === 'string' ? snapshot.value : 'waiting';
  return status.card === 'attached' ? `call.${status.uiState}` : `call.${status.uiState} (${status.card === 'lost' ? 'card lost' : 'no card'})`;
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
