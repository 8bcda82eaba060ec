import type { InspectionEvent } from 'xstate';
import { createCallCard, type CallCard } from '../../../adapters/session/createCallCard';
import { uiStateOf } from '../../../machines/callCard.connect';
import { createHostSimulator, type HostSimulator } from '../../../testing/host';
import { createRecordingSoftphone } from '../../../testing/softphone';
import type { Diagnostic } from '../../../diagnostics';
import { callCardMachine } from '../../../machines/callCard.machine';

// What an inspector (Stately's, or any XState inspection observer) receives from a card.
// The entry `adapters/inspect/index.ts` is not imported: it needs the ESM-only @statelyai/inspect.

type Recorded = { readonly type: string; readonly event: InspectionEvent };

const running: CallCard[] = [];
afterEach(() => running.splice(0).forEach((card) => card.dispose()));

function start(inspect: (event: InspectionEvent) => void = () => {}) {
  const sim: HostSimulator = createHostSimulator();
  const softphone = createRecordingSoftphone();
  const diagnostics: Diagnostic[] = [];
  const recorded: Recorded[] = [];
  const card: CallCard = createCallCard({
    placement: sim.placement,
    softphone,
    onDiagnostic: (d) => diagnostics.push(d),
    inspect: (event) => {
      recorded.push({ type: event.type, event });
      inspect(event);
    },
  });
  running.push(card);
  return { sim, softphone, diagnostics, recorded, card };
}

const ofCard = (card: CallCard) => (r: Recorded) => r.event.actorRef === card.actor;
const eventsSent = (recorded: Recorded[], card: CallCard) =>
  recorded.filter(ofCard(card)).flatMap((r) => (r.event.type === '@xstate.event' ? [r.event.event] : []));
const snapshots = (recorded: Recorded[], card: CallCard) =>
  recorded.filter(ofCard(card)).flatMap((r) => (r.event.type === '@xstate.snapshot' ? [r.event] : []));

describe('inspection events leave the call card', () => {
  it('announces the call card actor once, with the machine the inspector draws', () => {
    const { recorded, card } = start();
    const actors = recorded.filter((r) => r.type === '@xstate.actor');
    expect(actors).toHaveLength(1);
    const actor = actors[0]!.event;
    expect(actor.actorRef).toBe(card.actor);
    expect(actor.rootId).toBe(card.actor.sessionId);
    expect((actor.actorRef as unknown as { logic: unknown }).logic).toBe(callCardMachine);
    expect(callCardMachine.config.id).toBe('callCard');
  });

  it('answer click, connected, hold: each typed event, then a snapshot of the state the card shows', async () => {
    const { sim, recorded, card } = start();
    sim.raiseCall({ CALL_ID: 'c1', PHONE_NUMBER: '+100', CALL_DIRECTION: 'incoming' });
    await sim.settle();
    sim.click('answerButtonClick');
    await sim.settle();
    card.send({ type: 'phone.connected' });
    await sim.settle();
    sim.hold(true);
    await sim.settle();

    const events = eventsSent(recorded, card);
    // hold(true) returned, so the adapter tells the statechart it is done: the hold region moves on that.
    expect(events.map((e) => e.type)).toEqual(['xstate.init', 'initialized', 'answerButtonClick', 'phone.connected', 'holdButtonClick', 'softphone.holdDone']);
    // The host's raw payloads arrive parsed: the inspector shows what the statechart decided on.
    expect(events[1]).toMatchObject({ type: 'initialized', call: { callId: 'c1', phoneNumber: '+100', direction: 'incoming' } });
    expect(events[4]).toEqual({ type: 'holdButtonClick', held: true });

    const shots = snapshots(recorded, card);
    expect(shots.map((s) => s.event.type)).toEqual(events.map((e) => e.type));
    expect(shots.map((s) => s.snapshot)).toEqual(shots.map(() => expect.objectContaining({ status: 'active' })));
    const values = shots.map((s) => (s.snapshot as unknown as { value: unknown }).value);
    const connected = (hold: 'resumed' | 'held') => ({ call: { ui: { connected: { microphone: 'unmuted', hold } }, card: 'attached' } });
    expect(values).toEqual([
      'waiting',
      { call: { ui: 'incoming', card: 'attached' } },
      { call: { ui: 'connectingIncoming', card: 'attached' } },
      connected('resumed'),
      connected('resumed'), // the click: the card toggled itself, the statechart waits for the softphone
      connected('held'),
    ]);
    // The last snapshot shows the UI state the host's card shows.
    expect(uiStateOf(shots.at(-1)!.snapshot as never)).toBe(sim.card?.uiState);
    expect(sim.card?.uiState).toBe('connected');
  });

  it('every snapshot follows the event it answers, and each event reaches the card actor', async () => {
    const { sim, recorded, card } = start();
    sim.raiseCall({ CALL_DIRECTION: 'outgoing', PHONE_NUMBER: '+200' });
    await sim.settle();
    card.send({ type: 'phone.failed', code: 486 });
    await sim.settle();

    const own = recorded.filter(ofCard(card)).filter((r) => r.type === '@xstate.event' || r.type === '@xstate.snapshot');
    for (let i = 0; i < own.length; i += 2) {
      const [sent, shot] = [own[i]!.event, own[i + 1]!.event];
      expect(sent.type).toBe('@xstate.event');
      expect(shot.type).toBe('@xstate.snapshot');
      if (sent.type === '@xstate.event' && shot.type === '@xstate.snapshot') expect(shot.event).toBe(sent.event);
    }
    expect(eventsSent(recorded, card).at(-1)).toEqual({ type: 'phone.failed', code: 486 });
    expect((snapshots(recorded, card).at(-1)!.snapshot as unknown as { value: unknown }).value).toEqual({ call: { ui: 'redial', card: 'attached' } });
    expect(sim.card?.uiState).toBe('redial');
  });

  it('an event the state does not take reaches the actor (its root "*" transition) and is reported', async () => {
    const { sim, recorded, card, diagnostics } = start();
    sim.raiseCall({ CALL_DIRECTION: 'incoming' });
    await sim.settle();
    const before = recorded.length;
    expect(sim.click('holdButtonClick', true, { force: true })).toEqual({ delivered: true });
    card.send({ type: 'phone.transferSucceeded' });
    await sim.settle();

    expect(eventsSent(recorded.slice(before), card).map((e) => e.type)).toEqual(['holdButtonClick', 'phone.transferSucceeded']);
    // Taken by nothing but the root wildcard: the state stays where it was.
    expect(snapshots(recorded.slice(before), card).map((s) => (s.snapshot as unknown as { value: unknown }).value)).toEqual([
      { call: { ui: 'incoming', card: 'attached' } },
      { call: { ui: 'incoming', card: 'attached' } },
    ]);
    expect(diagnostics.map((d) => d.kind)).toEqual(['ignoredEvent', 'ignoredEvent']);
  });

  it('a card without an inspector emits nothing and behaves the same', async () => {
    const sim = createHostSimulator();
    const softphone = createRecordingSoftphone();
    const card = createCallCard({ placement: sim.placement, softphone });
    running.push(card);
    sim.raiseCall({ CALL_DIRECTION: 'incoming' });
    await sim.settle();
    sim.click('answerButtonClick');
    await sim.settle();
    expect(card.state).toMatchObject({ uiState: 'connectingIncoming' });
    expect(softphone.methods).toEqual(['answer']);
  });
});

describe('a broken inspector', () => {
  it('is reported as a hookError and the card goes on', async () => {
    const { sim, card, diagnostics, softphone } = start((event) => {
      if (event.type === '@xstate.snapshot') throw new Error('inspector down');
    });
    sim.raiseCall({ CALL_DIRECTION: 'incoming' });
    await sim.settle();
    sim.click('answerButtonClick');
    await sim.settle();

    expect(card.state).toMatchObject({ uiState: 'connectingIncoming' });
    expect(sim.card?.uiState).toBe('connectingIncoming');
    expect(softphone.methods).toEqual(['answer']);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.kind === 'hookError' && d.hook === 'inspect')).toBe(true);
  });

  it('an observer object is called as a method', async () => {
    const seen: string[] = [];
    const observer = {
      types: seen,
      next(this: { types: string[] }, event: InspectionEvent) {
        this.types.push(event.type);
      },
    };
    const sim = createHostSimulator();
    running.push(createCallCard({ placement: sim.placement, softphone: createRecordingSoftphone(), inspect: observer }));
    expect(seen).toContain('@xstate.actor');
  });
});
