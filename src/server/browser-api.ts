// window.api for a browser signed in to `paydesk serve`: the shape the Electron preload exposes,
// carried over HTTPS to the server's /api/ (the session rides on the httpOnly cookie, so the page
// never holds a token). Served as /paydesk-server-api.js before the renderer's module; a string so
// the command line's bundle carries it without a file beside it.
//
// - invoke: POST /api/call; signing in and out go to /api/sign-in and /api/sign-out.
// - onEvent: progress of this session's long work (event: progress on the same stream).
// - onChange: the server's change events (GET /api/events, server-sent events); the browser
//   reconnects by itself, and onConnection says when the stream is lost and when it is back.
// - shell: a batch's file through a short-lived link of this session (/api/file-ticket).

export const BROWSER_API_JS = String.raw`(function () {
  'use strict';
  var json = { 'content-type': 'application/json' };
  var changeListeners = new Set();
  var connectionListeners = new Set();
  var progressListeners = new Set();
  var source = null;
  var online = true;
  function post(path, body) {
    return fetch(path, { method: 'POST', headers: json, credentials: 'same-origin', body: JSON.stringify(body) })
      .then(function (r) { return r.json(); })
      .catch(function (e) {
        return { ok: false, error: { code: 'UNAVAILABLE', message: 'The PayDesk server did not answer (' + e.message + '): check the connection and try again.' } };
      });
  }
  function setOnline(value) {
    if (online === value) return;
    online = value;
    connectionListeners.forEach(function (l) { l(value ? 'online' : 'offline'); });
  }
  function listening() { return changeListeners.size + connectionListeners.size + progressListeners.size > 0; }
  function stopWhenUnheard() {
    if (!listening() && source) { source.close(); source = null; }
  }
  function ensureEvents() {
    if (source) return;
    source = new EventSource('/api/events');
    source.addEventListener('changed', function (m) {
      var event = JSON.parse(m.data);
      changeListeners.forEach(function (l) { l(event); });
    });
    source.addEventListener('progress', function (m) {
      var event = JSON.parse(m.data);
      progressListeners.forEach(function (l) { l(event); });
    });
    source.onopen = function () { setOnline(true); };
    source.onerror = function () {
      setOnline(false);
      // A stream the server refused (signed out, a stop) is not retried by the browser: retry it here.
      if (source && source.readyState === EventSource.CLOSED) {
        source = null;
        setTimeout(function () { if (listening()) ensureEvents(); }, 2000);
      }
    };
  }
  function fileLink(file) {
    return post('/api/file-ticket', file).then(function (r) {
      if (!r.ok) throw new Error(r.error.message);
      return r.value.url;
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
      if (name === 'session-login') {
        return post('/api/sign-in', { username: args && args.username, password: args && args.password }).then(function (r) {
          if (!r.ok) return r;
          if (source) { source.close(); source = null; }
          if (listening()) ensureEvents();
          return { ok: true, value: r.value.user };
        });
      }
      if (name === 'session-logout') {
        if (source) { source.close(); source = null; }
        return post('/api/sign-out', {}).then(function (r) {
          return r.ok || (r.error && r.error.code === 'NOT_SIGNED_IN') ? { ok: true, value: { ok: true } } : r;
        });
      }
      return post('/api/call', { name: name, args: args });
    },
    // Progress of this session's long work (an export, an import), while its call is in flight.
    onEvent: function (listener) {
      progressListeners.add(listener);
      ensureEvents();
      return function () { progressListeners.delete(listener); stopWhenUnheard(); };
    },
    onChange: function (listener) {
      changeListeners.add(listener);
      ensureEvents();
      return function () { changeListeners.delete(listener); stopWhenUnheard(); };
    },
    onConnection: function (listener) {
      connectionListeners.add(listener);
      ensureEvents();
      return function () { connectionListeners.delete(listener); stopWhenUnheard(); };
    },
    server: { origin: window.location.origin },
    shell: {
      openFile: openFile,
      // The browser prints from its PDF viewer.
      printFile: openFile,
      saveFileAs: function (file) {
        return fileLink(file).then(function (url) {
          var a = document.createElement('a');
          a.href = url + '?download=1';
          a.download = '';
          document.body.appendChild(a);
          a.click();
          a.remove();
        });
      },
    },
  };
})();
`;
