import { callCardSetup, idleContext } from './callCard.setup';

/**
 * Transitions shared by every UI state in which a call is live: the operator's close,
 * the other side hanging up, a failure, and the host losing the card
 * (statechart.md, rows SC-B14, SC-P2, SC-P4, SC-P5). Spread into each such state.
 */
const whileCallIsLive = {
  closeButtonClick: {
    target: '#callCard.waiting',
    actions: ['hangUp', { type: 'endCall', params: { endedBy: 'closedByOperator' } }],
    meta: { requirements: ['SC-B14'] },
  },
  'phone.ended': {
    target: '#callCard.waiting',
    actions: ['closeCard', { type: 'endCall', params: { endedBy: 'remoteHungUp' } }],
    meta: { requirements: ['SC-P2'] },
  },
  'phone.failed': [
    { guard: 'isNoFunds', target: 'moneyError', actions: 'recordFailure', meta: { requirements: ['SC-P4'] } },
    { target: 'error', actions: 'recordFailure', meta: { requirements: ['SC-P5'] } },
  ],
  'card.lost': {
    target: '#callCard.waiting',
    actions: ['hangUp', { type: 'endCall', params: { endedBy: 'cardLost' } }],
    meta: { requirements: ['SC-L4'] },
  },
} as const;

/** Answer and Skip, shown by both ringing states (SC-B01, SC-B02). */
const whileRinging = {
  answerButtonClick: { target: 'connectingIncoming', actions: 'answerCall', meta: { requirements: ['SC-B01'] } },
  skipButtonClick: {
    target: '#callCard.waiting',
    actions: ['rejectCall', 'closeCard', { type: 'endCall', params: { endedBy: 'skipped' } }],
    meta: { requirements: ['SC-B02'] },
  },
} as const;

/** Hang up, in the four states that show it (SC-B05). */
const hangUpButton = {
  hangupButtonClick: {
    target: '#callCard.waiting',
    actions: ['hangUp', 'closeCard', { type: 'endCall', params: { endedBy: 'hungUp' } }],
    meta: { requirements: ['SC-B05'] },
  },
} as const;

/**
 * The Bitrix24 call card statechart. `waiting` until the host's `initialized`, then
 * `open` in one of the 12 UI states (host order), back to `waiting` when the card is
 * gone. Every guard and action is named; implementations live in `callCard.setup.ts`.
 */
export const callCardMachine = callCardSetup.createMachine({
  id: 'callCard',
  context: idleContext(0),
  initial: 'waiting',
  states: {
    waiting: {
      description: 'No card. entityChanged may come before initialized and is kept.',
      on: {
        initialized: [
          { guard: 'isCallListMode', target: 'open.outgoing', actions: 'openCall', meta: { requirements: ['SC-L1'] } },
          { guard: 'isIncomingCall', target: 'open.incoming', actions: 'openCall', meta: { requirements: ['SC-L1'] } },
          { guard: 'isIncomingTransfer', target: 'open.transferIncoming', actions: 'openCall', meta: { requirements: ['SC-L1'] } },
          { guard: 'isOutgoingCall', target: 'open.connectingOutgoing', actions: 'openCall', meta: { requirements: ['SC-L1'] } },
          { guard: 'isCallback', target: 'open.outgoing', actions: 'openCall', meta: { requirements: ['SC-L1'] } },
          { target: 'open.error', actions: 'openCall', meta: { requirements: ['SC-L1'] } },
        ],
        entityChanged: { actions: 'keepEntity', meta: { requirements: ['SC-L3', 'SC-B16'] } },
      },
    },
    open: {
      description: 'A card is shown; its UI state is one of the 12 children.',
      // Every way in names its UI state; should anything target `open` bare, the operator can still close.
      initial: 'error',
      on: {
        closeButtonClick: {
          target: 'waiting',
          actions: { type: 'endCall', params: { endedBy: 'closedByOperator' } },
          meta: { requirements: ['SC-B14'] },
        },
        addCommentButtonClick: { actions: 'keepComment', meta: { requirements: ['SC-B15'] } },
        entityChanged: { actions: 'keepEntity', meta: { requirements: ['SC-B16'] } },
        'card.lost': { target: 'waiting', actions: { type: 'endCall', params: { endedBy: 'cardLost' } }, meta: { requirements: ['SC-L4'] } },
        // The host replaced the card with a new call's: the old call's summary goes out, the new one opens.
        initialized: [
          { guard: 'isCallListMode', target: '.outgoing', actions: [{ type: 'endCall', params: { endedBy: 'replaced' } }, 'openCall'], meta: { requirements: ['SC-L4', 'SC-L1'] } },
          { guard: 'isIncomingCall', target: '.incoming', actions: [{ type: 'endCall', params: { endedBy: 'replaced' } }, 'openCall'], meta: { requirements: ['SC-L4', 'SC-L1'] } },
          { guard: 'isIncomingTransfer', target: '.transferIncoming', actions: [{ type: 'endCall', params: { endedBy: 'replaced' } }, 'openCall'], meta: { requirements: ['SC-L4', 'SC-L1'] } },
          { guard: 'isOutgoingCall', target: '.connectingOutgoing', actions: [{ type: 'endCall', params: { endedBy: 'replaced' } }, 'openCall'], meta: { requirements: ['SC-L4', 'SC-L1'] } },
          { guard: 'isCallback', target: '.outgoing', actions: [{ type: 'endCall', params: { endedBy: 'replaced' } }, 'openCall'], meta: { requirements: ['SC-L4', 'SC-L1'] } },
          { target: '.error', actions: [{ type: 'endCall', params: { endedBy: 'replaced' } }, 'openCall'], meta: { requirements: ['SC-L4', 'SC-L1'] } },
        ],
      },
      states: {
        incoming: {
          description: 'An incoming call to accept.',
          entry: { type: 'showUiState', params: { uiState: 'incoming' } },
          meta: { requirements: ['HB-01', 'SC-L2'] },
          on: {
            ...whileCallIsLive,
            ...whileRinging,
          },
        },
        transferIncoming: {
          description: 'A call transferred to this operator.',
          entry: { type: 'showUiState', params: { uiState: 'transferIncoming' } },
          meta: { requirements: ['HB-02', 'SC-L2'] },
          on: {
            ...whileCallIsLive,
            ...whileRinging,
          },
        },
        outgoing: {
          description: 'The outgoing call card before dialling (callback, call list).',
          entry: { type: 'showUiState', params: { uiState: 'outgoing' } },
          meta: { requirements: ['HB-03', 'SC-L2'] },
          on: {
            makeCallButtonClick: {
              guard: 'knowsNumberToDial',
              target: 'connectingOutgoing',
              actions: 'dialNumber',
              meta: { requirements: ['SC-B03'] },
            },
            nextButtonClick: { actions: 'nextInCallList', meta: { requirements: ['SC-B04'] } },
          },
        },
        connectingIncoming: {
          description: 'While an incoming call connects.',
          entry: { type: 'showUiState', params: { uiState: 'connectingIncoming' } },
          meta: { requirements: ['HB-04', 'SC-L2'] },
          on: {
            ...whileCallIsLive,
            ...hangUpButton,
            'phone.connected': { target: 'connected', meta: { requirements: ['SC-P1'] } },
          },
        },
        connectingOutgoing: {
          description: 'While an outgoing call connects.',
          entry: { type: 'showUiState', params: { uiState: 'connectingOutgoing' } },
          meta: { requirements: ['HB-05', 'SC-L2'] },
          on: {
            ...whileCallIsLive,
            ...hangUpButton,
            'phone.connected': { target: 'connected', meta: { requirements: ['SC-P1'] } },
            'phone.failed': [
              { guard: 'isBusy', target: 'redial', actions: 'recordFailure', meta: { requirements: ['SC-P3'] } },
              { guard: 'isNoFunds', target: 'moneyError', actions: 'recordFailure', meta: { requirements: ['SC-P4'] } },
              { target: 'error', actions: 'recordFailure', meta: { requirements: ['SC-P5'] } },
            ],
          },
        },
        connected: {
          description: 'The conversation. Microphone and hold are independent regions.',
          type: 'parallel',
          entry: [{ type: 'showUiState', params: { uiState: 'connected' } }, 'markConnected'],
          meta: { requirements: ['HB-06', 'SC-L2'] },
          on: {
            ...whileCallIsLive,
            ...hangUpButton,
            dialpadButtonClick: { guard: 'isDialKey', actions: 'sendDtmf', meta: { requirements: ['SC-B08'] } },
            qualityMeterClick: { guard: 'isRating', actions: 'keepRating', meta: { requirements: ['SC-B09'] } },
            transferButtonClick: {
              guard: 'hasTransferTarget',
              target: 'transferring',
              actions: 'startTransfer',
              meta: { requirements: ['SC-B10'] },
            },
          },
          states: {
            microphone: {
              initial: 'unmuted',
              on: {
                muteButtonClick: [
                  { guard: 'asksMuted', target: '.muted', actions: 'muteSoftphone', meta: { requirements: ['SC-B06'] } },
                  { target: '.unmuted', actions: 'muteSoftphone', meta: { requirements: ['SC-B06'] } },
                ],
                'phone.mutedChanged': [
                  { guard: 'reportsMuted', target: '.muted', actions: 'showMute', meta: { requirements: ['SC-P8'] } },
                  { target: '.unmuted', actions: 'showMute', meta: { requirements: ['SC-P8'] } },
                ],
              },
              states: { unmuted: {}, muted: {} },
            },
            hold: {
              initial: 'resumed',
              on: {
                holdButtonClick: [
                  { guard: 'asksHeld', target: '.held', actions: 'holdSoftphone', meta: { requirements: ['SC-B07'] } },
                  { target: '.resumed', actions: 'holdSoftphone', meta: { requirements: ['SC-B07'] } },
                ],
                'phone.heldChanged': [
                  { guard: 'reportsHeld', target: '.held', actions: 'showHold', meta: { requirements: ['SC-P8'] } },
                  { target: '.resumed', actions: 'showHold', meta: { requirements: ['SC-P8'] } },
                ],
              },
              states: { resumed: {}, held: {} },
            },
            // Returning from a transfer restores the microphone and hold the call had.
            previous: { type: 'history', history: 'deep' },
          },
        },
        transferring: {
          description: 'Confirming a transfer to another operator.',
          entry: { type: 'showUiState', params: { uiState: 'transferring' } },
          meta: { requirements: ['HB-07', 'SC-L2'] },
          on: {
            ...whileCallIsLive,
            completeTransferButtonClick: { actions: 'completeTransfer', meta: { requirements: ['SC-B11'] } },
            cancelTransferButtonClick: { target: 'connected.previous', actions: 'cancelTransfer', meta: { requirements: ['SC-B12'] } },
            'phone.transferSucceeded': { target: 'transferConnected', meta: { requirements: ['SC-P6'] } },
            'phone.transferFailed': { target: 'transferFailed', meta: { requirements: ['SC-P7'] } },
          },
        },
        transferFailed: {
          description: 'The transfer failed.',
          entry: { type: 'showUiState', params: { uiState: 'transferFailed' } },
          meta: { requirements: ['HB-08', 'SC-L2'] },
          on: {
            ...whileCallIsLive,
            cancelTransferButtonClick: { target: 'connected.previous', actions: 'cancelTransfer', meta: { requirements: ['SC-B12'] } },
          },
        },
        transferConnected: {
          description: 'The transfer succeeded; the operator leaves the card.',
          entry: { type: 'showUiState', params: { uiState: 'transferConnected' } },
          meta: { requirements: ['HB-09', 'SC-L2'] },
          on: {
            ...whileCallIsLive,
            ...hangUpButton,
          },
        },
        error: {
          description: 'An error occurred; only Close remains.',
          entry: { type: 'showUiState', params: { uiState: 'error' } },
          meta: { requirements: ['HB-10', 'SC-L2'] },
        },
        moneyError: {
          description: 'The account ran out of funds.',
          entry: { type: 'showUiState', params: { uiState: 'moneyError' } },
          meta: { requirements: ['HB-11', 'SC-L2'] },
          on: {
            notifyAdminButtonClick: { actions: 'notifyAdmin', meta: { requirements: ['SC-B13'] } },
          },
        },
        redial: {
          description: 'The callee was busy; call again without hiding the card.',
          entry: { type: 'showUiState', params: { uiState: 'redial' } },
          meta: { requirements: ['HB-12', 'SC-L2'] },
          on: {
            makeCallButtonClick: {
              guard: 'knowsNumberToDial',
              target: 'connectingOutgoing',
              actions: 'dialNumber',
              meta: { requirements: ['SC-B03'] },
            },
          },
        },
      },
    },
  },
});

/** The call card machine's type, for `ActorRefFrom`, `SnapshotFrom` and friends. */
export type CallCardMachine = typeof callCardMachine;
