// Loaded by examples/worker.html only when there is no portal (no real BX24): a small panel
// that plays what a portal and a network would, over the fake BX24's doubles
// (window.b24FakePortal = { host, rest }, from b24-call-card-fake-bx24.min.js). A call comes in
// from the stand-in SIP client (or, on worker-sipjs.html, from the SIP network); the card's buttons are the host double's card; below, the
// REST call records the page wrote. Not part of a real worker page.
(function () {
  'use strict';
  var portal = window.b24FakePortal;
  if (!portal) return;
  var host = portal.host;
  var rest = portal.rest;

  function button(label, onClick) {
    var element = document.createElement('button');
    element.type = 'button';
    element.textContent = label;
    element.addEventListener('click', onClick);
    return element;
  }

  function render(panel) {
    var card = host.card;
    panel.textContent = '';
    var title = document.createElement('h1');
    title.textContent = 'Fake portal (no Bitrix24 here)';
    panel.appendChild(title);
    var line = document.createElement('p');
    line.id = 'fake-card';
    line.textContent = card
      ? 'Card: ' + card.uiState + (card.title ? ' — ' + card.title : '') + (card.muted ? ' · muted' : '') + (card.held ? ' · held' : '')
      : 'No card open.';
    panel.appendChild(line);
    var row = document.createElement('p');
    if (card) {
      card.buttons.forEach(function (b) {
        row.appendChild(button(b.label, function () { host.click(b.event); }));
      });
    } else if (window.sipClient) {
      row.appendChild(button('Ring (+4930123456)', function () { window.sipClient.ring('+4930123456'); }));
    } else {
      // A page with a real softphone (worker-sipjs.html): calls come from the SIP network.
      row.textContent = 'Call this operator from another SIP phone.';
    }
    panel.appendChild(row);
    var list = document.createElement('ol');
    list.id = 'fake-records';
    panel.appendChild(list);
    renderRecords(list);
  }

  function renderRecords(list) {
    if (list.childElementCount === rest.records.length) return;
    list.textContent = '';
    rest.records.forEach(function (record) {
      var item = document.createElement('li');
      item.textContent = 'REST call record: ' + JSON.stringify(record);
      list.appendChild(item);
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var panel = document.createElement('section');
    panel.id = 'fake-portal';
    panel.style.cssText = 'font: 14px system-ui, sans-serif; max-width: 40em; margin: 1em;';
    document.body.appendChild(panel);
    render(panel);
    host.subscribe(function () { render(panel); });
    // REST writes do not notify the host: look at the records list now and then.
    setInterval(function () { renderRecords(document.getElementById('fake-records')); }, 500);
  });
})();
