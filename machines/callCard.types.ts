import type { CardCommand } from '../protocol/commands';
import type { DialKey, QualityRating } from '../protocol/buttons';
import type { UiState } from '../protocol/uiStates';
import type { CallData, CallDirection, CrmEntity, EntityInfo, TransferTarget } from './events';

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

/** How a call's card went away. */
export type CallEnd =
  /** The operator pressed Skip on a ringing call. */
  | 'skipped'
  /** The operator pressed Hang up. */
  | 'hungUp'
  /** The operator pressed Close (the host closed the card itself). */
  | 'closedByOperator'
  /** The other side hung up. */
  | 'remoteHungUp'
  /** The host no longer had the card (it answered `Call card is undefined`). */
  | 'cardLost'
  /** A new call's card replaced this one before it was closed. */
  | 'replaced';

/** Everything worth keeping about one call, handed to the integrator when its card is gone. */
export interface CallSummary {
  /** The call's number in this worker's life, from 1. */
  readonly cycle: number;
  readonly callId: string;
  readonly phoneNumber: string | null;
  readonly crmEntity: CrmEntity | null;
  readonly direction: CallDirection | null;
  readonly comments: readonly string[];
  readonly rating: QualityRating | null;
  /** The DTMF keys sent, in order. */
  readonly dtmf: string;
  /** The last transfer target chosen, if any. */
  readonly transferTarget: TransferTarget | null;
  readonly endedBy: CallEnd;
  /** The UI state the card showed last. */
  readonly lastUiState: UiState | null;
  /** The SIP code of the failure, when the softphone reported one. */
  readonly failureCode: number | null;
  /** Whether the call was ever connected. */
  readonly connected: boolean;
  /** Epoch milliseconds. */
  readonly openedAt: number;
  readonly connectedAt: number | null;
  readonly closedAt: number;
}

/** The statechart's context: the one call being served, reset when its card is gone. */
export interface CallCardContext {
  /** How many cards this worker has opened; the current card's number while one is open. */
  readonly cycle: number;
  readonly call: CallData | null;
  /** The latest `entityChanged`; it may come before `initialized`. */
  readonly entity: EntityInfo | null;
  readonly uiState: UiState | null;
  readonly comments: readonly string[];
  readonly rating: QualityRating | null;
  readonly dtmf: string;
  readonly transfer: TransferTarget | null;
  readonly failureCode: number | null;
  readonly openedAt: number | null;
  readonly connectedAt: number | null;
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
  | { readonly type: 'call.next'; readonly callId: string };
