/**
 * Test support for b24-call-card (`b24-call-card/testing`): an in-memory Bitrix24 host
 * that behaves as the real one does, quirks included, a recording softphone, and the
 * Bitrix24 REST double of the call record (its HTTP server is the Node-only entry
 * `b24-call-card/testing/rest-server`).
 *
 * @packageDocumentation
 */
export * from './testing/host';
export { createRecordingSoftphone } from './adapters/softphone/recordingSoftphone';
export type { RecordingSoftphone } from './adapters/softphone/recordingSoftphone';

// The Bitrix24 REST double: telephony.externalcall.* and voximplant.statistic.get (host-behaviour §8).
export * from './testing/rest';

// Model-based testing: paths generated from the statechart, run against the real stack.
export { createCallCardTestModel, pathName, vertexKey } from './testing/model/testModel';
export type { CallCardTestModel, CallCardTestModelOptions, CallCardTestPath, VertexKind } from './testing/model/testModel';
export { EVENT_CASES, DIRECT_CASES, caseOf, labelOf } from './testing/model/eventCases';
export type { EventCase, DirectCase, HostAction } from './testing/model/eventCases';
export { stateKeyOf } from './testing/model/stateKey';
export { generatePaths, PATH_STRATEGIES } from './testing/model/generate';
export type { PathStrategy, GeneratedPaths, GeneratePathsOptions } from './testing/model/generate';
export { getTransitionTour, pathFromEvents } from './testing/model/tour';
export type { TransitionTourOptions } from './testing/model/tour';
export { runPath, ModelPathError } from './testing/model/execute';
export type { RunPathOptions, RunnablePath, ExecutedStep } from './testing/model/execute';
export { specStep, SPEC_WAITING, LIVE_UI_STATES } from './testing/model/specOracle';
export type { SpecState, SpecExpectation, SpecHook } from './testing/model/specOracle';
export {
  CoverageRecorder,
  coverageUniverse,
  evaluateGuards,
  transitionId,
  formatCoverageTable,
  incompleteLines,
  COVERAGE_LINES,
} from './testing/model/coverage';
export type { CoverageReport, CoverageLine, CoverageUniverse, StrategyFigures, SeenVia } from './testing/model/coverage';
