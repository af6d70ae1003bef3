// The dashboard's HTML: static markup only; the script fills the views from the control API.
// Kept as a string module so the page ships inside dist/index.js and dist/index.cjs with no build
// step and no file lookup at run time.

/** The page at `/_emulator/ui`. */
export const DASHBOARD_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Video API emulator</title>
<link rel="icon" href="/_emulator/ui/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/_emulator/ui/app.css">
<script src="/_emulator/ui/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
  <h1>Video API emulator</h1>
  <p class="live"><span id="live-dot" class="dot" aria-hidden="true"></span><span id="live-text">Connecting…</span></p>
  <nav aria-label="Views">
    <ul>
      <li><a href="#sessions" data-view="sessions">Sessions</a></li>
      <li><a href="#media" data-view="media">Archives &amp; more</a></li>
      <li><a href="#requests" data-view="requests">Requests</a></li>
      <li><a href="#callbacks" data-view="callbacks">Callbacks</a></li>
      <li><a href="#actions" data-view="actions">Actions</a></li>
    </ul>
  </nav>
</header>
<main id="main" tabindex="-1">
  <section id="sessions" class="view" aria-labelledby="sessions-h">
    <h2 id="sessions-h">Sessions</h2>
    <div id="sessions-list"></div>
  </section>

  <section id="media" class="view" aria-labelledby="media-h" hidden>
    <h2 id="media-h">Archives, broadcasts, SIP calls, renders, captions</h2>
    <div id="media-list"></div>
  </section>

  <section id="requests" class="view" aria-labelledby="requests-h" hidden>
    <h2 id="requests-h">Requests</h2>
    <div class="filters">
      <label>Operation <select id="filter-operation"><option value="">All operations</option></select></label>
      <label>Status <select id="filter-status">
        <option value="">All statuses</option>
        <option value="2xx">2xx success</option>
        <option value="4xx">4xx client error</option>
        <option value="5xx">5xx server error</option>
        <option value="failed">Failed (4xx, 5xx or no answer)</option>
        <option value="fault">Answered by a fault</option>
      </select></label>
    </div>
    <p id="requests-count" class="muted"></p>
    <ol id="requests-list" class="cards" reversed></ol>
  </section>

  <section id="callbacks" class="view" aria-labelledby="callbacks-h" hidden>
    <h2 id="callbacks-h">Callbacks</h2>
    <h3>Registrations</h3>
    <div id="registrations-list"></div>
    <h3>Deliveries</h3>
    <ol id="deliveries-list" class="cards" reversed></ol>
  </section>

  <section id="actions" class="view" aria-labelledby="actions-h" hidden>
    <h2 id="actions-h">Actions</h2>
    <p class="muted">Each action is a call to the control API under <code>/_emulator/</code>.</p>
    <div id="action-result" role="status" aria-live="polite"></div>

    <form id="join-form" class="panel">
      <h3>Join a client</h3>
      <label>Session <select name="sessionId" class="session-select" required></select></label>
      <label>Client token <textarea name="token" rows="3" required spellcheck="false" autocomplete="off"
        aria-describedby="join-hint"></textarea></label>
      <p id="join-hint" class="muted">A token made by your SDK (generateToken); it is verified as a real client's would be.</p>
      <label>Connection data (when the token has none) <input name="data" autocomplete="off"></label>
      <button type="submit">Join</button>
    </form>

    <form id="publish-form" class="panel">
      <h3>Publish a stream</h3>
      <label>Connection <select name="connection" class="connection-select" required></select></label>
      <label>Stream name <input name="name" autocomplete="off"></label>
      <label>Video type <select name="videoType">
        <option value="camera">camera</option><option value="screen">screen</option><option value="custom">custom</option>
      </select></label>
      <label>Layout classes (space-separated) <input name="layoutClassList" autocomplete="off"></label>
      <label class="check"><input type="checkbox" name="hasAudio" checked> Audio</label>
      <label class="check"><input type="checkbox" name="hasVideo" checked> Video</label>
      <button type="submit">Publish</button>
    </form>

    <form id="disconnect-form" class="panel">
      <h3>Disconnect a client</h3>
      <label>Connection <select name="connection" class="connection-select" required></select></label>
      <button type="submit">Disconnect</button>
    </form>

    <form id="fault-form" class="panel">
      <h3>Inject a fault</h3>
      <label>Method <select name="method">
        <option value="">Any</option><option>GET</option><option>POST</option><option>PUT</option><option>PATCH</option><option>DELETE</option>
      </select></label>
      <label>Path (literal, prefix ending in /, or glob with *) <input name="path" placeholder="/session/create" autocomplete="off" spellcheck="false"></label>
      <label>Times (0: until cleared) <input name="times" type="number" min="0" value="1" inputmode="numeric"></label>
      <label>Action <select name="type">
        <option value="status">Status code</option>
        <option value="delay">Delay</option>
        <option value="drop">Drop the connection</option>
        <option value="drop-mid-body">Drop mid-body</option>
        <option value="malformed-json">Malformed JSON</option>
        <option value="empty">Empty body</option>
        <option value="html">HTML error page</option>
      </select></label>
      <label>Status (for a status or HTML fault) <input name="status" type="number" min="200" max="599" value="503" inputmode="numeric"></label>
      <label>Retry-After header (optional) <input name="retryAfter" autocomplete="off"></label>
      <label>Message (optional) <input name="message" autocomplete="off"></label>
      <label>Delay in ms (for a delay) <input name="ms" type="number" min="0" value="1000" inputmode="numeric"></label>
      <label class="check"><input type="checkbox" name="afterHandling"> After handling (the request takes effect first)</label>
      <button type="submit">Inject</button>
    </form>

    <div class="panel">
      <h3>Faults</h3>
      <ul id="faults-list" class="plain"></ul>
      <button type="button" id="clear-faults">Clear all faults</button>
    </div>

    <div class="panel danger">
      <h3>Reset</h3>
      <p>Forgets every session, archive, broadcast and call, the request log and the faults.</p>
      <button type="button" id="reset">Reset the emulator</button>
    </div>
  </section>
</main>
</body>
</html>
`;
