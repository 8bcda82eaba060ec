// Attended transfer on SIP.js 0.21 (b24-call-card/sipjs with transfer: 'attended').
import { attendedTransferScenarios } from './attendedScenarios';

attendedTransferScenarios({ name: 'sipjs', bundle: 'sipjs-worker.js', entry: 'tests/sip/pages/sipjsWorker.entry.ts' });
