import type { AnswerOptions, RTCSession } from 'jssip/lib/RTCSession';
import type { CallOptions, DisconnectEvent, RTCSessionEvent, UA } from 'jssip/lib/UA';
import { createSipSoftphone, type SipSoftphone } from '../sip/bridge';
import type { SipSessionDriver, SipSessionEvents, SipStackDriver } from '../sip/driver';
import type { SipSoftphoneOptions } from '../sip/options';
import { jsSipSession } from './session';

/** `jsSipSoftphone`'s options: the shared SIP ones, and what JsSIP is handed for each call. */
export interface JsSipSoftphoneOptions extends SipSoftphoneOptions<RTCSession> {
  /** Merged into `ua.call(uri, …)` (e.g. `pcConfig`); default media `{ audio: true, video: false }`. */
  readonly callOptions?: Omit<CallOptions, 'eventHandlers'>;
  /** Merged into `session.answer(…)` (e.g. `pcConfig`); default media `{ audio: true, video: false }`. */
  readonly answerOptions?: AnswerOptions;
}

const ENTRY = 'jsSipSoftphone';
const UA_METHODS = ['on', 'off', 'call'] as const;

function objectOption<T>(name: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw new TypeError(`${ENTRY}: options.${name} must be an object, received ${value === null ? 'null' : typeof value}`);
  return value as T;
}

/** The domain of the UA's own URI (`sip:operator@example.com` → `example.com`). */
function domainOf(ua: UA): string {
  const host: unknown = (ua as unknown as { configuration?: { uri?: { host?: unknown } } }).configuration?.uri?.host;
  return typeof host === 'string' ? host : '';
}

function connected(ua: UA): boolean {
  return typeof ua.isConnected === 'function' && ua.isConnected();
}

/**
 * The softphone port on a JsSIP 3.13 user agent (started and registered by the
 * integrator), with the same behaviour as `sipJsSoftphone` (docs/jssip.md maps each command
 * to JsSIP): an incoming INVITE while no call is live is a call the card can answer (a
 * second one is rejected with `busyStatus`, 486 by default); the card's commands go to the
 * session bound to the card's `CALL_ID`; the phone's health follows the UA's `connected`,
 * `disconnected`, `registered`, `unregistered` and `registrationFailed` events. Throws a
 * `TypeError` when the UA has no configured URI to take the default `numberToUri`'s domain
 * from and `numberToUri` is not given.
 *
 * @example
 * const softphone = jsSipSoftphone(ua, { onIncoming: (call) => registerWithBitrix24(call.phoneNumber) });
 * softphone.connect(createCallCard({ placement: BX24.placement, softphone }));
 */
export function jsSipSoftphone(ua: UA, options?: JsSipSoftphoneOptions): SipSoftphone<RTCSession> {
  if (typeof ua !== 'object' || ua === null) throw new TypeError(`${ENTRY}: the first argument must be a JsSIP UA, received ${ua === null ? 'null' : typeof ua}`);
  const missing = UA_METHODS.filter((name) => typeof (ua as unknown as Record<string, unknown>)[name] !== 'function');
  if (missing.length > 0) throw new TypeError(`${ENTRY}: the UA has no ${missing.map((name) => `${name}()`).join(', ')}; pass a JsSIP.UA`);
  const { callOptions: rawCall, answerOptions: rawAnswer, ...shared } = (options ?? {}) as JsSipSoftphoneOptions;
  const callOptions = objectOption<Omit<CallOptions, 'eventHandlers'>>('callOptions', rawCall) ?? {};
  const answerOptions = objectOption<AnswerOptions>('answerOptions', rawAnswer) ?? {};
  const domain = domainOf(ua);
  if (domain === '' && shared.numberToUri === undefined) throw new TypeError(`${ENTRY}: the UA has no configured uri to take a domain from; pass options.numberToUri`);

  const driver: SipStackDriver<RTCSession> = {
    domain,
    attendedTransfer: true,
    call(uri, events: SipSessionEvents) {
      const session = ua.call(uri, { mediaConstraints: { audio: true, video: false }, ...callOptions });
      return jsSipSession(session, answerOptions, () => events);
    },
    listen(handlers) {
      const onSession = (event: RTCSessionEvent) => {
        // Our own outgoing sessions come through here too (originator local): they are already known.
        if (event.originator !== 'remote') return;
        let events: SipSessionEvents | null = null;
        const sessionDriver: SipSessionDriver<RTCSession> = jsSipSession(event.session, answerOptions, () => events);
        events = handlers.incoming(sessionDriver);
      };
      // JsSIP says 'disconnected' for a drop and for each attempt that never opened (a refused wss: certificate).
      let open = connected(ua);
      const onConnected = () => {
        open = true;
        handlers.health({ transport: 'connected' });
      };
      const onDisconnected = (event: DisconnectEvent) => {
        const refused = !open;
        open = false;
        handlers.transportLost(event.reason ? `${event.reason}${event.code === undefined ? '' : ` (${event.code})`}` : event.code === undefined ? 'WebSocket closed' : `WebSocket closed (${event.code})`, refused);
      };
      const onRegistered = () => handlers.health({ registration: 'registered' });
      const onUnregistered = (event: { cause?: string }) => handlers.health({ registration: 'unregistered', reason: event?.cause ?? 'unregistered' });
      const onRegistrationFailed = (event: { cause?: string }) => handlers.health({ registration: 'failed', reason: event?.cause ?? 'REGISTER failed' });
      const listeners = [
        ['newRTCSession', onSession],
        ['connected', onConnected],
        ['disconnected', onDisconnected],
        ['registered', onRegistered],
        ['unregistered', onUnregistered],
        ['registrationFailed', onRegistrationFailed],
      ] as const;
      for (const [name, listener] of listeners) ua.on(name, listener as never);
      return () => {
        for (const [name, listener] of listeners) ua.off(name, listener as never);
      };
    },
    health: () => ({ transport: connected(ua) ? 'connected' : 'unknown', registration: typeof ua.isRegistered === 'function' && ua.isRegistered() ? 'registered' : 'unknown' }),
  };
  return createSipSoftphone(ENTRY, driver, shared);
}
