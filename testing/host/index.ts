export { createHostSimulator, AUTO_CLOSE_COMMENT_DELAY_MS } from './hostSimulator';
export type {
  ClickOptions,
  ClickResult,
  CloseResult,
  CommandLogEntry,
  CrmBlock,
  DialOptions,
  DialPadKey,
  EmittedEvent,
  HostSimulator,
  HostSimulatorOptions,
  HostWindow,
  NoDataShape,
  RaiseOptions,
  RaiseResult,
  OperatorActions,
  WireListener,
  WireMessage,
} from './types';
export { ESC_CLOSABLE_STATES } from './card';
export type { CardLayout, CardView } from './card';
export type { TimerView } from './timer';
export type { EscBuild, HostMode } from './commands';
export { DEFAULT_FAULT_ERROR_CODE, FAULT_KINDS } from './faults';
export type { FaultKind, FaultSpec } from './faults';
export { NO_PAYLOAD_EVENTS } from './payloads';
export type {
  CallDirection,
  CallState,
  CrmBinding,
  CrmEntityType,
  CrmTypeName,
  EntityPayload,
  HostErrorResult,
  InitializedPayload,
  TransferKind,
  TransferPayload,
} from './payloads';

// The portal double (host-behaviour.md v3 §6, §7, §10–§12): tabs, sliders, the application's page, the CALL_CARD tab.
export { createPortalDouble, EXTERNAL_CARD_FLAG_DELAY_MS } from './portal';
export { DESKTOP_CALL_WINDOW } from './desktopCallWindow';
export { AUTO_CLOSE_HOLD_MS, CALL_CARD_TAB_COMMANDS, CALL_CARD_TAB_EVENTS } from './callCardTab';
export type {
  AppFrame,
  CallCardTab,
  CallListItem,
  DesktopCallWindowView,
  FrameKind,
  FramePlacement,
  NavigationResult,
  PortalCardView,
  PortalDouble,
  PortalDoubleOptions,
  PortalSlider,
  PortalTab,
  PushDelivery,
  PushOptions,
  SliderOptions,
  StartResult,
  StartViaRestAnswer,
  StartViaRestHook,
  StartViaRestRequest,
  TabCommandEntry,
  TabOptions,
  TabPage,
} from './portal.types';
