// The records layer fed by the real card's v2 summary: a card that went away mid-call (hide,
// another tab) leaves the call going, and its end is recorded like any other.
import { createCallCard, type CallSummary } from '../../../index';
import { finishParamsOf, fromCallSummary } from '../../../adapters/records';
import { createRecordingSoftphone } from '../../../testing/softphone';
import { createHostSimulator } from '../../../testing/host';

async function callWithLostCard(loseCard: 'hide' | 'closeInOtherTab') {
  let now = 1_000_000;
  const sim = createHostSimulator();
  const summaries: CallSummary[] = [];
  const card = createCallCard({ placement: sim.placement, softphone: createRecordingSoftphone(), clock: () => now, onSummary: (s) => summaries.push(s) });
  await sim.settle();
  sim.raiseCall({ CALL_ID: 'R1', PHONE_NUMBER: '+4930123', CALL_DIRECTION: 'incoming', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 });
  await sim.settle();
  sim.click('answerButtonClick');
  card.send({ type: 'phone.connected' });
  await sim.settle();
  sim.comment('called back about the order');
  sim.rate(4);
  await sim.settle();
  now += 42_000;
  if (loseCard === 'hide') sim.hide();
  else sim.closeInOtherTab();
  card.setStatusText('still talking'); // the next command finds no card: the card is lost, the call is not
  await sim.settle();
  expect(card.state).toMatchObject({ status: 'call', card: 'lost', uiState: 'connected' });
  expect(summaries).toEqual([]);
  now += 18_000;
  card.send({ type: 'phone.ended' });
  await sim.settle();
  card.dispose();
  return summaries;
}

describe.each(['hide', 'closeInOtherTab'] as const)('a card lost mid-call (%s) is still a normal end for the record', (loseCard) => {
  test('one summary with the comment and the loss, and a finish of an answered call: 200, the whole talk time, the vote', async () => {
    const summaries = await callWithLostCard(loseCard);
    expect(summaries).toHaveLength(1);
    const [summary] = summaries;
    expect(summary).toMatchObject({ callId: 'R1', endedBy: 'remoteHungUp', cardLost: true, cardLostAt: 1_042_000, comment: 'called back about the order', rating: 4 });
    const outcome = fromCallSummary(summary!);
    expect(outcome).toEqual({ source: 'card', callId: 'R1', direction: 'incoming', endedBy: 'remoteHungUp', failureCode: null, connectedAt: 1_000_000, closedAt: 1_060_000, rating: 4 });
    expect(finishParamsOf('R1', 7, outcome, false)).toEqual({ CALL_ID: 'R1', USER_ID: 7, DURATION: 60, STATUS_CODE: '200', VOTE: 4, ADD_TO_CHAT: 0 });
  });
});
