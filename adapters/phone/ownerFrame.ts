import type { PhoneBus, FrameMessage } from './bus';
import type { CardHolder } from './holder';
import { lifeLockOf, type PhoneLockManager } from './locks';
import type { PhoneClock } from './ownership';
import { createOwnerPart, endLostCall, type OwnerPart } from './ownerPart';
import { createOwnerRecords, endOrphanedRecords } from './ownerRecords';
import { startOwnerSession, type OwnerSession } from './ownerSession';
import type { Phone, PhoneDiagnostic, PhoneOptions } from './phone.types';
import type { OwnerFailure } from './ownerRetry';
import type { PhoneScope } from './scope';
import { OWNER_RETRY_MAX_MS, TAB_CLOSING_NOTICE_MS, TAB_MAX_HOLD_MS } from './limits';
import { withIncident } from './incidents';
import type { PhoneState } from './state';
import { createSuccessor, takeCalls } from './successor';
import type { CardEventName } from '../../protocol/events';
import type { DialRequest } from '../../protocol/dialRequest';
import type { CallRecords } from '../records/createCallRecords';

/** A card event for this frame as owner that came before the owner's code was running (kept in order). */
export interface EarlyCardEvent {
  readonly name: CardEventName;
  readonly payload: unknown;
  readonly from: string;
  readonly tab?: string;
}

/** What waits for this frame's session while it starts as owner: a card event, or a dial request or action of any frame (replayed once it runs). */
export type EarlyEvent = EarlyCardEvent | FrameMessage;

/**
 * What the owner's half reads and sets of the frame `createPhone` runs (the light half, which
 * every frame loads): its setup, its state and the card its window showed at start.
 */
export interface FrameHost {
  readonly options: PhoneOptions;
  readonly scope: PhoneScope;
  readonly frameId: string;
  readonly bus: PhoneBus;
  readonly clock: PhoneClock;
  readonly locks: PhoneLockManager | null;
  storage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  tab(): string;
  report(diagnostic: PhoneDiagnostic): void;
  holder(): CardHolder | null;
  /** Closes the card of `callId` wherever it shows (holder.ts's `closeCardShown`, kept with the holder in every frame). */
  closeShown(callId: string): void;
  state(): PhoneState;
  /** Sets the state; its subscribers hear of it unless `quiet` (the owner publishes it soon after). */
  setState(next: PhoneState, quiet?: boolean): void;
  /** Whether the start-up probe found a card in this window that the owner has not explained yet. */
  cardFound: boolean;
  /** That card is unexplained: closed (SC-W1). */
  closeOrphan(): void;
  /** Whether this frame owns now (or yields): a start that finds it no longer does lets what it made go. */
  owns(): boolean;
  /**
   * What came for this frame as owner before its session ran (bounded; dropped and reported when
   * it stops owning): card events go to the remote card once it exists, dial requests and actions
   * to the session once it runs.
   */
  readonly early: EarlyEvent[];
  /** Drops (and reports) what still waits in `early`. */
  dropEarly(): void;
  /** The phone's own `dialRequest` (the user check, then the owner dials). */
  readonly dialRequest: Phone['dialRequest'];
  /** ownerRetry.ts (every frame's): a failure lets ownership go and tries again after a backoff; a success resets it. */
  readonly retry: { failed(kind: OwnerFailure, error: unknown): unknown; succeeded(): void };
}

/**
 * The owner's half of `createPhone` (statechart SC-F2, SC-F5, SC-F8; issue 18 §4): the session,
 * its records and the softphone readied for a handover, made in the owner's code (a chunk of its
 * own, or the owner's script-tag file) the first time this frame owns or readies to own, and kept
 * while the frame lives.
 */
export interface OwnerFrame {
  /** The statechart's session while this frame runs one. */
  readonly session: OwnerSession | null;
  /** The remote card, the tab's gate and the journal, once this frame has owned. */
  readonly part: OwnerPart | null;
  /** This frame owns: the session starts (a lost owner's call ended first, SC-F4). */
  start(): Promise<void>;
  /** This frame stopped owning: its session stops, the remote card and the gate are reset. */
  resign(): void;
  /** The state the owner computes, to this frame's subscribers and every other frame (SC-F7). */
  publish(): void;
  /** A card event of a holder (or of this frame's own window), for the remote card. */
  toOwner(event: EarlyCardEvent): void;
  /**
   * A message only the owner acts on: the card's tab (`tab.*`), a reloaded holder
   * (`holder.returned`), `state.query`, `handover.refused` (a successor's failed softphone, SC-F9),
   * `dialRequest` and `action`. Ignored while this frame runs no session.
   */
  receive(message: FrameMessage): void;
  /** In the owner: a held card gives way (SC-T4), then the session takes the request. */
  dial(request: DialRequest): void;
  /** In the owner: a new call of the integrator's own is coming, so a card the tab holds gives way (SC-T4). */
  beforeNewCall(): void;
  /** In the owner: each holder whose life lock is free is gone (SC-F3). */
  checkHolders(): void;
  /** Whether the owner's softphone takes new calls (false while it hands over, SC-F5). */
  takeCalls(accepting: boolean): void;
  /** SC-F5: the softphone (and its records) readied before this frame takes over from a living owner. */
  prepare(): Promise<void>;
  /** The handover is off (or the frame stops): the readied softphone stops and its records go; one still being made follows once made. */
  discard(): void;
  /** `phone.stop()`: the remote card stops and the gate resets now, before ownership stops… */
  halt(): void;
  /** …then the session stops, and a softphone readied for a handover with it. */
  stop(): Promise<void>;
}

export function createOwnerFrame(host: FrameHost): OwnerFrame {
  const { options, scope, frameId, bus, clock, locks, report } = host;
  let session: OwnerSession | null = null;
  let part: OwnerPart | null = null;
  // The records of an ownership (SC-F8) go with its softphone: the readied one's with it, the session's with the session.
  const successor = createSuccessor((records) => options.createSoftphone({ records }));
  /** The records of an ownership (SC-F8); null without the option. */
  const recordsFor = async (): Promise<CallRecords | null> => (options.records ? createOwnerRecords({ scope, storage: host.storage(), locks, clock, records: options.records }) : null);

  /**
   * A frame that was to take the phone over refused: when its softphone failed (it says with which
   * attempt and wait), the owner puts that in the state every frame reads (SC-F9), bounded and checked.
   */
  const successorFailed = (message: FrameMessage): void => {
    const failed: unknown = message.body.softphoneFailed;
    if (failed === undefined) return;
    const { attempt, retryInMs } = (typeof failed === 'object' && failed !== null ? failed : {}) as Record<string, unknown>;
    if (!isCount(attempt, 1_000_000) || !isCount(retryInMs, OWNER_RETRY_MAX_MS)) {
      return report({ kind: 'frameMessageRejected', reason: 'handover.refused: softphoneFailed without a whole attempt and wait', message: 'A handover refusal said a softphone failed but not how: not recorded.' });
    }
    host.setState(withIncident(host.state(), { kind: 'softphoneFailed', frame: message.from.slice(0, 64), attempt, retryInMs, at: clock.now() }), true);
    frame.publish();
  };
  /** Hands over what waited for the owner in order: card events once the remote card exists, the rest once the session runs. */
  const replayEarly = (sessionRuns: boolean): void => {
    const waiting = host.early.splice(0);
    for (const event of waiting) {
      if (!('kind' in event)) frame.toOwner(event);
      else if (sessionRuns) frame.receive(event);
      else host.early.push(event);
    }
  };
  /**
   * A start that ends without a session (it failed, or the phone went elsewhere meanwhile) leaves
   * the frame as a resign would: the card events replayed into the remote card, and what still
   * waits, are dropped and reported, so none shows up in a later ownership as a stale call.
   */
  const abandon = (): void => {
    for (const name of part?.remoteCard.reset() ?? []) report({ kind: 'eventDropped', event: name, message: `A ${name} event came for an owner whose start ended without a session: dropped.` });
    part?.gate.reset();
    host.dropEarly();
  };
  const frame: OwnerFrame = {
    get session() {
      return session;
    },
    get part() {
      return part;
    },
    async start() {
      try {
        part ??= createOwnerPart({
          bus,
          scope,
          clock,
          storage: host.storage(),
          placement: options.placement ?? null,
          closingNoticeMs: options.cardTab?.closingNoticeMs ?? TAB_CLOSING_NOTICE_MS,
          maxHoldMs: options.cardTab?.maxHoldMs ?? TAB_MAX_HOLD_MS,
          report,
          frameId,
          session: () => session,
          closeShown: host.closeShown,
        });
        const { remoteCard, gate, journal } = part;
        replayEarly(false);
        // The phone tab's readied softphone came with its records; otherwise they are made now.
        const readied = successor.take();
        const records = readied ? readied.records : await recordsFor();
        // The phone went to another frame meanwhile (a phone tab took it over): what was made goes, nothing starts.
        if (!host.owns()) {
          records?.dispose();
          return abandon();
        }
        // SC-F4: the last owner died mid-call; its call and its record end once, here (SC-F8).
        const lost = endLostCall({ journal, frameId, bus, report, onSummary: options.session?.onSummary, cardFound: host.cardFound, placement: options.placement ?? null, records });
        if (lost !== null) {
          host.setState({ ...host.state(), lastCall: lost.lastCall }, true);
          if (lost.closedOwnCard) host.cardFound = false;
        }
        // A lost owner's calls the journal does not name (no card was ever shown) end with it too; a phone tab taking over from a live owner leaves them to it.
        if (records && !readied) endOrphanedRecords(records);
        let started: OwnerSession | null = null;
        try {
          started = await startOwnerSession({
            frameId,
            userId: scope.identity.userId,
            remoteCard,
            journal: journal ?? { read: () => null, write: () => false, clear: () => undefined },
            now: clock.now,
            createSoftphone: () => readied?.softphone ?? options.createSoftphone({ records }),
            records,
            // The statechart's times and the journal's come from one clock (the phone's, unless the session has its own).
            session: { clock: clock.now, ...options.session },
            onChange: () => {
              if (host.owns()) frame.publish();
            },
            onNewCall: () => gate.newCall(null),
            cardClosing: () => gate.closing,
          });
        } catch (error) {
          records?.dispose();
          throw error;
        }
        if (!host.owns()) {
          // Two registrations must not take calls: the session made for an ownership that ended meanwhile stops (with its records).
          void started.stop();
          return abandon();
        }
        session = started;
        // A softphone readied for a handover held its INVITEs until now: they ring here.
        takeCalls(session.softphone, true);
        remoteCard.tabOf(frameId, host.tab());
        remoteCard.open();
        host.holder()?.flush(frameId);
        if (host.cardFound) {
          // This frame owns now and its window shows a card that no journal entry explains (SC-W1): closed.
          host.cardFound = false;
          host.closeOrphan();
        }
        frame.publish();
        replayEarly(true);
        host.retry.succeeded();
      } catch (error) {
        abandon();
        host.retry.failed('softphoneFailed', error);
      }
    },
    resign() {
      if (session === null) return;
      const ending = session;
      session = null;
      part?.remoteCard.reset();
      part?.gate.reset();
      void ending.stop();
    },
    publish() {
      const state = host.state();
      const call = session?.call() ?? null;
      // How the last call ended is kept until the next one starts (SC-F7).
      const next: PhoneState = { ...state, owner: { frame: frameId, kind: options.kind }, role: 'owner', health: session?.health() ?? state.health, call, lastCall: call !== null ? null : (session?.lastCall() ?? state.lastCall) };
      host.setState(next);
      bus.post('state', { state: next });
    },
    toOwner({ name, payload, from, tab }) {
      if (tab !== undefined) part?.remoteCard.tabOf(from, tab);
      part?.remoteCard.receive(name, payload, from);
    },
    receive(message) {
      if (session === null) return;
      // The card's tab talks to the owner's gate (SC-T2, SC-T4).
      if (message.kind.startsWith('tab.')) return part?.gate.receive(message);
      switch (message.kind) {
        case 'holder.returned':
          if (typeof message.body.tab === 'string') part?.takeBack(session, message.from, message.body.tab.slice(0, 64));
          return;
        case 'state.query':
          return frame.publish();
        case 'handover.refused':
          return successorFailed(message);
        case 'dialRequest':
          return host.dialRequest(message.body.request as DialRequest);
        case 'action':
          return part?.act(session, message.body.action);
        default:
          return;
      }
    },
    dial(request) {
      // A dial request is a new call: a card the tab holds is released first (SC-T4); the session reads the rest.
      if ((request as { isMobile?: unknown }).isMobile !== true) part?.gate.newCall(null);
      session?.card.dialRequest(request);
    },
    beforeNewCall() {
      if (session !== null) part?.gate.newCall(null);
    },
    checkHolders() {
      if (session !== null && locks) part?.checkHolders(locks, (holder) => lifeLockOf(scope.key, holder));
    },
    takeCalls(accepting) {
      takeCalls(session?.softphone, accepting);
    },
    async prepare() {
      // The phone tab's softphone comes with its records: a call it takes before the handover ends is recorded too.
      await successor.prepare(recordsFor);
    },
    discard() {
      successor.discard();
    },
    halt() {
      part?.remoteCard.stop();
      part?.gate.reset();
    },
    async stop() {
      successor.discard();
      await session?.stop();
      session = null;
    },
  };
  return frame;
}

/** A whole number from 0 to `max`, as another frame must send it. */
function isCount(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}
