import { button, fill, h, perFrame } from '../dom';
import { createCardTabSideBar } from './cardTab';
import { createTabsWorld, IDENTITY, type FramePhone, type TabsWorld } from './world';

// `tabs.html`: two portal tabs and the phone tab side by side, every application frame running
// `createPhone` (docs/playground.md, "Many frames"). Push a call: the card shows in the tabs
// that build it; the owner (★) runs the statechart and the softphone wherever the card is.
// Close or navigate a tab and watch ownership, the card's holders and the call.

const COLUMN_NAMES = ['Portal tab 1', 'Portal tab 2', "Phone tab (your app's page)"];
/** The card's buttons the playground offers: those that carry no payload. */
const SIMPLE_BUTTONS = new Set(['answerButtonClick', 'skipButtonClick', 'hangupButtonClick', 'closeButtonClick']);

const world: TabsWorld = createTabsWorld({ realTime: new URLSearchParams(location.search).get('clock') !== 'manual' });
// The card's side bar: examples/tab.html in each CALL_CARD frame, reading the phone (docs/tab.md).
const sideBar = createCardTabSideBar(world.portal, IDENTITY, (portalTab) => world.columns.findIndex((tab) => tab?.index === portalTab));
const statusBar = h('p', { class: 'status-bar', testid: 'status-bar', attrs: { role: 'status' } });
const say = (text: string): void => {
  statusBar.textContent = text;
};

function frameLine(entry: FramePhone): HTMLElement {
  const { phone, kind } = entry;
  const owns = phone.session !== null;
  const holds = phone.state.call?.holders.includes(phone.frameId) ?? false;
  return h(
    'li',
    { testid: `frame-${kind}`, attrs: { 'data-role': owns ? 'owner' : phone.state.role, 'data-holder': String(holds) } },
    `${kind === 'phoneTab' ? 'App page' : 'Worker'} ${phone.frameId}: `,
    h('strong', {}, owns ? '★ owner (statechart + softphone)' : phone.state.role),
    holds ? ' · holds the card' : '',
    // Your own page's UI: it acts through the owner with the effect of the card's buttons (SC-F7).
    kind === 'phoneTab' && phone.state.call !== null
      ? h(
          'span',
          { class: 'row' },
          ' ',
          button('Answer', () => act('The phone tab answered (phone.act)', () => phone.act({ type: 'answer' })), { testid: 'phone-answer' }),
          button('Hang up', () => act('The phone tab hung up (phone.act)', () => phone.act({ type: 'hangup' })), { testid: 'phone-hangup' }),
        )
      : null,
  );
}

function column(index: number): HTMLElement {
  const tab = world.columns[index] ?? null;
  const name = COLUMN_NAMES[index]!;
  if (tab === null) {
    return h('section', { class: 'panel tab-column closed', testid: `tab-${index}`, label: name }, h('h2', {}, name), h('p', {}, 'Closed.'), button('Open again', () => act(`${name} opened again`, () => world.reopen(index)), { testid: `reopen-${index}` }));
  }
  const card = tab.card;
  return h(
    'section',
    { class: 'panel tab-column', testid: `tab-${index}`, label: name },
    h('h2', {}, name),
    h('p', { class: 'hint' }, `Page load ${tab.pageLoads} (${tab.page === 'app' ? "the application's page" : 'a portal page'})`),
    h('ul', { class: 'frames' }, ...world.phonesOf(index).map(frameLine)),
    h(
      'div',
      { class: 'tab-card', testid: `card-${index}`, attrs: { 'data-ui-state': card?.uiState ?? 'none' } },
      card === null ? h('p', {}, 'No card in this tab.') : h('p', {}, 'Card: ', h('strong', {}, card.uiState), ` · ${card.call.PHONE_NUMBER ?? ''}`),
      ...(card?.buttons ?? []).filter((shown) => SIMPLE_BUTTONS.has(shown.event)).map((shown) =>
        button(shown.label, () => act(`${name}: operator clicked ${shown.label}`, () => tab.click(shown.event)), { testid: `card-${index}-${shown.event}` }),
      ),
      // The host adds the card's CALL_CARD tab with the CRM layout (host-behaviour v3 §11).
      card !== null && tab.callCardTab === null
        ? button('CRM block loads (the tab appears)', () => act(`${name}: the CRM block loaded; the card's tab is below`, () => tab.loadCrmBlock()), { testid: `crm-${index}` })
        : null,
    ),
    h(
      'p',
      { class: 'row' },
      button('Navigate (menu click)', () => act(`${name} navigated: its frames and its card ended, a new page loaded`, () => world.navigate(index)), { testid: `navigate-${index}` }),
      button('Close tab', () => act(`${name} closed`, () => world.close(index)), { testid: `close-${index}` }),
    ),
  );
}

function summary(): HTMLElement {
  const owner = world.owner();
  const state = owner?.phone.state ?? null;
  const call = state?.call ?? null;
  const last = state?.lastCall ?? null;
  const events = world.diagnostics.slice(-12).reverse();
  return h(
    'section',
    { class: 'panel tabs-summary', testid: 'phone-state', label: 'The phone' },
    h('h2', {}, 'The phone (one across all frames)'),
    h('p', { testid: 'owner', attrs: { 'data-owner': owner?.phone.frameId ?? '' } }, 'Owner: ', h('strong', {}, owner ? `${owner.phone.frameId} (${owner.kind === 'phoneTab' ? 'the phone tab' : `tab ${owner.frame.tab}`})` : 'none yet')),
    h('p', { testid: 'call', attrs: { 'data-ui-state': call?.uiState ?? 'none' } }, 'Call: ', h('strong', {}, call ? `${call.callId} ${call.uiState}` : 'none'), call ? ` · card held by ${call.holders.join(', ') || 'nobody'}` : ''),
    h('p', { testid: 'last-call', attrs: { 'data-ended-by': last?.endedBy ?? '' } }, 'Last call: ', h('strong', {}, last ? `${last.callId} ended by ${last.endedBy}` : 'none')),
    h('ol', { class: 'tab-events', testid: 'tab-events' }, ...events.map(({ frame, diagnostic }) => h('li', {}, `${frame}: ${diagnostic.kind} — ${diagnostic.message}`))),
  );
}

function act(what: string, run: () => unknown): void {
  run();
  say(what);
  render();
}

const columnsRow = h('main', { class: 'tabs-grid' });
function render(): void {
  fill(columnsRow, column(0), column(1), column(2), summary());
  sideBar.sync();
}

world.subscribe(perFrame(render));

const app = document.getElementById('app');
if (app) {
  fill(
    app,
    h(
      'header',
      { class: 'top' },
      h('h1', {}, 'b24-call-card playground: many frames'),
      h('a', { attrs: { href: '/' } }, 'One window'),
      button('Push an incoming call', () => void world.push().then((callId) => act(`Call ${callId} pushed to every tab`, () => undefined)), { testid: 'push' }),
      button('Softphone: connected', () => act("The owner's softphone connected the call", () => world.connected()), { testid: 'connected' }),
    ),
    statusBar,
    columnsRow,
    sideBar.element,
  );
  render();
  say('Three tabs open: push a call.');
}

// For the browser test: the clock of `?clock=manual`.
Object.assign(window, { tabsPlayground: { advance: async (ms: number) => { await world.advance(ms); render(); }, deliveries: () => JSON.stringify(world.portal.deliveries) } });
