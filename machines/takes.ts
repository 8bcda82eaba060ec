import type { SnapshotFrom } from 'xstate';
import type { CallCardInput } from './callCard.events';
import { callCardMachine, type CallCardMachine } from './callCard.machine';

/**
 * Whether the state `snapshot` is in takes `event`: some transition of its own would be
 * selected, not only the root's `*` that reports an ignored event. (`snapshot.can(event)`
 * is always true here, because the root's `*` takes everything.) For tests and tools:
 * at run time every event is simply sent, and the root's `*` reports what is not taken.
 */
export function takes(snapshot: SnapshotFrom<CallCardMachine>, event: CallCardInput): boolean {
  return callCardMachine.getTransitionData(snapshot, event).some((transition) => transition.eventType !== '*');
}
