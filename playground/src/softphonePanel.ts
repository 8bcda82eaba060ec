import type { PhoneEvent } from '../../index';
import { button, fill, h, show } from './dom';
import type { Session } from './session';

/** The network's side: each button is a `phone.*` event the integrator's softphone would send. */
const PHONE_BUTTONS: readonly { label: string; event: PhoneEvent }[] = [
  { label: 'Connected', event: { type: 'phone.connected' } },
  { label: 'Other side hung up', event: { type: 'phone.ended' } },
  { label: 'Failed 486 (busy)', event: { type: 'phone.failed', code: 486 } },
  { label: 'Failed 402 (no funds)', event: { type: 'phone.failed', code: 402 } },
  { label: 'Failed 500', event: { type: 'phone.failed', code: 500 } },
  { label: 'Transfer succeeded', event: { type: 'phone.transferSucceeded' } },
  { label: 'Transfer failed', event: { type: 'phone.transferFailed', code: 480 } },
  { label: 'Network: held', event: { type: 'phone.heldChanged', held: true } },
  { label: 'Network: resumed', event: { type: 'phone.heldChanged', held: false } },
  { label: 'Network: muted', event: { type: 'phone.mutedChanged', muted: true } },
  { label: 'Network: unmuted', event: { type: 'phone.mutedChanged', muted: false } },
];

export interface SoftphonePanel {
  readonly element: HTMLElement;
  render(session: Session): void;
}

export function createSoftphonePanel(current: () => Session, say: (text: string) => void): SoftphonePanel {
  const calls = h('ol', { class: 'softphone-calls', testid: 'softphone-calls' });
  const element = h(
    'section',
    { class: 'panel softphone', testid: 'softphone', label: 'Softphone' },
    h('h2', {}, 'Softphone (simulated)'),
    h('p', { class: 'hint' }, 'What the network did: each button calls card.send({ type: "phone.…" }).'),
    h(
      'div',
      { class: 'phone-buttons' },
      ...PHONE_BUTTONS.map(({ label, event }) =>
        button(label, () => {
          const { type, ...payload } = event;
          say(`Softphone: ${label} (card.send ${type}${Object.keys(payload).length > 0 ? ` ${show(payload)}` : ''})`);
          current().sendPhone(event);
        }, { title: show(event) }),
      ),
    ),
    h('h3', {}, 'What the statechart told the softphone, this call'),
    calls,
  );
  let shown = '';
  return {
    element,
    render(session) {
      // Only the current call's: the list starts over when the next call's card opens.
      const list = session.softphone.calls.slice(session.callStart);
      const key = `${session.callStart}|${list.length}`;
      if (key === shown) return;
      shown = key;
      fill(calls, ...list.map(({ method, ...args }) => h('li', {}, `${method}(${Object.values(args).map(show).join(', ')})`)));
      if (list.length === 0) fill(calls, h('li', { class: 'none' }, 'nothing yet'));
    },
  };
}
