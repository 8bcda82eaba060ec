import { createPhoneBus, newFrameId, type FrameMessage } from './bus';
import { closeCardShown, createCardHolder, type CardHolder } from './holder';
import { createCallJournal } from './journal';
import { acquire, platformPhoneLocks } from './locks';
import { createOwnership, type PhoneClock } from './ownership';
import type { OwnerSession, PhoneSoftphone } from './ownerSession';
import { createRemoteCard } from './remoteCard';
import { phoneScope } from './scope';
import { IDLE_PHONE, parsePhoneAction, type PhoneState } from './state';
import type { Phone, PhoneDiagnostic, PhoneOptions } from './phone.types';
import type { DialRequest } from '../../protocol/dialRequest';

export type { Phone, PhoneDiagnostic, PhoneOptions } from './phone.types';
import { isCardEventName } from '../../protocol/events';
import { initializedOf } from './reattach';
import { createTabGate, TAB_CLOSING_NOTICE_MS, TAB_MAX_HOLD_MS } from './tabGate';
import { SYSTEM_CLOCK, systemStorage, tabIdOf } from './platform';
import { relayDialRequest } from './dialRequest';

/** The lock a frame holds for its whole life: free means the frame is gone. */
const lifeLockOf = (key: (name: string) => string, frame: string): string => key(`frame:${frame}`);

/**
 * Runs the phone in this frame (statechart "One phone, many frames"). Every frame of the
 * application calls it with the same options; one owns the softphone and runs the statechart,
 * the others relay the card they show and read the phone's state.
 */
export function createPhone(options: PhoneOptions): Phone {
  const scope = phoneScope(options.identity);
  if (typeof options.createSoftphone !== 'function') throw new TypeError('createPhone(options): createSoftphone must be a function that creates the softphone (run in the owner only)');
  const platform = options.platform ?? {};
  const frameId = platform.frameId ?? newFrameId();
  const tab = platform.tab ?? tabIdOf(scope.key('tab'), `t-${frameId}`);
  /** Whether the probe found a card in this window at start, not yet claimed by the owner. */
  let cardFound = false;
  const clock = platform.clock ?? SYSTEM_CLOCK;
  const locks = platform.locks === undefined ? platformPhoneLocks() : platform.locks;
  const storage = platform.storage === undefined ? systemStorage() : platform.storage;
  const report = (diagnostic: PhoneDiagnostic): void => {
    try {
      options.onDiagnostic?.(diagnostic);
    } catch {
      // An integrator's hook that throws must not stop the phone.
    }
  };
  const bus = createPhoneBus({ scope, frameId, ...(platform.channel ? { channel: platform.channel } : {}), onRejected: report });
  const journal = storage ? createCallJournal({ scope, storage, now: clock.now, report }) : null;
  const listeners = new Set<(state: PhoneState) => void>();
  let state: PhoneState = IDLE_PHONE;
  let session: OwnerSession | null = null;
  let starting: Promise<void> | null = null;
  let stopped = false;
  /** The phone tab's softphone, made ready before it takes over (SC-F5). */
  let prepared: PhoneSoftphone | null = null;
  const stopQuietly = async (softphone: PhoneSoftphone | null): Promise<void> => {
    try {
      await softphone?.stop?.();
    } catch {
      // Best effort: the frame gives the softphone up either way.
    }
  };

  const setState = (next: PhoneState): void => {
    state = next;
    for (const listener of [...listeners]) listener(next);
  };
  const publish = (): void => {
    const call = session?.call() ?? null;
    // How the last call ended is kept until the next one starts (SC-F7).
    const next: PhoneState = { ...state, owner: { frame: frameId, kind: options.kind }, role: 'owner', call, lastCall: call !== null ? null : (session?.lastCall() ?? state.lastCall) };
    setState(next);
    bus.post('state', { state: next });
  };

  const gate = createTabGate({ bus, clock, report, closingNoticeMs: options.cardTab?.closingNoticeMs ?? TAB_CLOSING_NOTICE_MS, maxHoldMs: options.cardTab?.maxHoldMs ?? TAB_MAX_HOLD_MS, ownCall: () => remoteCard.callId, closeShown: (callId) => closeCardShown(bus, holder, callId) });
  const isCallLive = (): boolean => session?.isCallLive() ?? false;
  const remoteCard = createRemoteCard({
    bus,
    local: options.placement,
    isCallLive,
    report,
    closeGate: gate.close,
    onNewCall: gate.newCall,
    intercept: (name, payload) => gate.heldCardEvent(session, name, payload),
    // SC-C4 v3: refused busy as SC-L6 says, so its record is finished 486 too.
    onSecondCall: (payload) => session?.refuse(payload),
  });
  const dialRequests = {
    userId: scope.identity.userId,
    owns: () => session !== null,
    // A dial request is a new call: a card the tab holds is released first (SC-T4); the session reads the rest.
    dial: (request: DialRequest) => {
      if ((request as { isMobile?: unknown }).isMobile !== true) gate.newCall(null);
      session?.card.dialRequest(request);
    },
    toOwner: (request: DialRequest) => bus.post('dialRequest', { request }),
    report,
  };
  let holder: CardHolder | null = null;

  const startOwning = async (): Promise<void> => {
    const entry = journal?.read() ?? null;
    if (entry && entry.owner !== frameId) {
      // SC-F4: the last owner died mid-call; its call died with it. End it once, here.
      const { lostCallSummary } = await import('./ownerSession');
      const summary = lostCallSummary(entry);
      journal?.clear();
      if (summary) {
        report({ kind: 'ownerLost', callId: summary.callId, owner: entry.owner, message: `The frame that owned call ${summary.callId} is gone; the call ended with it.` });
        try {
          options.session?.onSummary?.(summary);
        } catch {
          // Reported by the hook's owner; the call is over either way.
        }
        state = { ...state, lastCall: { callId: summary.callId, endedBy: 'ownerLost', endedAt: summary.closedAt, connected: summary.connected } };
        // Its card has nobody to manage it now: closed wherever it is shown, this frame's own window included.
        for (const frame of entry.holders) {
          if (frame === frameId) continue;
          bus.post('card.command', { id: 0, command: 'CallCardClose', params: undefined }, frame);
        }
        if (entry.holders.includes(frameId) || cardFound) {
          cardFound = false;
          options.placement?.call('CallCardClose', undefined, () => undefined);
        }
      }
    }
    try {
      const { startOwnerSession } = await import('./ownerSession');
      session = await startOwnerSession({
        frameId,
        userId: scope.identity.userId,
        remoteCard,
        journal: journal ?? { read: () => null, write: () => false, clear: () => undefined },
        now: clock.now,
        createSoftphone: () => {
          const ready = prepared;
          prepared = null;
          return ready ?? options.createSoftphone();
        },
        session: options.session ?? {},
        onChange: publish,
        onNewCall: () => gate.newCall(null), cardClosing: () => gate.closing,
      });
      remoteCard.tabOf(frameId, tab);
      remoteCard.open();
      holder?.flush(frameId);
      if (cardFound) {
        // This frame owns now and its window shows a card that no journal entry explains (SC-W1): closed.
        cardFound = false;
        closeOrphan();
      }
      publish();
    } catch (error) {
      report({ kind: 'softphoneFailed', message: `The softphone could not be created in the owner: ${String(error).slice(0, 300)}` });
    }
  };

  const ownership = createOwnership({
    scope,
    bus,
    kind: options.kind,
    locks,
    storage,
    clock,
    isCallLive: () => session?.isCallLive() ?? false,
    prepare: async () => {
      const softphone = await options.createSoftphone();
      try {
        await softphone.ready?.();
      } catch (error) {
        await stopQuietly(softphone);
        throw error;
      }
      prepared = softphone;
    },
    onHeartbeat: () => session?.heartbeat(),
    onRole: (role, reason) => {
      report({ kind: 'ownership', role, reason, message: `This frame is now ${role} (${reason}).` });
      if (role === 'yielding' || (role === 'owner' && reason === 'yieldCancelled')) {
        try {
          session?.softphone.setAcceptingCalls?.(role !== 'yielding');
        } catch {
          // The softphone's own affair: it keeps taking calls, which only risks a busy during the handover.
        }
      }
      if (role === 'owner' && session === null && starting === null) {
        starting = startOwning().finally(() => (starting = null));
      } else if (role === 'waiting' && session !== null) {
        const ending = session;
        session = null;
        remoteCard.reset();
        gate.reset();
        void ending.stop();
      }
      if (role !== 'owner') setState({ ...state, role: role === 'yielding' ? 'owner' : role === 'stopped' ? 'stopped' : role });
    },
    heartbeatMs: options.timings?.heartbeatMs ?? 1_000,
    silenceMs: options.timings?.silenceMs ?? 10_000,
    handoverTimeoutMs: options.timings?.handoverTimeoutMs ?? 10_000,
  });

  const closeOrphan = (): void => {
    report({ kind: 'orphanedCard', message: 'A card was open in this window at start and no live call of the phone explains it: it was closed.' });
    options.placement?.call('CallCardClose', undefined, () => undefined);
  };
  /** The owner this frame told of the card it found (once per owner). */
  let announcedTo: string | null = null;
  const announceReturn = (owner: string): void => {
    if (!cardFound || owner === frameId || announcedTo === owner) return;
    announcedTo = owner;
    bus.post('holder.returned', { tab }, owner);
  };

  if (options.placement) {
    holder = createCardHolder({
      bus,
      placement: options.placement,
      tab,
      ...(options.kind === 'slider' || options.kind === 'cardTab'
        ? {}
        : {
            onCardFound: () => {
              cardFound = true;
              if (session !== null) {
                // This frame owns already: nothing it runs holds this window's card, so nothing explains it.
                cardFound = false;
                closeOrphan();
                return;
              }
              const owner = ownership.owner?.frame;
              if (owner !== undefined) announceReturn(owner);
            },
          }),
      ownerFrame: () => (ownership.role === 'owner' || ownership.role === 'yielding' ? frameId : (ownership.owner?.frame ?? null)),
      local: (name, payload, from) => remoteCard.receive(name, payload, from),
      onDropped: (event) => report({ kind: 'eventDropped', event, message: `A ${event} event waited too long for an owner and was dropped.` }),
      maxWaiting: 32,
    });
  }

  const unsubscribe = bus.subscribe((message: FrameMessage) => {
    // The card's tab talks to the owner's gate (SC-T2, SC-T4); a frame that does not own leaves it to its owner.
    if (message.kind.startsWith('tab.')) return session !== null ? gate.receive(message) : undefined;
    switch (message.kind) {
      case 'card.event':
        if ((ownership.role === 'owner' || ownership.role === 'yielding') && isCardEventName(message.body.name)) {
          if (typeof message.body.tab === 'string') remoteCard.tabOf(message.from, message.body.tab.slice(0, 64));
          remoteCard.receive(message.body.name, message.body.payload, message.from);
        }
        return;
      case 'holder.returned': {
        if (session === null || typeof message.body.tab !== 'string' || remoteCard.holders.includes(message.from)) return;
        const call = session.card.state.status === 'call' ? session.card.state.call : null;
        if (call !== null && remoteCard.returned(message.from, message.body.tab.slice(0, 64))) {
          report({ kind: 'cardTakenBack', holder: message.from, callId: call.callId, message: `Frame ${message.from} was reloaded; its window still shows the card of ${call.callId}, which is brought up to date.` });
          // The host sends no initialized again to a reloaded frame (§6); the statechart re-attaches on one for the same CALL_ID (SC-C5).
          remoteCard.receive('initialized', initializedOf(call), message.from);
        } else {
          bus.post('holder.orphan', {}, message.from);
        }
        return;
      }
      case 'holder.orphan':
        if (cardFound) {
          cardFound = false;
          closeOrphan();
        }
        return;
      case 'state':
        if (session === null && typeof message.body.state === 'object' && message.body.state !== null) {
          const remote = message.body.state as PhoneState;
          setState({ ...remote, role: state.role });
        }
        return;
      case 'owner.heartbeat':
        if (session === null) {
          holder?.flush(message.from);
          announceReturn(message.from);
        }
        return;
      case 'state.query':
        if (session !== null) publish();
        return;
      case 'dialRequest':
        if (session !== null) relayDialRequest(dialRequests, message.body.request);
        return;
      case 'action': {
        if (session === null) return;
        const action = parsePhoneAction(message.body.action);
        if (action === null) report({ kind: 'frameMessageRejected', reason: 'not a phone action', message: 'Another frame asked the phone for something it does not do.' });
        else session.act(action);
        return;
      }
      default:
        return;
    }
  });

  // Each frame holds a lock of its own for its life: the owner learns a card holder is gone when it frees.
  if (locks) void acquire(locks, lifeLockOf(scope.key, frameId), { mode: 'exclusive' });
  const watchHolders = (): void => {
    if (stopped) return;
    if (session !== null && locks) {
      for (const frame of remoteCard.holders) {
        if (frame === frameId) continue;
        void acquire(locks, lifeLockOf(scope.key, frame), { mode: 'exclusive', ifAvailable: true }).then((lock) => {
          if (lock === null) return;
          lock.release();
          remoteCard.holderGone(frame);
        });
      }
    }
    clock.setTimeout(watchHolders, options.timings?.heartbeatMs ?? 1_000);
  };

  ownership.start();
  bus.post('state.query', {});
  watchHolders();

  return {
    frameId,
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    act(action) {
      if (session !== null) session.act(action);
      else bus.post('action', { action });
    },
    get session() {
      return session;
    },
    beforeNewCall: () => (session !== null ? gate.newCall(null) : undefined),
    dialRequest: (request) => relayDialRequest(dialRequests, request),
    async stop() {
      stopped = true;
      unsubscribe();
      holder?.stop();
      remoteCard.stop();
      gate.reset();
      ownership.stop();
      await session?.stop();
      session = null;
      bus.close();
    },
  };
}
