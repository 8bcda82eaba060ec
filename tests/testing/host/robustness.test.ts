import { createHostSimulator } from '../../../testing/host';
import type { HostSimulator } from '../../../testing/host';
import { CARD_COMMAND_NAMES } from '../../../protocol';
import { CRM_CALL, listen, send } from './helpers';

function openCard(): HostSimulator {
  const sim = createHostSimulator();
  sim.raiseCall({ ...CRM_CALL });
  return sim;
}

describe('injected faults', () => {
  test('error: a wrapped error with the given code, and the card is unchanged', async () => {
    const sim = openCard();
    sim.injectFault({ command: 'CallCardSetUiState', kind: 'error', errorCode: 'boom' });
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'incoming' })).toEqual([[{ result: 'error', errorCode: 'boom' }]]);
    expect(sim.card?.uiState).toBe('externalCard');
    expect(sim.log.at(-1)?.fault).toBe('error');
    // Used up: the next one works.
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'incoming' })).toEqual([[]]);
  });

  test('bareError: an unwrapped error object with a default code', async () => {
    const sim = openCard();
    sim.injectFault({ command: 'CallCardSetMute', kind: 'bareError' });
    expect(await send(sim, 'CallCardSetMute', { muted: true })).toEqual([{ result: 'error', errorCode: 'Simulated fault' }]);
    expect(sim.card?.muted).toBe(false);
  });

  test('noCallback: the card changes but no answer ever comes', async () => {
    const sim = openCard();
    sim.injectFault({ command: 'CallCardSetUiState', kind: 'noCallback' });
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'incoming' })).toEqual([]);
    expect(sim.card?.uiState).toBe('incoming');
    expect(sim.log.at(-1)).toMatchObject({ answered: false, fault: 'noCallback' });
  });

  test('doubleCallback: answers as usual, then [] again', async () => {
    const sim = openCard();
    sim.injectFault({ command: 'CallCardSetUiState', kind: 'doubleCallback' });
    expect(await send(sim, 'CallCardSetUiState', { uiState: 'nope' })).toEqual([[{ result: 'error', errorCode: 'Invalid ui state' }], []]);
  });

  test('throw: placement.call throws synchronously and the command does not reach the card', async () => {
    const sim = openCard();
    sim.injectFault({ command: 'CallCardClose', kind: 'throw' });
    expect(() => sim.placement.call('CallCardClose', {}, () => {})).toThrow(/Simulated fault/);
    await sim.settle();
    expect(sim.card).not.toBeNull();
    expect(sim.log.at(-1)).toMatchObject({ command: 'CallCardClose', answered: false, fault: 'throw' });
  });

  test("'*' matches any command, times counts matches, and the fault does not hit other commands", async () => {
    const sim = openCard();
    sim.injectFault({ command: '*', kind: 'error', times: 2 });
    expect(await send(sim, 'CallCardGetListUiStates')).toEqual([[{ result: 'error', errorCode: 'Simulated fault' }]]);
    expect(await send(sim, 'CallCardSetHold', { held: true })).toEqual([[{ result: 'error', errorCode: 'Simulated fault' }]]);
    expect(await send(sim, 'CallCardSetHold', { held: true })).toEqual([[]]);
    sim.injectFault({ command: 'CallCardSetMute', kind: 'error' });
    expect(await send(sim, 'CallCardSetHold', { held: false })).toEqual([[]]);
    expect(await send(sim, 'CallCardSetMute', { muted: true })).toEqual([[{ result: 'error', errorCode: 'Simulated fault' }]]);
  });

  test('a misspelt command is not hit by a fault (it never reaches the card)', async () => {
    const sim = openCard();
    sim.injectFault({ command: '*', kind: 'throw' });
    expect(() => sim.placement.call('CallCardSetUIState', {}, () => {})).not.toThrow();
    expect(() => sim.placement.call('CallCardSetMute', { muted: true }, () => {})).toThrow();
  });

  test('a malformed fault spec is ignored', async () => {
    const sim = openCard();
    sim.injectFault({ command: 'CallCardSetMute', kind: 'explode' as never });
    sim.injectFault({ command: 'CallCardSetMute', kind: 'error', times: 0 });
    sim.injectFault(null as never);
    expect(await send(sim, 'CallCardSetMute', { muted: true })).toEqual([[]]);
  });
});

describe('asynchrony and settle', () => {
  test('no callback runs inside placement.call', () => {
    const sim = openCard();
    let called = false;
    for (const command of CARD_COMMAND_NAMES) sim.placement.call(command, {}, () => (called = true));
    expect(called).toBe(false);
  });

  test('settle flushes chains of commands sent from callbacks and from async functions', async () => {
    const sim = openCard();
    const call = (command: string, params: unknown) => new Promise((resolve) => sim.placement.call(command, params, resolve));
    void (async () => {
      await call('CallCardSetUiState', { uiState: 'incoming' });
      await Promise.resolve();
      await call('CallCardSetUiState', { uiState: 'connectingIncoming' });
      await call('CallCardSetUiState', { uiState: 'connected' });
      sim.placement.call('CallCardSetCardTitle', { title: 'done' }, () => {
        sim.placement.call('CallCardSetStatusText', { statusText: 'really done' }, () => {});
      });
    })();
    await sim.settle();
    expect(sim.card).toMatchObject({ uiState: 'connected', title: 'done', statusText: 'really done' });
    expect(sim.log.every((entry) => entry.answered)).toBe(true);
  });

  test('settle works under Jest fake timers', async () => {
    jest.useFakeTimers();
    try {
      const sim = openCard();
      expect(await send(sim, 'CallCardSetUiState', { uiState: 'incoming' })).toEqual([[]]);
    } finally {
      jest.useRealTimers();
    }
  });

  test('settle flushes a long chain in which each answer triggers the next command', async () => {
    const sim = openCard();
    let left = 2000;
    const again = (): void => {
      if (left-- > 0) sim.placement.call('CallCardGetListUiStates', {}, again);
    };
    again();
    await sim.settle();
    expect(sim.log).toHaveLength(2000);
    expect(sim.log.every((entry) => entry.answered)).toBe(true);
  });
});

describe('the simulator survives a hostile application', () => {
  test('a callback that throws is kept in the log and the next answers still come', async () => {
    const sim = openCard();
    sim.placement.call('CallCardSetUiState', { uiState: 'incoming' }, () => {
      throw new Error('app bug');
    });
    const later = await send(sim, 'CallCardSetHold', { held: true });
    expect(later).toEqual([[]]);
    expect(sim.log[0]?.callbackErrors).toEqual([new Error('app bug')]);
  });

  test('a handler that throws does not stop the other handlers and is kept with the event', () => {
    const sim = createHostSimulator();
    sim.placement.bindEvent('BackgroundCallCard::initialized', () => {
      throw new Error('handler bug');
    });
    const calls = listen(sim, 'BackgroundCallCard::initialized');
    expect(() => sim.raiseCall()).not.toThrow();
    expect(calls).toHaveLength(1);
    expect(sim.events[0]?.handlerErrors).toEqual([new Error('handler bug')]);
  });

  test('a missing or non-function callback, odd params and odd command names never throw', async () => {
    const sim = openCard();
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('getter');
        },
        has() {
          throw new Error('has');
        },
        getOwnPropertyDescriptor() {
          throw new Error('descriptor');
        },
      },
    );
    const port = sim.placement as unknown as { call: (...args: unknown[]) => void; bindEvent: (...args: unknown[]) => void };
    expect(() => {
      port.call('CallCardSetUiState', { uiState: 'incoming' });
      port.call('CallCardSetMute', hostile, 'not a function');
      port.call('CallCardSetCardTitle', { title: { toString: () => { throw new Error('x'); } } }, undefined);
      port.call(undefined, undefined, undefined);
      port.call(Symbol('s'), 1, null);
      port.call({ toString: null }, [], () => {});
      port.bindEvent('BackgroundCallCard::initialized', 'not a function');
      port.bindEvent(42, () => {});
    }).not.toThrow();
    await sim.settle();
    expect(sim.card?.uiState).toBe('incoming');
    expect(sim.log[1]?.results).toEqual([[]]);
  });

  test('inputs that refuse to be read or converted never make the simulator throw', () => {
    const sim = openCard();
    const unprintable = { toString: null, valueOf: null } as never;
    const trap = new Proxy({}, { get: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); } }) as never;
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => {
      sim.tick(Symbol('ms') as never);
      sim.rate(unprintable);
      sim.transfer(unprintable, 'user', { force: true });
      sim.click('hangupButtonClick', undefined, trap);
      sim.injectFault(trap);
      sim.changeEntity(trap);
      createHostSimulator().raiseCall(trap, { entityFirst: trap });
      createHostSimulator().raiseCall(trap, trap);
      createHostSimulator(trap).raiseCall(trap, trap);
      sim.show(trap, trap);
      sim.hide(trap);
      sim.reloadWorker(trap);
      sim.dial(trap, trap);
      sim.typeComment(trap);
      sim.loadCrmBlock(trap);
    }).not.toThrow();
    const withCycle = createHostSimulator();
    expect(() => withCycle.raiseCall({ CRM_BINDINGS: [cycle] as never })).not.toThrow();
    expect(withCycle.card?.call.CRM_BINDINGS).toEqual([cycle]);
  });

  test('odd clicks and raw emissions never throw', () => {
    const sim = openCard();
    expect(() => {
      sim.click('noSuchEvent' as never);
      sim.rate(9 as never);
      sim.dial('x');
      sim.raiseCall(null as never, null as never);
      sim.raiseCall('call' as never);
      sim.emitRaw(undefined as never);
      sim.emitRaw({ toString: null } as never);
    }).not.toThrow();
    expect(sim.click('noSuchEvent' as never).delivered).toBe(false);
  });
});

describe('emitRaw', () => {
  test('delivers any arguments to a short or full event name, whatever the card shows; a name the interface does not list was never bound (applayout)', () => {
    const sim = createHostSimulator();
    const ratings = listen(sim, 'BackgroundCallCard::qualityMeterClick');
    const custom = listen(sim, 'Custom::event');
    sim.emitRaw('qualityMeterClick', '7');
    sim.emitRaw('qualityMeterClick', { stars: 5 }, 'extra', 3);
    sim.emitRaw('BackgroundCallCard::qualityMeterClick');
    sim.emitRaw('Custom::event', null);
    expect(ratings).toEqual([['7'], [{ stars: 5 }, 'extra', 3], []]);
    expect(custom).toEqual([]);
    expect(sim.card).toBeNull();
    expect(sim.events.map((e) => e.event)).toEqual(['qualityMeterClick', 'qualityMeterClick', 'BackgroundCallCard::qualityMeterClick', 'Custom::event']);
  });
});

describe('subscribe and snapshots', () => {
  test('listeners hear every change until they unsubscribe', async () => {
    const sim = createHostSimulator();
    let heard = 0;
    const unsubscribe = sim.subscribe(() => {
      heard += 1;
    });
    sim.raiseCall();
    const afterRaise = heard;
    expect(afterRaise).toBeGreaterThan(0);
    sim.placement.call('CallCardSetUiState', { uiState: 'connected' }, () => {});
    expect(heard).toBeGreaterThan(afterRaise);
    const afterCommand = heard;
    await sim.settle();
    expect(heard).toBeGreaterThan(afterCommand);
    const afterAnswer = heard;
    sim.tick(1000);
    expect(heard).toBeGreaterThan(afterAnswer);
    unsubscribe();
    const atUnsubscribe = heard;
    sim.autoClose();
    expect(heard).toBe(atUnsubscribe);
  });

  test('a throwing listener does not break the host', () => {
    const sim = createHostSimulator();
    sim.subscribe(() => {
      throw new Error('ui bug');
    });
    expect(() => sim.raiseCall()).not.toThrow();
    expect(sim.card).not.toBeNull();
  });

  test('the card snapshot keeps its identity until something changes, and is read-only', () => {
    const sim = openCard();
    const first = sim.card;
    expect(sim.card).toBe(first);
    sim.tick(10);
    expect(sim.card).not.toBe(first);
    expect(Object.isFrozen(sim.card)).toBe(true);
  });

  test('mutating the initialized payload in a handler does not change the card', () => {
    const sim = createHostSimulator();
    sim.placement.bindEvent('BackgroundCallCard::initialized', (payload) => {
      (payload as { CALL_ID: string }).CALL_ID = 'tampered';
    });
    sim.raiseCall({ CALL_ID: 'original' });
    expect(sim.card?.call.CALL_ID).toBe('original');
  });
});
