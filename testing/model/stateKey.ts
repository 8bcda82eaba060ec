import { getStateNodes, type AnyStateNode, type SnapshotFrom } from 'xstate';
import { callCardMachine, type CallCardMachine } from '../../machines/callCard.machine';
import { callStatusOf, uiStateOf } from '../../machines/callCard.connect';

/** A snapshot of the call card statechart. */
export type CallCardSnapshot = SnapshotFrom<CallCardMachine>;

/**
 * UI states from which a `makeCallButtonClick` (guarded by `knowsNumberToDial`) can still
 * come within the same call. Only there does the number in the context decide a future
 * transition; the end of a call drops it, and `waiting` keeps none (the next call brings
 * its own).
 */
const NUMBER_MATTERS_IN: readonly string[] = ['outgoing', 'connectingOutgoing', 'redial'];

/** The history nodes some active state can jump to: only there does the remembered configuration matter. */
function historyTargets(snapshot: CallCardSnapshot): AnyStateNode[] {
  const targets = new Set<AnyStateNode>();
  for (const node of getStateNodes(callCardMachine.root, snapshot.value)) {
    for (const candidates of node.transitions.values()) {
      for (const candidate of candidates) for (const target of candidate.target ?? []) if (target.type === 'history') targets.add(target);
    }
  }
  return [...targets];
}

/**
 * A small key for a snapshot: the UI state (with both regions while `connected`), `~lost`
 * while the call's card is lost, and only the parts of the context and history that can
 * still change what the machine does. Comments, DTMF, ratings, title, the call id and the
 * call counter never do, so they stay out: with them in, the state space never closes
 * (the counter grows with every call).
 *
 * @example stateKeyOf(snapshot) // 'connected(muted,resumed)', 'connected(unmuted,held)~lost', 'outgoing{entity:-,call:+}'
 */
export function stateKeyOf(snapshot: CallCardSnapshot): string {
  const ui = uiStateOf(snapshot) ?? 'waiting';
  const status = callStatusOf(snapshot);
  let key: string = ui;
  if (ui === 'connected' && status) key += `(${status.muted ? 'muted' : 'unmuted'},${status.held ? 'held' : 'resumed'})`;
  if (status?.card === 'lost') key += '~lost';
  if (status?.card === 'none') key += '~none';
  // A dial request's extension waits for the connect (SC-L6).
  if (snapshot.context.extension.length > 0) key += '{ext}';
  for (const history of historyTargets(snapshot)) {
    const remembered = (snapshot.historyValue[history.id] ?? []).map((node) => node.key).sort();
    key += `[${history.key}:${remembered.join(',') || '-'}]`;
  }
  if (NUMBER_MATTERS_IN.includes(ui)) {
    const { entity, call } = snapshot.context;
    key += `{entity:${entity?.phoneNumber ? '+' : '-'},call:${call?.phoneNumber ? '+' : '-'}}`;
  }
  return key;
}
