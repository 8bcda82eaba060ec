import { relaySuite } from './relay';

relaySuite('sipjs');
