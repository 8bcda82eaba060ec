// The softphone seam of examples/worker.html: replace this file with your WebRTC/SIP client
// (SIP.js, JsSIP, a vendor SDK) wrapped to these methods. Each action may return a promise;
// a rejection is reported as a diagnostic, never thrown at the page. `onEvent` hands the
// page what the network did, as b24-call-card's `phone.*` events.
//
// This stand-in does nothing, so the page loads and serves the card without a softphone.
(function () {
  'use strict';
  var done = function () { return Promise.resolve(); };
  window.sipClient = {
    answer: done,
    decline: done,
    terminate: done,
    dial: function (phoneNumber) { return done(); },
    setHold: function (held) { return done(); },
    setMicrophoneMuted: function (muted) { return done(); },
    sendTone: function (key) {},
    transfer: function (target, kind) { return done(); },
    commitTransfer: done,
    abortTransfer: done,
    // e.g. session.on('accepted', () => listener({ type: 'phone.connected' }))
    onEvent: function (listener) {}
  };
})();
