import { Invitation, Inviter, RegistererState, TransportState, UserAgent, type Registerer, type Session, type SessionDescriptionHandlerOptions, type UserAgentDelegate } from 'sip.js';
import { createSipSoftphone, type SipSoftphone } from '../sip/bridge';
import type { SipSessionEvents, SipStackDriver } from '../sip/driver';
import type { SipSoftphoneOptions } from '../sip/options';
import { sipJsSession } from './session';

/** `sipJsSoftphone`'s options: the shared SIP ones, and the media SIP.js is asked for. */
export interface SipJsSoftphoneOptions extends SipSoftphoneOptions<Session> {
  /**
   * Handed to SIP.js for every INVITE we send, every answer and every re-INVITE. Default
   * `{ constraints: { audio: true, video: false } }`. SIP.js gathers ICE candidates for up
   * to `iceGatheringTimeout` ms (5000 by default) before each offer or answer: set it in the
   * user agent's `sessionDescriptionHandlerFactoryOptions` (a few hundred ms is plenty
   * when the SIP server relays media or the network is simple).
   */
  readonly sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
  /**
   * The integrator's `Registerer`, so that the phone's health (`softphone.health`) knows
   * when the registration fails or lapses. Without it only the transport is watched.
   */
  readonly registerer?: Registerer;
}

const ENTRY = 'sipJsSoftphone';

/**
 * The softphone port on a SIP.js 0.21 `UserAgent` (started and registered by the
 * integrator). An incoming INVITE while no call is live becomes a call the card can answer
 * (a second one while a call is live is rejected with `busyStatus`, 486 by default); the
 * card's commands go to the session bound to the card's `CALL_ID` (by `onIncoming`,
 * `records.attach` or `dial`; a card whose register has not answered yet takes the one
 * waiting session of its number and direction, none otherwise); the session's progress
 * comes back to the card as `phone.*` events once `connect(card)` is called. A command with
 * no session in the state it needs throws a `SipCommandError` (the card reports it);
 * `reject` and `hangup` of a call already over do nothing.
 *
 * On the wire: `answer` sends 200 with the SDP answer; `reject` a final response
 * (`rejectStatus`, 603 by default); `hangup` BYE once established, CANCEL while our
 * INVITE rings, the reject status while an incoming one rings; `call(number)` an INVITE to
 * `numberToUri` of the number with its CRM formatting removed (a number with characters
 * outside `+`, digits, `*`, `#` and `dialCharacters` is refused and reported, nothing sent);
 * `hold` a re-INVITE with `a=sendonly` (resume: `sendrecv`), the
 * local audio disabled while held, confirmed when the re-INVITE is answered 2xx; `mute`
 * disables the local audio track (no signalling); `sendDtmf` RFC 4733 events through
 * `RTCRtpSender.dtmf` (or SIP INFO `application/dtmf-relay` with `dtmf: 'info'`);
 * `completeTransfer` a REFER (blind), settled by the NOTIFY whose sipfrag is final: 2xx
 * means the customer talks to the target and our leg ends with BYE; no final NOTIFY within
 * `transferTimeoutMs` (30 s) is `phone.transferFailed` 408. With
 * `transfer: 'attended'`, `startTransfer` holds the customer and calls the target, and
 * `completeTransfer` sends a REFER whose Refer-To carries `Replaces` of that consult call
 * (SIP.js builds it from the consult dialog: the target's Contact).
 *
 * The user agent's delegate keeps working: `onInvite` and `onDisconnect` are chained, the
 * integrator's own handlers run first.
 *
 * @example
 * const softphone = sipJsSoftphone(userAgent, { onIncoming: (call) => registerWithBitrix24(call.phoneNumber) });
 * softphone.connect(createCallCard({ placement: BX24.placement, softphone }));
 */
export function sipJsSoftphone(userAgent: UserAgent, options?: SipJsSoftphoneOptions): SipSoftphone<Session> {
  // Duck-typed, not instanceof: the integrator's sip.js may be another copy than the one bundled with us.
  const host: unknown = (userAgent as { configuration?: { uri?: { host?: unknown } } } | null)?.configuration?.uri?.host;
  if (typeof userAgent !== 'object' || userAgent === null || typeof userAgent.start !== 'function' || typeof host !== 'string') {
    throw new TypeError(`${ENTRY}: the first argument must be a SIP.js UserAgent (with configuration.uri), received ${userAgent === null ? 'null' : typeof userAgent}`);
  }
  const { sessionDescriptionHandlerOptions: rawMedia, registerer, ...shared } = (options ?? {}) as SipJsSoftphoneOptions;
  if (registerer !== undefined && (typeof registerer !== 'object' || registerer === null || typeof registerer.stateChange?.addListener !== 'function')) {
    throw new TypeError(`${ENTRY}: options.registerer must be a SIP.js Registerer, received ${registerer === null ? 'null' : typeof registerer}`);
  }
  if (rawMedia !== undefined && (typeof rawMedia !== 'object' || rawMedia === null)) {
    throw new TypeError(`${ENTRY}: options.sessionDescriptionHandlerOptions must be an object, received ${rawMedia === null ? 'null' : typeof rawMedia}`);
  }
  const media: SessionDescriptionHandlerOptions = rawMedia ?? { constraints: { audio: true, video: false } };
  const domain = host;

  const driver: SipStackDriver<Session> = {
    domain,
    attendedTransfer: true,
    call(uri, events: SipSessionEvents) {
      const target = UserAgent.makeURI(uri);
      if (!target) throw new TypeError(`${ENTRY}: numberToUri made ${uri}, which is not a SIP URI`);
      const inviter = new Inviter(userAgent, target, { sessionDescriptionHandlerOptions: media });
      return sipJsSession(inviter, media, () => events);
    },
    listen(handlers) {
      const before: UserAgentDelegate | undefined = userAgent.delegate;
      const chained: UserAgentDelegate = {
        ...before,
        onInvite(invitation: Invitation) {
          before?.onInvite?.(invitation);
          let events: SipSessionEvents | null = null;
          const session = sipJsSession(invitation, media, () => events);
          events = handlers.incoming(session);
        },
        onDisconnect(error?: Error) {
          before?.onDisconnect?.(error);
          // SIP.js calls this with an error only when the transport dropped (not on userAgent.stop()).
          if (error) handlers.transportLost(error.message || 'WebSocket closed', false);
        },
      };
      userAgent.delegate = chained;
      // SIP.js tells the delegate of a drop only once connected: a WebSocket that never opens (a wss:
      // certificate the browser rejects, nothing listening) is seen only in the transport's states.
      let last: TransportState = userAgent.transport.state;
      const onTransport = (state: TransportState) => {
        const was = last;
        last = state;
        if (state === TransportState.Connected) handlers.health({ transport: 'connected' });
        else if (state === TransportState.Disconnected && was === TransportState.Connecting) handlers.transportLost('the WebSocket closed before it opened', true);
      };
      userAgent.transport.stateChange.addListener(onTransport);
      let registered = false;
      const onRegisterer = (state: RegistererState) => {
        if (state === RegistererState.Registered) {
          registered = true;
          handlers.health({ registration: 'registered' });
        } else if (state === RegistererState.Unregistered || state === RegistererState.Terminated) {
          handlers.health(registered ? { registration: 'unregistered', reason: `the registerer is ${state}` } : { registration: 'failed', reason: 'the REGISTER was not accepted' });
          registered = false;
        }
      };
      registerer?.stateChange.addListener(onRegisterer);
      return () => {
        if (userAgent.delegate === chained) userAgent.delegate = before;
        userAgent.transport.stateChange.removeListener(onTransport);
        registerer?.stateChange.removeListener(onRegisterer);
      };
    },
    health: () => ({
      transport: userAgent.isConnected() ? 'connected' : 'unknown',
      registration: registerer?.state === RegistererState.Registered ? 'registered' : 'unknown',
    }),
  };
  return createSipSoftphone(ENTRY, driver, shared);
}
