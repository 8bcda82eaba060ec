/**
 * The rows of the specification tables, each with an id the machine's `meta.requirements`
 * refers to, so generated tests can count which rows they exercised.
 * `SC-B*`: statechart.md, button events; `SC-P*`: statechart.md, softphone events;
 * `SC-L*`: statechart.md, lifecycle; `HB-*`: host-behaviour.md §2, one per UI state.
 */
export const REQUIREMENTS = {
  'SC-L1': 'waiting: initialized → the first UI state by CALL_LIST_MODE / CALL_DIRECTION (anything else → error)',
  'SC-L2': 'entering any of the 12 UI states sends CallCardSetUiState {uiState} once',
  'SC-L3': 'waiting: entityChanged is accepted and kept',
  'SC-L4': "card gone (or lost, or replaced by a new call's card) → the summary handed once, per-call context reset, back in waiting",
  'SC-B01': 'incoming, transferIncoming: answerButtonClick → connectingIncoming; softphone answer()',
  'SC-B02': 'incoming, transferIncoming: skipButtonClick → card gone; softphone reject(); CallCardClose',
  'SC-B03': 'outgoing, redial: makeCallButtonClick → connectingOutgoing; softphone call(phoneNumber)',
  'SC-B04': 'outgoing: nextButtonClick → outgoing',
  'SC-B05': 'connectingIncoming, connectingOutgoing, connected, transferConnected: hangupButtonClick → card gone; hangup(); CallCardClose',
  'SC-B06': 'connected: muteButtonClick(muted) → microphone region follows; mute(muted)',
  'SC-B07': 'connected: holdButtonClick(held) → hold region follows; hold(held)',
  'SC-B08': 'connected: dialpadButtonClick(key) [key is 0–9 * #] → sendDtmf(key)',
  'SC-B09': 'connected: qualityMeterClick(rating) [1–5] → rating kept',
  'SC-B10': 'connected: transferButtonClick(target) [target present] → transferring; startTransfer(target)',
  'SC-B11': 'transferring: completeTransferButtonClick → transferring; completeTransfer()',
  'SC-B12': 'transferring, transferFailed: cancelTransferButtonClick → connected; cancelTransfer()',
  'SC-B13': 'moneyError: notifyAdminButtonClick → moneyError; notifyAdmin hook',
  'SC-B14': 'any: closeButtonClick → card gone; hangup() if a call is still live; no command to the card',
  'SC-B15': 'any: addCommentButtonClick(text) → same state; comment kept; comment hook',
  'SC-B16': 'any (and waiting): entityChanged(entity) → same state; entity and number kept',
  'SC-P1': 'connectingIncoming, connectingOutgoing: phone.connected → connected',
  'SC-P2': 'every state with a live call: phone.ended → card gone (CallCardClose)',
  'SC-P3': 'connectingOutgoing: phone.failed 486/600/603 → redial',
  'SC-P4': 'every state with a live call: phone.failed 402 → moneyError',
  'SC-P5': 'every state with a live call: phone.failed, any other code or none → error',
  'SC-P6': 'transferring: phone.transferSucceeded → transferConnected',
  'SC-P7': 'transferring: phone.transferFailed → transferFailed',
  'SC-P8': 'connected: phone.heldChanged / phone.mutedChanged → CallCardSetHold / CallCardSetMute',
  'HB-01': 'incoming: Answer → answerButtonClick; Skip → skipButtonClick',
  'HB-02': 'transferIncoming: Answer → answerButtonClick; Skip → skipButtonClick',
  'HB-03': 'outgoing: Call → makeCallButtonClick',
  'HB-04': 'connectingIncoming: Hang up → hangupButtonClick',
  'HB-05': 'connectingOutgoing: Hang up → hangupButtonClick',
  'HB-06': 'connected: Hang up, Hold, Mute, Transfer, dial pad, quality stars',
  'HB-07': 'transferring: Transfer → completeTransferButtonClick; Return to call → cancelTransferButtonClick',
  'HB-08': 'transferFailed: Return to call → cancelTransferButtonClick',
  'HB-09': 'transferConnected: Hang up → hangupButtonClick',
  'HB-10': 'error: Close → closeButtonClick',
  'HB-11': 'moneyError: Notify administrator → notifyAdminButtonClick; Close → closeButtonClick',
  'HB-12': 'redial: Call again → makeCallButtonClick',
} as const;

/** The id of a specification row. */
export type RequirementId = keyof typeof REQUIREMENTS;
