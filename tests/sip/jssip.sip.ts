// The real-call scenarios on JsSIP 3.13 (b24-call-card/jssip).
import { operatorScenarios } from './scenarios';

operatorScenarios({ name: 'jssip', bundle: 'jssip-worker.js', entry: 'tests/sip/pages/jssipWorker.entry.ts' });
