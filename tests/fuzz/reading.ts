/**
 * How the statechart reads what the host sent, written out independently for the fuzzer's
 * bookkeeping: the model (which `initialized` re-attaches the current call) and the
 * invariants (which `initialized` belongs to a call) must read a payload the same way.
 */

/**
 * The CALL_ID an `initialized` payload carries as the statechart reads it: text, a finite
 * number as text, else `""` (a payload that is no object, a `CALL_ID` that is `true`, an
 * object or inherited: the library warns and keeps the card as the call `""`, §3).
 */
export function callIdAsRead(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return '';
  const descriptor = Object.getOwnPropertyDescriptor(payload, 'CALL_ID');
  const value: unknown = descriptor && 'value' in descriptor ? descriptor.value : undefined;
  if (typeof value === 'string') return value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}
