// The softphone seam of examples/worker.html: replace this file with your WebRTC/SIP client
// (SIP.js, JsSIP, a vendor SDK) wrapped to these methods. Each action may return a promise;
// a rejection is reported as a diagnostic, never thrown at the page. `onEvent` hands the
// page what the network did, as b24-call-card's `phone.*` events; `onCallStarted` tells it
// a call began (ringing in, or dialled out), so that the call is registered at once.
//
// This stand-in plays a network that answers everything: `answer` and `dial` connect, and
// `ring(phoneNumber)` brings a call in. It makes the page work without a SIP server
// (examples/fake-portal.js rings it); with the SIP.js adapter's script build instead, see
// docs/script-tag.md.
(function () {
  'use strict';
  var listener = function () {};
  var started = function () {};
  var done = function () { return Promise.resolve(); };
  var connect = function () {
    setTimeout(function () { listener({ type: 'phone.connected' }); }, 0);
    return done();
  };
  window.sipClient = {
    answer: connect,
    decline: done,
    terminate: done,
    dial: function (phoneNumber) {
      started({ direction: 'outgoing', phoneNumber: phoneNumber });
      return connect();
    },
    setHold: function (held) { return done(); },
    setMicrophoneMuted: function (muted) { return done(); },
    sendTone: function (key) {},
    transfer: function (target, kind) { return done(); },
    commitTransfer: function () {
      setTimeout(function () { listener({ type: 'phone.transferSucceeded' }); }, 0);
      return done();
    },
    abortTransfer: done,
    // e.g. session.on('accepted', () => listener({ type: 'phone.connected' }))
    onEvent: function (next) { listener = next; },
    // e.g. userAgent.delegate = { onInvite: (invitation) => started({ direction: 'incoming', phoneNumber: … }) }
    onCallStarted: function (next) { started = next; },
    /** The stand-in's network: a call comes in from `phoneNumber`. */
    ring: function (phoneNumber) { started({ direction: 'incoming', phoneNumber: phoneNumber }); }
  };
})();
