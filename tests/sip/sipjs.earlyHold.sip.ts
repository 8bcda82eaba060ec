// Hold before the answered call's ACK on SIP.js 0.21 (b24-call-card/sipjs).
import { earlyHoldScenarios } from './earlyHoldScenarios';

earlyHoldScenarios({ name: 'sipjs', bundle: 'sipjs-worker.js', entry: 'tests/sip/pages/sipjsWorker.entry.ts', connectedAtTwoHundred: true });
