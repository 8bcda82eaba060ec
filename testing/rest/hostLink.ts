/**
 * The one place the REST double touches the host page double: what `register`, `finish`,
 * `hide` and `show` do to the call card (host-behaviour.md §1, §8). `createHostSimulator()`
 * is driven through its own `raiseCall` / `show` / `hide`; any other host can be linked by
 * implementing {@link HostLink}.
 */
import { CALL_TYPES } from '../../protocol';
import type { HostSimulator, InitializedPayload } from '../host';

/** The call data the host puts in the card's `initialized`. */
export interface CardCall {
  readonly CALL_ID: string;
  readonly PHONE_NUMBER: string;
  readonly LINE_NUMBER: string;
  readonly LINE_NAME: string;
  readonly CRM_ENTITY_TYPE: string;
  readonly CRM_ENTITY_ID: number;
  readonly CRM_BINDINGS: readonly { readonly ENTITY_TYPE: string; readonly ENTITY_ID: number }[];
  readonly CALL_DIRECTION: 'incoming' | 'outgoing' | 'callback';
}

/** What the REST double asks of a user's host page. */
export interface HostLink {
  /** The `showExternalCall` push: the host builds a card, unless it already shows one (then it drops this one). */
  showCard(call: CardCall): void;
  /** The card of this call goes away silently (finish for the finishing user, hide). Nothing if another call's card is shown. */
  closeCard(callId: string): void;
}

/** A host the double can drive: the host simulator, or any {@link HostLink}. */
export type HostTarget = HostSimulator | HostLink;

/** The `host` option: one host for every user, or the host of each user (undefined: that user has no portal tab open). */
export type HostOption = HostTarget | ((userId: number) => HostTarget | undefined);

function isSimulator(target: HostTarget): target is HostSimulator {
  const maybe = target as Partial<HostSimulator>;
  return typeof maybe.raiseCall === 'function' && typeof maybe.show === 'function' && typeof maybe.hide === 'function';
}

function payloadOf(call: CardCall): Partial<InitializedPayload> {
  return { ...call, CRM_BINDINGS: call.CRM_BINDINGS.map((binding) => ({ ...binding })), CALL_STATE: 'idle', CALL_LIST_MODE: false };
}

/**
 * The simulator does the host's part itself: `raiseCall` drops a call while a card is open
 * (§1.3), `show` re-shows a call it raised, `hide` closes only that call's card (§1.5).
 */
function simulatorLink(sim: HostSimulator): HostLink {
  return {
    showCard(call) {
      // register with SHOW=0 never reached the browser: the simulator has not seen this CALL_ID, so its card is raised afresh.
      const shown = sim.show(call.CALL_ID);
      if (!shown.raised && shown.reason === 'unknownCall') sim.raiseCall(payloadOf(call));
    },
    closeCard(callId) {
      sim.hide(callId);
    },
  };
}

/** The host link of a user, or undefined when the user has none. */
export function hostLinkFor(option: HostOption | undefined, userId: number): HostLink | undefined {
  if (option === undefined) return undefined;
  const target = typeof option === 'function' ? option(userId) : option;
  if (target === undefined || target === null) return undefined;
  return isSimulator(target) ? simulatorLink(target) : target;
}

/** The card's `CALL_DIRECTION` for a register `TYPE` (5, informational, is shown as outgoing — unverified). */
export function directionOfType(type: number): CardCall['CALL_DIRECTION'] {
  if (type === CALL_TYPES.incoming || type === CALL_TYPES.incomingRedirect) return 'incoming';
  if (type === CALL_TYPES.callback) return 'callback';
  return 'outgoing';
}
