import type { CallSummary } from '../../machines/callCard.types';
import type { UiState } from '../../protocol/uiStates';
import type { FrameKind, OwnershipReason, OwnershipRole } from './ownership';

/**
 * The phone's state: one type for every frame (statechart SC-F7). The owner computes it and
 * sends it on the phone's channel; every frame keeps the last one and tells its subscribers.
 * The card's tab and the SIP adapters extend it; nobody redefines it.
 */
export interface PhoneState {
  /** The frame that owns the softphone, as this frame last heard of it; null before one is known. */
  readonly owner: { readonly frame: string; readonly kind: FrameKind } | null;
  /** This frame's own place: `owner` (still while it hands over to the phone tab), a `waiting` successor, `never` (a slider, the card's tab), or `stopped` once `phone.stop()` ran. */
  readonly role: 'owner' | 'waiting' | 'never' | 'stopped';
  /**
   * The owner's softphone's registration health (SC-F7), from the softphone's own `health` and
   * `onHealth` (the SIP adapters have them): `offline` while its transport is down or its
   * registration failed or lapsed, `online` once it has seen either working; `unknown` before
   * it said anything, and always for a softphone without `onHealth`.
   */
  readonly health: PhoneHealth;
  /** The call now, or null when the phone is idle. */
  readonly call: PhoneCall | null;
  /** How the last call ended, kept until the next one starts. */
  readonly lastCall: LastCall | null;
  /**
   * What SC-F9 says every frame hears of, as the owner saw it: ownership changes, card holders,
   * lost holders, a lost owner, a second card — the last {@link MAX_INCIDENTS}, oldest first
   * (each is also the owner's typed diagnostic). A new owner carries on the list it had heard.
   */
  readonly incidents: readonly PhoneIncident[];
}

/** {@link PhoneState.health}. */
export type PhoneHealth = 'online' | 'offline' | 'unknown';

/** One of {@link PhoneState.incidents}; `at` is the owner's clock (epoch ms), every string at most 64 characters. */
export type PhoneIncident =
  /** The frame that publishes the state became `owner` (or is `yielding` to the phone tab), and why. */
  | { readonly kind: 'ownership'; readonly frame: string; readonly role: OwnershipRole; readonly reason: OwnershipReason; readonly at: number }
  /** Frame `holder`'s window shows the card of `callId`. */
  | { readonly kind: 'cardHolder'; readonly holder: string; readonly callId: string; readonly at: number }
  /** Frame `holder`, which showed the card, is gone (its card with it). */
  | { readonly kind: 'holderLost'; readonly holder: string; readonly at: number }
  /** A reloaded frame's window still shows the live call's card: it holds it again (SC-F3). */
  | { readonly kind: 'cardTakenBack'; readonly holder: string; readonly callId: string; readonly at: number }
  /** The frame `owner`, which owned call `callId`, died mid-call; the call ended with it (SC-F4). */
  | { readonly kind: 'ownerLost'; readonly owner: string; readonly callId: string; readonly at: number }
  /** A second call's card (`callId`) in frame `holder` while `currentCallId` was live: refused and closed (SC-C4 v3). */
  | { readonly kind: 'secondCard'; readonly holder: string; readonly callId: string; readonly currentCallId: string; readonly at: number }
  /**
   * Frame `frame` became owner and could not run the phone (attempt `attempt`): it released ownership
   * and tries again after `retryInMs`. Or `frame`, the phone tab, could not ready its softphone for
   * a handover: the owner kept the phone, and the phone tab asks again after `retryInMs`.
   */
  | { readonly kind: 'softphoneFailed' | 'ownerCodeFailed'; readonly frame: string; readonly attempt: number; readonly retryInMs: number; readonly at: number };

/** How many incidents the phone's state keeps. */
export const MAX_INCIDENTS = 8;

export interface PhoneCall {
  readonly callId: string;
  readonly uiState: UiState;
  readonly muted: boolean;
  readonly held: boolean;
  /** `attached` in at least one window, `lost` when no window shows it, `none` when none came yet (a dial request's call, SC-L6). */
  readonly card: 'attached' | 'lost' | 'none';
  /** The frames whose windows show the call's card. */
  readonly holders: readonly string[];
  readonly phoneNumber: string | null;
  readonly direction: string | null;
  /** Epoch ms when the call was answered, null before. */
  readonly answeredAt: number | null;
}

/** How the last call ended ({@link PhoneState.lastCall}). */
export interface LastCall {
  readonly callId: string;
  readonly endedBy: CallSummary['endedBy'];
  readonly endedAt: number;
  readonly connected: boolean;
}

/** The state every frame starts from, before it has heard of an owner: waiting, no call. */
export const IDLE_PHONE: PhoneState = { owner: null, role: 'waiting', health: 'unknown', call: null, lastCall: null, incidents: [] };

/** What any frame may ask the owner to do, with the same effect as the card's buttons (SC-F7). */
export type PhoneAction =
  | { readonly type: 'answer' }
  | { readonly type: 'hangup' }
  | { readonly type: 'mute'; readonly muted: boolean }
  | { readonly type: 'hold'; readonly held: boolean }
  | { readonly type: 'transfer'; readonly target: string }
  | { readonly type: 'dtmf'; readonly key: string };
