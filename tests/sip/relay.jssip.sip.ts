import { relaySuite } from './relay';

relaySuite('jssip');
