/** xstate/graph's shortest paths to every transition with every payload case, run against the real stack. */
import { describePathSuite } from './pathSuite';

describePathSuite('shortest', true);
