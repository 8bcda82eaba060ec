import type { HostMode } from '../../testing/host';
import { createCallControls } from './callControls';
import { createChart } from './chart';
import { createHostCardView, type CardAbsence } from './cardView';
import { button, fill, h, perFrame } from './dom';
import { createInspection, describeState } from './inspection';
import { createLog } from './log';
import { createSession, type Session } from './session';
import { createSoftphonePanel } from './softphonePanel';

const log = createLog();
const inspection = createInspection((event, from, to) => log.add('transition', `${event}: ${from || '(start)'} → ${to}`));
const statusBar = h('p', { class: 'status-bar', testid: 'status-bar', attrs: { role: 'status' } });
const say = (text: string, error = false) => {
  statusBar.textContent = text;
  statusBar.classList.toggle('error', error);
};

let mode: HostMode = 'browser';
const workerStatusText = h('input', { type: 'checkbox', attrs: { checked: '' } });
// `?clock=manual` keeps the card's timer still (the browser test's screenshots); it then moves only by `window.playground.tick`.
const realTimeClock = new URLSearchParams(location.search).get('clock') !== 'manual';
let session: Session = start();
const current = () => session;

function start(): Session {
  return createSession({ mode, log, inspection, workerTexts: () => workerStatusText.checked, realTimeClock });
}

const cardView = createHostCardView((what, result) => say(result.delivered ? `Operator: ${what}` : `The card refused ${what}: ${result.reason ?? ''}`, !result.delivered));
const softphone = createSoftphonePanel(current, (text) => say(text));
const controls = createCallControls(current, say, log);

const statePath = h('code', { testid: 'statechart-state' });
const stateValue = h('pre', { class: 'state-value' });
const chart = createChart();
const statechart = h(
  'section',
  { class: 'panel statechart', testid: 'statechart', label: 'Statechart' },
  h('h2', {}, 'Statechart'),
  h('p', {}, 'State: ', statePath),
  chart.element,
  h('details', {}, h('summary', {}, 'card.state (JSON)'), stateValue),
  h('p', { class: 'hint' }, 'Drawn from the machine config; the Mermaid diagram with every transition is docs/statechart-diagram.md (npm run diagram).'),
);

const inspectorSwitch = h('input', { type: 'checkbox', testid: 'inspector-switch', label: 'Stately inspector' });
inspectorSwitch.addEventListener('change', () => {
  if (inspectorSwitch.checked) {
    inspection.switchOn(session.card.actor);
    say('Stately inspector opened in a new window (it needs the internet; allow the popup if the browser blocked it).');
  } else {
    inspection.switchOff();
    say('Stately inspector off.');
  }
});

const modeSelect = h('select', { label: 'Host mode' }, h('option', { attrs: { value: 'browser' } }, 'browser'), h('option', { attrs: { value: 'desktop' } }, 'desktop app'));
modeSelect.addEventListener('change', () => {
  mode = modeSelect.value === 'desktop' ? 'desktop' : 'browser';
  reset();
});

function reset(): void {
  session.dispose();
  session = start();
  watch();
  log.add('host', `New session: host in ${mode} mode`);
  say(`New session: a fresh host (${mode} mode) and statechart.`);
}

/** Why no card is shown while the statechart serves a call (the page shows either as "Card lost"). */
function absence(): CardAbsence {
  const { state } = session.card;
  if (state.status !== 'call' || session.host.showsCard) return 'none';
  return state.card === 'lost' ? 'lost' : 'unnoticed';
}

function render(): void {
  cardView.render(session.hostCard, absence());
  softphone.render(session);
  const snapshot = session.card.actor.getSnapshot();
  statePath.textContent = describeState(snapshot.value);
  chart.show(snapshot.value);
  stateValue.textContent = JSON.stringify(session.card.state, null, 2);
}

const schedule = perFrame(render);
let unwatch: () => void = () => {};
function watch(): void {
  unwatch();
  const watched = session;
  const fromSim = watched.sim.subscribe(schedule);
  // The actor of the current worker's card: a reloaded worker brings a new one.
  let fromActor = watched.card.actor.subscribe(schedule);
  const fromWorker = watched.onWorker(() => {
    fromActor.unsubscribe();
    fromActor = watched.card.actor.subscribe(schedule);
    schedule();
  });
  unwatch = () => {
    fromSim();
    fromWorker();
    fromActor.unsubscribe();
  };
  schedule();
}

const app = document.getElementById('app');
if (app) {
  fill(
    app,
    h(
      'header',
      { class: 'top' },
      h('h1', {}, 'b24-call-card playground'),
      h('a', { attrs: { href: '/tabs.html' }, testid: 'tabs-link' }, 'Many frames: two tabs and the phone tab'),
      h('label', { class: 'switch' }, inspectorSwitch, 'Stately inspector'),
      h('label', {}, 'Host: ', modeSelect),
      h('label', { title: 'The example worker code sets a title per call and a status line per UI state' }, workerStatusText, 'Worker sets title and status'),
      button('New session', reset),
    ),
    statusBar,
    h(
      'main',
      { class: 'grid' },
      h('section', { class: 'panel host', label: 'Bitrix24 call card' }, h('h2', {}, 'Bitrix24 call card (simulated)'), cardView.element),
      softphone.element,
      statechart,
      controls,
      log.element,
    ),
  );
  watch();
  say('Ready: raise a call.');
}

// For the browser test: the clock of `?clock=manual`, and a fresh session between screenshots.
Object.assign(window, {
  playground: {
    tick: (ms: number) => {
      session.tick(ms);
      schedule();
    },
    reset,
  },
});
