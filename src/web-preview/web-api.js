// window.api for the browser preview and the end-to-end tests: the same shape the Electron
// preload exposes, carried over HTTP to the same core and handler registry.
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var token = params.get('token') || sessionStorage.getItem('paydesk.token') || '';
  sessionStorage.setItem('paydesk.token', token);
  var session = sessionStorage.getItem('paydesk.session');
  if (!session) {
    session = (crypto.randomUUID && crypto.randomUUID()) || String(Math.random()).slice(2);
    sessionStorage.setItem('paydesk.session', session);
  }
  var headers = { 'content-type': 'application/json', 'x-paydesk-token': token, 'x-paydesk-session': session };
  var listeners = new Set();
  var source = null;
  function ensureEvents() {
    if (source) return;
    source = new EventSource('/api/events?token=' + encodeURIComponent(token));
    source.onmessage = function (m) {
      var event = JSON.parse(m.data);
      listeners.forEach(function (l) { l(event); });
    };
  }
  function fileUrl(path) {
    return '/api/file?token=' + encodeURIComponent(token) + '&path=' + encodeURIComponent(path);
  }
  window.api = {
    invoke: function (name, args) {
      return fetch('/api/invoke', { method: 'POST', headers: headers, body: JSON.stringify({ name: name, args: args }) })
        .then(function (r) { return r.json(); })
        .catch(function (e) { return { ok: false, error: { code: 'INTERNAL', message: 'The PayDesk preview server did not answer: ' + e.message } }; });
    },
    onEvent: function (listener) {
      ensureEvents();
      listeners.add(listener);
      return function () { listeners.delete(listener); };
    },
    shell: {
      openPath: function (path) { window.open(fileUrl(path), '_blank'); return Promise.resolve(); },
      printPdf: function (path) { window.open(fileUrl(path), '_blank'); return Promise.resolve(); },
    },
  };
})();
