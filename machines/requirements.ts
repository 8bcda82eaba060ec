/**
 * The rows of the specification tables, each with an id the machine's `meta.requirements`
 * refers to, so generated tests can count which rows they exercised.
 * `SC-B*`: statechart.md, button events; `SC-P*`: statechart.md, softphone events;
 * `SC-L*`: statechart.md, lifecycle; `SC-C*`: statechart.md, card and call; `SC-W*`: worker
 * restart; `SC-E1`: events in order, the ignored ones reported; `HB-*`: host-behaviour.md §2,
 * one per UI state.
 */
export const REQUIREMENTS = {
  'SC-L1': 'waiting: initialized → the first UI state by CALL_LIST_MODE / CALL_DIRECTION (anything else → error)',
  'SC-L2': 'entering any of the 12 UI states sends CallCardSetUiState {uiState} once',
  'SC-L3': "waiting: card events (entityChanged too) are ignored and reported; the next call takes its data from its own initialized",
  'SC-L4': 'call over (operator, softphone, card gone with no live call, replaced, orphaned) → the summary handed once, per-call context reset, back in waiting',
  'SC-C1': "live state (connectingIncoming … transferConnected): card.lost → same state, card region lost, cardLost reported, softphone told nothing, the card told nothing while lost",
  'SC-C2': 'incoming, transferIncoming: card.lost → call over; softphone reject()',
  'SC-C3': 'outgoing, error, moneyError, redial: card.lost → call over; softphone told nothing',
  'SC-C4': 'a call: initialized for another CALL_ID → the old call over as replaced (hangup() if live, reject() if ringing), the new call opens',
  'SC-C5': 'a call: initialized for its own CALL_ID → card attached and brought up to date: CallCardSetUiState, CallCardSetMute/Hold if on, title, status text',
  'SC-C6': "a call: setTitle / setStatusText → kept; sent to the card while it is there, again when it reappears",
  'SC-W1': 'waiting: worker restart found an unknown open card → CallCardClose; the summary once, ended by orphaned',
  'SC-W2': "waiting: worker restart, adopt option → the call in the softphone's UI state, the card brought up to date, managed like any other",
  'SC-E1': 'any state: an event the state it reaches does not take is ignored and reported (call.ignored), nothing else changes',
  'SC-B01': 'incoming, transferIncoming: answerButtonClick → connectingIncoming; softphone answer()',
  'SC-B02': 'incoming, transferIncoming: skipButtonClick → card gone; softphone reject(); CallCardClose',
  'SC-B03': 'outgoing, redial: makeCallButtonClick → connectingOutgoing; softphone call(phoneNumber)',
  'SC-B04': 'outgoing: nextButtonClick → outgoing',
  'SC-B05': 'connectingIncoming, connectingOutgoing, connected, transferConnected: hangupButtonClick → card gone; hangup(); CallCardClose',
  'SC-B06': 'connected: muteButtonClick(muted) → mute(muted); the microphone region follows once it succeeds; if it fails, CallCardSetMute {muted: !muted}',
  'SC-B07': 'connected: holdButtonClick(held) → hold(held); the hold region follows once it succeeds; if it fails, CallCardSetHold {held: !held}',
  'SC-B08': 'connected: dialpadButtonClick(key) [key is 0–9 * #] → sendDtmf(key)',
  'SC-B09': 'connected: qualityMeterClick(rating) [1–5] → rating kept',
  'SC-B10': 'connected: transferButtonClick(target) [target present] → transferring; startTransfer(target)',
  'SC-B11': 'transferring: completeTransferButtonClick → transferring; completeTransfer()',
  'SC-B12': 'transferring, transferFailed: cancelTransferButtonClick → connected; cancelTransfer()',
  'SC-B13': 'moneyError: notifyAdminButtonClick → moneyError; notifyAdmin hook',
  'SC-B14': 'any: closeButtonClick → call over; hangup() if a call is still live, reject() if ringing; no command to the card',
  'SC-B15': 'any: addCommentButtonClick(text) → same state; the call\'s comment is text (each save carries the whole text); comment hook',
  'SC-B16': 'any state of a call: entityChanged(entity) → same state; entity and number kept',
  'SC-P1': 'connectingIncoming, connectingOutgoing: phone.connected → connected',
  'SC-P2': 'every state with a live call: phone.ended → call over (CallCardClose if a card is attached)',
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
