import { QUALITY_RATINGS, type CardButton, type DialKey, type QualityRating } from '../../index';
import { button, fill, h } from './dom';
import type { ClickResult, HostCard, HostCardPort } from './hostCard';
import { icons } from './icons';
import { TRANSFER_TARGETS } from './presets';

/** The dial pad as a phone lays it out: 1 2 3 / 4 5 6 / 7 8 9 / * 0 # (the protocol lists the keys 0–9, *, #). */
export const KEYPAD: readonly DialKey[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** What a click on the card did, for the page's status line. */
export type ClickReport = (what: string, result: ClickResult) => void;

/**
 * The call card drawn the way the Bitrix24 page draws it (view.js's layouts, not its code):
 * the dark popup, the title, the calling section with the customer's avatar (simple layout)
 * or the CRM block with status, timer, comment editor and CRM buttons (CRM layout), and the
 * bottom bar with the buttons of the UI state. Hold, Mute, the quality meter, Transfer and
 * the dial pad are round icon buttons on the left in `connected`, Hang up on the right; every
 * other state shows coloured buttons in the middle. The quality stars, the dial pad and the
 * transfer picker open as small popups over the card, as the host's do.
 */
export interface HostCardView {
  readonly element: HTMLElement;
  /** Draws the card `port` reads; with no card shown, says whether the statechart serves a call without it. */
  render(port: HostCardPort, absence: CardAbsence): void;
}

/**
 * Why no card is shown while the statechart serves a call: `unnoticed` — the host dropped it
 * without an event and the statechart learns so only from its next command's answer; `lost`
 * — the statechart knows (`card.state.card === 'lost'`): the call goes on without its card.
 */
export type CardAbsence = 'none' | 'unnoticed' | 'lost';

const ABSENCE_TEXT: Record<Exclude<CardAbsence, 'none'>, string> = {
  unnoticed: 'Bitrix24 closed the card without an event: the statechart will find out at its next command.',
  lost: 'The call goes on without its card (card.state.card is "lost"). Show it again (telephony.externalcall.show) and it is brought up to date.',
};

type Popup = 'none' | 'quality' | 'dialpad' | 'transfer';

/** The colour the host gives a text button (im-phone-call-btn-green / -red / -blue). */
function tone(b: CardButton): 'green' | 'red' | 'blue' {
  switch (b.event) {
    case 'answerButtonClick':
    case 'makeCallButtonClick':
      return 'green';
    case 'completeTransferButtonClick':
    case 'notifyAdminButtonClick':
      return 'blue';
    default:
      return 'red';
  }
}

export function createHostCardView(report: ClickReport): HostCardView {
  let port: HostCardPort | null = null;
  // Per-card view state, reset when another call's card appears.
  let callId = '';
  let popup: Popup = 'none';
  let rating: QualityRating | null = null;
  let digits = '';
  let commentOpen = false;
  let lastKey = '';

  const act = (what: string, run: (p: HostCardPort) => ClickResult) => () => {
    if (port) report(what, run(port));
  };
  const rerender = () => port && draw(port, 'none', true);

  const uiState = h('span', { class: 'card-uistate', testid: 'card-ui-state' });
  const uiStateRow = h('p', { class: 'card-uistate-row' }, 'UI state on the card: ', uiState);
  const title = h('div', { class: 'b24-title', testid: 'card-title' });
  const subtitle = h('div', { class: 'b24-subtitle', testid: 'card-call' });
  const status = h('div', { class: 'b24-status', testid: 'card-status' });
  const timer = h('div', { class: 'b24-timer', testid: 'card-timer' });
  const crm = h('div', { class: 'b24-crm', testid: 'card-crm' });
  const comment = h('textarea', { class: 'b24-comment', label: 'Comment', attrs: { rows: '3', placeholder: 'Comment on the call', spellcheck: 'false' } });
  comment.addEventListener('input', () => port?.typeComment(comment.value));
  const commentSection = h('div', { class: 'b24-section b24-comment-section' }, comment);
  const commentButton = h('button', { type: 'button', class: 'b24-crm-button', testid: 'crm-comment' });
  commentButton.addEventListener('click', () => {
    if (!port) return;
    if (!commentOpen) {
      commentOpen = port.openComment();
      report('Comment (the editor opens)', commentOpen ? { delivered: true } : { delivered: false, reason: 'the card has no comment section' });
      rerender();
      comment.focus();
      return;
    }
    // Save: the editor keeps its text, and the host sends all of it (host-behaviour.md §2).
    commentOpen = false;
    report(`Save comment "${comment.value}"`, port.saveComment(comment.value));
    rerender();
  });
  const crmButtons = h('div', { class: 'b24-crm-buttons' }, commentButton);
  const avatar = h('div', { class: 'b24-avatar' }, icons.person());
  const calling = h(
    'div',
    { class: 'b24-progress' },
    h('div', { class: 'b24-ring' }, h('div', { class: 'b24-phone' }, icons.phone())),
    h('div', { class: 'b24-dots' }, h('i'), h('i'), h('i')),
    h('div', { class: 'b24-ring' }, avatar),
  );
  const body = h('div', { class: 'b24-body' });
  const buttons = h('div', { class: 'b24-buttons', testid: 'card-buttons' });
  const popupLayer = h('div', { class: 'b24-popup-layer' });
  const popupCard = h('div', { class: 'b24-card', testid: 'card-popup', attrs: { role: 'dialog', 'aria-label': 'Bitrix24 call card' } }, body, popupLayer, buttons);

  const empty = h('p', { class: 'card-empty', testid: 'card-empty' }, 'No call card is open. Raise a call below.');
  const lostText = h('span', {});
  const lostNote = h('div', { class: 'card-lost', testid: 'card-lost', attrs: { role: 'status' } }, h('strong', {}, 'Card lost'), lostText);
  const element = h('div', { class: 'card-stage', testid: 'card' }, empty);

  function roundButton(label: string, content: SVGElement, onclick: () => void, props: { pressed?: boolean; extra?: Node | null; kind?: string } = {}): HTMLButtonElement {
    const node = h('button', { type: 'button', class: `b24-round${props.kind ? ` b24-${props.kind}` : ''}`, label, title: label, ...(props.pressed !== undefined ? { pressed: props.pressed } : {}) }, content, props.extra ?? null);
    node.addEventListener('click', onclick);
    return node;
  }

  function textButton(b: CardButton): HTMLButtonElement {
    const lead = b.event === 'hangupButtonClick' ? icons.hangup() : null;
    const trail = b.event === 'completeTransferButtonClick' || b.event === 'notifyAdminButtonClick' ? icons.chevron() : null;
    const node = h('button', { type: 'button', class: `b24-pill b24-${tone(b)}`, label: b.label }, lead, h('span', {}, b.label), trail);
    node.addEventListener('click', act(b.label, (p) => p.click(b.event)));
    return node;
  }

  function toggle(which: Popup): () => void {
    return () => {
      popup = popup === which ? 'none' : which;
      if (which === 'dialpad' && popup === 'dialpad') digits = '';
      report(popup === 'none' ? `Closed the ${which === 'quality' ? 'quality stars' : which === 'dialpad' ? 'dial pad' : 'transfer picker'}` : `Opened the ${which === 'quality' ? 'quality stars' : which === 'dialpad' ? 'dial pad' : 'transfer picker'}`, { delivered: true });
      rerender();
    };
  }

  function connectedButtons(card: HostCard): Node[] {
    const badge = rating === null ? null : h('span', { class: 'b24-rating-badge', testid: 'card-rating' }, String(rating), icons.star(true));
    const left = h(
      'div',
      { class: 'b24-buttons-left' },
      roundButton(card.held ? 'Resume' : 'Hold', icons.pause(), act(card.held ? 'Resume' : 'Hold', (p) => p.toggleHold()), { pressed: card.held, kind: 'hold' }),
      roundButton(card.muted ? 'Unmute' : 'Mute', icons.microphone(card.muted), act(card.muted ? 'Unmute' : 'Mute', (p) => p.toggleMute()), { pressed: card.muted, kind: 'mute' }),
      roundButton('Quality', icons.signal(), toggle('quality'), { pressed: popup === 'quality', extra: badge }),
      roundButton('Transfer', icons.transfer(), toggle('transfer'), { pressed: popup === 'transfer' }),
      roundButton('Dial pad', icons.dialpad(), toggle('dialpad'), { pressed: popup === 'dialpad' }),
    );
    const hangup = card.buttons.find((b) => b.event === 'hangupButtonClick');
    return [left, h('div', { class: 'b24-buttons-right' }, hangup ? textButton(hangup) : null)];
  }

  function qualityPopup(): HTMLElement {
    return h(
      'div',
      { class: 'b24-menu b24-quality', testid: 'quality-popup', attrs: { role: 'dialog', 'aria-label': 'Rate the call quality' } },
      h('div', { class: 'b24-menu-title' }, 'Rate the call quality'),
      h(
        'div',
        { class: 'b24-stars' },
        ...QUALITY_RATINGS.map((stars) => {
          const node = h('button', { type: 'button', class: `b24-star${rating !== null && stars <= rating ? ' chosen' : ''}`, label: `${stars} star${stars > 1 ? 's' : ''}`, pressed: rating === stars }, icons.star(rating !== null && stars <= rating));
          node.addEventListener('click', () => {
            if (!port) return;
            const result = port.rate(stars);
            if (result.delivered) rating = stars;
            popup = 'none';
            report(`Rated the call ${stars} of 5`, result);
            rerender();
          });
          return node;
        }),
      ),
    );
  }

  function dialpadPopup(): HTMLElement {
    return h(
      'div',
      { class: 'b24-menu b24-keypad', testid: 'keypad', attrs: { role: 'dialog', 'aria-label': 'Dial pad' } },
      h('div', { class: 'b24-keypad-field', testid: 'keypad-digits', attrs: { 'aria-live': 'polite' } }, digits),
      h(
        'div',
        { class: 'b24-keypad-keys' },
        ...KEYPAD.map((key) => {
          const node = button(key, () => {
            if (!port) return;
            const result = port.dial(key);
            if (result.delivered) digits += key;
            report(`Dial pad: ${key}`, result);
            rerender();
          }, { class: 'b24-key', label: `Dial ${key}` });
          return node;
        }),
      ),
    );
  }

  function transferPopup(): HTMLElement {
    return h(
      'div',
      { class: 'b24-menu b24-transfer', testid: 'transfer-picker', attrs: { role: 'dialog', 'aria-label': 'Transfer to' } },
      h('div', { class: 'b24-menu-title' }, 'Transfer the call to'),
      ...TRANSFER_TARGETS.map((target) =>
        button(target.label, () => {
          if (!port) return;
          popup = 'none';
          report(`Transfer to ${target.label}`, port.transfer(target.target, target.kind));
          rerender();
        }, { class: 'b24-menu-item', label: `Transfer to ${target.label}` }),
      ),
    );
  }

  function drawBody(card: HostCard): void {
    const call = card.call;
    const number = call.PHONE_NUMBER === 'hidden' ? 'Number withheld' : (call.PHONE_NUMBER ?? 'No number');
    title.textContent = card.title || number;
    title.classList.toggle('unset', !card.title);
    const line = [call.LINE_NAME, call.LINE_NUMBER].filter(Boolean).join(' · ');
    const towards = `${call.CALL_DIRECTION === 'incoming' || call.CALL_DIRECTION === 'incomingTransfer' ? 'to' : 'from'} ${line || 'a line'}`;
    subtitle.textContent = card.title && card.title !== call.PHONE_NUMBER ? `${number} · ${towards}` : towards;
    status.textContent = card.statusText;
    timer.textContent = card.timer ?? '';
    timer.classList.toggle('running', card.timerRunning);
    if (card.layout === 'simple') {
      fill(body, h('div', { class: 'b24-calling' }, title, subtitle), calling, h('div', { class: 'b24-section' }, status));
      status.className = 'b24-status b24-status-large';
      return;
    }
    status.className = 'b24-status';
    fill(
      crm,
      h('div', { class: 'b24-crm-avatar' }, icons.person()),
      h(
        'div',
        { class: 'b24-crm-text' },
        h('div', { class: 'b24-crm-name' }, `${call.CRM_ENTITY_TYPE.charAt(0)}${call.CRM_ENTITY_TYPE.slice(1).toLowerCase()} #${call.CRM_ENTITY_ID}`),
        h('div', { class: 'b24-crm-detail' }, number),
      ),
    );
    commentButton.textContent = commentOpen ? 'Save' : 'Comment';
    commentButton.classList.toggle('active', commentOpen);
    fill(
      body,
      h('div', { class: 'b24-header' }, title, subtitle),
      crm,
      card.statusText ? h('div', { class: 'b24-section' }, status) : null,
      card.timer !== null ? h('div', { class: 'b24-section' }, timer) : null,
      commentOpen ? commentSection : null,
      h('div', { class: 'b24-section' }, crmButtons),
    );
  }

  function draw(next: HostCardPort, absence: CardAbsence, force = false): void {
    port = next;
    const card = next.read();
    if (card === null) {
      if (absence !== 'none') lostText.textContent = ABSENCE_TEXT[absence];
      lostNote.dataset.absence = absence;
      const shown = absence !== 'none' ? lostNote : empty;
      if (element.firstChild !== shown || element.childElementCount !== 1) fill(element, shown);
      lastKey = '';
      // The next card is a new one, even for the same call (show): its editor, pad and rating start empty.
      callId = '';
      return;
    }
    if (card.call.CALL_ID !== callId) {
      callId = card.call.CALL_ID;
      popup = 'none';
      rating = null;
      digits = '';
      commentOpen = false;
      comment.value = '';
    }
    if (!card.buttons.some((b) => b.event === 'transferButtonClick')) popup = 'none';
    if (element.firstChild !== uiStateRow) fill(element, uiStateRow, popupCard);
    uiState.textContent = card.uiState;
    popupCard.dataset.layout = card.layout;
    popupCard.dataset.uiState = card.uiState;
    drawBody(card);
    // Rebuilt only when what they show changes, so focus and hover survive the timer's ticks.
    const key = `${card.uiState}|${card.muted}|${card.held}|${popup}|${rating}|${digits}`;
    if (!force && key === lastKey) return;
    lastKey = key;
    const spaced = card.buttons.some((b) => b.event === 'holdButtonClick');
    buttons.classList.toggle('spaced', spaced);
    fill(buttons, ...(spaced ? connectedButtons(card) : card.buttons.map(textButton)));
    fill(popupLayer, popup === 'quality' ? qualityPopup() : popup === 'dialpad' ? dialpadPopup() : popup === 'transfer' ? transferPopup() : null);
  }

  return { element, render: (next, absence) => draw(next, absence) };
}
