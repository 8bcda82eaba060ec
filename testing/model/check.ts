import { sameData } from './sameData';
import { uiStateOf } from '../../machines/callCard.connect';
import { BUTTONS_BY_UI_STATE } from '../../protocol/buttons';
import type { SpecExpectation, SpecHook } from './specOracle';
import type { CallCardSnapshot } from './stateKey';
import { HOOKS, type Stack } from './stack';

// What one step did, against what the specification says it must do.

export function show(value: unknown): string {
  return JSON.stringify(value);
}

export interface Before {
  readonly calls: number;
  readonly diagnostics: number;
  readonly hooks: Record<SpecHook, number>;
  readonly log: number;
}

export function mark(stack: Stack): Before {
  stack.microsteps.length = 0;
  return { calls: stack.calls.length, diagnostics: stack.diagnostics.length, hooks: { ...stack.hooks }, log: stack.sim.log.length };
}

/** Everything the specification says about the step that just ran; the list of what differed. */
export function check(stack: Stack, before: Before, expected: SpecExpectation, model: CallCardSnapshot | null): string[] {
  const { sim, card } = stack;
  const problems: string[] = [];
  const ui = expected.next.ui;
  if (model) {
    const modelUi = uiStateOf(model);
    if (modelUi !== ui) problems.push(`the statechart goes to ${modelUi ?? 'waiting'}, the specification says ${ui ?? 'call over (waiting)'}`);
  }
  const view = card.state;
  const viewUi = view.status === 'call' ? view.uiState : null;
  if (viewUi !== ui) problems.push(`the running statechart is in ${viewUi ?? 'waiting'}, expected ${ui ?? 'waiting'}`);
  const viewCard = view.status === 'call' ? view.card : 'attached';
  if (ui !== null && viewCard !== expected.next.card) problems.push(`card.state says the card is ${viewCard}, expected ${expected.next.card}`);
  if (ui === null) {
    if (sim.card !== null) problems.push(`the card is still open in ${sim.card.uiState}; it should be gone`);
  } else if (expected.next.card === 'none') {
    // A dial request's call whose card has not come (SC-L6): no card anywhere.
    if (sim.card !== null) problems.push(`a card is open in ${sim.card.uiState}; this call has none`);
  } else if (expected.next.card === 'lost') {
    // The card is lost; the call goes on (statechart.md, Card and call).
    if (sim.card !== null) problems.push(`the card is open in ${sim.card.uiState}; it was lost`);
  } else if (sim.card === null) {
    problems.push(`no card is open; it should show ${ui}`);
  } else {
    if (sim.card.uiState !== ui) problems.push(`the card shows ${sim.card.uiState}, expected ${ui}`);
    const buttons = BUTTONS_BY_UI_STATE[ui];
    if (!sameData(sim.card.buttons, buttons)) problems.push(`the card shows buttons ${show(sim.card.buttons.map((b) => b.label))}, expected ${show(buttons.map((b) => b.label))}`);
    if (expected.indicators?.muted !== undefined && sim.card.muted !== expected.indicators.muted) problems.push(`the card's mute indicator is ${sim.card.muted}, expected ${expected.indicators.muted}`);
    if (expected.indicators?.held !== undefined && sim.card.held !== expected.indicators.held) problems.push(`the card's hold indicator is ${sim.card.held}, expected ${expected.indicators.held}`);
  }
  if (ui === 'connected' && view.status === 'call' && (view.muted !== expected.next.muted || view.held !== expected.next.held)) {
    problems.push(`microphone/hold are ${view.muted ? 'muted' : 'unmuted'}/${view.held ? 'held' : 'resumed'}, expected ${expected.next.muted ? 'muted' : 'unmuted'}/${expected.next.held ? 'held' : 'resumed'}`);
  }
  const calls = stack.calls.slice(before.calls);
  if (!sameData(calls, expected.softphone)) problems.push(`the softphone was told ${show(calls)}, the specification says ${show(expected.softphone)}`);
  for (const hook of HOOKS) {
    const times = stack.hooks[hook] - before.hooks[hook];
    const want = expected.hooks.filter((h) => h === hook).length;
    if (times !== want) problems.push(`${hook} was called ${times} time(s), expected ${want}`);
  }
  if (expected.cardClose !== undefined) {
    const closed = sim.log.slice(before.log).some((entry) => entry.command === 'CallCardClose');
    if (closed !== expected.cardClose) problems.push(expected.cardClose ? 'the card was not sent CallCardClose' : 'the card was sent CallCardClose, which the host does itself here');
  }
  const kinds = stack.diagnostics.slice(before.diagnostics).map((d) => d.kind);
  if (!sameData(kinds, expected.diagnostics)) {
    const messages = stack.diagnostics.slice(before.diagnostics).map((d) => d.message);
    problems.push(`diagnostics ${show(kinds)} ${show(messages)}, expected ${show(expected.diagnostics)}`);
  }
  return problems;
}
