/**
 * The adapter against the real `PlacementManager` of `@bitrix24/b24jssdk` (its CJS build,
 * which Jest loads through the package's `require` export).
 *
 * Two layers of fakes, both below the real class:
 * - a fake message manager, answering as the SDK's MessageManager does once the host has
 *   answered (or not): the table of result shapes, rejections, throws;
 * - the real MessageManager over a fake host window: the wire format, and the SDK's own
 *   timeout and event-delivery behaviour, which only show up there.
 *
 * Node has no `window` or `parent`, which the real MessageManager uses; the second layer
 * installs a minimal stub of both on `globalThis` for the test and removes it after.
 */
import { AppFrame, MessageManager, PlacementManager } from '@bitrix24/b24jssdk';
import { fromB24jssdkPlacement } from '../../../adapters/placement/b24jssdkPlacement';
import type { PlacementPort } from '../../../protocol/placement';
import { createCallCard } from '../../../adapters/session/createCallCard';
import { createRecordingSoftphone } from '../../../testing/softphone';
import type { Diagnostic } from '../../../diagnostics';
import { CARD_EVENT_NAMES, hostEventName } from '../../../protocol/events';
import { NO_CARD_ERROR } from '../../../protocol/commands';
import { PROBE_UI_STATE } from '../../../adapters/session/orphanProbe';

// The SDK's CJS build does `require('qs-esm')` (in its REST batch code), and qs-esm is an
// ESM-only package ("type": "module"). Plain Node >= 20.19 loads that natively
// (require(esm)); Jest's module registry refuses it before Node 24.9 ("Must use import to
// load ES Module"), and every way back to Node's own loader from inside a test goes
// through that registry again. The frame code never uses qs-esm, so a stand-in that fails
// loudly if it ever is used lets the real SDK load.
jest.mock('qs-esm', () => ({
  stringify: () => {
    throw new Error('qs-esm is stubbed in this test: the frame API was not expected to use it');
  },
}));

const NO_CARD = [{ result: 'error', errorCode: 'Call card is undefined' }];
const BARE_ERROR = { result: 'error', errorCode: 'missing field muted' };
const UI_STATES = ['incoming', 'transferIncoming', 'outgoing', 'connectingIncoming', 'connectingOutgoing', 'connected'];

const resultShapes: Array<[string, unknown]> = [
  ['success `[]`', []],
  ['an error array', NO_CARD],
  ['a bare error object', BARE_ERROR],
  ['a list of UI states', UI_STATES],
];

describe('fromB24jssdkPlacement over a fake message manager', () => {
  type Sent = { command: string; params: Record<string, unknown> };
  type Answer = { resolve: unknown } | { reject: unknown } | 'never';

  /** Stands in for the SDK's MessageManager: records what the real PlacementManager sends. */
  class FakeMessageManager {
    readonly sent: Sent[] = [];
    readonly eventCallbacks = new Map<string, (...args: unknown[]) => void>();
    answer: Answer = { resolve: [] };

    send(command: string, params: Record<string, unknown> = {}): Promise<unknown> {
      this.sent.push({ command, params });
      if (command === 'placementBindEvent') {
        this.eventCallbacks.set(params['event'] as string, params['callBack'] as (...args: unknown[]) => void);
        // What the real MessageManager resolves a bind with once its `isSafely` timer fires.
        return Promise.resolve({ isSafely: true });
      }
      const answer = this.answer;
      if (answer === 'never') return new Promise(() => {});
      return 'reject' in answer ? Promise.reject(answer.reject) : Promise.resolve(answer.resolve);
    }
  }

  let messages: FakeMessageManager;
  let sdkPlacement: PlacementManager;
  let port: PlacementPort;

  beforeEach(() => {
    messages = new FakeMessageManager();
    // The real class, built as `B24Frame` builds it, around the fake.
    sdkPlacement = new PlacementManager(messages as unknown as MessageManager);
    port = fromB24jssdkPlacement(sdkPlacement);
  });

  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('sends the command with its params through PlacementManager.call', async () => {
    port.call('CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: true }, () => {});
    await flush();

    expect(messages.sent).toHaveLength(1);
    expect(messages.sent[0]?.command).toBe('CallCardSetUiState');
    expect(messages.sent[0]?.params).toMatchObject({ uiState: 'connected', disableAutoStartTimer: true });
  });

  it('sends a command without params as an empty parameter object', async () => {
    port.call('CallCardClose', undefined, () => {});
    await flush();

    expect(messages.sent[0]?.command).toBe('CallCardClose');
    expect(Object.keys(messages.sent[0]?.params ?? {}).filter((key) => key !== 'isSafely' && key !== 'isRawValue')).toEqual([]);
  });

  it.each(resultShapes)('hands %s to the callback as the host sent it', async (_name, result) => {
    messages.answer = { resolve: result };
    const callback = jest.fn();

    port.call('CallCardSetMute', { muted: true }, callback);
    await flush();

    expect(callback).toHaveBeenCalledTimes(1);
    expect(callback).toHaveBeenCalledWith(result);
  });

  it('never calls the callback when the host never answers', async () => {
    messages.answer = 'never';
    const callback = jest.fn();

    port.call('CallCardStartTimer', {}, callback);
    await flush();

    expect(callback).not.toHaveBeenCalled();
  });

  it('turns a rejection into an error result', async () => {
    const error = new Error('The B24Frame was destroyed before the parent window answered this command.');
    messages.answer = { reject: error };
    const callback = jest.fn();

    port.call('CallCardSetHold', { held: true }, callback);
    await flush();

    expect(callback).toHaveBeenCalledTimes(1);
    expect(callback).toHaveBeenCalledWith({ result: 'error', errorCode: error.message, cause: error });
  });

  it('turns a rejection with a non-Error value into an error result', async () => {
    messages.answer = { reject: 'gone' };
    const callback = jest.fn();

    port.call('CallCardClose', {}, callback);
    await flush();

    expect(callback).toHaveBeenCalledWith(expect.objectContaining({ result: 'error', errorCode: 'gone' }));
  });

  it('turns a synchronous throw from the SDK into an error result', async () => {
    jest.spyOn(sdkPlacement, 'call').mockImplementation(() => {
      throw new Error('boom');
    });
    const callback = jest.fn();

    expect(() => port.call('CallCardClose', {}, callback)).not.toThrow();
    await flush();

    expect(callback).toHaveBeenCalledWith(expect.objectContaining({ result: 'error', errorCode: 'boom' }));
  });

  it('answers params the SDK cannot send with an error result, without calling the SDK', async () => {
    const callback = jest.fn();

    port.call('CallCardSetCardTitle', 'a title', callback);
    await flush();

    expect(messages.sent).toEqual([]);
    expect(callback).toHaveBeenCalledWith(
      expect.objectContaining({ result: 'error', errorCode: expect.stringContaining('object') }),
    );
  });

  it('binds through PlacementManager.bindEvent and delivers only the data', async () => {
    const handler = jest.fn();

    port.bindEvent('BackgroundCallCard::muteButtonClick', handler);
    await flush();
    messages.eventCallbacks.get('BackgroundCallCard::muteButtonClick')?.(true, 'ignored');

    expect(messages.sent).toEqual([
      { command: 'placementBindEvent', params: expect.objectContaining({ event: 'BackgroundCallCard::muteButtonClick' }) },
    ]);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]).toEqual([true]);
  });
});

describe('fromB24jssdkPlacement over the real MessageManager and a fake host window', () => {
  const DOMAIN = 'portal.bitrix24.test';
  const ORIGIN = `https://${DOMAIN}`;
  const APP_SID = 'app-sid-42';
  const NO_ANSWER = Symbol('no answer');

  interface Posted {
    command: string;
    params: Record<string, unknown>;
    callbackKey: string;
    appSid: string;
    targetOrigin: string;
  }

  /**
   * The Bitrix24 page around the frame, reduced to its postMessage protocol: it reads
   * `command:params:callbackKey:appSid` and answers `callbackKey:JSON` (nothing after the
   * colon when the result is undefined), each answer a message of its own.
   */
  class FakeHost {
    readonly posted: Posted[] = [];
    readonly bindings = new Map<string, string[]>();
    reply: (command: string, params: Record<string, unknown>) => unknown = () => [];
    answerDelayMs = 0;
    private readonly listeners = new Set<(event: { origin: string; data: unknown }) => void>();

    install(): void {
      const windowStub = {
        addEventListener: (type: string, listener: (event: { origin: string; data: unknown }) => void) => {
          if (type === 'message') this.listeners.add(listener);
        },
        removeEventListener: (type: string, listener: (event: { origin: string; data: unknown }) => void) => {
          if (type === 'message') this.listeners.delete(listener);
        },
        // Looked up at call time, so Jest's fake timers apply.
        setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
      };
      const parentStub = { postMessage: (message: string, targetOrigin: string) => this.receive(message, targetOrigin) };
      Object.defineProperty(globalThis, 'window', { value: windowStub, configurable: true, writable: true });
      Object.defineProperty(globalThis, 'parent', { value: parentStub, configurable: true, writable: true });
    }

    uninstall(): void {
      delete (globalThis as { window?: unknown }).window;
      delete (globalThis as { parent?: unknown }).parent;
    }

    /** Fires a card event to every binding of it, as the host's `placementBindEvent` does. */
    emit(event: string, data?: unknown): void {
      for (const key of this.bindings.get(event) ?? []) this.deliver(key, data === undefined ? '' : JSON.stringify(data));
    }

    answer(key: string, result: unknown): void {
      setTimeout(() => this.deliver(key, result === undefined ? '' : JSON.stringify(result)), this.answerDelayMs);
    }

    deliver(key: string, payload: string): void {
      for (const listener of [...this.listeners]) listener({ origin: ORIGIN, data: `${key}:${payload}` });
    }

    private receive(message: string, targetOrigin: string): void {
      const parts = message.split(':');
      const command = parts[0] ?? '';
      const rawParams = parts.slice(1, -2).join(':');
      const callbackKey = parts.at(-2) ?? '';
      const appSid = parts.at(-1) ?? '';
      const params = (rawParams ? JSON.parse(rawParams) : {}) as Record<string, unknown>;
      this.posted.push({ command, params, callbackKey, appSid, targetOrigin });

      if (command === 'placementBindEvent') {
        // The host binds and never answers the bind itself.
        const event = params['event'] as string;
        this.bindings.set(event, [...(this.bindings.get(event) ?? []), callbackKey]);
        return;
      }
      const result = this.reply(command, params);
      if (result !== NO_ANSWER) this.answer(callbackKey, result);
    }
  }

  let host: FakeHost;
  let messages: MessageManager;

  function realPlacement(appSid: string | null = APP_SID): PlacementManager {
    // As `B24Frame`'s constructor does it.
    messages = new MessageManager(new AppFrame({ DOMAIN, PROTOCOL: true, LANG: 'en', APP_SID: appSid }));
    messages.subscribe();
    return new PlacementManager(messages);
  }

  beforeEach(() => {
    jest.useFakeTimers();
    host = new FakeHost();
    host.install();
  });

  afterEach(() => {
    messages.unsubscribe();
    host.uninstall();
    jest.useRealTimers();
  });

  it('runs a whole incoming call for createCallCard({ placement: fromB24jssdkPlacement(b24.placement), softphone })', async () => {
    const softphone = createRecordingSoftphone();
    const diagnostics: Diagnostic[] = [];
    // No card yet: the start-up probe hears what the host says then.
    host.reply = (_command, params) => (params['uiState'] === PROBE_UI_STATE ? [{ result: 'error', errorCode: NO_CARD_ERROR }] : []);
    const card = createCallCard({ placement: fromB24jssdkPlacement(realPlacement()), softphone, onDiagnostic: (d) => diagnostics.push(d) });
    const settle = () => jest.advanceTimersByTimeAsync(50);
    // Past the SDK's 900 ms bind window, so events take its ordinary delivery path.
    await jest.advanceTimersByTimeAsync(1000);
    expect([...host.bindings.keys()].sort()).toEqual(CARD_EVENT_NAMES.map(hostEventName).sort());

    host.emit('BackgroundCallCard::initialized', { CALL_ID: 'sdk-1', PHONE_NUMBER: '+4930111', CALL_DIRECTION: 'incoming', CALL_LIST_MODE: false });
    await settle();
    host.emit('BackgroundCallCard::answerButtonClick');
    await settle();
    card.send({ type: 'phone.connected' });
    await settle();
    host.emit('BackgroundCallCard::holdButtonClick', true);
    host.emit('BackgroundCallCard::qualityMeterClick', '5');
    await settle();
    host.emit('BackgroundCallCard::hangupButtonClick');
    await settle();

    const commands = host.posted.filter((p) => p.command !== 'placementBindEvent').map((p) => (p.command === 'CallCardSetUiState' ? `${p.command}(${String(p.params['uiState'])})` : p.command));
    // First the start-up probe for a card left open by an earlier worker (host-behaviour §6).
    expect(commands).toEqual([`CallCardSetUiState(${PROBE_UI_STATE})`, 'CallCardSetUiState(incoming)', 'CallCardSetUiState(connectingIncoming)', 'CallCardSetUiState(connected)', 'CallCardClose']);
    expect(softphone.calls).toEqual([{ method: 'answer' }, { method: 'hold', held: true }, { method: 'hangup' }]);
    expect(card.state.status).toBe('idle');
    expect(diagnostics).toEqual([]);
    card.dispose();
  });

  it('posts the command, its params as JSON, a callback key and the app sid to the portal', async () => {
    const port = fromB24jssdkPlacement(realPlacement());

    port.call('CallCardSetStatusText', { statusText: 'On the line: 10:42' }, () => {});
    await jest.advanceTimersByTimeAsync(0);

    expect(host.posted).toHaveLength(1);
    const [posted] = host.posted;
    expect(posted?.command).toBe('CallCardSetStatusText');
    expect(posted?.params).toMatchObject({ statusText: 'On the line: 10:42' });
    expect(posted?.callbackKey).not.toBe('');
    expect(posted?.appSid).toBe(APP_SID);
    expect(posted?.targetOrigin).toBe(ORIGIN);
  });

  it.each(resultShapes)('hands %s to the callback, decoded, once', async (_name, result) => {
    host.reply = () => result;
    const port = fromB24jssdkPlacement(realPlacement());
    const callback = jest.fn();

    port.call('CallCardGetListUiStates', {}, callback);
    await jest.advanceTimersByTimeAsync(0);

    expect(callback).toHaveBeenCalledTimes(1);
    expect(callback).toHaveBeenCalledWith(result);
  });

  it('does not call the callback when the host never answers, although the SDK resolves after 900 ms', async () => {
    host.reply = () => NO_ANSWER;
    const port = fromB24jssdkPlacement(realPlacement());
    const callback = jest.fn();

    port.call('CallCardStartTimer', {}, callback);
    await jest.advanceTimersByTimeAsync(10_000);

    expect(callback).not.toHaveBeenCalled();
  });

  it('loses an answer that comes after the SDK stopped waiting (900 ms by default)', async () => {
    host.answerDelayMs = 2_000;
    const port = fromB24jssdkPlacement(realPlacement());
    const callback = jest.fn();

    port.call('CallCardSetMute', { muted: true }, callback);
    await jest.advanceTimersByTimeAsync(3_000);

    expect(callback).not.toHaveBeenCalled();
  });

  it('waits answerTimeoutMs for a slow answer, without sending the setting to the host', async () => {
    host.answerDelayMs = 2_000;
    const port = fromB24jssdkPlacement(realPlacement(), { answerTimeoutMs: 5_000 });
    const callback = jest.fn();

    port.call('CallCardSetMute', { muted: true }, callback);
    await jest.advanceTimersByTimeAsync(1_999);
    expect(callback).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);

    expect(callback).toHaveBeenCalledWith([]);
    expect(host.posted[0]?.params).not.toHaveProperty('safelyTime');
  });

  it('passes on only the first of two answers (the desktop answers `missing field held` twice)', async () => {
    host.reply = () => [{ result: 'error', errorCode: 'missing field held' }];
    const port = fromB24jssdkPlacement(realPlacement());
    const callback = jest.fn();

    port.call('CallCardSetHold', {}, callback);
    await jest.advanceTimersByTimeAsync(0);
    host.deliver(host.posted[0]?.callbackKey ?? '', '[]');
    await jest.advanceTimersByTimeAsync(0);

    expect(callback).toHaveBeenCalledTimes(1);
    expect(callback).toHaveBeenCalledWith([{ result: 'error', errorCode: 'missing field held' }]);
  });

  it('turns the SDK rejecting an answer that is not JSON into an error result', async () => {
    host.reply = () => NO_ANSWER;
    const port = fromB24jssdkPlacement(realPlacement());
    const callback = jest.fn();

    port.call('CallCardClose', {}, callback);
    await jest.advanceTimersByTimeAsync(0);
    host.deliver(host.posted[0]?.callbackKey ?? '', '{not json');
    await jest.advanceTimersByTimeAsync(0);

    expect(callback).toHaveBeenCalledTimes(1);
    expect(callback).toHaveBeenCalledWith({
      result: 'error',
      errorCode: expect.stringContaining('not valid JSON'),
      cause: expect.objectContaining({ code: 'JSSDK_FRAME_BAD_PAYLOAD' }),
    });
  });

  it('turns the SDK rejecting a pending command when the frame is destroyed into an error result', async () => {
    host.reply = () => NO_ANSWER;
    const port = fromB24jssdkPlacement(realPlacement());
    const callback = jest.fn();

    port.call('CallCardSetUiState', { uiState: 'connected' }, callback);
    await jest.advanceTimersByTimeAsync(100);
    messages.unsubscribe();
    await jest.advanceTimersByTimeAsync(0);

    expect(callback).toHaveBeenCalledWith(
      expect.objectContaining({ result: 'error', cause: expect.objectContaining({ code: 'JSSDK_FRAME_DISPOSED' }) }),
    );
  });

  it('turns the SDK failing before it sends (frame not initialised) into an error result', async () => {
    const port = fromB24jssdkPlacement(realPlacement(null));
    const callback = jest.fn();

    expect(() => port.call('CallCardClose', {}, callback)).not.toThrow();
    await jest.advanceTimersByTimeAsync(0);

    expect(host.posted).toEqual([]);
    expect(callback).toHaveBeenCalledWith(
      expect.objectContaining({ result: 'error', cause: expect.objectContaining({ code: 'JSSDK_FRAME_APP_SID_NOT_INIT' }) }),
    );
  });

  it('binds with placementBindEvent and delivers each event’s data to the handler', async () => {
    const port = fromB24jssdkPlacement(realPlacement());
    const handler = jest.fn();

    port.bindEvent('BackgroundCallCard::qualityMeterClick', handler);
    await jest.advanceTimersByTimeAsync(1_000);
    host.emit('BackgroundCallCard::qualityMeterClick', '4');
    host.emit('BackgroundCallCard::qualityMeterClick', '5');

    expect(host.posted).toEqual([expect.objectContaining({ command: 'placementBindEvent', params: { event: 'BackgroundCallCard::qualityMeterClick' } })]);
    expect(handler.mock.calls).toEqual([['4'], ['5']]);
  });

  it('delivers an event that fires while the SDK still waits for an answer to the bind, in order', async () => {
    const port = fromB24jssdkPlacement(realPlacement());
    const handler = jest.fn();
    const call = { CALL_ID: 'externalCall.1', CALL_DIRECTION: 'incoming', CALL_STATE: 'idle', CALL_LIST_MODE: false };

    port.bindEvent('BackgroundCallCard::initialized', handler);
    port.bindEvent('BackgroundCallCard::entityChanged', handler);
    await jest.advanceTimersByTimeAsync(100);
    host.emit('BackgroundCallCard::entityChanged', { PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 });
    await jest.advanceTimersByTimeAsync(100);
    host.emit('BackgroundCallCard::initialized', call);
    await jest.advanceTimersByTimeAsync(2_000);
    host.emit('BackgroundCallCard::entityChanged', { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 7 });

    expect(handler.mock.calls).toEqual([
      [{ PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 }],
      [call],
      [{ PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 7 }],
    ]);
  });

  it('delivers an event the host sends without data as the empty string the SDK makes of it', async () => {
    const port = fromB24jssdkPlacement(realPlacement());
    const handler = jest.fn();

    port.bindEvent('BackgroundCallCard::hangupButtonClick', handler);
    await jest.advanceTimersByTimeAsync(1_000);
    host.emit('BackgroundCallCard::hangupButtonClick');

    expect(handler.mock.calls).toEqual([['']]);
  });

  it('reports a binding the SDK rejects, and lets nothing escape', async () => {
    const onBindError = jest.fn();
    const port = fromB24jssdkPlacement(realPlacement(), { onBindError });

    port.bindEvent('BackgroundCallCard::closeButtonClick', () => {});
    await jest.advanceTimersByTimeAsync(100);
    messages.unsubscribe();
    await jest.advanceTimersByTimeAsync(0);

    expect(onBindError).toHaveBeenCalledWith(
      'BackgroundCallCard::closeButtonClick',
      expect.objectContaining({ code: 'JSSDK_FRAME_DISPOSED' }),
    );
  });
});
