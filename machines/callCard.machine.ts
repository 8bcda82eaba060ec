import { callCardSetup, idleContext } from './callCard.setup';
import type { PhoneEvent } from './callCard.events';

/** The SIP code of a `phone.failed`, as `recordFailure` takes it. */
const failureCode = ({ event }: { event: Extract<PhoneEvent, { type: 'phone.failed' }> }) => ({ code: event.code });

/**
 * What ends a call in each kind of UI state, spread into the states of that kind
 * (statechart.md, "Transitions with a card" and "Card and call"). A call ends back in
 * `waiting`; a replacing call's `initialized` is handed on to `waiting`, which alone
 * chooses a call's first UI state.
 */

/** A ringing call (`incoming`, `transferIncoming`): ended, it is rejected. */
const whileRinging = {
  answerButtonClick: { target: 'connectingIncoming', actions: 'answerCall', meta: { requirements: ['SC-B01'] } },
  skipButtonClick: {
    target: '#callCard.waiting',
    actions: ['rejectCall', 'closeCard', { type: 'summarise', params: { endedBy: 'skipped' } }, 'forgetCall'],
    meta: { requirements: ['SC-B02', 'SC-L4'] },
  },
  closeButtonClick: {
    target: '#callCard.waiting',
    actions: ['rejectCall', { type: 'summarise', params: { endedBy: 'closedByOperator' } }, 'forgetCall'],
    meta: { requirements: ['SC-B14', 'SC-L4'] },
  },
  // Takes precedence over the card region's `attached → lost`: the ui region comes first in document order.
  'card.lost': {
    target: '#callCard.waiting',
    actions: ['rejectCall', 'keepCardLoss', { type: 'summarise', params: { endedBy: 'cardLost' } }, 'forgetCall'],
    meta: { requirements: ['SC-C2', 'SC-L4'] },
  },
  initialized: {
    guard: 'isAnotherCall',
    target: '#callCard.waiting',
    actions: ['rejectCall', { type: 'summarise', params: { endedBy: 'replaced' } }, 'forgetCall', 'openNextCall'],
    meta: { requirements: ['SC-C4', 'SC-L4'] },
  },
} as const;

/** A call the softphone holds (connecting, talking, transferring): ended, it is hung up; its card going away ends nothing. */
const whileLive = {
  closeButtonClick: {
    target: '#callCard.waiting',
    actions: ['hangUp', { type: 'summarise', params: { endedBy: 'closedByOperator' } }, 'forgetCall'],
    meta: { requirements: ['SC-B14', 'SC-L4'] },
  },
  initialized: {
    guard: 'isAnotherCall',
    target: '#callCard.waiting',
    actions: ['hangUp', { type: 'summarise', params: { endedBy: 'replaced' } }, 'forgetCall', 'openNextCall'],
    meta: { requirements: ['SC-C4', 'SC-L4'] },
  },
} as const;

/** The softphone's end of a live or ringing call (SC-P2, SC-P4, SC-P5). */
const softphoneEnds = {
  'phone.ended': {
    target: '#callCard.waiting',
    actions: ['closeCard', { type: 'summarise', params: { endedBy: 'remoteHungUp' } }, 'forgetCall'],
    meta: { requirements: ['SC-P2', 'SC-L4'] },
  },
  'phone.failed': [
    { guard: 'isNoFunds', target: 'moneyError', actions: { type: 'recordFailure', params: failureCode }, meta: { requirements: ['SC-P4'] } },
    { target: 'error', actions: { type: 'recordFailure', params: failureCode }, meta: { requirements: ['SC-P5'] } },
  ],
} as const;

/** No call the softphone holds (`outgoing` before dialling, `error`, `moneyError`, `redial`): without its card, the call is over. */
const withoutLiveCall = {
  closeButtonClick: {
    target: '#callCard.waiting',
    actions: [{ type: 'summarise', params: { endedBy: 'closedByOperator' } }, 'forgetCall'],
    meta: { requirements: ['SC-B14', 'SC-L4'] },
  },
  'card.lost': {
    target: '#callCard.waiting',
    actions: ['keepCardLoss', { type: 'summarise', params: { endedBy: 'cardLost' } }, 'forgetCall'],
    meta: { requirements: ['SC-C3', 'SC-L4'] },
  },
  initialized: {
    guard: 'isAnotherCall',
    target: '#callCard.waiting',
    actions: [{ type: 'summarise', params: { endedBy: 'replaced' } }, 'forgetCall', 'openNextCall'],
    meta: { requirements: ['SC-C4', 'SC-L4'] },
  },
} as const;

/**
 * A live call whose card is gone fails or ends up busy: with no live call and no card,
 * the call is over (SC-C3), as if the card had gone in this state.
 */
const overWithoutCard = {
  guard: 'cardIsGone',
  target: '#callCard.waiting',
  actions: [{ type: 'summarise', params: { endedBy: 'cardLost' } }, 'forgetCall'],
  meta: { requirements: ['SC-C3', 'SC-L4'] },
} as const;

/** Hang up, in the four states that show it (SC-B05). */
const hangUpButton = {
  hangupButtonClick: {
    target: '#callCard.waiting',
    actions: ['hangUp', 'closeCard', { type: 'summarise', params: { endedBy: 'hungUp' } }, 'forgetCall'],
    meta: { requirements: ['SC-B05', 'SC-L4'] },
  },
} as const;

/**
 * The Bitrix24 call card statechart. `waiting` until the host's `initialized`; then a
 * `call`, in two regions: `ui`, the call in one of the 12 UI states (host order), and
 * `card`, whether the host still shows the call's card. Back to `waiting` when the call
 * is over. An event that the state it reaches does not take is taken by the root's `*`,
 * which reports it and changes nothing. Every guard and action is named; implementations
 * live in `callCard.setup.ts`.
 */
export const callCardMachine = callCardSetup.createMachine({
  id: 'callCard',
  context: ({ input }) => idleContext(0, (input ? input.clock : undefined) ?? Date.now),
  initial: 'waiting',
  on: {
    '*': { actions: 'reportIgnored', meta: { requirements: ['SC-E1'] } },
  },
  states: {
    waiting: {
      description: 'No call. Card events are ignored and reported; the next call brings its own data in its initialized.',
      meta: { requirements: ['SC-L3'] },
      on: {
        initialized: [
          { guard: 'isCallListMode', target: 'call.ui.outgoing', actions: { type: 'openCall', params: ({ event }) => ({ call: event.call }) }, meta: { requirements: ['SC-L1'] } },
          { guard: 'isIncomingCall', target: 'call.ui.incoming', actions: { type: 'openCall', params: ({ event }) => ({ call: event.call }) }, meta: { requirements: ['SC-L1'] } },
          { guard: 'isIncomingTransfer', target: 'call.ui.transferIncoming', actions: { type: 'openCall', params: ({ event }) => ({ call: event.call }) }, meta: { requirements: ['SC-L1'] } },
          { guard: 'isOutgoingCall', target: 'call.ui.connectingOutgoing', actions: { type: 'openCall', params: ({ event }) => ({ call: event.call }) }, meta: { requirements: ['SC-L1'] } },
          { guard: 'isCallback', target: 'call.ui.outgoing', actions: { type: 'openCall', params: ({ event }) => ({ call: event.call }) }, meta: { requirements: ['SC-L1'] } },
          { target: 'call.ui.error', actions: { type: 'openCall', params: ({ event }) => ({ call: event.call }) }, meta: { requirements: ['SC-L1'] } },
        ],
        // Worker restart: a card found open that this worker knows nothing of is closed and summarised once.
        'card.orphaned': {
          actions: [
            { type: 'openCall', params: ({ event }) => ({ call: event.call }) },
            'closeCard',
            { type: 'summarise', params: { endedBy: 'orphaned' } },
            'forgetCall',
          ],
          meta: { requirements: ['SC-W1'] },
        },
        // Worker restart, adopt option: the softphone still holds the call; it is managed like any other.
        'card.adopted': [
          { guard: { type: 'adoptsInto', params: { uiState: 'incoming' } }, target: 'call.ui.incoming', actions: { type: 'openCall', params: ({ event }) => ({ call: event.call }) }, meta: { requirements: ['SC-W2'] } },
          { guard: { type: 'adoptsInto', params: { uiState: 'transferIncoming' } }, target: 'call.ui.transferIncoming', actions: { type: 'openCall', params: ({ event }) => ({ call: event.call }) }, meta: { requirements: ['SC-W2'] } },
          { guard: { type: 'adoptsInto', params: { uiState: 'connectingIncoming' } }, target: 'call.ui.connectingIncoming', actions: { type: 'openCall', params: ({ event }) => ({ call: event.call }) }, meta: { requirements: ['SC-W2'] } },
          { guard: { type: 'adoptsInto', params: { uiState: 'connectingOutgoing' } }, target: 'call.ui.connectingOutgoing', actions: { type: 'openCall', params: ({ event }) => ({ call: event.call }) }, meta: { requirements: ['SC-W2'] } },
          {
            guard: { type: 'adoptsInto', params: { uiState: 'connected' } },
            target: 'call.ui.connected',
            actions: [
              { type: 'openCall', params: ({ event }) => ({ call: event.call }) },
              { type: 'restoreMicrophoneAndHold', params: ({ event }) => ({ muted: event.muted === true, held: event.held === true }) },
            ],
            meta: { requirements: ['SC-W2'] },
          },
          { guard: { type: 'adoptsInto', params: { uiState: 'transferring' } }, target: 'call.ui.transferring', actions: { type: 'openCall', params: ({ event }) => ({ call: event.call }) }, meta: { requirements: ['SC-W2'] } },
          { guard: { type: 'adoptsInto', params: { uiState: 'transferFailed' } }, target: 'call.ui.transferFailed', actions: { type: 'openCall', params: ({ event }) => ({ call: event.call }) }, meta: { requirements: ['SC-W2'] } },
          { guard: { type: 'adoptsInto', params: { uiState: 'transferConnected' } }, target: 'call.ui.transferConnected', actions: { type: 'openCall', params: ({ event }) => ({ call: event.call }) }, meta: { requirements: ['SC-W2'] } },
        ],
      },
    },
    call: {
      description: 'A call, and its card: the call goes on when its card goes away, and its card can come back.',
      type: 'parallel',
      on: {
        addCommentButtonClick: {
          actions: [
            { type: 'keepComment', params: ({ event }) => ({ text: event.text }) },
            { type: 'announceComment', params: ({ event }) => ({ text: event.text }) },
          ],
          meta: { requirements: ['SC-B15'] },
        },
        entityChanged: { actions: { type: 'keepEntity', params: ({ event }) => ({ entity: event.entity }) }, meta: { requirements: ['SC-B16'] } },
        'card.setTitle': {
          actions: [
            { type: 'keepTitle', params: ({ event }) => ({ title: event.title }) },
            { type: 'showTitle', params: ({ event }) => ({ title: event.title }) },
          ],
          meta: { requirements: ['SC-C6'] },
        },
        'card.setStatusText': {
          actions: [
            { type: 'keepStatusText', params: ({ event }) => ({ statusText: event.statusText }) },
            { type: 'showStatusText', params: ({ event }) => ({ statusText: event.statusText }) },
          ],
          meta: { requirements: ['SC-C6'] },
        },
      },
      states: {
        ui: {
          description: 'The call, in one of the 12 UI states the host lists, in its order.',
          // Every way in names its UI state; `error` is only the formal default.
          initial: 'error',
          states: {
            incoming: {
              description: 'An incoming call to accept.',
              entry: { type: 'showUiState', params: { uiState: 'incoming' } },
              meta: { requirements: ['HB-01', 'SC-L2'] },
              on: {
                ...softphoneEnds,
                ...whileRinging,
              },
            },
            transferIncoming: {
              description: 'A call transferred to this operator.',
              entry: { type: 'showUiState', params: { uiState: 'transferIncoming' } },
              meta: { requirements: ['HB-02', 'SC-L2'] },
              on: {
                ...softphoneEnds,
                ...whileRinging,
              },
            },
            outgoing: {
              description: 'The outgoing call card before dialling (callback, call list).',
              entry: { type: 'showUiState', params: { uiState: 'outgoing' } },
              meta: { requirements: ['HB-03', 'SC-L2'] },
              on: {
                ...withoutLiveCall,
                makeCallButtonClick: { guard: 'knowsNumberToDial', target: 'connectingOutgoing', actions: 'dialNumber', meta: { requirements: ['SC-B03'] } },
                nextButtonClick: { actions: 'nextInCallList', meta: { requirements: ['SC-B04'] } },
              },
            },
            connectingIncoming: {
              description: 'While an incoming call connects.',
              entry: { type: 'showUiState', params: { uiState: 'connectingIncoming' } },
              meta: { requirements: ['HB-04', 'SC-L2'] },
              on: {
                ...softphoneEnds,
                ...whileLive,
                ...hangUpButton,
                'phone.connected': { target: 'connected', meta: { requirements: ['SC-P1'] } },
              },
            },
            connectingOutgoing: {
              description: 'While an outgoing call connects.',
              entry: { type: 'showUiState', params: { uiState: 'connectingOutgoing' } },
              meta: { requirements: ['HB-05', 'SC-L2'] },
              on: {
                ...softphoneEnds,
                ...whileLive,
                ...hangUpButton,
                'phone.connected': { target: 'connected', meta: { requirements: ['SC-P1'] } },
                'phone.failed': [
                  { guard: 'isBusy', target: 'redial', actions: { type: 'recordFailure', params: failureCode }, meta: { requirements: ['SC-P3'] } },
                  { guard: 'isNoFunds', target: 'moneyError', actions: { type: 'recordFailure', params: failureCode }, meta: { requirements: ['SC-P4'] } },
                  { target: 'error', actions: { type: 'recordFailure', params: failureCode }, meta: { requirements: ['SC-P5'] } },
                ],
              },
            },
            connected: {
              description: 'The conversation. Microphone and hold are regions that follow the softphone.',
              type: 'parallel',
              entry: [{ type: 'showUiState', params: { uiState: 'connected' } }, 'markConnected'],
              meta: { requirements: ['HB-06', 'SC-L2'] },
              on: {
                ...softphoneEnds,
                ...whileLive,
                ...hangUpButton,
                // The card toggled itself on the click; the regions move when the softphone has done it.
                muteButtonClick: { actions: { type: 'muteSoftphone', params: ({ event }) => ({ muted: event.muted }) }, meta: { requirements: ['SC-B06'] } },
                holdButtonClick: { actions: { type: 'holdSoftphone', params: ({ event }) => ({ held: event.held }) }, meta: { requirements: ['SC-B07'] } },
                dialpadButtonClick: {
                  guard: 'isDialKey',
                  actions: [
                    { type: 'keepDtmf', params: ({ event }) => ({ key: event.key }) },
                    { type: 'sendDtmf', params: ({ event }) => ({ key: event.key }) },
                  ],
                  meta: { requirements: ['SC-B08'] },
                },
                qualityMeterClick: {
                  guard: 'isRating',
                  actions: [
                    { type: 'keepRating', params: ({ event }) => ({ rating: event.rating }) },
                    { type: 'announceRating', params: ({ event }) => ({ rating: event.rating }) },
                  ],
                  meta: { requirements: ['SC-B09'] },
                },
                transferButtonClick: {
                  guard: 'hasTransferTarget',
                  target: 'transferring',
                  actions: [
                    { type: 'keepTransfer', params: ({ event }) => ({ target: event.transfer }) },
                    { type: 'startTransfer', params: ({ event }) => ({ target: event.transfer }) },
                  ],
                  meta: { requirements: ['SC-B10'] },
                },
              },
              states: {
                microphone: {
                  initial: 'unmuted',
                  on: {
                    'softphone.muteDone': [
                      { guard: 'confirmsMuted', target: '.muted', meta: { requirements: ['SC-B06'] } },
                      { target: '.unmuted', meta: { requirements: ['SC-B06'] } },
                    ],
                    // The card shows what the operator asked for; set it back.
                    'softphone.muteFailed': { actions: { type: 'showMute', params: ({ event }) => ({ muted: !event.muted }) }, meta: { requirements: ['SC-B06'] } },
                    'phone.mutedChanged': [
                      { guard: 'confirmsMuted', target: '.muted', actions: { type: 'showMute', params: { muted: true } }, meta: { requirements: ['SC-P8'] } },
                      { target: '.unmuted', actions: { type: 'showMute', params: { muted: false } }, meta: { requirements: ['SC-P8'] } },
                    ],
                  },
                  states: { unmuted: {}, muted: {} },
                },
                hold: {
                  initial: 'resumed',
                  on: {
                    'softphone.holdDone': [
                      { guard: 'confirmsHeld', target: '.held', meta: { requirements: ['SC-B07'] } },
                      { target: '.resumed', meta: { requirements: ['SC-B07'] } },
                    ],
                    'softphone.holdFailed': { actions: { type: 'showHold', params: ({ event }) => ({ held: !event.held }) }, meta: { requirements: ['SC-B07'] } },
                    'phone.heldChanged': [
                      { guard: 'confirmsHeld', target: '.held', actions: { type: 'showHold', params: { held: true } }, meta: { requirements: ['SC-P8'] } },
                      { target: '.resumed', actions: { type: 'showHold', params: { held: false } }, meta: { requirements: ['SC-P8'] } },
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
                ...softphoneEnds,
                ...whileLive,
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
                ...softphoneEnds,
                ...whileLive,
                cancelTransferButtonClick: { target: 'connected.previous', actions: 'cancelTransfer', meta: { requirements: ['SC-B12'] } },
              },
            },
            transferConnected: {
              description: 'The transfer succeeded; the operator leaves the card.',
              entry: { type: 'showUiState', params: { uiState: 'transferConnected' } },
              meta: { requirements: ['HB-09', 'SC-L2'] },
              on: {
                ...softphoneEnds,
                ...whileLive,
                ...hangUpButton,
              },
            },
            error: {
              description: 'An error occurred; only Close remains.',
              entry: { type: 'showUiState', params: { uiState: 'error' } },
              always: overWithoutCard,
              meta: { requirements: ['HB-10', 'SC-L2'] },
              on: {
                ...withoutLiveCall,
              },
            },
            moneyError: {
              description: 'The account ran out of funds.',
              entry: { type: 'showUiState', params: { uiState: 'moneyError' } },
              always: overWithoutCard,
              meta: { requirements: ['HB-11', 'SC-L2'] },
              on: {
                ...withoutLiveCall,
                notifyAdminButtonClick: { actions: 'notifyAdmin', meta: { requirements: ['SC-B13'] } },
              },
            },
            redial: {
              description: 'The callee was busy; call again without hiding the card.',
              entry: { type: 'showUiState', params: { uiState: 'redial' } },
              always: overWithoutCard,
              meta: { requirements: ['HB-12', 'SC-L2'] },
              on: {
                ...withoutLiveCall,
                makeCallButtonClick: { guard: 'knowsNumberToDial', target: 'connectingOutgoing', actions: 'dialNumber', meta: { requirements: ['SC-B03'] } },
              },
            },
          },
        },
        card: {
          description: "Whether the host still shows the call's card. While it is lost the card is told nothing.",
          initial: 'attached',
          on: {
            // The current call's card is shown (again): re-show, another tab, a worker's adoption.
            initialized: { guard: 'isCurrentCall', target: '.attached', actions: 'bringCardUpToDate', meta: { requirements: ['SC-C5'] } },
          },
          states: {
            attached: {
              on: {
                // A live call keeps its state; a ringing or no-live-call state ends the call first (ui region).
                'card.lost': { target: 'lost', actions: ['keepCardLoss', 'announceCardLost'], meta: { requirements: ['SC-C1'] } },
              },
            },
            // Told nothing until it reappears; a second card.lost (another command found it gone too) is reported by the root.
            lost: {},
          },
        },
      },
    },
  },
});

/** The call card machine's type, for `ActorRefFrom`, `SnapshotFrom` and friends. */
export type CallCardMachine = typeof callCardMachine;
