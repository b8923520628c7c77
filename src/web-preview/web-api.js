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
  // A batch's file, named by batch and kind: this tab's session gets a short-lived link to it.
  function fileLink(file) {
    return fetch('/api/file-ticket', { method: 'POST', headers: headers, body: JSON.stringify(file) })
      .then(function (r) { return r.json(); })
      .then(function (r) {
        if (!r.ok) throw new Error(r.error.message);
        return r.value.url + '?token=' + encodeURIComponent(token);
      });
  }
  function openFile(file) {
    // Opened at once (a browser lets a click open a window, not a promise later), then pointed at the file.
    var win = window.open('about:blank', '_blank');
    return fileLink(file).then(
      function (url) { if (win) win.location.href = url; else window.location.assign(url); },
      function (err) { if (win) win.close(); throw err; }
    );
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
      openFile: openFile,
      // The browser prints from its PDF viewer.
      printFile: openFile,
      saveFileAs: function (file) {
        return fileLink(file).then(function (url) {
          var a = document.createElement('a');
          a.href = url + '&download=1';
          a.download = '';
          document.body.appendChild(a);
          a.click();
          a.remove();
        });
      },
    },
  };
})();
