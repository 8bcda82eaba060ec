/**
 * Issue 20 §5 end to end, through `createCallCard` over the host double: a card whose data
 * is over-long still opens and is managed; the operator's long comment reaches the
 * integrator cut to its bound; an over-long transfer target changes nothing. Every cut or
 * refusal is one typed diagnostic.
 */
import { STRING_BOUNDS } from '../../protocol/bounds';
import { act, active, buildStack, disposeStacks } from './harness';

afterEach(disposeStacks);

test('an initialized with over-long CALL_ID, LINE_NAME and a 3 MB PHONE_NUMBER opens its card; the comment is cut, a long transfer target refused', async () => {
  const s = buildStack();
  const callId = 'c'.repeat(STRING_BOUNDS.callId + 10);
  let step = await act(s, () => s.sim.raiseCall({ CALL_ID: callId, CALL_DIRECTION: 'incoming', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 7, PHONE_NUMBER: '5'.repeat(3 * 1024 * 1024), LINE_NAME: 'L'.repeat(1024 * 1024) }));
  // The host reloads the CRM block first (entityChanged: refused, its number is over-long), then initialized.
  expect(step.diagnostics.map((d) => [d.kind, 'event' in d ? d.event : '', 'field' in d ? d.field : ''])).toEqual([
    ['rejectedPayload', 'entityChanged', 'PHONE_NUMBER'],
    ['truncatedPayload', 'initialized', 'CALL_ID'],
    ['rejectedPayload', 'initialized', 'PHONE_NUMBER'],
    ['truncatedPayload', 'initialized', 'LINE_NAME'],
  ]);
  expect(active(s)).toMatchObject({ uiState: 'incoming', call: { callId: 'c'.repeat(STRING_BOUNDS.callId), phoneNumber: null, lineName: 'L'.repeat(STRING_BOUNDS.lineName) } });

  await act(s, () => s.sim.click('answerButtonClick'));
  await act(s, () => s.card.send({ type: 'phone.connected' }));
  expect(active(s).uiState).toBe('connected');

  step = await act(s, () => s.sim.comment('w'.repeat(STRING_BOUNDS.comment * 3)));
  expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'truncatedPayload', event: 'addCommentButtonClick', field: 'text', length: STRING_BOUNDS.comment * 3, bound: STRING_BOUNDS.comment })]);
  expect(s.comments).toEqual([{ callId: 'c'.repeat(STRING_BOUNDS.callId), text: 'w'.repeat(STRING_BOUNDS.comment) }]);

  step = await act(s, () => s.sim.transfer('9'.repeat(STRING_BOUNDS.transferTarget + 1)));
  expect(step.told).toEqual([]);
  expect(step.diagnostics).toEqual([expect.objectContaining({ kind: 'rejectedPayload', event: 'transferButtonClick', field: 'target' })]);
  expect(active(s).uiState).toBe('connected');

  await act(s, () => s.sim.click('hangupButtonClick'));
  expect(s.summaries).toEqual([expect.objectContaining({ endedBy: 'hungUp', comment: 'w'.repeat(STRING_BOUNDS.comment), transferTarget: null })]);
});
