// The dashboard's script: polls the control API once a second and renders what changed; its
// forms call the control API. Everything shown is set as text (textContent, option labels,
// attribute values): request bodies, connection data and callback payloads come from whoever
// talks to the emulator, so no markup is ever built from data. No template literals inside:
// this text is itself a template literal.

/** The script at `/_emulator/ui/app.js`. */
export const DASHBOARD_SCRIPT = String.raw`(function () {
'use strict';
var C = '/_emulator';
var POLL_MS = 1000;
var seen = {};
var model = { state: null, requests: [], deliveries: [], registrations: [], faults: [] };
var $ = function (id) { return document.getElementById(id); };

function el(tag, props, children) {
  var node = document.createElement(tag);
  if (props) {
    Object.keys(props).forEach(function (key) {
      var value = props[key];
      if (value === undefined || value === null || value === false) return;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'className') node.className = value;
      else if (key === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(key, value === true ? '' : String(value));
    });
  }
  (children || []).forEach(function (child) {
    if (child === null || child === undefined || child === false) return;
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  });
  return node;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
function pretty(value) {
  if (value === undefined) return '';
  try { return JSON.stringify(value, null, 2); } catch (e) { return String(value); }
}
function when(value) {
  if (value === null || value === undefined || value === '') return '';
  var d = new Date(value);
  return isNaN(d.getTime()) ? String(value) : d.toLocaleTimeString() + ' (' + d.toISOString() + ')';
}
function dl(pairs) {
  var list = el('dl', { className: 'kv' });
  pairs.forEach(function (pair) {
    if (pair[1] === undefined || pair[1] === null || pair[1] === '') return;
    list.appendChild(el('dt', { text: pair[0] }));
    list.appendChild(el('dd', null, [typeof pair[1] === 'object' && pair[1].nodeType ? pair[1] : String(pair[1])]));
  });
  return list;
}
function badge(text, tone) { return el('span', { className: 'badge ' + (tone || ''), text: text }); }
function statusTone(status) {
  if (status === null || status === undefined) return 'bad';
  if (typeof status === 'number') return status >= 400 ? 'bad' : status >= 300 ? 'warn' : 'ok';
  if (/fail|error|refused|cancel|stopped_with/i.test(status)) return 'bad';
  if (/pend|start|connect|paus|dial|ring|stopp/i.test(status)) return 'warn';
  return 'ok';
}
function table(headers, rows) {
  var head = el('tr', null, headers.map(function (h) { return el('th', { scope: 'col', text: h }); }));
  var body = rows.map(function (cells) {
    return el('tr', null, cells.map(function (c) { return el('td', null, [c && c.nodeType ? c : String(c === undefined || c === null ? '' : c)]); }));
  });
  return el('div', { className: 'table-wrap' }, [el('table', null, [el('thead', null, [head]), el('tbody', null, body)])]);
}
function details(summary, text) {
  return el('details', null, [el('summary', { text: summary }), el('pre', { text: text })]);
}

async function api(method, path, body) {
  var init = { method: method, headers: {}, cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  var res = await fetch(C + path, init);
  var text = await res.text();
  var parsed = null;
  if (text) { try { parsed = JSON.parse(text); } catch (e) { parsed = text; } }
  if (!res.ok) {
    var message = parsed && typeof parsed === 'object' && parsed.message ? parsed.message : String(text || res.statusText);
    throw new Error(res.status + ': ' + message);
  }
  return { text: text, value: parsed };
}

/* ---- views ---- */

function renderSessions() {
  var root = $('sessions-list');
  clear(root);
  var sessions = model.state ? model.state.sessions : [];
  if (sessions.length === 0) { root.appendChild(el('p', { className: 'muted', text: 'No sessions yet. Create one with your SDK.' })); return; }
  var cards = el('ol', { className: 'cards' });
  sessions.slice().reverse().forEach(function (s) {
    var card = el('li', { className: 'card session', 'data-session-id': s.sessionId });
    card.appendChild(el('h3', { className: 'mono', text: s.sessionId }));
    var muted = s.forceMute.active ? 'active' + (s.forceMute.excludedStreamIds.length ? ' (excluded: ' + s.forceMute.excludedStreamIds.join(', ') + ')' : '') : 'off';
    card.appendChild(dl([
      ['Media mode', s.mediaMode], ['Archive mode', s.archiveMode], ['End-to-end encryption', s.e2ee ? 'yes' : 'no'],
      ['Location', s.location], ['Project', s.projectKey], ['Created', when(s.createdAt)], ['Force mute', muted],
      ['Migration', s.migration.migrating ? 'in progress' : s.migration.count ? s.migration.count + ' done' : ''],
    ]));
    card.appendChild(el('h4', { text: 'Connections (' + s.connections.length + ')' }));
    if (s.connections.length) {
      card.appendChild(table(['Connection', 'Role', 'Kind', 'Token', 'Data', 'Since', ''], s.connections.map(function (c) {
        return [el('span', { className: 'mono', text: c.connectionId }), c.role, c.kind, c.tokenFormat, c.data, when(c.createdAt),
          el('button', { type: 'button', className: 'secondary', text: 'Disconnect', 'aria-label': 'Disconnect ' + c.connectionId,
            onclick: function () { act(function () { return disconnect(s.sessionId, c.connectionId); }, 'Disconnected ' + c.connectionId); } })];
      })));
    }
    card.appendChild(el('h4', { text: 'Streams (' + s.streams.length + ')' }));
    if (s.streams.length) {
      card.appendChild(table(['Stream', 'Connection', 'Video type', 'Name', 'Audio / video', 'Layout classes'], s.streams.map(function (t) {
        return [el('span', { className: 'mono', text: t.streamId }), t.connectionId, t.videoType, t.name,
          (t.hasAudio ? (t.audioMuted ? 'audio muted' : 'audio') : 'no audio') + ' / ' + (t.hasVideo ? 'video' : 'no video'),
          t.layoutClassList.join(' ')];
      })));
    }
    cards.appendChild(card);
  });
  root.appendChild(cards);
}

var FAMILIES = [
  ['archives', 'Archives'], ['broadcasts', 'Broadcasts'], ['sipCalls', 'SIP calls'],
  ['audioConnectors', 'Audio Connectors'], ['renders', 'Renders (Experience Composer)'], ['captions', 'Captions'],
];
var TIMES = ['createdAt', 'updatedAt', 'startedAt', 'stoppedAt', 'duration'];

function mediaPath(url) {
  try { var u = new URL(url, location.href); return u.pathname.indexOf(C + '/media/') === 0 ? u.pathname : null; } catch (e) { return null; }
}

function renderMedia() {
  var root = $('media-list');
  clear(root);
  var state = model.state;
  FAMILIES.forEach(function (family) {
    var items = state ? state[family[0]] || [] : [];
    root.appendChild(el('h3', { text: family[1] + ' (' + items.length + ')' }));
    if (!items.length) { root.appendChild(el('p', { className: 'muted', text: 'None.' })); return; }
    var list = el('ol', { className: 'cards', reversed: true });
    items.slice().reverse().forEach(function (item) {
      var id = item.id || item.captionsId || item.connectionId || '';
      var card = el('li', { className: 'card ' + family[0], 'data-id': id });
      card.appendChild(el('h4', null, [el('span', { className: 'mono', text: id }), badge(String(item.status || item.state || ''), statusTone(item.status))]));
      var pairs = [['Session', item.sessionId], ['Name', item.name], ['Output mode', item.outputMode]];
      TIMES.forEach(function (k) {
        if (item[k] === undefined || item[k] === null) return;
        pairs.push([k, k === 'duration' ? item[k] + ' s' : when(item[k])]);
      });
      pairs.push(['Reason', item.reason]);
      if (item.layout !== undefined && item.layout !== null) pairs.push(['Layout', pretty(item.layout)]);
      if (item.streamMode) pairs.push(['Stream mode', item.streamMode]);
      card.appendChild(dl(pairs));
      if (family[0] === 'archives' && (item.status === 'available' || item.status === 'uploaded')) {
        var links = el('p', null, ['Downloads: ']);
        var media = item.url ? mediaPath(item.url) : null;
        if (media) links.appendChild(el('a', { href: media, download: true, text: media.split('/').pop() }));
        if (item.hasTranscription) {
          links.appendChild(document.createTextNode(' '));
          links.appendChild(el('a', { href: C + '/media/archives/' + encodeURIComponent(id) + '/transcription.json', download: true, text: 'transcription.json' }));
        }
        card.appendChild(links);
      }
      card.appendChild(details('All fields', pretty(item)));
      list.appendChild(card);
    });
    root.appendChild(list);
  });
}

function operationOf(entry) {
  var parts = entry.path.split('/');
  if (parts[1] === 'v2' && parts[2] === 'project') parts.splice(1, 3);
  var shape = parts.map(function (p, i) {
    if (i === 0 || p === '') return p;
    return /^[a-z][a-z-]{0,24}$/i.test(p) && !/[0-9]/.test(p) ? p : ':id';
  }).join('/');
  return entry.method + ' ' + (shape || '/');
}
function failed(entry) { return entry.status === null || entry.status >= 400; }
function statusMatches(entry, filter) {
  if (!filter) return true;
  if (filter === 'failed') return failed(entry);
  if (filter === 'fault') return !!entry.fault;
  return entry.status !== null && String(entry.status).charAt(0) === filter.charAt(0);
}

function renderRequests() {
  var opSelect = $('filter-operation');
  var chosen = opSelect.value;
  var ops = [];
  model.requests.forEach(function (e) { var op = operationOf(e); if (ops.indexOf(op) < 0) ops.push(op); });
  ops.sort();
  clear(opSelect);
  opSelect.appendChild(el('option', { value: '', text: 'All operations' }));
  ops.forEach(function (op) { opSelect.appendChild(el('option', { value: op, text: op })); });
  if (chosen && ops.indexOf(chosen) < 0) opSelect.appendChild(el('option', { value: chosen, text: chosen }));
  opSelect.value = chosen;
  var statusFilter = $('filter-status').value;
  var shown = model.requests.filter(function (e) { return (!chosen || operationOf(e) === chosen) && statusMatches(e, statusFilter); }).reverse();
  $('requests-count').textContent = shown.length + ' of ' + model.requests.length + ' requests, newest first';
  var root = $('requests-list');
  clear(root);
  shown.forEach(function (e) {
    var bad = failed(e);
    var card = el('li', { className: 'card request' + (bad ? ' error' : ''), 'data-seq': e.seq, 'data-operation': operationOf(e) });
    card.appendChild(el('h3', null, [el('span', { className: 'mono', text: operationOf(e) }),
      badge(e.status === null ? 'no answer' : String(e.status), statusTone(e.status)), e.fault ? badge('fault ' + e.fault, 'warn') : null]));
    if (bad) card.appendChild(el('p', { className: 'bad error-message', text: 'Error: ' + (e.error || (e.status === null ? 'no answer was sent' : 'status ' + e.status)) }));
    var auth = e.auth ? e.auth.scheme + ' ' + e.auth.alg : '';
    card.appendChild(dl([['#', e.seq], ['Time', when(e.time)], ['Path', e.path],
      ['Query', Object.keys(e.query).length ? pretty(e.query) : ''], ['Auth', auth]]));
    card.appendChild(details('Headers (redacted)', pretty(e.headers)));
    card.appendChild(el('p', { className: 'muted', text: e.rawBody === '' ? 'No body.' : 'Body, as received:' }));
    if (e.rawBody !== '') card.appendChild(el('pre', { className: 'body', text: e.rawBody }));
    root.appendChild(card);
  });
}

function renderCallbacks() {
  var regs = $('registrations-list');
  clear(regs);
  if (!model.registrations.length) regs.appendChild(el('p', { className: 'muted', text: 'No callback registered.' }));
  else regs.appendChild(table(['Type', 'URL', 'Active', 'Signed'], model.registrations.map(function (r) {
    return [r.type, r.url, r.active ? 'yes' : 'no', r.signed ? 'yes' : 'no'];
  })));
  var root = $('deliveries-list');
  clear(root);
  if (!model.deliveries.length) root.appendChild(el('li', { className: 'muted', text: 'No callback sent yet.' }));
  model.deliveries.slice().reverse().forEach(function (d) {
    var card = el('li', { className: 'card delivery' + (d.status === 'failed' || d.status === 'refused' ? ' error' : ''), 'data-id': d.id });
    card.appendChild(el('h3', null, [el('span', { text: d.type + ' · ' + d.event }), badge(d.status, statusTone(d.status)),
      badge(d.signed ? 'signed' : 'unsigned', d.signed ? 'ok' : 'warn'), d.duplicate ? badge('duplicate', 'warn') : null]));
    card.appendChild(dl([['#', d.seq], ['Session', d.sessionId], ['URL', d.url], ['Source', d.source], ['Token ID', d.jti],
      ['Created', when(d.createdAt)], ['Error', d.error]]));
    card.appendChild(el('h4', { text: 'Attempts (' + d.attempts.length + ')' }));
    if (d.attempts.length) card.appendChild(table(['Time', 'Status', 'Error', 'Answer'], d.attempts.map(function (a) {
      return [when(a.time), a.status === null ? 'no answer' : a.status, a.error || '', a.responseBody || ''];
    })));
    card.appendChild(details('Body, as sent', d.body));
    root.appendChild(card);
  });
}

function fillSelect(select, options, placeholder) {
  var chosen = select.value;
  clear(select);
  if (!options.length) select.appendChild(el('option', { value: '', text: placeholder }));
  options.forEach(function (o) { select.appendChild(el('option', { value: o[0], text: o[1] })); });
  if (options.some(function (o) { return o[0] === chosen; })) select.value = chosen;
}

function renderActions() {
  var sessions = model.state ? model.state.sessions : [];
  var sessionOptions = sessions.slice().reverse().map(function (s) { return [s.sessionId, s.sessionId + ' (' + s.mediaMode + ')']; });
  var connectionOptions = [];
  sessions.slice().reverse().forEach(function (s) {
    s.connections.forEach(function (c) {
      connectionOptions.push([s.sessionId + '\n' + c.connectionId, c.connectionId + ' (' + c.role + (c.data ? ', ' + c.data : '') + ')']);
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('.session-select'), function (s) { fillSelect(s, sessionOptions, 'No session'); });
  Array.prototype.forEach.call(document.querySelectorAll('.connection-select'), function (s) { fillSelect(s, connectionOptions, 'No connection'); });
  var list = $('faults-list');
  clear(list);
  if (!model.faults.length) list.appendChild(el('li', { className: 'muted', text: 'No fault injected.' }));
  model.faults.forEach(function (f) {
    var what = (f.method || 'any method') + ' ' + (f.path || 'any path') + ': ' + f.action.type +
      (f.action.status ? ' ' + f.action.status : '') + (f.action.ms !== undefined ? ' ' + f.action.ms + ' ms' : '') +
      ' · fired ' + f.fired + (f.times ? ' of ' + f.times : '') + (f.active ? '' : ' · spent');
    list.appendChild(el('li', { className: 'fault', 'data-id': f.id }, [el('span', { className: 'mono', text: f.id + ' ' }), what + ' ',
      el('button', { type: 'button', className: 'secondary', text: 'Remove', 'aria-label': 'Remove fault ' + f.id,
        onclick: function () { act(function () { return api('DELETE', '/faults/' + encodeURIComponent(f.id)); }, 'Removed fault ' + f.id); } })]));
  });
}

/* ---- polling ---- */

var SOURCES = [
  ['state', '/state', [renderSessions, renderMedia, renderActions]],
  ['requests', '/requests', [renderRequests]],
  ['deliveries', '/deliveries', [renderCallbacks]],
  ['registrations', '/callback-registrations', [renderCallbacks]],
  ['faults', '/faults', [renderActions]],
];
var timer = null;

async function refresh() {
  clearTimeout(timer);
  var todo = [];
  try {
    var answers = await Promise.all(SOURCES.map(function (s) { return api('GET', s[1]); }));
    answers.forEach(function (answer, i) {
      var source = SOURCES[i];
      if (seen[source[0]] === answer.text) return;
      seen[source[0]] = answer.text;
      model[source[0]] = answer.value;
      source[2].forEach(function (f) { if (todo.indexOf(f) < 0) todo.push(f); });
    });
    todo.forEach(function (f) { f(); });
    $('live-dot').className = 'dot on';
    $('live-text').textContent = 'Live · updated ' + new Date().toLocaleTimeString();
  } catch (error) {
    $('live-dot').className = 'dot off';
    $('live-text').textContent = 'Cannot reach the emulator: ' + error.message;
  }
  if (!document.hidden) timer = setTimeout(refresh, POLL_MS);
}

/* ---- actions ---- */

function say(text, bad) {
  var out = $('action-result');
  out.className = bad ? 'bad' : 'ok';
  out.textContent = text;
}
async function act(work, done) {
  try {
    var result = await work();
    say(typeof done === 'function' ? done(result) : done, false);
  } catch (error) {
    say('Failed: ' + error.message, true);
  }
  await refresh();
}
function disconnect(sessionId, connectionId) {
  return api('DELETE', '/sessions/' + encodeURIComponent(sessionId) + '/connections/' + encodeURIComponent(connectionId));
}
function connectionOf(form) {
  var parts = form.elements.connection.value.split('\n');
  if (parts.length !== 2) throw new Error('choose a connection');
  return { sessionId: parts[0], connectionId: parts[1] };
}
function onSubmit(id, handler) {
  $(id).addEventListener('submit', function (event) { event.preventDefault(); handler(event.currentTarget); });
}

function wire() {
  onSubmit('join-form', function (form) {
    act(function () {
      var body = { token: form.elements.token.value.trim() };
      if (form.elements.data.value) body.data = form.elements.data.value;
      return api('POST', '/sessions/' + encodeURIComponent(form.elements.sessionId.value) + '/connections', body);
    }, function (r) { return 'Joined: connection ' + r.value.connectionId + ' (' + r.value.role + ')'; });
  });
  onSubmit('publish-form', function (form) {
    act(function () {
      var target = connectionOf(form);
      var body = { videoType: form.elements.videoType.value, hasAudio: form.elements.hasAudio.checked, hasVideo: form.elements.hasVideo.checked };
      if (form.elements.name.value) body.name = form.elements.name.value;
      var classes = form.elements.layoutClassList.value.split(/\s+/).filter(Boolean);
      if (classes.length) body.layoutClassList = classes;
      return api('POST', '/sessions/' + encodeURIComponent(target.sessionId) + '/connections/' + encodeURIComponent(target.connectionId) + '/streams', body);
    }, function (r) { return 'Published: stream ' + r.value.streamId; });
  });
  onSubmit('disconnect-form', function (form) {
    act(function () { var t = connectionOf(form); return disconnect(t.sessionId, t.connectionId); }, 'Disconnected');
  });
  onSubmit('fault-form', function (form) {
    act(function () {
      var f = form.elements;
      var type = f.type.value;
      var action = { type: type };
      if (type === 'status' || type === 'html') action.status = Number(f.status.value);
      if (type === 'delay') action.ms = Number(f.ms.value);
      if (type === 'status' && f.retryAfter.value) action.headers = { 'Retry-After': f.retryAfter.value };
      if (type === 'status' && f.message.value) action.body = { code: action.status, message: f.message.value };
      var spec = { action: action, times: Number(f.times.value || '1'), afterHandling: f.afterHandling.checked };
      if (f.method.value) spec.method = f.method.value;
      if (f.path.value) spec.path = f.path.value;
      return api('POST', '/faults', spec);
    }, function (r) { return 'Injected fault ' + r.value.id; });
  });
  $('clear-faults').addEventListener('click', function () { act(function () { return api('DELETE', '/faults'); }, 'Cleared all faults'); });
  $('reset').addEventListener('click', function () { act(function () { return api('POST', '/reset', {}); }, 'Emulator reset'); });
  $('filter-operation').addEventListener('change', renderRequests);
  $('filter-status').addEventListener('change', renderRequests);
}

/* ---- views by URL fragment ---- */

function show() {
  var name = (location.hash || '#sessions').slice(1);
  if (!$(name) || !$(name).classList.contains('view')) name = 'sessions';
  Array.prototype.forEach.call(document.querySelectorAll('.view'), function (v) { v.hidden = v.id !== name; });
  Array.prototype.forEach.call(document.querySelectorAll('nav a'), function (a) {
    if (a.getAttribute('data-view') === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
}

wire();
show();
window.addEventListener('hashchange', function () { show(); $('main').focus(); });
document.addEventListener('visibilitychange', function () { if (!document.hidden) refresh(); });
refresh();
})();
`;
