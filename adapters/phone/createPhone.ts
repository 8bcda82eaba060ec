import type { CallCardOptions } from '../session/options';
import { createPhoneBus, newFrameId, type ChannelLike, type FrameMessage, type FrameMessageRejected } from './bus';
import { createCardHolder, type CardHolder } from './holder';
import { createCallJournal, type JournalReport } from './journal';
import { acquire, platformPhoneLocks, type PhoneLockManager } from './locks';
import { createOwnership, type FrameKind, type OwnershipReason, type OwnershipRole, type PhoneClock } from './ownership';
import type { OwnerSession, PhoneSoftphone } from './ownerSession';
import { createRemoteCard, type RemoteCardReport } from './remoteCard';
import { phoneScope, type PhoneIdentity } from './scope';
import { IDLE_PHONE, parsePhoneAction, type PhoneAction, type PhoneState } from './state';
import type { PlacementPort } from '../../protocol/placement';
import { isCardEventName } from '../../protocol/events';

/** Everything the phone reports instead of throwing (statechart SC-F9). */
export type PhoneDiagnostic =
  | FrameMessageRejected
  | RemoteCardReport
  | JournalReport
  | { readonly kind: 'ownership'; readonly role: OwnershipRole; readonly reason: OwnershipReason; readonly message: string }
  | { readonly kind: 'ownerLost'; readonly callId: string; readonly owner: string; readonly message: string }
  | { readonly kind: 'softphoneFailed'; readonly message: string }
  | { readonly kind: 'eventDropped'; readonly event: string; readonly message: string };

/** Options of {@link createPhone}: the same in every frame of the application. */
export interface PhoneOptions {
  /** The portal and the user: every channel, lock and key carries both (SC-F1). */
  readonly identity: PhoneIdentity;
  /** What this frame is: a tab's `worker`, the application's own page as a `phoneTab`, a `slider`'s frame, or the `cardTab`. */
  readonly kind: FrameKind;
  /** This frame's `BX24.placement`, when its window has the `CallCard*` commands (`BX24.placement.getInterface()` says); null otherwise. */
  readonly placement: PlacementPort | null;
  /** Creates the integrator's softphone: run only in the owner, once per ownership. */
  readonly createSoftphone: () => PhoneSoftphone | Promise<PhoneSoftphone>;
  /** The statechart session's options (hooks, timeouts, clock), used in the owner. */
  readonly session?: Omit<CallCardOptions, 'placement' | 'softphone'>;
  readonly onDiagnostic?: (diagnostic: PhoneDiagnostic) => void;
  /** Test seams; each defaults to the browser's own. */
  readonly platform?: {
    readonly frameId?: string;
    readonly channel?: (name: string) => ChannelLike;
    readonly locks?: PhoneLockManager | null;
    readonly storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
    readonly clock?: PhoneClock;
  };
  /** How often the owner says it is alive, how long a silent idle owner is waited for, how long a handover may take (ms). */
  readonly timings?: { readonly heartbeatMs?: number; readonly silenceMs?: number; readonly handoverTimeoutMs?: number };
}

/** One frame's handle on the phone. */
export interface Phone {
  readonly frameId: string;
  /** The phone's state as this frame knows it (the same object until it changes). */
  readonly state: PhoneState;
  subscribe(listener: (state: PhoneState) => void): () => void;
  /** Asks the owner to act, with the effect of the card's button (SC-F7); reported, never thrown, when it cannot. */
  act(action: PhoneAction): void;
  /** The owner's session, in the owner only (for wiring the records layer and the SIP adapter); null elsewhere. */
  readonly session: OwnerSession | null;
  stop(): Promise<void>;
}

const SYSTEM_CLOCK: PhoneClock = { now: () => Date.now(), setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };

function systemStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? null;
  } catch {
    return null;
  }
}

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
    const next: PhoneState = { ...state, owner: { frame: frameId, kind: options.kind }, role: 'owner', call };
    setState(next);
    bus.post('state', { state: next });
  };

  const remoteCard = createRemoteCard({ bus, local: options.placement, isCallLive: () => session?.isCallLive() ?? false, report });
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
          if (frame === frameId) options.placement?.call('CallCardClose', undefined, () => undefined);
          else bus.post('card.command', { id: 0, command: 'CallCardClose', params: undefined }, frame);
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
      });
      remoteCard.open();
      holder?.flush(frameId);
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
        void ending.stop();
      }
      if (role !== 'owner') setState({ ...state, role: role === 'yielding' ? 'owner' : role === 'stopped' ? 'stopped' : role });
    },
    heartbeatMs: options.timings?.heartbeatMs ?? 1_000,
    silenceMs: options.timings?.silenceMs ?? 10_000,
    handoverTimeoutMs: options.timings?.handoverTimeoutMs ?? 10_000,
  });

  if (options.placement) {
    holder = createCardHolder({
      bus,
      placement: options.placement,
      ownerFrame: () => (ownership.role === 'owner' || ownership.role === 'yielding' ? frameId : (ownership.owner?.frame ?? null)),
      local: (name, payload, from) => remoteCard.receive(name, payload, from),
      onDropped: (event) => report({ kind: 'eventDropped', event, message: `A ${event} event waited too long for an owner and was dropped.` }),
      maxWaiting: 32,
    });
  }

  const unsubscribe = bus.subscribe((message: FrameMessage) => {
    switch (message.kind) {
      case 'card.event':
        if ((ownership.role === 'owner' || ownership.role === 'yielding') && isCardEventName(message.body.name)) remoteCard.receive(message.body.name, message.body.payload, message.from);
        return;
      case 'state':
        if (session === null && typeof message.body.state === 'object' && message.body.state !== null) {
          const remote = message.body.state as PhoneState;
          setState({ ...remote, role: state.role });
        }
        return;
      case 'owner.heartbeat':
        if (session === null) holder?.flush(message.from);
        return;
      case 'state.query':
        if (session !== null) publish();
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
    async stop() {
      stopped = true;
      unsubscribe();
      holder?.stop();
      remoteCard.stop();
      ownership.stop();
      await session?.stop();
      session = null;
      bus.close();
    },
  };
}
