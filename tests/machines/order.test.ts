/**
 * statechart.md: events are taken in the order they happen, each in the state it
 * actually reaches. A softphone or a hook that sends from inside a command (an emitted
 * event's listener) is queued by XState and handled right after, in order.
 */
import type { CallCardInput } from '../../machines/callCard.events';
import { card, connectedValue, initialized, phone, setMute, setUiState, startCard } from './helpers';

describe('SC-E1: synchronous softphones', () => {
  test('a softphone that reports synchronously from inside answer() (phone.connected then phone.mutedChanged) gets both handled, in order', () => {
    const c = startCard().open('incoming');
    c.actor.on('softphone.command', ({ command }) => {
      if (command.method !== 'answer') return;
      c.actor.send(phone({ type: 'phone.connected' }));
      c.actor.send(phone({ type: 'phone.mutedChanged', muted: true }));
    });
    c.send(card('answerButtonClick'));
    expect(c.snapshot().value).toEqual(connectedValue(true, false));
    expect(c.cardCommands()).toEqual([setUiState('connectingIncoming'), setUiState('connected'), setMute(true)]);
    expect(c.ignored()).toEqual([]);
  });

  test('an event after phone.failed 486 from inside call() is reported in the state it reaches (redial), not dropped silently', () => {
    const c = startCard().open('outgoing');
    c.actor.on('softphone.command', ({ command }) => {
      if (command.method !== 'call') return;
      c.actor.send(phone({ type: 'phone.failed', code: 486 }));
      c.actor.send(phone({ type: 'phone.ended' }));
    });
    c.send(card('makeCallButtonClick'));
    expect(c.state()).toBe('redial');
    expect(c.ignored()).toEqual([phone({ type: 'phone.ended' })]);
    expect(c.cardCommands()).toEqual([setUiState('connectingOutgoing'), setUiState('redial')]);
  });

  test('a softphone whose mute() succeeds at once moves the microphone before the next event', () => {
    const c = startCard().open('connected');
    c.actor.on('softphone.command', ({ command }) => {
      if (command.method === 'mute') c.actor.send({ type: 'softphone.muteDone', muted: command.muted });
    });
    const seen: unknown[] = [];
    c.actor.subscribe((snapshot) => seen.push(snapshot.value));
    c.send(card('muteButtonClick', true), card('muteButtonClick', false), card('muteButtonClick', true));
    expect(c.snapshot().value).toEqual(connectedValue(true, false));
    expect(c.cardCommands()).toEqual([]);
    expect(c.softphoneCommands().map((command) => command.method === 'mute' && command.muted)).toEqual([true, false, true]);
  });
});

describe('SC-E1: hooks that send back', () => {
  test('a listener of an emitted event that calls send is handled after the event that emitted it', () => {
    const c = startCard().open('connected');
    const order: string[] = [];
    c.actor.on('call.comment', ({ text }) => {
      order.push(`comment ${text}`);
      c.actor.send({ type: 'card.setStatusText', statusText: text });
      order.push('sent');
    });
    c.actor.on('card.command', ({ command }) => order.push(command.command));
    c.send(card('addCommentButtonClick', 'later'), card('hangupButtonClick'));
    expect(order).toEqual(['comment later', 'sent', 'CallCardSetStatusText', 'CallCardClose']);
    expect(c.summaries()).toEqual([expect.objectContaining({ comment: 'later', endedBy: 'hungUp' })]);
  });

  test('a summary listener that starts the next call sees it opened after the summary, with a fresh context', () => {
    const c = startCard().open('incoming');
    c.actor.on('call.summary', () => c.actor.send(initialized({ CALL_ID: 'call-2', CALL_DIRECTION: 'outgoing' })));
    c.send(card('skipButtonClick'));
    expect(c.state()).toBe('connectingOutgoing');
    expect(c.context()).toMatchObject({ cycle: 2, call: expect.objectContaining({ callId: 'call-2' }) });
  });
});

describe('SC-E1: every ignored event is reported once, in order', () => {
  test('a burst of events in waiting', () => {
    const c = startCard().mark();
    const burst: CallCardInput[] = [card('hangupButtonClick'), phone({ type: 'phone.ended' }), { type: 'card.lost' }, card('entityChanged', { PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 })];
    c.send(...burst);
    expect(c.ignored()).toEqual(burst);
  });
});
