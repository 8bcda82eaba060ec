import { operatorScenarios } from './scenarios';

operatorScenarios({ name: 'sipjs', bundle: 'sipjs-worker.js', entry: 'tests/sip/pages/sipjsWorker.entry.ts' });
