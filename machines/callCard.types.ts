import type { CardCommand } from '../protocol/commands';
import type { DialKey, QualityRating } from '../protocol/buttons';
import type { UiState } from '../protocol/uiStates';
import type { EpochMs } from '../protocol/units';
import type { CallCardInput, CallData, CallDirection, CrmEntity, EntityInfo, TransferTarget } from './callCard.events';

/** What the statechart tells the softphone, one variant per softphone port method. */
export type SoftphoneCommand =
  | { readonly method: 'answer' }
  | { readonly method: 'reject' }
  | { readonly method: 'hangup' }
  | { readonly method: 'call'; readonly phoneNumber: string }
  | { readonly method: 'hold'; readonly held: boolean }
  | { readonly method: 'mute'; readonly muted: boolean }
  | { readonly method: 'sendDtmf'; readonly key: DialKey }
  | { readonly method: 'startTransfer'; readonly target: TransferTarget }
  | { readonly method: 'completeTransfer' }
  | { readonly method: 'cancelTransfer' };

/** The softphone port's method names. */
export type SoftphoneMethod = SoftphoneCommand['method'];

/** How a call ended. */
export type CallEnd =
  /** The operator pressed Skip on a ringing call. */
  | 'skipped'
  /** The operator pressed Hang up. */
  | 'hungUp'
  /** The operator pressed Close (the host closed the card itself). */
  | 'closedByOperator'
  /** The other side hung up. */
  | 'remoteHungUp'
  /**
   * The card went away while no live call could go on without it: a ringing call
   * (rejected), or `outgoing` before dialling, `error`, `moneyError`, `redial`.
   */
  | 'cardLost'
  /** The host showed another call's card: this call was hung up (rejected if ringing). */
  | 'replaced'
  /** A restarted worker found this call's card open, knew nothing of the call, and closed it. */
  | 'orphaned'
  /** A second call while one was live (a dial request or another window's card): refused busy, its record finished 486 (SC-L6, SC-C4). */
  | 'refusedBusy'
  /** The frame that owned the softphone died mid-call (tab closed, navigated, crashed): the call died with its media, and the next owner ended it (statechart SC-F4). */
  | 'ownerLost';

/** Everything worth keeping about one call, handed to the integrator once, when the call is over. */
export interface CallSummary {
  /** The call's number in this worker's life, from 1. */
  readonly cycle: number;
  readonly callId: string;
  readonly phoneNumber: string | null;
  readonly crmEntity: CrmEntity | null;
  readonly direction: CallDirection | null;
  /** The comment as the operator last saved it (each save carries the whole text); `null` if none. */
  readonly comment: string | null;
  readonly rating: QualityRating | null;
  /** The DTMF keys sent, in order. */
  readonly dtmf: string;
  /** The last transfer target chosen, if any. */
  readonly transferTarget: TransferTarget | null;
  readonly endedBy: CallEnd;
  /** The UI state the call was in when it ended. */
  readonly lastUiState: UiState | null;
  /** Whether the call's card went away during the call (and perhaps came back). */
  readonly cardLost: boolean;
  /** When the card first went away (epoch ms), `null` if it never did. */
  readonly cardLostAt: EpochMs | null;
  /** The SIP code of the failure, when the softphone reported one. */
  readonly failureCode: number | null;
  /** Whether the call was ever connected. */
  readonly connected: boolean;
  /** Epoch milliseconds. */
  readonly openedAt: EpochMs;
  readonly connectedAt: EpochMs | null;
  readonly closedAt: EpochMs;
}

/**
 * The statechart's context: the data of the one call being served, reset when it ends.
 * Where the call is (its UI state, microphone, hold, whether its card is there) is the
 * state value, never copied here.
 */
export interface CallCardContext {
  /** Epoch milliseconds; injected through the machine's input so tests can pin time. */
  readonly clock: () => number;
  /** How many calls this worker has served; the current call's number while there is one. */
  readonly cycle: number;
  readonly call: CallData | null;
  /** The latest `entityChanged` of this call's card. */
  readonly entity: EntityInfo | null;
  readonly comment: string | null;
  readonly rating: QualityRating | null;
  readonly dtmf: string;
  readonly transfer: TransferTarget | null;
  readonly failureCode: number | null;
  /** What the integrator last set, shown again when the card reappears. */
  readonly title: string | null;
  readonly statusText: string | null;
  readonly openedAt: number | null;
  readonly connectedAt: number | null;
  readonly cardLostAt: number | null;
  /** What opened the call: its card (`initialized`, an orphan's probe) or a dial request with no card yet (SC-L6). */
  readonly origin: 'card' | 'dialRequest' | null;
  /** DTMF keys to send once the call connects: a dial request's `EXTENSION` (SC-L6). */
  readonly extension: readonly DialKey[];
}

/**
 * What the statechart emits for adapters to carry out (`actor.on(type, listener)`).
 * The machine touches neither `BX24` nor a softphone.
 */
export type CallCardEmitted =
  /** A command for the card `cycle`. */
  | { readonly type: 'card.command'; readonly cycle: number; readonly command: CardCommand }
  | { readonly type: 'softphone.command'; readonly cycle: number; readonly command: SoftphoneCommand }
  | { readonly type: 'call.summary'; readonly summary: CallSummary }
  | { readonly type: 'call.comment'; readonly callId: string; readonly text: string }
  | { readonly type: 'call.rating'; readonly callId: string; readonly rating: QualityRating }
  | { readonly type: 'call.notifyAdmin'; readonly callId: string }
  | { readonly type: 'call.next'; readonly callId: string }
  /** An event the state it reached does not take (or whose guards all refused it): nothing changed. */
  | { readonly type: 'call.ignored'; readonly event: CallCardInput }
  /** The card of a live call went away; the call goes on (statechart.md, Card and call). */
  | { readonly type: 'call.cardLost'; readonly cycle: number; readonly callId: string; readonly at: number }
  /** A second call while one was live, refused busy (SC-L6): its summary, for its record (486); the current call goes on. */
  | { readonly type: 'call.refused'; readonly summary: CallSummary }
  /** The host showed the current call's card again; it has been brought up to date. */
  | { readonly type: 'call.cardAttached'; readonly cycle: number; readonly callId: string };
