/**
 * Test support for b24-call-card (`b24-call-card/testing`): an in-memory Bitrix24 host
 * that behaves as the real one does, quirks included, a recording softphone, and the
 * Bitrix24 REST double of the call record (its HTTP server is the Node-only entry
 * `b24-call-card/testing/rest-server`), a fake global `BX24` over both, and model-based
 * testing (paths from the statechart run against the real stack).
 *
 * @packageDocumentation
 */
export * from './host';
export { createRecordingSoftphone } from './softphone';
export type { RecordingSoftphone } from './softphone';

// A fake global `BX24` over the host and REST doubles, for a worker page run without a portal.
export { createFakeBx24, installFakeBx24 } from './fakeBx24';
export type { FakeBx24, FakeBx24Options, FakeBx24World } from './fakeBx24';

// The Bitrix24 REST double: telephony.externalcall.* and voximplant.statistic.get (host-behaviour §8).
export * from './rest';

// Model-based testing: paths generated from the statechart, run against the real stack.
export { createCallCardTestModel, pathName, vertexKey } from './model/testModel';
export type { CallCardTestModel, CallCardTestModelOptions, CallCardTestPath, VertexKind } from './model/testModel';
export { EVENT_CASES, caseOf, labelOf } from './model/eventCases';
export type { EventCase, HostAction } from './model/eventCases';
export { stateKeyOf } from './model/stateKey';
export { generatePaths, PATH_STRATEGIES } from './model/generate';
export type { PathStrategy, GeneratedPaths, GeneratePathsOptions } from './model/generate';
export { getTransitionTour, pathFromEvents } from './model/tour';
export type { TransitionTourOptions } from './model/tour';
export { runPath, ModelPathError } from './model/execute';
export type { RunPathOptions, RunnablePath, ExecutedStep } from './model/execute';
export { specStep, SPEC_WAITING, LIVE_UI_STATES } from './model/specOracle';
export type { SpecState, SpecExpectation, SpecHook } from './model/specOracle';
export {
  CoverageRecorder,
  coverageUniverse,
  evaluateGuards,
  transitionId,
  formatCoverageTable,
  incompleteLines,
  COVERAGE_LINES,
} from './model/coverage';
export type { CoverageReport, CoverageLine, CoverageUniverse, StrategyFigures, SeenVia } from './model/coverage';
