/**
 * One describe per row of the two tables of docs/spec/statechart.md ("Transitions with a
 * card"), named by the row's id; one test per case, named the way the row reads.
 */
import { DIAL_KEYS, QUALITY_RATINGS } from '../../protocol/buttons';
import { UI_STATES } from '../../protocol/uiStates';
import { CLOSE, HELD_STATES, LIVE_STATES, NOT_LIVE_STATES, RINGING_STATES, card, connectedValue, initialized, phone, setHold, setMute, setUiState, startCard } from './helpers';

const CALL_NUMBER = '+4930123456';

describe('button events', () => {
  describe('SC-B01: answer', () => {
    test.each(['incoming', 'transferIncoming'] as const)('%s → answerButtonClick → connectingIncoming, softphone.answer()', (state) => {
      const c = startCard().open(state);
      c.send(card('answerButtonClick'));
      expect(c.state()).toBe('connectingIncoming');
      expect(c.softphoneCommands()).toEqual([{ method: 'answer' }]);
      expect(c.cardCommands()).toEqual([setUiState('connectingIncoming')]);
      expect(c.summaries()).toEqual([]);
    });
  });

  describe('SC-B02: skip', () => {
    test.each(['incoming', 'transferIncoming'] as const)('%s → skipButtonClick → card gone, softphone.reject(), CallCardClose', (state) => {
      const c = startCard().open(state);
      c.send(card('skipButtonClick'));
      expect(c.state()).toBe('waiting');
      expect(c.softphoneCommands()).toEqual([{ method: 'reject' }]);
      expect(c.cardCommands()).toEqual([CLOSE]);
      expect(c.summaries()).toEqual([expect.objectContaining({ endedBy: 'skipped', callId: 'call-1', connected: false })]);
    });
  });

  describe('SC-B03: make call', () => {
    test.each(['outgoing', 'redial'] as const)('%s → makeCallButtonClick → connectingOutgoing, softphone.call(phoneNumber)', (state) => {
      const c = startCard().open(state);
      c.send(card('makeCallButtonClick'));
      expect(c.state()).toBe('connectingOutgoing');
      expect(c.softphoneCommands()).toEqual([{ method: 'call', phoneNumber: CALL_NUMBER }]);
      expect(c.cardCommands()).toEqual([setUiState('connectingOutgoing')]);
    });
  });

  describe('SC-B04: next', () => {
    test('outgoing → nextButtonClick → outgoing, nothing told', () => {
      const c = startCard().open('outgoing');
      c.send(card('nextButtonClick'));
      expect(c.state()).toBe('outgoing');
      expect(c.softphoneCommands()).toEqual([]);
      // Staying in `outgoing` is not entering it: no second CallCardSetUiState.
      expect(c.cardCommands()).toEqual([]);
      expect(c.hooks()).toEqual([{ type: 'call.next', callId: 'call-1' }]);
    });
  });

  describe('SC-B05: hang up', () => {
    test.each(['connectingIncoming', 'connectingOutgoing', 'connected', 'transferConnected'] as const)(
      '%s → hangupButtonClick → card gone, softphone.hangup(), CallCardClose',
      (state) => {
        const c = startCard().open(state);
        c.send(card('hangupButtonClick'));
        expect(c.state()).toBe('waiting');
        expect(c.softphoneCommands()).toEqual([{ method: 'hangup' }]);
        expect(c.cardCommands()).toEqual([CLOSE]);
        expect(c.summaries()).toEqual([expect.objectContaining({ endedBy: 'hungUp', lastUiState: state })]);
      },
    );
  });

  describe('SC-B06: mute', () => {
    describe.each([true, false])('connected → muteButtonClick(%s)', (muted) => {
      test(`connected → muteButtonClick(${muted}) → softphone.mute(${muted}); the microphone waits for the softphone`, () => {
        // Start from the opposite microphone state so the region has to move.
        const c = startCard().open('connected', [card('muteButtonClick', !muted), { type: 'softphone.muteDone', muted: !muted }]);
        c.send(card('muteButtonClick', muted));
        expect(c.snapshot().value).toEqual(connectedValue(!muted, false));
        expect(c.softphoneCommands()).toEqual([{ method: 'mute', muted }]);
        expect(c.cardCommands()).toEqual([]);
      });

      test(`mute and hold follow the softphone: mute(${muted}) succeeds → microphone ${muted ? 'muted' : 'unmuted'}, nothing sent to the card (it toggled itself)`, () => {
        const c = startCard().open('connected', [card('muteButtonClick', !muted), { type: 'softphone.muteDone', muted: !muted }]);
        c.send(card('muteButtonClick', muted), { type: 'softphone.muteDone', muted });
        expect(c.snapshot().value).toEqual(connectedValue(muted, false));
        expect(c.cardCommands()).toEqual([]);
      });

      test(`mute and hold follow the softphone: mute(${muted}) throws or rejects → microphone stays, the card set back with CallCardSetMute {muted: ${!muted}}`, () => {
        const c = startCard().open('connected', [card('muteButtonClick', !muted), { type: 'softphone.muteDone', muted: !muted }]);
        c.send(card('muteButtonClick', muted), { type: 'softphone.muteFailed', muted });
        expect(c.snapshot().value).toEqual(connectedValue(!muted, false));
        expect(c.cardCommands()).toEqual([setMute(!muted)]);
      });
    });
  });

  describe('SC-B07: hold', () => {
    describe.each([true, false])('connected → holdButtonClick(%s)', (held) => {
      test(`connected → holdButtonClick(${held}) → softphone.hold(${held}); the hold region waits for the softphone`, () => {
        const c = startCard().open('connected', [card('holdButtonClick', !held), { type: 'softphone.holdDone', held: !held }]);
        c.send(card('holdButtonClick', held));
        expect(c.snapshot().value).toEqual(connectedValue(false, !held));
        expect(c.softphoneCommands()).toEqual([{ method: 'hold', held }]);
        expect(c.cardCommands()).toEqual([]);
      });

      test(`mute and hold follow the softphone: hold(${held}) succeeds → ${held ? 'held' : 'resumed'}, nothing sent to the card`, () => {
        const c = startCard().open('connected', [card('holdButtonClick', !held), { type: 'softphone.holdDone', held: !held }]);
        c.send(card('holdButtonClick', held), { type: 'softphone.holdDone', held });
        expect(c.snapshot().value).toEqual(connectedValue(false, held));
        expect(c.cardCommands()).toEqual([]);
      });

      test(`mute and hold follow the softphone: hold(${held}) fails → hold stays, the card set back with CallCardSetHold {held: ${!held}}`, () => {
        const c = startCard().open('connected', [card('holdButtonClick', !held), { type: 'softphone.holdDone', held: !held }]);
        c.send(card('holdButtonClick', held), { type: 'softphone.holdFailed', held });
        expect(c.snapshot().value).toEqual(connectedValue(false, !held));
        expect(c.cardCommands()).toEqual([setHold(!held)]);
      });
    });
  });

  describe('SC-B08: dial pad', () => {
    test.each(DIAL_KEYS)('connected → dialpadButtonClick(%s) → softphone.sendDtmf(%s)', (key) => {
      const c = startCard().open('connected', [{ type: 'softphone.muteDone', muted: true }]);
      const before = c.snapshot().value;
      c.send(card('dialpadButtonClick', key));
      // The regions are untouched by a key press.
      expect(c.snapshot().value).toEqual(before);
      expect(c.softphoneCommands()).toEqual([{ method: 'sendDtmf', key }]);
      expect(c.cardCommands()).toEqual([]);
    });

    test('connected → dialpadButtonClick × n → the summary lists the keys in order', () => {
      const c = startCard().open('connected');
      for (const key of ['1', '#', '0', '*']) c.send(card('dialpadButtonClick', key));
      c.send(card('hangupButtonClick'));
      expect(c.summaries()).toEqual([expect.objectContaining({ dtmf: '1#0*' })]);
    });
  });

  describe('SC-B09: quality', () => {
    test.each(QUALITY_RATINGS)('connected → qualityMeterClick(%s) → connected, rating kept', (rating) => {
      const c = startCard().open('connected');
      c.send(card('qualityMeterClick', String(rating)));
      expect(c.state()).toBe('connected');
      expect(c.softphoneCommands()).toEqual([]);
      expect(c.cardCommands()).toEqual([]);
      expect(c.hooks()).toEqual([{ type: 'call.rating', callId: 'call-1', rating }]);
      c.send(card('hangupButtonClick'));
      expect(c.summaries()).toEqual([expect.objectContaining({ rating })]);
    });
  });

  describe('SC-B10: transfer', () => {
    test.each([
      ['{phoneNumber, target}', { phoneNumber: '+4930999', target: '42' }, { destination: '42', kind: null }],
      ['{type, target}', { type: 'user', target: '17' }, { destination: '17', kind: 'user' }],
    ])('connected → transferButtonClick(%s) → transferring, softphone.startTransfer(target)', (_shape, payload, target) => {
      const c = startCard().open('connected');
      c.send(card('transferButtonClick', payload));
      expect(c.state()).toBe('transferring');
      expect(c.softphoneCommands()).toEqual([{ method: 'startTransfer', target }]);
      expect(c.cardCommands()).toEqual([setUiState('transferring')]);
      c.send(phone({ type: 'phone.transferSucceeded' }), card('hangupButtonClick'));
      expect(c.summaries()).toEqual([expect.objectContaining({ transferTarget: target })]);
    });
  });

  describe('SC-B11: complete transfer', () => {
    test('transferring → completeTransferButtonClick → transferring, softphone.completeTransfer()', () => {
      const c = startCard().open('transferring');
      c.send(card('completeTransferButtonClick'));
      expect(c.state()).toBe('transferring');
      expect(c.softphoneCommands()).toEqual([{ method: 'completeTransfer' }]);
      // It waits for the softphone's result; the card is not re-entered.
      expect(c.cardCommands()).toEqual([]);
    });
  });

  describe('SC-B12: return to call', () => {
    test.each(['transferring', 'transferFailed'] as const)('%s → cancelTransferButtonClick → connected, softphone.cancelTransfer()', (state) => {
      const c = startCard().open(state);
      c.send(card('cancelTransferButtonClick'));
      expect(c.state()).toBe('connected');
      expect(c.softphoneCommands()).toEqual([{ method: 'cancelTransfer' }]);
      expect(c.cardCommands()).toEqual([setUiState('connected')]);
    });

    test.each([
      [true, true],
      [true, false],
      [false, true],
      [false, false],
    ])('cancel transfer restores the regions the call had (muted %s, held %s)', (muted, held) => {
      const c = startCard().open('connected', [{ type: 'softphone.muteDone', muted }, { type: 'softphone.holdDone', held }]);
      c.send(card('transferButtonClick', { type: 'pstn', target: '+4930999' }), phone({ type: 'phone.transferFailed' }), card('cancelTransferButtonClick'));
      expect(c.snapshot().value).toEqual(connectedValue(muted, held));
      // Restoring the regions tells the softphone nothing new: it never left that state.
      expect(c.softphoneCommands()).toEqual([{ method: 'startTransfer', target: { destination: '+4930999', kind: 'pstn' } }, { method: 'cancelTransfer' }]);
    });
  });

  describe('SC-B13: notify admin', () => {
    test('moneyError → notifyAdminButtonClick → moneyError, the notifyAdmin hook', () => {
      const c = startCard().open('moneyError');
      c.send(card('notifyAdminButtonClick'));
      expect(c.state()).toBe('moneyError');
      expect(c.softphoneCommands()).toEqual([]);
      expect(c.cardCommands()).toEqual([]);
      expect(c.hooks()).toEqual([{ type: 'call.notifyAdmin', callId: 'call-1' }]);
    });
  });

  describe('SC-B14: close', () => {
    test.each(HELD_STATES)('%s → closeButtonClick → call over, softphone.hangup() (call still live), no CallCardClose', (state) => {
      const c = startCard().open(state);
      c.send(card('closeButtonClick'));
      expect(c.state()).toBe('waiting');
      expect(c.softphoneCommands()).toEqual([{ method: 'hangup' }]);
      // The host closed the card itself.
      expect(c.cardCommands()).toEqual([]);
      expect(c.summaries()).toEqual([expect.objectContaining({ endedBy: 'closedByOperator', lastUiState: state })]);
    });

    test.each(RINGING_STATES)('%s → closeButtonClick → call over, softphone.reject() (ringing), no CallCardClose', (state) => {
      const c = startCard().open(state);
      c.send(card('closeButtonClick'));
      expect(c.state()).toBe('waiting');
      expect(c.softphoneCommands()).toEqual([{ method: 'reject' }]);
      expect(c.cardCommands()).toEqual([]);
      expect(c.summaries()).toEqual([expect.objectContaining({ endedBy: 'closedByOperator', lastUiState: state })]);
    });

    test.each(NOT_LIVE_STATES)('%s → closeButtonClick → call over, softphone told nothing (no live call), no CallCardClose', (state) => {
      const c = startCard().open(state);
      c.send(card('closeButtonClick'));
      expect(c.state()).toBe('waiting');
      expect(c.softphoneCommands()).toEqual([]);
      expect(c.cardCommands()).toEqual([]);
      expect(c.summaries()).toEqual([expect.objectContaining({ endedBy: 'closedByOperator', lastUiState: state })]);
    });
  });

  describe('SC-B15: comment', () => {
    test.each(UI_STATES)('%s → addCommentButtonClick(text) × 2 → same state; each save carries the whole text, the call\'s comment is the last', (state) => {
      const c = startCard().open(state);
      const before = c.snapshot().value;
      c.send(card('addCommentButtonClick', 'call back'), card('addCommentButtonClick', 'call back on Monday'));
      expect(c.snapshot().value).toEqual(before);
      expect(c.softphoneCommands()).toEqual([]);
      expect(c.cardCommands()).toEqual([]);
      expect(c.hooks()).toEqual([
        { type: 'call.comment', callId: 'call-1', text: 'call back' },
        { type: 'call.comment', callId: 'call-1', text: 'call back on Monday' },
      ]);
      c.send(card('closeButtonClick'));
      // No list of partial texts: the comment is what the editor held at the last save.
      expect(c.summaries()).toEqual([expect.objectContaining({ comment: 'call back on Monday' })]);
    });
  });

  describe('SC-B16: entity', () => {
    test.each(UI_STATES)('%s → entityChanged(entity) → same state, entity and number kept', (state) => {
      const c = startCard().open(state);
      const before = c.snapshot().value;
      c.send(card('entityChanged', { PHONE_NUMBER: '+4930555', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 9 }));
      expect(c.snapshot().value).toEqual(before);
      expect(c.softphoneCommands()).toEqual([]);
      expect(c.cardCommands()).toEqual([]);
      c.send(card('closeButtonClick'));
      expect(c.summaries()).toEqual([expect.objectContaining({ phoneNumber: '+4930555', crmEntity: { type: 'DEAL', id: 9 } })]);
    });
  });

  describe('SC-L3: entityChanged in waiting', () => {
    test('waiting → entityChanged(entity) → waiting, ignored and reported; the next call takes its data from its own initialized', () => {
      const c = startCard().mark();
      const entity = card('entityChanged', { PHONE_NUMBER: '+4930555', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 9 });
      c.send(entity);
      expect(c.state()).toBe('waiting');
      expect(c.ignored()).toEqual([entity]);
      c.send(initialized({ CALL_DIRECTION: 'incoming' }), card('closeButtonClick'));
      expect(c.summaries()).toEqual([expect.objectContaining({ phoneNumber: '+4930123456', crmEntity: { type: 'CONTACT', id: 7 } })]);
    });
  });

  describe('SC-B16: entity', () => {
    test('outgoing → entityChanged then makeCallButtonClick → softphone.call(the number the CRM block shows)', () => {
      const c = startCard().open('outgoing');
      c.send(card('entityChanged', { PHONE_NUMBER: '+4930777', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 3 }), card('makeCallButtonClick'));
      expect(c.softphoneCommands()).toEqual([{ method: 'call', phoneNumber: '+4930777' }]);
    });
  });
});

describe('softphone events', () => {
  describe('SC-P1', () => {
    test.each(['connectingIncoming', 'connectingOutgoing'] as const)('%s → phone.connected → connected', (state) => {
      const c = startCard().open(state);
      c.send(phone({ type: 'phone.connected' }));
      expect(c.snapshot().value).toEqual(connectedValue(false, false));
      expect(c.softphoneCommands()).toEqual([]);
      expect(c.cardCommands()).toEqual([setUiState('connected')]);
      c.send(card('hangupButtonClick'));
      expect(c.summaries()).toEqual([expect.objectContaining({ connected: true })]);
    });
  });

  describe('SC-P2', () => {
    test.each(LIVE_STATES)('%s → phone.ended → call over, CallCardClose', (state) => {
      const c = startCard().open(state);
      c.send(phone({ type: 'phone.ended' }));
      expect(c.state()).toBe('waiting');
      expect(c.softphoneCommands()).toEqual([]);
      expect(c.cardCommands()).toEqual([CLOSE]);
      expect(c.summaries()).toEqual([expect.objectContaining({ endedBy: 'remoteHungUp', lastUiState: state })]);
    });
  });

  describe('SC-P3', () => {
    test.each([486, 600, 603])('connectingOutgoing → phone.failed(%s) → redial', (code) => {
      const c = startCard().open('connectingOutgoing');
      c.send(phone({ type: 'phone.failed', code }));
      expect(c.state()).toBe('redial');
      expect(c.softphoneCommands()).toEqual([]);
      expect(c.cardCommands()).toEqual([setUiState('redial')]);
    });
  });

  describe('SC-P4', () => {
    test.each(LIVE_STATES)('%s → phone.failed(402) → moneyError', (state) => {
      const c = startCard().open(state);
      c.send(phone({ type: 'phone.failed', code: 402 }));
      expect(c.state()).toBe('moneyError');
      expect(c.softphoneCommands()).toEqual([]);
      expect(c.cardCommands()).toEqual([setUiState('moneyError')]);
      c.send(card('closeButtonClick'));
      expect(c.summaries()).toEqual([expect.objectContaining({ failureCode: 402 })]);
    });
  });

  // 486 is "any other code" everywhere except connectingOutgoing, where it means busy.
  const otherFailures = LIVE_STATES.flatMap((state) =>
    [500, null, ...(state === 'connectingOutgoing' ? [] : [486])].map((code) => [state, code] as const),
  );
  describe('SC-P5', () => {
    test.each(otherFailures)('%s → phone.failed(%s) → error', (state, code) => {
      const c = startCard().open(state);
      c.send(phone(code === null ? { type: 'phone.failed' } : { type: 'phone.failed', code }));
      expect(c.state()).toBe('error');
      expect(c.softphoneCommands()).toEqual([]);
      expect(c.cardCommands()).toEqual([setUiState('error')]);
      c.send(card('closeButtonClick'));
      expect(c.summaries()).toEqual([expect.objectContaining({ failureCode: code })]);
    });
  });

  describe('SC-P6', () => {
    test('transferring → phone.transferSucceeded → transferConnected', () => {
      const c = startCard().open('transferring');
      c.send(phone({ type: 'phone.transferSucceeded' }));
      expect(c.state()).toBe('transferConnected');
      expect(c.softphoneCommands()).toEqual([]);
      expect(c.cardCommands()).toEqual([setUiState('transferConnected')]);
    });
  });

  describe('SC-P7', () => {
    test('transferring → phone.transferFailed → transferFailed', () => {
      const c = startCard().open('transferring');
      c.send(phone({ type: 'phone.transferFailed', code: 480 }));
      expect(c.state()).toBe('transferFailed');
      expect(c.softphoneCommands()).toEqual([]);
      expect(c.cardCommands()).toEqual([setUiState('transferFailed')]);
    });
  });

  describe('SC-P8', () => {
    test.each([true, false])('connected → phone.heldChanged(%s) → connected, card told CallCardSetHold', (held) => {
      const c = startCard().open('connected', [{ type: 'softphone.holdDone', held: !held }]);
      c.send(phone({ type: 'phone.heldChanged', held }));
      expect(c.snapshot().value).toEqual(connectedValue(false, held));
      // The network did it: the softphone is not told back.
      expect(c.softphoneCommands()).toEqual([]);
      expect(c.cardCommands()).toEqual([{ command: 'CallCardSetHold', params: { held } }]);
    });

    test.each([true, false])('connected → phone.mutedChanged(%s) → connected, card told CallCardSetMute', (muted) => {
      const c = startCard().open('connected', [{ type: 'softphone.muteDone', muted: !muted }]);
      c.send(phone({ type: 'phone.mutedChanged', muted }));
      expect(c.snapshot().value).toEqual(connectedValue(muted, false));
      expect(c.softphoneCommands()).toEqual([]);
      expect(c.cardCommands()).toEqual([{ command: 'CallCardSetMute', params: { muted } }]);
    });
  });
});

describe('the end of a call', () => {
  describe('SC-L4: the summary', () => {
    test('the summary carries what the call gathered', () => {
      const c = startCard().mark();
      c.send(
        initialized({ CALL_ID: 'call-77', CALL_DIRECTION: 'incoming', PHONE_NUMBER: '+4930111', CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: 12 }),
        card('answerButtonClick'),
        phone({ type: 'phone.connected' }),
        card('addCommentButtonClick', 'asked for a quote'),
        card('qualityMeterClick', 3),
        card('dialpadButtonClick', '2'),
        card('dialpadButtonClick', '#'),
        card('transferButtonClick', { type: 'queue', target: '5' }),
        card('cancelTransferButtonClick'),
        card('hangupButtonClick'),
      );
      const [summary, ...more] = c.summaries();
      expect(more).toEqual([]);
      expect(summary).toMatchObject({
        cycle: 1,
        callId: 'call-77',
        phoneNumber: '+4930111',
        crmEntity: { type: 'COMPANY', id: 12 },
        direction: 'incoming',
        comment: 'asked for a quote',
        rating: 3,
        dtmf: '2#',
        transferTarget: { destination: '5', kind: 'queue' },
        endedBy: 'hungUp',
        lastUiState: 'connected',
        failureCode: null,
        connected: true,
        cardLost: false,
        cardLostAt: null,
      });
      expect(summary!.openedAt).toBeLessThanOrEqual(summary!.connectedAt!);
      expect(summary!.connectedAt!).toBeLessThanOrEqual(summary!.closedAt);
    });
  });

  describe('SC-L2: entering a UI state', () => {
    test('entering a UI state tells the card CallCardSetUiState exactly once, in order, with the call cycle', () => {
      const c = startCard().mark();
      c.send(initialized({ CALL_DIRECTION: 'outgoing' }), phone({ type: 'phone.failed', code: 486 }), card('makeCallButtonClick'), phone({ type: 'phone.connected' }));
      expect(c.cardCommands()).toEqual([setUiState('connectingOutgoing'), setUiState('redial'), setUiState('connectingOutgoing'), setUiState('connected')]);
      expect(c.since().filter((e) => e.type === 'card.command').map((e) => (e.type === 'card.command' ? e.cycle : -1))).toEqual([1, 1, 1, 1]);
    });
  });

});
