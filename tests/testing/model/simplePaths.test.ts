/**
 * xstate/graph's simple paths of one call, bounded to states at most 3 steps from
 * `waiting`. A simple path never visits a state twice, so self-loops (a comment, a DTMF
 * key, a rating) are never on one: its coverage is reported, not enforced.
 */
import { describePathSuite } from './pathSuite';

describePathSuite('simple', false);
