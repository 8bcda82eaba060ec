import { createCallCard, type Diagnostic } from '../../index';
import { createHostSimulator, createRecordingSoftphone } from '../../testing/index';

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function stack() {
  const host = createHostSimulator();
  const softphone = createRecordingSoftphone();
  const diagnostics: Diagnostic[] = [];
  const card = createCallCard({ placement: host.placement, softphone, onDiagnostic: (d) => diagnostics.push(d) });
  return { host, softphone, diagnostics, card };
}

describe('payloads that cannot even be read', () => {
  test('a revoked proxy as a host payload → one rejectedPayload, nothing thrown into the host, the card goes on', async () => {
    const { host, diagnostics, card } = stack();
    for (const event of ['initialized', 'entityChanged', 'transferButtonClick', 'muteButtonClick']) host.emitRaw(`BackgroundCallCard::${event}`, revoked());
    expect(host.events.flatMap((e) => e.handlerErrors)).toEqual([]);
    expect(diagnostics.map((d) => [d.kind, d.kind === 'rejectedPayload' ? d.event : ''])).toEqual([
      ['rejectedPayload', 'initialized'],
      ['rejectedPayload', 'entityChanged'],
      ['rejectedPayload', 'transferButtonClick'],
      ['rejectedPayload', 'muteButtonClick'],
    ]);
    host.raiseCall({ CALL_ID: 'after', CALL_DIRECTION: 'incoming' });
    await host.settle();
    expect(card.state).toMatchObject({ status: 'call', uiState: 'incoming' });
  });

  test('CRM_BINDINGS whose element getter throws → the initialized payload is rejected as unreadable, not thrown', () => {
    const { host, diagnostics } = stack();
    const bindings: unknown[] = [];
    Object.defineProperty(bindings, 0, { get: () => { throw new Error('boom'); }, enumerable: true });
    bindings.length = 1;
    host.emitRaw('BackgroundCallCard::initialized', { CALL_ID: 'x', CALL_DIRECTION: 'incoming', CRM_BINDINGS: bindings });
    expect(host.events.flatMap((e) => e.handlerErrors)).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ kind: 'rejectedPayload', event: 'initialized', field: '(payload)' })]);
  });

  test('a revoked proxy sent as a softphone event → rejectedPayload, send does not throw', () => {
    const { diagnostics, card } = stack();
    expect(() => card.send(revoked() as never)).not.toThrow();
    expect(diagnostics).toEqual([expect.objectContaining({ kind: 'rejectedPayload', event: 'phone' })]);
  });
});

describe('an error inside the statechart', () => {
  test('is reported once as hookError(statechart); later events are reported as dropped, never thrown', async () => {
    const { host, diagnostics, card, softphone } = stack();
    // Only reachable by bypassing the parsers: a typed event whose call data throws when read.
    card.actor.send({ type: 'initialized', call: revoked() as never });
    expect(diagnostics).toEqual([expect.objectContaining({ kind: 'hookError', hook: 'statechart' })]);

    host.raiseCall({ CALL_ID: 'later', CALL_DIRECTION: 'incoming' });
    card.send({ type: 'phone.connected' });
    await host.settle();
    expect(diagnostics.slice(1).map((d) => [d.kind, d.kind === 'ignoredEvent' ? d.state : ''])).toEqual([
      ['ignoredEvent', 'error'],
      ['ignoredEvent', 'error'],
    ]);
    expect(softphone.calls).toEqual([]);
  });
});
