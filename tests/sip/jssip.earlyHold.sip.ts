// Hold before the answered call's ACK on JsSIP 3.13 (b24-call-card/jssip).
import { earlyHoldScenarios } from './earlyHoldScenarios';

earlyHoldScenarios({ name: 'jssip', bundle: 'jssip-worker.js', entry: 'tests/sip/pages/jssipWorker.entry.ts', connectedAtTwoHundred: false });
