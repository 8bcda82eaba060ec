import { createPhoneBus, newFrameId, type FrameMessage } from './bus';
import { closeCardShown, createCardHolder, type CardHolder } from './holder';
import { acquire, lifeLockOf, platformPhoneLocks } from './locks';
import { createOwnership } from './ownership';
import { SYSTEM_CLOCK, systemStorage, tabIdOf } from './platform';
import type { OwnerSession } from './ownerSession';
import type { EarlyCardEvent, FrameHost, OwnerFrame } from './ownerFrame';
import { loadOwnerCode } from './loadOwner';
import { createEarlyQueue, ownMessage } from './earlyQueue';
import { phoneScope } from './scope';
import { IDLE_PHONE, type PhoneState } from './state';
import { createReporter, withIncident } from './incidents';
import { createOwnerRetry, type OwnerLetGo } from './ownerRetry';
import type { Phone, PhoneOptions } from './phone.types';
import type { DialRequest } from '../../protocol/dialRequest';

export type { Phone, PhoneDiagnostic, PhoneOptions, PhoneOwnerContext, PhoneRecordsOptions, PhoneRecordsSetup } from './phone.types';
import { isCardEventName, type CardEventName } from '../../protocol/events';
import { relayDialRequest } from './dialRequest';
import { journalHoldsCall, journalKeyOf } from './journalPeek';

/**
 * Runs the phone in this frame (statechart "One phone, many frames"). Every frame of the
 * application calls it with the same options; one owns the softphone and runs the statechart,
 * the others relay the card they show and read the phone's state. This is what every frame
 * loads (issue 18 §4): what only the owner does is `ownerFrame.ts`, in the owner's code.
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
  /** The owner's half (ownerFrame.ts), made by the owner's code the first time this frame owns or readies to own. */
  let owned: OwnerFrame | null = null;
  const session = (): OwnerSession | null => owned?.session ?? null;
  const report = createReporter({
    frameId,
    onDiagnostic: options.onDiagnostic,
    owning: () => owning,
    now: clock.now,
    onIncident: (incident) => {
      state = withIncident(state, incident);
      // A lost holder changes no statechart state: the holders it leaves are published here.
      if (session() !== null) owned?.publish();
    },
  });
  const bus = createPhoneBus({ scope, frameId, ...(platform.channel ? { channel: platform.channel } : {}), onRejected: report });
  const listeners = new Set<(state: PhoneState) => void>();
  let state: PhoneState = IDLE_PHONE;
  let starting: Promise<void> | null = null;
  let stopped = false;

  const setState = (next: PhoneState, quiet?: boolean): void => {
    state = next;
    if (!quiet) for (const listener of [...listeners]) listener(next);
  };

  /** What came for this frame as owner before its session ran: handed over in order once it does, dropped (reported) if it stops owning first. */
  const early = createEarlyQueue(report);
  /** This frame owns (or yields) and its session does not run yet: the owner's code or softphone is loading. */
  const startingAsOwner = (): boolean => owning && session() === null;
  const toOwner = (name: CardEventName, payload: unknown, from: string, tab?: string): void => {
    const event: EarlyCardEvent = { name, payload, from, ...(tab === undefined ? {} : { tab }) };
    if (owned?.part) owned.toOwner(event);
    else early.push(event);
  };
  const dialRequests = {
    userId: scope.identity.userId,
    owns: () => session() !== null,
    dial: (request: DialRequest) => owned?.dial(request),
    // This frame is the owner still starting: the request waits for its session (no other frame would take it).
    toOwner: (request: DialRequest) => (startingAsOwner() ? early.push(ownMessage(frameId, 'dialRequest', { request })) : bus.post('dialRequest', { request })),
    report,
  };
  const dialRequest = (request: DialRequest): void => relayDialRequest(dialRequests, request);
  let holder: CardHolder | null = null;

  /** An owner that failed lets the phone go; its report is published first, with no owner named, while it still owns. */
  const giveUpOwning: OwnerLetGo = (retryInMs, announce) =>
    ownership.giveUp(retryInMs, () => {
      announce();
      bus.post('state', { state: { ...state, owner: null } });
      owned?.part?.remoteCard.reset();
    });
  /** A phone tab whose softphone failed as it readied a handover held nothing: it only stops asking for the wait. */
  const holdOffHandover: OwnerLetGo = (retryInMs, announce) => {
    if (!ownership.holdOff(retryInMs)) return false;
    announce();
    return true;
  };
  const refuseHandover = { letGo: holdOffHandover, outcome: 'handover refused, asks again' };
  const retry = createOwnerRetry({ report, giveUp: giveUpOwning });
  const host: FrameHost = {
    options,
    scope,
    frameId,
    bus,
    clock,
    locks,
    storage,
    tab,
    report,
    holder: () => holder,
    closeShown: (callId) => closeCardShown(bus, holder, callId),
    state: () => state,
    setState,
    get cardFound() {
      return cardFound;
    },
    set cardFound(found) {
      cardFound = found;
    },
    closeOrphan: () => closeOrphan(),
    owns: () => owning,
    early: early.waiting,
    dropEarly: () => early.drop(),
    dialRequest,
    retry,
  };
  /** The owner's code loading: one load, one owner half, however many ask at once (a handover's prepare and a start); a failed load is tried again. */
  let loading: Promise<OwnerFrame> | null = null;
  const ownerFrame = (): Promise<OwnerFrame> =>
    owned !== null
      ? Promise.resolve(owned)
      : (loading ??= loadOwnerCode().then(
          (code) => (owned ??= code.createOwnerFrame(host)),
          (error: unknown) => {
            loading = null;
            throw new OwnerCodeFailed(error);
          },
        ));

  const startOwning = async (): Promise<void> => {
    let frame: OwnerFrame;
    try {
      frame = await ownerFrame();
    } catch (error) {
      retry.failed('ownerCodeFailed', error instanceof OwnerCodeFailed ? error.error : error);
      return;
    }
    // Stopped, or no longer owning, while the code loaded: nothing starts.
    if (owning && !stopped) await frame.start();
  };

  const ownership = createOwnership({
    scope,
    bus,
    kind: options.kind,
    locks,
    // The lease stands in only where locks are missing.
    storage: locks ? null : storage(),
    clock,
    isCallLive: () => session()?.isCallLive() ?? false,
    journalledCall: () => journalHoldsCall(storage(), journalKeyOf(scope), clock.now()),
    prepare: async () => (await ownerFrame()).prepare(),
    // A phone tab's prepare loads the owner's code first: a chunk that did not come is not the softphone's failure.
    prepareFailed: (error) =>
      error instanceof OwnerCodeFailed ? retry.failed('ownerCodeFailed', error.error, refuseHandover.letGo, refuseHandover.outcome) : retry.failed('softphoneFailed', error, refuseHandover.letGo, refuseHandover.outcome),
    discard: () => owned?.discard(),
    stopTaking: () => owned?.takeCalls(false),
    onHeartbeat: () => session()?.heartbeat(),
    onRole: (role, reason) => {
      owning = role === 'owner' || role === 'yielding';
      report({ kind: 'ownership', role, reason, message: `This frame is now ${role} (${reason}).` });
      if (role === 'owner' && reason === 'yieldCancelled') owned?.takeCalls(true);
      if (role === 'owner' && session() === null && starting === null) {
        starting = startOwning().finally(() => (starting = null));
      } else if (role !== 'yielding' && role !== 'owner') early.drop();
      if (role === 'waiting' && session() !== null) {
        owned?.resign();
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
              if (session() !== null) {
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
    switch (message.kind) {
      case 'card.event':
        if ((ownership.role === 'owner' || ownership.role === 'yielding') && isCardEventName(message.body.name)) {
          toOwner(message.body.name, message.body.payload, message.from, typeof message.body.tab === 'string' ? message.body.tab.slice(0, 64) : undefined);
        }
        return;
      case 'holder.orphan':
        if (cardFound) {
          cardFound = false;
          closeOrphan();
        }
        return;
      case 'state':
        if (session() === null && typeof message.body.state === 'object' && message.body.state !== null) {
          const remote = message.body.state as PhoneState;
          setState({ ...remote, role: state.role });
        }
        return;
      case 'owner.heartbeat':
        if (session() === null) {
          holder?.flush(message.from);
          announceReturn(message.from);
        }
        return;
      case 'dialRequest':
      case 'action':
        // The owner still starting: they wait for its session.
        if (startingAsOwner()) return early.push(message);
        owned?.receive(message);
        return;
      default:
        // The card's tab, a reloaded holder, a state query, a dial request, an action: the owner's (a frame that does not own leaves them to it).
        owned?.receive(message);
        return;
    }
  });

  // Each frame holds a lock of its own for its life: the owner learns a card holder is gone when it frees.
  const life = locks ? acquire(locks, lifeLockOf(scope.key, frameId), { mode: 'exclusive' }) : Promise.resolve(null);
  const watchHolders = (): void => {
    if (stopped) return;
    owned?.checkHolders();
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
      const owner = session();
      if (owner !== null) owner.act(action);
      else if (startingAsOwner()) early.push(ownMessage(frameId, 'action', { action }));
      else bus.post('action', { action });
    },
    get session() {
      return session();
    },
    beforeNewCall: () => owned?.beforeNewCall(),
    handOver: () => (stopped ? Promise.resolve(false) : ownership.handOver()),
    dialRequest,
    async stop() {
      // A start in flight sees the frame no longer owns and stops what it made (it may wait on the integrator's factory: not awaited here).
      stopped = true;
      unsubscribe();
      holder?.stop();
      owned?.halt();
      ownership.stop();
      await owned?.stop();
      // The page may live on: the lock says this frame is gone, so an owner stops counting it a holder.
      void life.then((held) => held?.release());
      bus.close();
    },
  };
}

/** The owner's code (its chunk or script) did not load: told apart from a softphone's failure. */
class OwnerCodeFailed {
  constructor(readonly error: unknown) {}
  toString(): string {
    return String(this.error);
  }
}
