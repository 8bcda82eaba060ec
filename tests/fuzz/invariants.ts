import { DIAL_KEYS, NO_CARD_ERROR, type CallSummary, type UiState } from '../../index';
import type { SoftphoneMethod } from '../../machines';
import { brief } from './arbitraries';
import { callIdAsRead } from './reading';
import type { World } from './world';

/**
 * What the softphone may be told in each state (statechart.md v2, "Transitions with a
 * card"): the rows' "Softphone is told" column, `hangup()` wherever a call is live (the
 * operator's end, a replacing call), `reject()` while ringing. Nothing in `waiting`,
 * nothing in `error` / `moneyError` (the call already failed), nothing after `dispose()`.
 * Which end a `hangup()` belongs to is checked against the summaries (invariant 9).
 */
export const SOFTPHONE_ALLOWED: { readonly [S in UiState | 'waiting' | 'disposed']: readonly SoftphoneMethod[] } = {
  waiting: [],
  incoming: ['answer', 'reject'],
  transferIncoming: ['answer', 'reject'],
  outgoing: ['call'],
  connectingIncoming: ['hangup'],
  connectingOutgoing: ['hangup'],
  connected: ['hangup', 'mute', 'hold', 'sendDtmf', 'startTransfer'],
  transferring: ['hangup', 'completeTransfer', 'cancelTransfer'],
  transferFailed: ['hangup', 'cancelTransfer'],
  transferConnected: ['hangup'],
  error: [],
  moneyError: [],
  redial: ['call'],
  disposed: [],
};

/** The arguments each softphone method must get: nothing a hostile host sent may leak through unparsed. */
function argumentsAreSound(method: string, args: readonly unknown[]): boolean {
  const [first] = args;
  switch (method) {
    case 'call':
      return args.length === 1 && typeof first === 'string' && first !== '';
    case 'mute':
    case 'hold':
      return args.length === 1 && typeof first === 'boolean';
    case 'sendDtmf':
      return args.length === 1 && (DIAL_KEYS as readonly unknown[]).includes(first);
    case 'startTransfer': {
      const destination: unknown = typeof first === 'object' && first !== null ? (first as { destination?: unknown }).destination : undefined;
      return args.length === 1 && typeof destination === 'string' && destination.trim() !== '';
    }
    default:
      return args.length === 0;
  }
}

/** `Object.prototype` as it was when the fuzzer loaded: its own keys and their values. */
const PROTOTYPE_BASELINE = new Map(Reflect.ownKeys(Object.prototype).map((key) => [key, Object.getOwnPropertyDescriptor(Object.prototype, key)?.value]));

/**
 * Whether `Object.prototype` is as it was. A polluted one is healed at once, so that the
 * next sequences (and fast-check's shrinking) start clean and find the step that did it.
 */
export function prototypeIsIntact(): boolean {
  let intact = true;
  for (const key of Reflect.ownKeys(Object.prototype)) {
    if (!PROTOTYPE_BASELINE.has(key)) {
      intact = false;
      delete (Object.prototype as Record<PropertyKey, unknown>)[key];
    } else if (Object.getOwnPropertyDescriptor(Object.prototype, key)?.value !== PROTOTYPE_BASELINE.get(key)) {
      intact = false;
      Object.defineProperty(Object.prototype, key, { value: PROTOTYPE_BASELINE.get(key), writable: true, configurable: true, enumerable: false });
    }
  }
  return intact && Object.getPrototypeOf({}) === Object.prototype;
}

/** Where each scan left off, so that each check looks at what is new since the last step. */
interface Cursors {
  softphone: number;
  events: number;
  numbers: number;
}
const cursors = new WeakMap<World, Cursors>();

/**
 * Checks every invariant of issue 5 once the queue is idle and the host quiet, and
 * records each breach in `world.violations` (the model throws on them, so fast-check
 * shrinks to the shortest sequence that breaks one).
 */
export function checkInvariants(world: World): void {
  const { sim, card, violations } = world;
  const seen = cursors.get(world) ?? { softphone: 0, events: 0, numbers: 0 };
  cursors.set(world, seen);
  // A new worker's statechart starts its own list of dials.
  if (!dialWatch.has(card.actor)) seen.numbers = 0;
  const fail = (invariant: string, detail: string) => violations.push(`[${invariant}] ${detail}`);

  // 1. Nothing escapes to the caller: no throw, no unhandled rejection, no error swallowed by the host.
  for (const escape of world.escapes.splice(0)) fail('nothing escapes', brief(String((escape as { error?: unknown }).error ?? escape)));
  for (; seen.events < sim.events.length; seen.events += 1) {
    const event = sim.events[seen.events]!;
    if (event.handlerErrors.length > 0) fail('nothing escapes', `a handler for ${event.event} threw ${brief(String(event.handlerErrors[0]))}`);
  }
  for (const entry of sim.log) {
    if (entry.callbackErrors.length > 0) fail('nothing escapes', `the callback of ${entry.command} threw ${brief(String(entry.callbackErrors[0]))}`);
  }
  for (const rejection of world.rejections) {
    if (!rejection.handled) fail('nothing escapes', `softphone.${rejection.method}() rejected and nothing handled it (an unhandled rejection)`);
  }
  for (const diagnostic of world.diagnostics) {
    if (diagnostic.kind === 'hookError') fail('nothing escapes', `hookError: ${diagnostic.message}`);
  }

  // 2. While a card is attached and the queue is idle, the card shows the statechart's UI
  //    state, unless something legitimately desynced them since the statechart last changed it.
  const view = card.state;
  if (!world.disposed && world.lastDesync < world.lastUiChange && view.status === 'call' && view.card === 'attached') {
    const shown = sim.card?.uiState ?? null;
    if (view.uiState !== shown) fail('card shows the statechart', `statechart ${view.uiState} (card attached), card ${shown ?? 'gone'}`);
  }

  // 3. The softphone is only told what the spec allows in the state the statechart was in.
  for (; seen.softphone < world.softphoneCalls.length; seen.softphone += 1) {
    const call = world.softphoneCalls[seen.softphone]!;
    const allowed: readonly string[] = SOFTPHONE_ALLOWED[call.stateBefore ?? 'waiting'];
    if (!allowed.includes(call.method)) fail('softphone allow-list', `${call.method}() in ${call.stateBefore ?? 'waiting'}`);
    if (!argumentsAreSound(call.method, call.args)) fail('softphone allow-list', `${call.method}(${call.args.map(brief).join(', ')})`);
  }
  const softphoneErrors = world.diagnostics.filter((diagnostic) => diagnostic.kind === 'softphoneError').length;
  if (softphoneErrors !== world.softphoneFailures) fail('one diagnostic per rejected input', `${world.softphoneFailures} softphone failures, ${softphoneErrors} softphoneError diagnostics`);

  // 4. No command reaches a gone card, except the ones a card lost behind the statechart's
  //    back draws until the host has refused one with `Call card is undefined`.
  if (world.disposed && sim.log.length !== world.logLengthAtDispose) fail('no command to a gone card', `${sim.log.length - world.logLengthAtDispose} command(s) after dispose()`);
  // (Arrivals are judged as they happen, in world.ts; here: the host's answer to them.)
  for (; world.logCursor < sim.log.length; world.logCursor += 1) {
    const entry = sim.log[world.logCursor]!;
    // A reloaded worker's frame hears no answer at all (stale): nothing reached a card it thought it had.
    if (entry.card || entry.fault !== undefined || entry.stale) continue;
    const first = entry.results[0];
    const isRefusal = Array.isArray(first) && first.length === 1 && first[0]?.result === 'error' && first[0]?.errorCode === NO_CARD_ERROR;
    if (!isRefusal) fail('no command to a gone card', `${entry.command} on a gone card was answered ${brief(first)}`);
  }

  // 5. Every call produces exactly one summary, in order; a replaced call says so.
  const { summaries } = world;
  summaries.forEach((summary, index) => {
    if (summary.cycle !== index + 1) fail('one summary per call', `summary #${index + 1} is for call ${summary.cycle}`);
  });
  if (!world.disposed) {
    const stillOpen = card.state.status === 'call' ? 1 : 0;
    if (summaries.length !== world.callsOpened - stillOpen) {
      fail('one summary per call', `${world.callsOpened} calls opened, ${stillOpen} open, ${summaries.length} summaries`);
    }
  } else if (summaries.length !== world.summariesAtDispose) {
    fail('one summary per call', `${summaries.length - world.summariesAtDispose} summaries after dispose()`);
  }
  for (const cycle of world.replacedCycles) {
    const summary = summaries[cycle - 1];
    if (summary?.endedBy !== 'replaced') fail('one summary per call', `call ${cycle} was replaced, its summary says ${summary?.endedBy ?? 'nothing'}`);
  }

  // 6. Every rejected input produced exactly one diagnostic (per-step windows are checked by the model; this is the total).
  const rejected = world.diagnostics.filter((diagnostic) => diagnostic.kind === 'rejectedPayload').length;
  if (rejected !== world.expectedRejections) fail('one diagnostic per rejected input', `${world.expectedRejections} rejections expected, ${rejected} rejectedPayload diagnostics`);

  // 7. Object.prototype is never modified.
  if (!prototypeIsIntact()) fail('Object.prototype intact', 'Object.prototype was modified');

  // 8. Title and status text reach the card as the plain strings the integrator gave.
  for (const entry of sim.log) {
    if (entry.command !== 'CallCardSetCardTitle' && entry.command !== 'CallCardSetStatusText') continue;
    const key = entry.command === 'CallCardSetCardTitle' ? 'title' : 'statusText';
    const value: unknown = (entry.params as Record<string, unknown> | null)?.[key];
    if (typeof value !== 'string' || !world.textsGiven.has(value)) fail('plain text', `${entry.command} carried ${brief(value)}`);
  }

  // 9. The softphone hears hangup() only after an operator's end, a softphone end or a
  //    replacing call, never because a card vanished; reject() only for a ringing call ended.
  const all = [...world.pastSummaries, ...summaries];
  const hangups = world.softphoneCalls.filter((call) => call.method === 'hangup').length;
  const rejects = world.softphoneCalls.filter((call) => call.method === 'reject').length;
  const expectedHangups = all.filter(endsWithHangup).length;
  const expectedRejects = all.filter(endsWithReject).length;
  if (hangups !== expectedHangups) fail('hangup only for an end', `${hangups} hangup() calls, ${expectedHangups} calls ended by the operator, the softphone or a replacing call while live`);
  if (rejects !== expectedRejects) fail('hangup only for an end', `${rejects} reject() calls, ${expectedRejects} ringing calls ended`);
  for (const summary of all) {
    if (summary.endedBy === 'cardLost' && HELD_STATES.includes(summary.lastUiState as UiState)) fail('hangup only for an end', `call ${summary.cycle} ended as cardLost in ${summary.lastUiState}: a live call outlives its card`);
  }

  // 10. No entity of a closing card reaches the next call: a number dialled is the call's
  //     own (an initialized of its CALL_ID since it opened, or an entityChanged its card sent
  //     after that, before the dial).
  const dials = watchDials(world);
  for (; seen.numbers < dials.length; seen.numbers += 1) {
    const dial = dials[seen.numbers]!;
    const numbers = numbersOfCall(sim.events.slice(0, dial.eventsBefore), dial.callId, world.callOpenedAt.get(dial.cycle));
    if (numbers !== null && !numbers.has(dial.number)) fail('no entity of a closing card', `call(${brief(dial.number)}) in call ${dial.callId}, whose card offered ${brief([...numbers])}`);
  }

  // 11. No event is ignored without a diagnostic: every `call.ignored` the statechart emits is reported.
  const ignored = watchIgnored(world);
  const reported = world.diagnostics.filter((d) => d.kind === 'ignoredEvent' && REPORTS_IGNORED.includes((d as { reason?: string }).reason ?? '')).length - ignored.baseline;
  if (reported !== ignored.count) fail('no event dropped silently', `${ignored.count} events ignored by the statechart, ${reported} ignoredEvent diagnostics`);
}

/** The live states that go on without their card. */
const HELD_STATES: readonly UiState[] = ['connectingIncoming', 'connectingOutgoing', 'connected', 'transferring', 'transferFailed', 'transferConnected'];
const RINGING: readonly UiState[] = ['incoming', 'transferIncoming'];

function endsWithHangup(summary: CallSummary): boolean {
  const live = HELD_STATES.includes(summary.lastUiState as UiState);
  return live && (summary.endedBy === 'hungUp' || summary.endedBy === 'closedByOperator' || summary.endedBy === 'replaced');
}

function endsWithReject(summary: CallSummary): boolean {
  const ringing = RINGING.includes(summary.lastUiState as UiState);
  return ringing && ['skipped', 'closedByOperator', 'cardLost', 'replaced'].includes(summary.endedBy);
}

/**
 * The numbers the card of `callId` offered: those of every `initialized` of it since the call
 * opened (the opening one and each re-show, which re-attaches and does not restart the call),
 * and every entityChanged after the first; `null` if the host never raised it (an adoption).
 * `openedAt` (events emitted when the call opened) is unknown only for a call opened before the
 * world watched: then its last initialized starts it.
 */
function numbersOfCall(events: readonly { readonly event: string; readonly payload: unknown }[], callId: string, openedAt: number | undefined): Set<unknown> | null {
  // Its CALL_ID as the statechart read it: a `CALL_ID` of `true` (or no payload at all) opened the call `""`.
  const isItsInitialized = (event: { readonly event: string; readonly payload: unknown }) => event.event.endsWith('initialized') && callIdAsRead(event.payload) === callId;
  let start = -1;
  events.forEach((event, index) => {
    if (isItsInitialized(event) && (openedAt === undefined || start < 0 || start < openedAt - 1)) start = index;
  });
  if (start < 0) return null;
  const numbers = new Set<unknown>();
  for (const event of events.slice(start)) {
    if (isItsInitialized(event)) numbers.add((event.payload as { PHONE_NUMBER?: unknown } | null)?.PHONE_NUMBER);
    else if (event.event.endsWith('entityChanged')) numbers.add((event.payload as { PHONE_NUMBER?: unknown } | null)?.PHONE_NUMBER);
  }
  return numbers;
}

interface Dial {
  readonly callId: string;
  /** The statechart's cycle of the call it was made for. */
  readonly cycle: number;
  readonly number: unknown;
  /** How many host events had been emitted when the statechart told the softphone to dial. */
  readonly eventsBefore: number;
}

/** The `call(number)` commands of the world's current statechart, each with the call it was for, from the first check on. */
const dialWatch = new WeakMap<object, Dial[]>();
function watchDials(world: World): readonly Dial[] {
  const actor = world.card.actor;
  let dials = dialWatch.get(actor);
  if (!dials) {
    const created: Dial[] = [];
    actor.on('softphone.command', ({ command }) => {
      const { call, cycle } = actor.getSnapshot().context;
      const callId = call?.callId;
      if (command.method === 'call' && callId !== undefined) created.push({ callId, cycle, number: command.phoneNumber, eventsBefore: world.sim.events.length });
    });
    dialWatch.set(actor, created);
    dials = created;
  }
  return dials;
}

/** The reasons the adapter gives an event the statechart's root `*` took (`noCard`: a title with no call). */
const REPORTS_IGNORED: readonly string[] = ['notTaken', 'noCard'];

/** Counts the `call.ignored` events of the world's current statechart, from the first check on. */
const ignoredWatch = new WeakMap<object, { count: number; baseline: number }>();
function watchIgnored(world: World): { count: number; baseline: number } {
  const actor = world.card.actor;
  let watch = ignoredWatch.get(actor);
  if (!watch) {
    const baseline = world.diagnostics.filter((d) => d.kind === 'ignoredEvent' && REPORTS_IGNORED.includes((d as { reason?: string }).reason ?? '')).length;
    const created = { count: 0, baseline };
    actor.on('call.ignored', () => {
      created.count += 1;
    });
    ignoredWatch.set(actor, created);
    watch = created;
  }
  return watch;
}

/** After the last step and a final close: every call opened has exactly one summary. */
export function checkClosure(world: World): void {
  if (!world.disposed && world.summaries.length !== world.callsOpened) {
    world.violations.push(`[one summary per call] after closing the last card: ${world.callsOpened} calls opened, ${world.summaries.length} summaries`);
  }
}
