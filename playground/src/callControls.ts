import { CARD_EVENT_NAMES, type CardEventName } from '../../index';
import type { InitializedPayload } from '../../testing/host';
import { button, h } from './dom';
import { CALL_PRESETS } from './presets';
import type { Log } from './log';
import type { Session } from './session';

/** Raising calls (editable call data), host-side extras, and forced clicks for races. */
export function createCallControls(current: () => Session, say: (text: string, error?: boolean) => void, log: Log): HTMLElement {
  const data = h('textarea', { class: 'call-data', testid: 'call-data', label: 'Call data (JSON)', attrs: { rows: '12', spellcheck: 'false' } });
  const preset = (name: string) => () => {
    data.value = JSON.stringify(CALL_PRESETS[name], null, 2);
  };
  preset('incoming')();
  const raise = (name: string) =>
    button(`Raise ${name}`, () => {
      preset(name)();
      raiseEdited();
    });
  function raiseEdited(): void {
    let call: unknown;
    try {
      call = JSON.parse(data.value);
    } catch (error) {
      say(`The call data is not JSON: ${(error as Error).message}`, true);
      return;
    }
    if (call === null || typeof call !== 'object' || Array.isArray(call)) {
      say('The call data must be a JSON object of initialized fields.', true);
      return;
    }
    const id = String((call as { CALL_ID?: unknown }).CALL_ID ?? '(generated id)');
    log.add('host', `Bitrix24 builds a card for call ${id} and sends initialized`);
    current().sim.raiseCall(call as Partial<InitializedPayload>);
    say(`Host: raised call ${id}`);
  }

  const raceEvent = h('select', { label: 'Card event' }, ...CARD_EVENT_NAMES.map((name) => h('option', { attrs: { value: name } }, name)));
  const racePayload = h('input', { label: 'Payload (JSON, optional)', attrs: { placeholder: 'payload JSON, e.g. true or "5"' } });
  const title = h('input', { label: 'Card title', attrs: { placeholder: 'Card title' } });
  const statusText = h('input', { label: 'Status text', attrs: { placeholder: 'Status text' } });

  return h(
    'section',
    { class: 'panel controls', testid: 'controls', label: 'Calls' },
    h('h2', {}, 'Raise a call'),
    h('div', { class: 'row' }, raise('incoming'), raise('outgoing'), raise('callback'), raise('call list'), raise('transferred to me')),
    h('details', {}, h('summary', {}, 'Edit the call data (initialized payload)'), data, h('div', { class: 'row' }, button('Raise with this data', raiseEdited))),
    h('h2', {}, 'Host'),
    h(
      'div',
      { class: 'row' },
      button('Bitrix24 auto-closes the card', () => {
        const had = current().sim.card !== null;
        current().sim.autoClose();
        log.add('host', had ? 'Bitrix24 closed the card: no event reaches the worker' : 'auto-close: no card was open');
        say(had ? 'Host: the card auto-closed without an event; the statechart will find out at its next command.' : 'Host: no card to auto-close.', !had);
      }, { title: 'The card disappears without any event, as after a call' }),
      button('CRM block: change entity', () => {
        const result = current().sim.changeEntity({ CRM_ENTITY_TYPE: 'COMPANY', CRM_ENTITY_ID: 99 });
        say(result.delivered ? 'Host: the CRM block bound COMPANY 99 (entityChanged)' : `Host: ${result.reason}`, !result.delivered);
      }),
    ),
    h('h3', {}, 'Forced click (races)'),
    h('p', { class: 'hint' }, 'Delivers any card event even though the card does not show its button: a click that raced a state change.'),
    h(
      'div',
      { class: 'row' },
      raceEvent,
      racePayload,
      button('Force click', () => {
        let payload: unknown;
        if (racePayload.value.trim() !== '') {
          try {
            payload = JSON.parse(racePayload.value);
          } catch {
            payload = racePayload.value;
          }
        }
        const result = current().sim.click(raceEvent.value as CardEventName, payload, { force: true });
        say(result.delivered ? `Host: forced ${raceEvent.value}` : `Host: not delivered: ${result.reason}`, !result.delivered);
      }),
    ),
    h('h2', {}, 'Worker (integrator API)'),
    h(
      'div',
      { class: 'row' },
      title,
      button('setTitle', () => {
        current().card.setTitle(title.value);
        say(`Worker: card.setTitle(${JSON.stringify(title.value)})`);
      }),
      statusText,
      button('setStatusText', () => {
        current().card.setStatusText(statusText.value);
        say(`Worker: card.setStatusText(${JSON.stringify(statusText.value)})`);
      }),
    ),
  );
}
