import { createPhoneBus, newFrameId, type FrameMessage } from './bus';
import { closeCardShown, createCardHolder, type CardHolder } from './holder';
import { acquire, lifeLockOf, platformPhoneLocks } from './locks';
import { createOwnership } from './ownership';
import { SYSTEM_CLOCK, systemStorage, tabIdOf } from './platform';
import type { OwnerSession } from './ownerSession';
import type { OwnerPart } from './ownerPart';
import { loadOwnerCode, type OwnerCode } from './loadOwner';
import { createSuccessor, takeCalls } from './successor';
import { phoneScope } from './scope';
import { IDLE_PHONE, type PhoneState } from './state';
import { createReporter, withIncident } from './incidents';
import { createOwnerRetry } from './ownerRetry';
import type { Phone, PhoneOptions } from './phone.types';
import type { DialRequest } from '../../protocol/dialRequest';
import type { CallRecords } from '../records/createCallRecords';

export type { Phone, PhoneDiagnostic, PhoneOptions, PhoneOwnerContext, PhoneRecordsOptions, PhoneRecordsSetup } from './phone.types';
import { isCardEventName, type CardEventName } from '../../protocol/events';
import { TAB_CLOSING_NOTICE_MS, TAB_MAX_HOLD_MS } from './limits';
import { relayDialRequest } from './dialRequest';
import { journalHoldsCall, journalKeyOf } from './journalPeek';

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
  // Read at first need, not at start: a frame's first touch of sessionStorage or localStorage is a
  // synchronous trip to the browser's storage (up to several ms on a cold page, measured in
  // bench section 8), and most frames never hold a card nor own (issue 18 §4).
  let tabId = platform.tab;
  const tab = (): string => (tabId ??= tabIdOf(scope.key('tab'), `t-${frameId}`));
  /** Whether the probe found a card in this window at start, not yet claimed by the owner. */
  let cardFound = false;
  const clock = platform.clock ?? SYSTEM_CLOCK;
  const locks = platform.locks === undefined ? platformPhoneLocks() : platform.locks;
  let storageFound: ReturnType<typeof systemStorage> | undefined = platform.storage;
  const storage = (): ReturnType<typeof systemStorage> => (storageFound === undefined ? (storageFound = systemStorage()) : storageFound);
  /** Whether this frame owns (or yields): only then do its SC-F9 incidents go into the state it publishes. */
  let owning = false;
  const report = createReporter({
    frameId,
    onDiagnostic: options.onDiagnostic,
    owning: () => owning,
    now: clock.now,
    onIncident: (incident) => {
      state = withIncident(state, incident);
      // A lost holder changes no statechart state: the holders it leaves are published here.
      if (session !== null) publish();
    },
  });
  const bus = createPhoneBus({ scope, frameId, ...(platform.channel ? { channel: platform.channel } : {}), onRejected: report });
  const listeners = new Set<(state: PhoneState) => void>();
  let state: PhoneState = IDLE_PHONE;
  let session: OwnerSession | null = null;
  let starting: Promise<void> | null = null;
  let stopped = false;
  /** The records of the ownership to come (SC-F8): made with the softphone the phone tab readies, or when this frame owns. */
  let ownRecords: CallRecords | null = null;
  const successor = createSuccessor(() => options.createSoftphone({ records: ownRecords }));

  const setState = (next: PhoneState): void => {
    state = next;
    for (const listener of [...listeners]) listener(next);
  };
  const publish = (): void => {
    const call = session?.call() ?? null;
    // How the last call ended is kept until the next one starts (SC-F7).
    const next: PhoneState = { ...state, owner: { frame: frameId, kind: options.kind }, role: 'owner', health: session?.health() ?? state.health, call, lastCall: call !== null ? null : (session?.lastCall() ?? state.lastCall) };
    setState(next);
    bus.post('state', { state: next });
  };

  /** The owner's half (remote card, gate, journal, statechart), loaded the first time this frame owns (issue 18 §4). */
  let part: OwnerPart | null = null;
  /** Card events for this frame as owner that came before its half loaded: handed over in order once it has. */
  const early: Array<{ name: CardEventName; payload: unknown; from: string; tab?: string }> = [];
  const toOwner = (name: CardEventName, payload: unknown, from: string, tab?: string): void => {
    if (part !== null) {
      if (tab !== undefined) part.remoteCard.tabOf(from, tab);
      part.remoteCard.receive(name, payload, from);
    } else if (early.length < 64) early.push({ name, payload, from, ...(tab === undefined ? {} : { tab }) });
    else report({ kind: 'eventDropped', event: name, message: `A ${name} event came while the owner's code was loading, past 64 waiting: dropped.` });
  };
  const dialRequests = {
    userId: scope.identity.userId,
    owns: () => session !== null,
    // A dial request is a new call: a card the tab holds is released first (SC-T4); the session reads the rest.
    dial: (request: DialRequest) => {
      if ((request as { isMobile?: unknown }).isMobile !== true) part?.gate.newCall(null);
      session?.card.dialRequest(request);
    },
    toOwner: (request: DialRequest) => bus.post('dialRequest', { request }),
    report,
  };
  let holder: CardHolder | null = null;

  /** The records of an ownership (SC-F8), made by the owner's code; null without the option. */
  const recordsFor = async (owner: OwnerCode): Promise<CallRecords | null> =>
    options.records ? owner.createOwnerRecords({ scope, storage: storage(), locks, clock, records: options.records }) : null;

  const startOwning = async (): Promise<void> => {
    let owner: OwnerCode;
    try {
      owner = await loadOwnerCode();
    } catch (error) {
      return retry.failed('ownerCodeFailed', error);
    }
    part ??= owner.createOwnerPart({
      bus,
      scope,
      clock,
      storage: storage(),
      placement: options.placement ?? null,
      closingNoticeMs: options.cardTab?.closingNoticeMs ?? TAB_CLOSING_NOTICE_MS,
      maxHoldMs: options.cardTab?.maxHoldMs ?? TAB_MAX_HOLD_MS,
      report,
      frameId,
      session: () => session,
      closeShown: (callId) => closeCardShown(bus, holder, callId),
    });
    const { remoteCard, gate, journal } = part;
    for (const event of early.splice(0)) toOwner(event.name, event.payload, event.from, event.tab);
    try {
      // The phone tab's readied softphone came with its records; otherwise they are made now.
      const readied = successor.readied();
      const records = readied ? ownRecords : await recordsFor(owner);
      ownRecords = records;
      // SC-F4: the last owner died mid-call; its call and its record end once, here (SC-F8).
      const lost = owner.endLostCall({ journal, frameId, bus, report, onSummary: options.session?.onSummary, cardFound, placement: options.placement ?? null, records });
      if (lost !== null) {
        state = { ...state, lastCall: lost.lastCall };
        if (lost.closedOwnCard) cardFound = false;
      }
      // A lost owner's calls the journal does not name (no card was ever shown) end with it too; a phone tab taking over from a live owner leaves them to it.
      if (records && !readied) owner.endOrphanedRecords(records);
      session = await owner.startOwnerSession({
        frameId,
        userId: scope.identity.userId,
        remoteCard,
        journal: journal ?? { read: () => null, write: () => false, clear: () => undefined },
        now: clock.now,
        createSoftphone: successor.softphone,
        records,
        // The statechart's times and the journal's come from one clock (the phone's, unless the session has its own).
        session: { clock: clock.now, ...options.session },
        onChange: publish,
        onNewCall: () => gate.newCall(null),
        cardClosing: () => gate.closing,
      });
      // A softphone readied for a handover held its INVITEs until now: they ring here.
      takeCalls(session.softphone, true);
      remoteCard.tabOf(frameId, tab());
      remoteCard.open();
      holder?.flush(frameId);
      if (cardFound) {
        // This frame owns now and its window shows a card that no journal entry explains (SC-W1): closed.
        cardFound = false;
        closeOrphan();
      }
      publish();
      retry.succeeded();
    } catch (error) {
      ownRecords?.dispose();
      ownRecords = null;
      retry.failed('softphoneFailed', error);
    }
  };
  const retry = createOwnerRetry({ report, giveUp: (ms) => (owning && bus.post('state', { state: { ...state, owner: null } }), part?.remoteCard.reset(), ownership.giveUp(ms)) });

  const ownership = createOwnership({
    scope,
    bus,
    kind: options.kind,
    locks,
    // The lease stands in only where locks are missing.
    storage: locks ? null : storage(),
    clock,
    isCallLive: () => session?.isCallLive() ?? false,
    journalledCall: () => journalHoldsCall(storage(), journalKeyOf(scope), clock.now()),
    prepare: async () => {
      // The phone tab's softphone comes with its records: a call it takes before the handover ends is recorded too.
      ownRecords = options.records ? await recordsFor(await loadOwnerCode()) : null;
      try {
        await successor.prepare();
      } catch (error) {
        ownRecords?.dispose();
        ownRecords = null;
        throw error;
      }
    },
    discard: () => {
      successor.discard();
      ownRecords?.dispose();
      ownRecords = null;
    },
    stopTaking: () => takeCalls(session?.softphone, false),
    onHeartbeat: () => session?.heartbeat(),
    onRole: (role, reason) => {
      owning = role === 'owner' || role === 'yielding';
      report({ kind: 'ownership', role, reason, message: `This frame is now ${role} (${reason}).` });
      if (role === 'owner' && reason === 'yieldCancelled') takeCalls(session?.softphone, true);
      if (role === 'owner' && session === null && starting === null) {
        starting = startOwning().finally(() => (starting = null));
      } else if (role === 'waiting' && session !== null) {
        const ending = session;
        session = null;
        part?.remoteCard.reset();
        part?.gate.reset();
        void ending.stop();
        bus.post('state.query', {}); // the new owner's state may have come while this frame still owned, and was ignored
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
    bus.post('holder.returned', { tab: tab() }, owner);
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
      local: (name, payload, from) => toOwner(name, payload, from),
      onDropped: (event) => report({ kind: 'eventDropped', event, message: `A ${event} event waited too long for an owner and was dropped.` }),
      maxWaiting: 32,
    });
  }

  const unsubscribe = bus.subscribe((message: FrameMessage) => {
    // The card's tab talks to the owner's gate (SC-T2, SC-T4); a frame that does not own leaves it to its owner.
    if (message.kind.startsWith('tab.')) return session !== null ? part?.gate.receive(message) : undefined;
    switch (message.kind) {
      case 'card.event':
        if ((ownership.role === 'owner' || ownership.role === 'yielding') && isCardEventName(message.body.name)) {
          toOwner(message.body.name, message.body.payload, message.from, typeof message.body.tab === 'string' ? message.body.tab.slice(0, 64) : undefined);
        }
        return;
      case 'holder.returned':
        if (session !== null && typeof message.body.tab === 'string') part?.takeBack(session, message.from, message.body.tab.slice(0, 64));
        return;
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
      case 'action':
        if (session !== null) part?.act(session, message.body.action);
        return;
    }
  });

  // Each frame holds a lock of its own for its life: the owner learns a card holder is gone when it frees.
  if (locks) void acquire(locks, lifeLockOf(scope.key, frameId), { mode: 'exclusive' });
  const watchHolders = (): void => {
    if (stopped) return;
    if (session !== null && locks) part?.checkHolders(locks, (frame) => lifeLockOf(scope.key, frame));
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
    beforeNewCall: () => (session !== null ? part?.gate.newCall(null) : undefined),
    handOver: () => (stopped ? Promise.resolve(false) : ownership.handOver()),
    dialRequest: (request) => relayDialRequest(dialRequests, request),
    async stop() {
      stopped = true;
      unsubscribe();
      holder?.stop();
      part?.remoteCard.stop();
      part?.gate.reset();
      ownership.stop();
      await session?.stop();
      session = null;
      bus.close();
    },
  };
}
