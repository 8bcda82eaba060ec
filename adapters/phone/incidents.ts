import type { PhoneDiagnostic } from './phone.types';
import { MAX_INCIDENTS, type PhoneIncident, type PhoneState } from './state';

/** Strings from other frames and the host go into the state bounded. */
const bounded = (text: string): string => text.slice(0, 64);

/**
 * The incident SC-F9 puts in the phone's state for a diagnostic of the owner `frame`, or null for a
 * diagnostic that is not one (a rejected message, a dropped event, the card tab's gate…).
 */
export function incidentOf(diagnostic: PhoneDiagnostic, at: number, frame: string): PhoneIncident | null {
  switch (diagnostic.kind) {
    case 'ownership':
      return diagnostic.role === 'owner' || diagnostic.role === 'yielding' ? { kind: 'ownership', frame: bounded(frame), role: diagnostic.role, reason: diagnostic.reason, at } : null;
    case 'cardHolder':
    case 'cardTakenBack':
      return { kind: diagnostic.kind, holder: bounded(diagnostic.holder), callId: bounded(diagnostic.callId), at };
    case 'holderLost':
      return { kind: 'holderLost', holder: bounded(diagnostic.holder), at };
    case 'ownerLost':
      return { kind: 'ownerLost', owner: bounded(diagnostic.owner), callId: bounded(diagnostic.callId), at };
    case 'secondCard':
      return { kind: 'secondCard', holder: bounded(diagnostic.holder), callId: bounded(diagnostic.callId), currentCallId: bounded(diagnostic.currentCallId), at };
    case 'softphoneFailed':
    case 'ownerCodeFailed':
      return { kind: diagnostic.kind, frame: bounded(frame), attempt: diagnostic.attempt, retryInMs: diagnostic.retryInMs, at };
    default:
      return null;
  }
}

/**
 * `state` with `incident` last, keeping the last {@link MAX_INCIDENTS}. A state heard from an
 * owner running an older version of the library (a tab opened before a deploy) has no list: one starts.
 */
export function withIncident(state: PhoneState, incident: PhoneIncident): PhoneState {
  const kept: unknown = state.incidents;
  return { ...state, incidents: [...(Array.isArray(kept) ? (kept as PhoneIncident[]) : []), incident].slice(-MAX_INCIDENTS) };
}

/**
 * The phone's `report` (SC-F9): every diagnostic goes to the integrator's `onDiagnostic` (a hook
 * that throws does not stop the phone); while this frame owns, the SC-F9 ones are also handed to
 * `onIncident`, to go into the state every frame reads.
 */
export function createReporter(options: {
  readonly frameId: string;
  readonly onDiagnostic: ((diagnostic: PhoneDiagnostic) => void) | undefined;
  owning(): boolean;
  now(): number;
  onIncident(incident: PhoneIncident): void;
}): (diagnostic: PhoneDiagnostic) => void {
  return (diagnostic) => {
    const incident = options.owning() ? incidentOf(diagnostic, options.now(), options.frameId) : null;
    if (incident !== null) options.onIncident(incident);
    try {
      options.onDiagnostic?.(diagnostic);
    } catch {
      // An integrator's hook that throws must not stop the phone.
    }
  };
}
