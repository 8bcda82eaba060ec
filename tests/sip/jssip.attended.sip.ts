// Attended transfer on JsSIP 3.13 (b24-call-card/jssip with transfer: 'attended').
import { attendedTransferScenarios } from './attendedScenarios';

attendedTransferScenarios({ name: 'jssip', bundle: 'jssip-worker.js', entry: 'tests/sip/pages/jssipWorker.entry.ts' });
