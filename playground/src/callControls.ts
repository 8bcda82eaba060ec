import { CARD_EVENT_NAMES, type CardEventName } from '../../index';
import type { CloseResult, InitializedPayload } from '../../testing/host';
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
    const result = current().sim.raiseCall(call as Partial<InitializedPayload>);
    if (!result.raised) {
      log.add('host', `Bitrix24 drops call ${result.callId}: ${result.reason === 'cardAlreadyOpen' ? 'a card is already open (no card, no event)' : result.reason}`);
      say(`Host: call ${result.callId} not shown: a card is already open.`, true);
      return;
    }
    log.add('host', `Bitrix24 built a card for call ${result.callId} and sent initialized`);
    say(`Host: raised call ${id}`);
  }

  /** A silent close by the host: the statechart finds out at its next command. */
  function hostButton(label: string, done: string, run: (host: Session['host']) => CloseResult, title: string): HTMLButtonElement {
    return button(label, () => {
      const result = run(current().host);
      if (result.closed) {
        log.add('host', done);
        say('Host: the card closed without an event; the statechart will find out at its next command.');
      } else if (result.deferred) {
        log.add('host', `the comment editor is open: the card closes at ${result.closesAt} ms on the host's clock, after saving the editor's text`);
        say('Host: close deferred while the comment editor is open.');
      } else {
        log.add('host', `${label}: nothing closed (${result.reason})`);
        say(`Host: nothing closed: ${result.reason}`, true);
      }
    }, { title });
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
      hostButton('Bitrix24 auto-closes the card', 'Bitrix24 closed the card: no event reaches the worker', (host) => host.autoClose(), 'The card disappears without any event, as after a call (deferred while the comment editor is open)'),
      hostButton('Hide the card', 'telephony.externalcall.hide: the card goes, no event reaches the worker', (host) => host.hide(), 'telephony.externalcall.hide (or finish for the finishing user)'),
      button('Show the card again', () => {
        const result = current().host.show();
        log.add('host', result.raised ? `telephony.externalcall.show: a new card for call ${result.callId}, initialized with the same CALL_ID` : `show: not shown (${result.reason})`);
        say(result.raised ? `Host: showed the card of call ${result.callId} again` : `Host: no card shown: ${result.reason === 'cardAlreadyOpen' ? 'a card is already open' : 'no call was raised yet'}`, !result.raised);
      }, { title: 'telephony.externalcall.show for the last call raised' }),
      hostButton('Operator presses Esc', 'Esc: the card closed, no event; the worker\'s host keeps the disposed card (commands answer [])', (host) => host.pressEsc(), 'Esc closes the card only in outgoing, error, moneyError, redial (and the internal idle, sipPhoneError)'),
      hostButton('Closed in another tab', 'the same call\'s card closed in another tab: gone here too, no event', (host) => host.closeInOtherTab(), 'The operator closed this call\'s card in another portal tab'),
      button('Reload the worker', () => {
        current().reloadWorker();
        log.add('host', `Bitrix24 reloaded the worker frame alone (worker ${current().worker}): the card stays, a new createCallCard starts`);
        say(`Host: reloaded the worker frame; worker ${current().worker} probes the card it finds.`);
      }, { title: 'The worker page reloads alone (host-behaviour §6): the old handlers never hear again, the card stays' }),
      button('CRM block: change entity', () => {
        const result = current().host.changeEntity();
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
