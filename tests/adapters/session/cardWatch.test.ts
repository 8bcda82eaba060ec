/**
 * The card watch (adapters/session/cardWatch.ts) is told of every snapshot the statechart
 * publishes. An event that kept the snapshot as it was (one the state ignores) changes nothing
 * anyone is told of, so it costs no storage copy, no `onCard` and no subscriber; a re-show of
 * the current call's card is still announced, whatever the snapshot.
 */
import { createActor } from 'xstate';
import { callCardMachine } from '../../../machines/callCard.machine';
import { watchCard } from '../../../adapters/session/cardWatch';
import type { CardChange } from '../../../adapters/session/options';
import { card, initialized, phone } from '../../machines/helpers';

function watched() {
  const actor = createActor(callCardMachine, { input: { clock: () => 1_000_000 } });
  const follows: unknown[] = [];
  const changes: CardChange['type'][] = [];
  const heard: unknown[] = [];
  const watch = watchCard(actor, {
    onCard: (change) => changes.push(change.type),
    notify: (listener, state) => listener(state),
    follow: (state) => follows.push(state),
    report: () => undefined,
  });
  watch.subscribe((state) => heard.push(state));
  actor.start();
  actor.send(initialized({ CALL_ID: 'call-1', CALL_DIRECTION: 'incoming' }));
  actor.send(card('answerButtonClick'));
  actor.send(phone({ type: 'phone.connected' }));
  return { actor, watch, follows, changes, heard };
}

describe('the card watch', () => {
  test('an event the state ignores reaches neither the storage copy, nor onCard, nor a subscriber', () => {
    const w = watched();
    expect(w.watch.current()).toMatchObject({ status: 'call', uiState: 'connected' });
    const counts = [w.follows.length, w.changes.length, w.heard.length];
    const before = w.actor.getSnapshot();
    // Answer in connected: no transition, so XState keeps the snapshot it had.
    for (let press = 0; press < 3; press++) w.actor.send(card('answerButtonClick'));
    expect(w.actor.getSnapshot()).toBe(before);
    expect([w.follows.length, w.changes.length, w.heard.length]).toEqual(counts);
  });

  test('a re-show of the current call’s card is announced, and what changes next is followed again', () => {
    const w = watched();
    w.actor.send(initialized({ CALL_ID: 'call-1', CALL_DIRECTION: 'incoming' }));
    expect(w.changes).toEqual(['opened', 'reattached']);
    const followed = w.follows.length;
    w.actor.send(card('holdButtonClick', true));
    w.actor.send({ type: 'softphone.holdDone', held: true });
    expect(w.watch.current()).toMatchObject({ held: true });
    expect(w.follows.length).toBeGreaterThan(followed);
    expect(w.heard.at(-1)).toMatchObject({ held: true });
  });
});
