import type { FrameMessageRejected } from '../phone/bus';
import type { PhoneDiagnostic, PhoneOptions } from '../phone/createPhone';
import type { PhoneIdentity } from '../phone/scope';
import type { PhoneAction, PhoneState } from '../phone/state';
import type { TabReleaseReason } from '../phone/tabGate';
import type { TabPlacement } from './placement';
import type { TabEntity, TabStatus } from './status';

/**
 * The tab's state: the phone's state (statechart SC-F7, the true call, SC-T3) extended with
 * what only the tab has — the host's own facts about its card, whether a phone runs at all,
 * the hold and the closing notice. Never a redefinition: every `PhoneState` field is the phone's.
 */
export interface CallCardTabState extends PhoneState {
  /** `unknown` while the tab waits for the phone's first word; `none` when no frame owns the phone (no worker runs). */
  readonly phone: 'unknown' | 'running' | 'none';
  /** What the host says of its card (SC-T1): `getStatus` read when the tab loads, and the entity as it changes. */
  readonly host: {
    readonly status: TabStatus | null;
    /** `pending` until `getStatus` answers, `failed` when it did not answer in time or not with the card's fields. */
    readonly read: 'pending' | 'read' | 'failed';
    /** The last `CallCard::EntityChanged`, null before one. */
    readonly entity: TabEntity | null;
    /** How many held-back `CallCard::BeforeClose` the tab heard (the only ones that reach it). */
    readonly beforeClose: number;
  };
  /** The card held open for a form (SC-T4), and why it stopped being held. */
  readonly hold: { readonly status: 'none' } | { readonly status: 'held'; readonly callId: string } | { readonly status: 'released'; readonly callId: string; readonly reason: TabReleaseReason | 'tabTimeout' };
  /** The phone told the tab its card closes (SC-T2): the tab saves now. */
  readonly closing: { readonly callId: string } | null;
}

/** What the tab reports instead of throwing (SC-T5). */
export type CallCardTabDiagnostic =
  | PhoneDiagnostic
  | FrameMessageRejected
  | { readonly kind: 'tabStatus'; readonly problems: readonly string[]; readonly message: string }
  | { readonly kind: 'tabEvent'; readonly event: string; readonly problems: readonly string[]; readonly message: string }
  | { readonly kind: 'noPhone'; readonly message: string }
  | { readonly kind: 'tabHook'; readonly hook: string; readonly message: string }
  | { readonly kind: 'tabRefused'; readonly what: string; readonly message: string };

/** Options of {@link createCallCardTab}. */
export interface CallCardTabOptions {
  /** The `CALL_CARD` frame's `BX24.placement` (or `fromB24jssdkPlacement(b24.placement)`). */
  readonly placement: TabPlacement;
  /** The portal and the user, as every frame of the phone gives them. */
  readonly identity: PhoneIdentity;
  /**
   * The phone tells the tab its card is about to close (SC-T2): save what the form holds. The
   * phone waits for the promise, bounded (`createPhone`'s `cardTab.closingNoticeMs`, 2 s by default).
   */
  readonly onClosing?: (notice: { readonly callId: string }) => unknown;
  readonly onDiagnostic?: (diagnostic: CallCardTabDiagnostic) => void;
  /** The longest `holdOpen` (default 5 min); the owner bounds it too. */
  readonly maxHoldMs?: number;
  /** How long the tab waits for the phone's first word before it says no phone runs (default 3 s). */
  readonly phoneWaitMs?: number;
  /** How long `getStatus` may take (default 5 s). */
  readonly statusTimeoutMs?: number;
  /** Test seams, the phone's own (the tab is always its own tab); each defaults to the browser's own. */
  readonly platform?: Omit<NonNullable<PhoneOptions['platform']>, 'tab'>;
}

/** The card's tab, in the `CALL_CARD` frame. */
export interface CallCardTab {
  readonly state: CallCardTabState;
  subscribe(listener: (state: CallCardTabState) => void): () => void;
  /** Asks the phone's owner to act, as the card's buttons do (SC-F7). */
  act(action: PhoneAction): void;
  /**
   * Holds the card open after its call for a form (SC-T4): the host's auto-close stays held
   * and the phone defers its own close, until {@link release}, `maxMs`, or a new call.
   * Refused (reported) before the tab knows its call.
   */
  holdOpen(options?: { readonly maxMs?: number }): void;
  /** The form is done: the phone may close the card. */
  release(): void;
  stop(): Promise<void>;
}
