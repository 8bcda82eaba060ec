import { DIAL_KEYS, QUALITY_RATINGS, type CardButton } from '../../index';
import type { CardView, HostSimulator } from '../../testing/host';
import { button, fill, h } from './dom';
import { TRANSFER_TARGETS } from './presets';

/** What a click did, for the page's status line (the simulator refuses a click the card cannot make). */
export type ClickReport = (what: string, result: { delivered: boolean; reason?: string }) => void;

/**
 * The call card as the Bitrix24 page shows it, drawn from the simulator's card and
 * nothing else. Every click goes through the simulator, as an operator's would.
 */
export interface HostCardView {
  readonly element: HTMLElement;
  render(sim: HostSimulator): void;
}

function formatTimer(seconds: number): string {
  const mm = Math.floor(seconds / 60);
  const ss = seconds % 60;
  return `${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
}

export function createHostCardView(report: ClickReport): HostCardView {
  let sim: HostSimulator | null = null;
  const title = h('h3', { class: 'card-title', testid: 'card-title' });
  const status = h('p', { class: 'card-status', testid: 'card-status' });
  const timer = h('span', { class: 'card-timer', testid: 'card-timer' });
  const uiState = h('span', { class: 'card-uistate', testid: 'card-ui-state' });
  const callInfo = h('dl', { class: 'card-call', testid: 'card-call' });
  const indicators = h('p', { class: 'card-indicators', testid: 'card-indicators' });
  const buttons = h('div', { class: 'card-buttons', testid: 'card-buttons' });
  const picker = h('div', { class: 'card-picker', testid: 'transfer-picker', attrs: { hidden: '' } });
  const comment = h('textarea', { label: 'Comment', attrs: { rows: '2', placeholder: 'Comment for the CRM' } });
  const commentBox = h(
    'div',
    { class: 'card-comment' },
    comment,
    button('Save comment', () => {
      if (!sim) return;
      report('comment', sim.comment(comment.value));
      comment.value = '';
    }),
  );
  const close = button('×', () => sim && report('close', sim.click('closeButtonClick')), { class: 'card-close', label: 'Close card' });
  const open = h(
    'div',
    { class: 'card-open' },
    h('div', { class: 'card-head' }, uiState, timer, close),
    title,
    status,
    callInfo,
    indicators,
    buttons,
    picker,
    commentBox,
  );
  const empty = h('p', { class: 'card-empty', testid: 'card-empty' }, 'No call card is open. Raise a call below.');
  const element = h('div', { class: 'card', testid: 'card' }, empty);

  // The host's mute and hold buttons flip their own look when clicked; CallCardSetMute/SetHold set it from the app.
  let pressed = { muted: false, held: false };
  let lastIndicators = { callId: '', muted: false, held: false };
  let pickerOpen = false;
  let lastKey = '';

  const click = (what: string, run: (s: HostSimulator) => { delivered: boolean; reason?: string }) => () => {
    if (sim) report(what, run(sim));
  };

  function buttonFor(b: CardButton): HTMLElement {
    switch (b.event) {
      case 'dialpadButtonClick':
        return h(
          'div',
          { class: 'dialpad', label: 'Dial pad', attrs: { role: 'group' } },
          ...DIAL_KEYS.map((key) => button(key, click(`dial ${key}`, (s) => s.dial(key)), { label: `Dial ${key}` })),
        );
      case 'qualityMeterClick':
        return h(
          'div',
          { class: 'stars', label: 'Call quality', attrs: { role: 'group' } },
          ...QUALITY_RATINGS.map((stars) => button('★', click(`rate ${stars}`, (s) => s.rate(stars)), { label: `${stars} star${stars > 1 ? 's' : ''}` })),
        );
      case 'muteButtonClick':
        return button(pressed.muted ? 'Unmute' : 'Mute', () => {
          pressed = { ...pressed, muted: !pressed.muted };
          click('mute', (s) => s.mute(pressed.muted))();
        }, { pressed: pressed.muted });
      case 'holdButtonClick':
        return button(pressed.held ? 'Resume' : 'Hold', () => {
          pressed = { ...pressed, held: !pressed.held };
          click('hold', (s) => s.hold(pressed.held))();
        }, { pressed: pressed.held });
      case 'transferButtonClick':
        return button(b.label, () => {
          pickerOpen = !pickerOpen;
          if (sim) render(sim, true);
        }, { pressed: pickerOpen });
      default:
        return button(b.label, click(b.label, (s) => s.click(b.event)), { class: b.event === 'hangupButtonClick' ? 'danger' : b.event === 'answerButtonClick' ? 'primary' : '' });
    }
  }

  function renderPicker(): void {
    if (!pickerOpen) {
      picker.setAttribute('hidden', '');
      return;
    }
    picker.removeAttribute('hidden');
    const select = h('select', { label: 'Transfer to' }, ...TRANSFER_TARGETS.map((t, i) => h('option', { attrs: { value: String(i) } }, t.label)));
    fill(
      picker,
      h('label', {}, 'Transfer to ', select),
      button('Transfer to selected', () => {
        const target = TRANSFER_TARGETS[Number(select.value)] ?? TRANSFER_TARGETS[0];
        pickerOpen = false;
        if (sim) report(`transfer to ${target.target}`, sim.transfer(target.target, target.kind));
      }),
      button('Cancel', () => {
        pickerOpen = false;
        if (sim) render(sim, true);
      }),
    );
  }

  function renderOpen(card: CardView, force: boolean): void {
    if (card.call.CALL_ID !== lastIndicators.callId || card.muted !== lastIndicators.muted || card.held !== lastIndicators.held) {
      pressed = { muted: card.muted, held: card.held };
      if (card.call.CALL_ID !== lastIndicators.callId) pickerOpen = false;
      lastIndicators = { callId: card.call.CALL_ID, muted: card.muted, held: card.held };
    }
    title.textContent = card.title || '(no title)';
    title.classList.toggle('unset', !card.title);
    status.textContent = card.statusText || '(no status text)';
    status.classList.toggle('unset', !card.statusText);
    uiState.textContent = card.uiState;
    timer.textContent = card.timer.visible ? formatTimer(card.timer.seconds) : '';
    timer.classList.toggle('running', card.timer.running);
    fill(
      callInfo,
      h('dt', {}, 'Number'),
      h('dd', {}, card.call.PHONE_NUMBER ?? '(none)'),
      h('dt', {}, 'Direction'),
      h('dd', {}, `${card.call.CALL_DIRECTION}${card.call.CALL_LIST_MODE ? ' (call list)' : ''}`),
      h('dt', {}, 'CRM'),
      h('dd', {}, card.call.CRM_ENTITY_TYPE ? `${card.call.CRM_ENTITY_TYPE} ${card.call.CRM_ENTITY_ID}` : '(none)'),
      h('dt', {}, 'Call id'),
      h('dd', {}, card.call.CALL_ID),
    );
    fill(indicators, card.muted ? h('span', { class: 'badge' }, '🔇 muted') : null, card.held ? h('span', { class: 'badge' }, '⏸ on hold') : null);
    // Rebuilt only when what the buttons show changes, so focus and hover survive the timer's ticks.
    const key = `${card.uiState}|${pressed.muted}|${pressed.held}|${pickerOpen}`;
    if (force || key !== lastKey) {
      lastKey = key;
      fill(buttons, ...card.buttons.map(buttonFor));
      if (!card.buttons.some((b) => b.event === 'transferButtonClick')) pickerOpen = false;
      renderPicker();
    }
  }

  function render(next: HostSimulator, force = false): void {
    sim = next;
    const card = next.card;
    if (card === null) {
      if (element.firstChild !== empty) fill(element, empty);
      lastKey = '';
      return;
    }
    if (element.firstChild !== open) fill(element, open);
    renderOpen(card, force);
  }

  return { element, render: (s) => render(s) };
}
