import { callCardSetup, idleContext } from './callCard.setup';
import { adoptedInto, clickToCall, closeCard, direction, failsToError, failure, openCall, over, overForAnotherCall, overForAnotherRequest, overWithoutCard, requested, requestedCallId, requestedNumber, rows, show, tell } from './callCard.rows';

/**
 * The Bitrix24 call card statechart, written state by state: each state's `on` is every
 * row of the spec for that state, named by id (docs/spec/statechart.md, "Transitions with
 * a card", "Card and call"). `waiting` until the host's `initialized`; then a `call`, in
 * two regions: `ui`, the call in one of the 12 UI states (host order), and `card`, whether
 * the host still shows the call's card. Rows for "any state of a call" sit on `call`
 * itself; an event that the state it reaches does not take is taken by the root's `*`,
 * which reports it and changes nothing. Implementations live in `callCard.setup.ts`.
 */
export const callCardMachine = callCardSetup.createMachine({
  id: 'callCard',
  context: ({ input }) => idleContext(0, (input ? input.clock : undefined) ?? Date.now),
  initial: 'waiting',
  on: {
    '*': { actions: 'reportIgnored', description: rows('SC-E1') },
  },
  states: {
    waiting: {
      description: `No call; card events are ignored and reported. ${rows('SC-L3')}`,
      on: {
        // The first UI state: call-list mode first, then the direction (an outgoing card nobody dials is click-to-call); anything else is an error.
        initialized: [
          { guard: { type: 'isCallListMode', params: ({ event }) => ({ callListMode: event.call.callListMode }) }, target: 'call.ui.outgoing', actions: openCall, description: rows('SC-L1') },
          { guard: { type: 'isIncomingCall', params: direction }, target: 'call.ui.incoming', actions: openCall, description: rows('SC-L1') },
          { guard: { type: 'isIncomingTransfer', params: direction }, target: 'call.ui.transferIncoming', actions: openCall, description: rows('SC-L1') },
          { guard: { type: 'dialsClickToCall', params: clickToCall }, target: 'call.ui.connectingOutgoing', actions: [openCall, 'dialNumber'], description: rows('SC-L5') },
          { guard: { type: 'showsClickToCall', params: clickToCall }, target: 'call.ui.outgoing', actions: openCall, description: rows('SC-L5') },
          { guard: { type: 'isOutgoingCall', params: direction }, target: 'call.ui.connectingOutgoing', actions: openCall, description: rows('SC-L1') },
          { guard: { type: 'isCallback', params: direction }, target: 'call.ui.outgoing', actions: openCall, description: rows('SC-L1') },
          { target: 'call.ui.error', actions: openCall, description: rows('SC-L1') },
        ],
        // A dial request of the application's server: dialled at once, with no card until one comes (or never: a call list's).
        'dial.request': {
          target: ['call.ui.connectingOutgoing', 'call.card.none'],
          actions: [{ type: 'openRequestedCall', params: requested }, { type: 'dialRequested', params: requestedNumber }],
          description: rows('SC-L6'),
        },
        // Worker restart: a card found open that this worker knows nothing of is closed and summarised once.
        'card.orphaned': { actions: [openCall, closeCard, { type: 'summarise', params: { endedBy: 'orphaned' } }, 'forgetCall'], description: rows('SC-W1', 'SC-L4') },
        // Worker restart, adopt option: the softphone still holds the call; it is managed like any other.
        'card.adopted': [
          { guard: adoptedInto('incoming'), target: 'call.ui.incoming', actions: openCall, description: rows('SC-W2') },
          { guard: adoptedInto('transferIncoming'), target: 'call.ui.transferIncoming', actions: openCall, description: rows('SC-W2') },
          { guard: adoptedInto('connectingIncoming'), target: 'call.ui.connectingIncoming', actions: openCall, description: rows('SC-W2') },
          { guard: adoptedInto('connectingOutgoing'), target: 'call.ui.connectingOutgoing', actions: openCall, description: rows('SC-W2') },
          {
            guard: adoptedInto('connected'),
            target: 'call.ui.connected',
            actions: [openCall, { type: 'restoreMicrophoneAndHold', params: ({ event }) => ({ muted: event.muted === true, held: event.held === true }) }],
            description: rows('SC-W2'),
          },
          { guard: adoptedInto('transferring'), target: 'call.ui.transferring', actions: openCall, description: rows('SC-W2') },
          { guard: adoptedInto('transferFailed'), target: 'call.ui.transferFailed', actions: openCall, description: rows('SC-W2') },
          { guard: adoptedInto('transferConnected'), target: 'call.ui.transferConnected', actions: openCall, description: rows('SC-W2') },
        ],
      },
    },
    call: {
      description: 'A call, and its card: the call goes on when its card goes away, and its card can come back.',
      type: 'parallel',
      // The rows the spec gives for any state of a call.
      on: {
        addCommentButtonClick: {
          actions: [{ type: 'keepComment', params: ({ event }) => ({ text: event.text }) }, { type: 'announceComment', params: ({ event }) => ({ text: event.text }) }],
          description: rows('SC-B15'),
        },
        entityChanged: { actions: { type: 'keepEntity', params: ({ event }) => ({ entity: event.entity }) }, description: rows('SC-B16') },
        // A second call while this one is live (a state with no live call takes it in its own row): refused busy, the softphone left alone.
        'dial.request': { guard: { type: 'isAnotherCall', params: requestedCallId }, actions: { type: 'refuseBusy', params: requested }, description: rows('SC-L6') },
        'card.setTitle': {
          actions: [{ type: 'keepTitle', params: ({ event }) => ({ title: event.title }) }, { type: 'tellCard', params: ({ event }) => ({ command: 'CallCardSetCardTitle', params: { title: event.title } }) }],
          description: rows('SC-C6'),
        },
        'card.setStatusText': {
          actions: [
            { type: 'keepStatusText', params: ({ event }) => ({ statusText: event.statusText }) },
            { type: 'tellCard', params: ({ event }) => ({ command: 'CallCardSetStatusText', params: { statusText: event.statusText } }) },
          ],
          description: rows('SC-C6'),
        },
      },
      states: {
        ui: {
          description: 'The call, in one of the 12 UI states the host lists, in its order.',
          // Every way in names its UI state; `error` is only the formal default.
          initial: 'error',
          states: {
            incoming: {
              description: `An incoming call to accept. ${rows('HB-01', 'SC-L2')}`,
              tags: ['incoming', 'ringing', 'live'],
              entry: show('incoming'),
              on: {
                answerButtonClick: { target: 'connectingIncoming', actions: 'answerCall', description: rows('SC-B01') },
                skipButtonClick: over('skipped', ['rejectCall', closeCard], 'SC-B02'),
                closeButtonClick: over('closedByOperator', ['rejectCall'], 'SC-B14'),
                'card.lost': over('cardLost', ['rejectCall', 'keepCardLoss'], 'SC-C2'),
                initialized: overForAnotherCall(['rejectCall']),
                'phone.ended': over('remoteHungUp', [closeCard], 'SC-P2'),
                'phone.failed': failsToError,
              },
            },
            transferIncoming: {
              description: `A call transferred to this operator. ${rows('HB-02', 'SC-L2')}`,
              tags: ['transferIncoming', 'ringing', 'live'],
              entry: show('transferIncoming'),
              on: {
                answerButtonClick: { target: 'connectingIncoming', actions: 'answerCall', description: rows('SC-B01') },
                skipButtonClick: over('skipped', ['rejectCall', closeCard], 'SC-B02'),
                closeButtonClick: over('closedByOperator', ['rejectCall'], 'SC-B14'),
                'card.lost': over('cardLost', ['rejectCall', 'keepCardLoss'], 'SC-C2'),
                initialized: overForAnotherCall(['rejectCall']),
                'phone.ended': over('remoteHungUp', [closeCard], 'SC-P2'),
                'phone.failed': failsToError,
              },
            },
            outgoing: {
              description: `The outgoing call card before dialling (callback, call list, click-to-call shown with Call). ${rows('HB-03', 'SC-L2')}`,
              tags: ['outgoing'],
              entry: show('outgoing'),
              on: {
                makeCallButtonClick: { guard: 'knowsNumberToDial', target: 'connectingOutgoing', actions: 'dialNumber', description: rows('SC-B03') },
                nextButtonClick: { actions: 'nextInCallList', description: rows('SC-B04') },
                closeButtonClick: over('closedByOperator', [], 'SC-B14'),
                'card.lost': over('cardLost', ['keepCardLoss'], 'SC-C3'),
                initialized: overForAnotherCall([]),
                // The card came first and waits for Call (click-to-call shown, SC-L5): the request for its CALL_ID dials it.
                'dial.request': [
                  {
                    guard: { type: 'isRequestedCall', params: requestedCallId },
                    target: 'connectingOutgoing',
                    actions: [{ type: 'keepExtension', params: requested }, { type: 'dialRequested', params: requestedNumber }],
                    description: rows('SC-L6'),
                  },
                  overForAnotherRequest(),
                ],
              },
            },
            connectingIncoming: {
              description: `While an incoming call connects. ${rows('HB-04', 'SC-L2')}`,
              tags: ['connectingIncoming', 'live', 'established'],
              entry: show('connectingIncoming'),
              on: {
                hangupButtonClick: over('hungUp', ['hangUp', closeCard], 'SC-B05'),
                closeButtonClick: over('closedByOperator', ['hangUp'], 'SC-B14'),
                initialized: overForAnotherCall(['hangUp']),
                'phone.connected': { target: 'connected', description: rows('SC-P1') },
                'phone.ended': over('remoteHungUp', [closeCard], 'SC-P2'),
                'phone.failed': failsToError,
              },
            },
            connectingOutgoing: {
              description: `While an outgoing call connects. ${rows('HB-05', 'SC-L2')}`,
              tags: ['connectingOutgoing', 'live', 'established'],
              entry: show('connectingOutgoing'),
              on: {
                hangupButtonClick: over('hungUp', ['hangUp', closeCard], 'SC-B05'),
                closeButtonClick: over('closedByOperator', ['hangUp'], 'SC-B14'),
                initialized: overForAnotherCall(['hangUp']),
                // A dial request's extension goes out as DTMF once the callee answers.
                'phone.connected': { target: 'connected', actions: 'sendExtension', description: rows('SC-P1', 'SC-L6') },
                'phone.ended': over('remoteHungUp', [closeCard], 'SC-P2'),
                // Busy or declined first (SC-P3), then no funds, then any other failure.
                'phone.failed': [
                  { guard: { type: 'isBusy', params: failure }, target: 'redial', actions: { type: 'recordFailure', params: failure }, description: rows('SC-P3') },
                  ...failsToError,
                ],
              },
            },
            connected: {
              description: `The conversation; microphone and hold are regions that follow the softphone. ${rows('HB-06', 'SC-L2')}`,
              type: 'parallel',
              tags: ['connected', 'live', 'established'],
              entry: [show('connected'), 'markConnected'],
              on: {
                hangupButtonClick: over('hungUp', ['hangUp', closeCard], 'SC-B05'),
                // The card toggled itself on the click; the regions move when the softphone has done it.
                muteButtonClick: { actions: { type: 'muteSoftphone', params: ({ event }) => ({ muted: event.muted }) }, description: rows('SC-B06') },
                holdButtonClick: { actions: { type: 'holdSoftphone', params: ({ event }) => ({ held: event.held }) }, description: rows('SC-B07') },
                dialpadButtonClick: {
                  actions: [{ type: 'keepDtmf', params: ({ event }) => ({ key: event.key }) }, { type: 'sendDtmf', params: ({ event }) => ({ key: event.key }) }],
                  description: rows('SC-B08'),
                },
                qualityMeterClick: {
                  actions: [{ type: 'keepRating', params: ({ event }) => ({ rating: event.rating }) }, { type: 'announceRating', params: ({ event }) => ({ rating: event.rating }) }],
                  description: rows('SC-B09'),
                },
                transferButtonClick: {
                  target: 'transferring',
                  actions: [{ type: 'keepTransfer', params: ({ event }) => ({ target: event.transfer }) }, { type: 'startTransfer', params: ({ event }) => ({ target: event.transfer }) }],
                  description: rows('SC-B10'),
                },
                closeButtonClick: over('closedByOperator', ['hangUp'], 'SC-B14'),
                initialized: overForAnotherCall(['hangUp']),
                'phone.ended': over('remoteHungUp', [closeCard], 'SC-P2'),
                'phone.failed': failsToError,
              },
              states: {
                microphone: {
                  initial: 'unmuted',
                  on: {
                    'softphone.muteDone': [
                      { guard: { type: 'confirmsMuted', params: ({ event }) => ({ muted: event.muted }) }, target: '.muted', description: rows('SC-B06') },
                      { target: '.unmuted', description: rows('SC-B06') },
                    ],
                    // The card shows what the operator asked for; set it back.
                    'softphone.muteFailed': { actions: { type: 'tellCard', params: ({ event }) => ({ command: 'CallCardSetMute', params: { muted: !event.muted } }) }, description: rows('SC-B06') },
                    'phone.mutedChanged': [
                      { guard: { type: 'confirmsMuted', params: ({ event }) => ({ muted: event.muted }) }, target: '.muted', actions: tell({ command: 'CallCardSetMute', params: { muted: true } }), description: rows('SC-P8') },
                      { target: '.unmuted', actions: tell({ command: 'CallCardSetMute', params: { muted: false } }), description: rows('SC-P8') },
                    ],
                  },
                  states: { unmuted: {}, muted: { tags: ['muted'] } },
                },
                hold: {
                  initial: 'resumed',
                  on: {
                    'softphone.holdDone': [
                      { guard: { type: 'confirmsHeld', params: ({ event }) => ({ held: event.held }) }, target: '.held', description: rows('SC-B07') },
                      { target: '.resumed', description: rows('SC-B07') },
                    ],
                    'softphone.holdFailed': { actions: { type: 'tellCard', params: ({ event }) => ({ command: 'CallCardSetHold', params: { held: !event.held } }) }, description: rows('SC-B07') },
                    'phone.heldChanged': [
                      { guard: { type: 'confirmsHeld', params: ({ event }) => ({ held: event.held }) }, target: '.held', actions: tell({ command: 'CallCardSetHold', params: { held: true } }), description: rows('SC-P8') },
                      { target: '.resumed', actions: tell({ command: 'CallCardSetHold', params: { held: false } }), description: rows('SC-P8') },
                    ],
                  },
                  states: { resumed: {}, held: { tags: ['held'] } },
                },
                // Returning from a transfer restores the microphone and hold the call had.
                previous: { type: 'history', history: 'deep' },
              },
            },
            transferring: {
              description: `Confirming a transfer to another operator. ${rows('HB-07', 'SC-L2')}`,
              tags: ['transferring', 'live', 'established'],
              entry: show('transferring'),
              on: {
                completeTransferButtonClick: { actions: 'completeTransfer', description: rows('SC-B11') },
                cancelTransferButtonClick: { target: 'connected.previous', actions: 'cancelTransfer', description: rows('SC-B12') },
                closeButtonClick: over('closedByOperator', ['hangUp'], 'SC-B14'),
                initialized: overForAnotherCall(['hangUp']),
                'phone.ended': over('remoteHungUp', [closeCard], 'SC-P2'),
                'phone.failed': failsToError,
                'phone.transferSucceeded': { target: 'transferConnected', description: rows('SC-P6') },
                'phone.transferFailed': { target: 'transferFailed', description: rows('SC-P7') },
              },
            },
            transferFailed: {
              description: `The transfer failed. ${rows('HB-08', 'SC-L2')}`,
              tags: ['transferFailed', 'live', 'established'],
              entry: show('transferFailed'),
              on: {
                cancelTransferButtonClick: { target: 'connected.previous', actions: 'cancelTransfer', description: rows('SC-B12') },
                closeButtonClick: over('closedByOperator', ['hangUp'], 'SC-B14'),
                initialized: overForAnotherCall(['hangUp']),
                'phone.ended': over('remoteHungUp', [closeCard], 'SC-P2'),
                'phone.failed': failsToError,
              },
            },
            transferConnected: {
              description: `The transfer succeeded; the operator leaves the card. ${rows('HB-09', 'SC-L2')}`,
              tags: ['transferConnected', 'live', 'established'],
              entry: show('transferConnected'),
              on: {
                hangupButtonClick: over('hungUp', ['hangUp', closeCard], 'SC-B05'),
                closeButtonClick: over('closedByOperator', ['hangUp'], 'SC-B14'),
                initialized: overForAnotherCall(['hangUp']),
                'phone.ended': over('remoteHungUp', [closeCard], 'SC-P2'),
                'phone.failed': failsToError,
              },
            },
            // SC-C3 is a rule about being in a state with no live call and no card, not about an
            // event: reached by a failure while the card is lost, the state ends the call at once.
            error: {
              description: `An error occurred; only Close remains. ${rows('HB-10', 'SC-L2')}`,
              tags: ['error'],
              entry: show('error'),
              always: [{ guard: 'cardIsLost', ...over('cardLost', [], 'SC-C3') }, overWithoutCard],
              on: {
                closeButtonClick: over('closedByOperator', [], 'SC-B14'),
                'card.lost': over('cardLost', ['keepCardLoss'], 'SC-C3'),
                initialized: overForAnotherCall([]),
                'dial.request': overForAnotherRequest(),
              },
            },
            moneyError: {
              description: `The account ran out of funds. ${rows('HB-11', 'SC-L2')}`,
              tags: ['moneyError'],
              entry: show('moneyError'),
              always: [{ guard: 'cardIsLost', ...over('cardLost', [], 'SC-C3') }, overWithoutCard],
              on: {
                notifyAdminButtonClick: { actions: 'notifyAdmin', description: rows('SC-B13') },
                closeButtonClick: over('closedByOperator', [], 'SC-B14'),
                'card.lost': over('cardLost', ['keepCardLoss'], 'SC-C3'),
                initialized: overForAnotherCall([]),
                'dial.request': overForAnotherRequest(),
              },
            },
            redial: {
              description: `The callee was busy; call again without hiding the card. ${rows('HB-12', 'SC-L2')}`,
              tags: ['redial'],
              entry: show('redial'),
              always: [{ guard: 'cardIsLost', ...over('cardLost', [], 'SC-C3') }, overWithoutCard],
              on: {
                makeCallButtonClick: { guard: 'knowsNumberToDial', target: 'connectingOutgoing', actions: 'dialNumber', description: rows('SC-B03') },
                closeButtonClick: over('closedByOperator', [], 'SC-B14'),
                'card.lost': over('cardLost', ['keepCardLoss'], 'SC-C3'),
                initialized: overForAnotherCall([]),
                'dial.request': overForAnotherRequest(),
              },
            },
          },
        },
        card: {
          description: "Whether the host still shows the call's card. While it is lost, or none came yet, the card is told nothing.",
          initial: 'attached',
          on: {
            // The current call's card is shown (again): re-show, another tab, a worker's adoption; a dial request's call's first card.
            initialized: {
              guard: { type: 'isCurrentCall', params: ({ event }) => ({ callId: event.call.callId }) },
              target: '.attached',
              actions: 'bringCardUpToDate',
              description: rows('SC-C5', 'SC-C6'),
            },
          },
          states: {
            attached: {
              on: {
                // An established call goes on without its card; a ringing or no-live-call state ends the call (its ui row).
                'card.lost': { guard: 'goesOnWithoutCard', target: 'lost', actions: ['keepCardLoss', 'announceCardLost'], description: rows('SC-C1') },
              },
            },
            // Told nothing until it reappears; a second card.lost (another command found it lost too) is reported by the root.
            lost: { tags: ['cardLost'] },
            // A dial request's call before its card comes, if ever (a call list's never does): told nothing, and not lost (SC-L6).
            none: { tags: ['noCard'], description: rows('SC-L6') },
          },
        },
      },
    },
  },
});

/** The call card machine's type, for `ActorRefFrom`, `SnapshotFrom` and friends. */
export type CallCardMachine = typeof callCardMachine;
