// The dashboard's own routes: one page, one stylesheet, one script, all served from memory.
// The page is only a client of the control API: every view and action goes through
// `/_emulator/...` with fetch, so it cannot show or do anything a test could not.
import type { ControlContext } from '../control-context.js';
import type { Reply, Route } from '../router.js';
import { DASHBOARD_CSS } from './style.js';
import { DASHBOARD_HTML } from './page.js';
import { DASHBOARD_SCRIPT } from './script.js';

/** Where the dashboard lives, under the control API (same Host rules). */
export const DASHBOARD_PATH = '/_emulator/ui';

/**
 * Nothing but this origin: no inline script or style, no frames, no plugins, no forms posted
 * elsewhere. `connect-src 'self'` is all the script needs to reach the control API.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b57d0"/>' +
  '<path d="M4 5h5v6H4zM10 7l3-2v6l-3-2z" fill="#fff"/></svg>';

function asset(contentType: string, body: string): () => Reply {
  return () => ({
    status: 200,
    headers: {
      'Content-Type': contentType,
      'Content-Security-Policy': DASHBOARD_CSP,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    },
    body,
  });
}

export const dashboardRoutes: Route<ControlContext>[] = [
  { method: 'GET', path: DASHBOARD_PATH, handle: asset('text/html; charset=utf-8', DASHBOARD_HTML) },
  { method: 'GET', path: `${DASHBOARD_PATH}/app.css`, handle: asset('text/css; charset=utf-8', DASHBOARD_CSS) },
  { method: 'GET', path: `${DASHBOARD_PATH}/app.js`, handle: asset('text/javascript; charset=utf-8', DASHBOARD_SCRIPT) },
  // Named by the page, so the browser does not ask the REST API for /favicon.ico (a 404 in the log).
  { method: 'GET', path: `${DASHBOARD_PATH}/favicon.svg`, handle: asset('image/svg+xml', FAVICON) },
];
