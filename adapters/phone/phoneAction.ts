import type { PhoneAction } from './state';

// The owner's reading of another frame's `phone.act` (SC-F7): in the owner's code, apart from
// state.ts, which every frame loads (issue 18 §4).

/** The action as it came from another frame, or null (reported by the caller) when it is not one. */
export function parsePhoneAction(raw: unknown): PhoneAction | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const action = raw as Record<string, unknown>;
  switch (action.type) {
    case 'answer':
    case 'hangup':
      return { type: action.type };
    case 'mute':
      return typeof action.muted === 'boolean' ? { type: 'mute', muted: action.muted } : null;
    case 'hold':
      return typeof action.held === 'boolean' ? { type: 'hold', held: action.held } : null;
    case 'transfer':
      return typeof action.target === 'string' && action.target.length > 0 && action.target.length <= 64 ? { type: 'transfer', target: action.target } : null;
    case 'dtmf':
      return typeof action.key === 'string' && /^[0-9*#]$/.test(action.key) ? { type: 'dtmf', key: action.key } : null;
    default:
      return null;
  }
}
