// The operator's worker page on JsSIP 3.13: a registered JsSIP UA wrapped by b24-call-card/jssip.
import { UA, WebSocketInterface } from 'jssip';
import { jsSipSoftphone } from '../../../adapters/softphone/jssip/index';
import { exposeHealthProbe, exposeOperator } from './operator';

exposeOperator(async (user, server, options) => {
  const ua = new UA({ sockets: [new WebSocketInterface(server)], uri: `sip:${user}@127.0.0.1`, display_name: user, register: true, session_timers: false });
  await new Promise<void>((resolve, reject) => {
    ua.once('registered', () => resolve());
    ua.once('registrationFailed', (event: { cause?: string }) => reject(new Error(`${user}: REGISTER failed (${event.cause ?? 'unknown'})`)));
    ua.start();
  });
  const pcConfig = { iceServers: [] };
  const softphone = jsSipSoftphone(ua, { ...options, callOptions: { pcConfig }, answerOptions: { pcConfig } });
  return {
    softphone,
    peerConnection: () => softphone.session?.connection,
    async stop() {
      ua.stop();
    },
  };
});

exposeHealthProbe((user, server, options) => {
  const ua = new UA({ sockets: [new WebSocketInterface(server)], uri: `sip:${user}@127.0.0.1`, display_name: user, register: true, session_timers: false, connection_recovery_min_interval: 2, connection_recovery_max_interval: 30 });
  const softphone = jsSipSoftphone(ua, options);
  return {
    softphone,
    async start() {
      ua.start();
    },
    async stop() {
      ua.stop();
    },
  };
});
