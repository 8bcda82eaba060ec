import { createCallCard, type Diagnostic } from '../../index';
import { createHostSimulator, createRecordingSoftphone } from '../../testing/index';

// The operator can close the card while commands for it are still waiting their turn: those
// must not reach the host (it would only answer `Call card is undefined`), and the session
// must not mistake the closed card for a lost one.
test('operator closes with commands still queued → they are dropped, not sent; no cardLost; the next call is clean', async () => {
  const host = createHostSimulator();
  const softphone = createRecordingSoftphone();
  const diagnostics: Diagnostic[] = [];
  const card = createCallCard({ placement: host.placement, softphone, onDiagnostic: (d) => diagnostics.push(d) });

  await host.settle(); // the start-up probe: no card
  host.raiseCall({ CALL_ID: 'q-1', PHONE_NUMBER: '+100', CALL_DIRECTION: 'incoming' });
  await host.settle();
  host.click('answerButtonClick'); // SetUiState(connectingIncoming) goes out and waits for its answer…
  card.send({ type: 'phone.connected' }); // …so SetUiState(connected) waits in the queue.
  const logAtClose = host.log.length;
  host.click('closeButtonClick', undefined, { force: true }); // racing the state change: connected shows no Close
  await card.whenIdle();
  await host.settle();

  // Nothing was sent after the close; the command already on its way met no card, which is not a lost card.
  expect(host.log.length).toBe(logAtClose);
  expect(diagnostics.map((d) => d.kind)).toEqual(['commandDropped', 'commandFailed']);
  expect(diagnostics[0]).toMatchObject({ kind: 'commandDropped', command: 'CallCardSetUiState', params: { uiState: 'connected' }, reason: 'cardGone' });
  expect(diagnostics[1]).toMatchObject({ kind: 'commandFailed', params: { uiState: 'connectingIncoming' }, errorCode: 'Call card is undefined' });
  expect(softphone.methods).toEqual(['answer', 'hangup']);

  host.raiseCall({ CALL_ID: 'q-2', PHONE_NUMBER: '+200', CALL_DIRECTION: 'incoming' });
  await host.settle();
  expect(host.card?.uiState).toBe('incoming');
  expect(card.state).toMatchObject({ status: 'call', uiState: 'incoming' });
});
