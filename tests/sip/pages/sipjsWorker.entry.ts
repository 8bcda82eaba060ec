// The operator's worker page on SIP.js 0.21: a registered SIP.js UserAgent wrapped by b24-call-card/sipjs.
import type { Session } from 'sip.js';
import { peerConnectionOf } from '../../../adapters/softphone/sipjs/session';
import { sipJsSoftphone } from '../../../adapters/softphone/sipjs/index';
import { UserAgent } from 'sip.js';
import { exposeHealthProbe, exposeOperator } from './operator';
import { registeredUserAgent, userAgentOptions } from './plainUa';

exposeOperator(async (user, server, options) => {
  const { userAgent, registerer } = await registeredUserAgent(user, server);
  const softphone = sipJsSoftphone(userAgent, options);
  return {
    softphone,
    peerConnection: () => {
      const session = softphone.session as Session | null;
      return session ? peerConnectionOf(session) : undefined;
    },
    async stop() {
      await registerer.unregister().catch(() => {});
      await userAgent.stop();
    },
  };
});

exposeHealthProbe((user, server, options) => {
  const userAgent = new UserAgent(userAgentOptions(user, server));
  const softphone = sipJsSoftphone(userAgent, options);
  return { softphone, start: () => userAgent.start(), stop: () => userAgent.stop() };
});
