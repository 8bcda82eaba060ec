export { createHostSimulator } from './hostSimulator';
export type { ClickOptions, ClickResult, CommandLogEntry, DialPadKey, EmittedEvent, HostSimulator, HostSimulatorOptions } from './types';
export type { CardView } from './card';
export type { TimerView } from './timer';
export type { HostMode } from './commands';
export { DEFAULT_FAULT_ERROR_CODE, FAULT_KINDS } from './faults';
export type { FaultKind, FaultSpec } from './faults';
export { NO_PAYLOAD_EVENTS } from './payloads';
export type {
  CallDirection,
  CallState,
  CrmBinding,
  CrmEntityType,
  EntityPayload,
  HostErrorResult,
  InitializedPayload,
  TransferKind,
  TransferPayload,
} from './payloads';
