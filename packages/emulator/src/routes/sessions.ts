import { isIPv4 } from 'node:net';
import { badRequest } from '../errors.js';
import { createSessionId } from '../ids.js';
import type { RestContext, RestRoute } from '../rest-context.js';
import { jsonReply, type Reply } from '../router.js';
import type { Session } from '../state.js';
import { RESOLUTIONS } from '../validation.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `create_dt` in the service's Java-style format, e.g. `Sun Sep 15 21:56:28 UTC 2024`. */
function createDt(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(
    d.getUTCMinutes(),
  )}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

const xmlEscape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface SessionOptions {
  mediaMode: Session['mediaMode'];
  archiveMode: Session['archiveMode'];
  location: string | undefined;
  e2ee: boolean;
  archiveName: string | undefined;
  archiveResolution: string | undefined;
}

/** Reads and checks the form fields of §5.1 with the service's rules. */
function readOptions(form: URLSearchParams): SessionOptions {
  const field = (name: string): string | undefined => form.get(name) ?? undefined;

  const p2p = field('p2p.preference');
  if (p2p !== undefined && !['enabled', 'disabled', 'always'].includes(p2p)) {
    throw badRequest('p2p.preference must be "enabled", "disabled" or "always"');
  }
  const mediaMode = p2p === 'enabled' || p2p === 'always' ? 'relayed' : 'routed';

  const archiveMode = field('archiveMode') ?? 'manual';
  if (archiveMode !== 'manual' && archiveMode !== 'always') throw badRequest('archiveMode must be "manual" or "always"');
  if (archiveMode === 'always' && mediaMode !== 'routed') {
    throw badRequest('A session with archiveMode "always" must be routed (p2p.preference=disabled)');
  }

  // @vonage/video sends the literal text "null" when no location was given.
  const rawLocation = field('location');
  const location = rawLocation === undefined || rawLocation === '' || rawLocation === 'null' ? undefined : rawLocation;
  if (location !== undefined && !isIPv4(location)) throw badRequest('location must be an IPv4 address');

  const rawE2ee = field('e2ee')?.toLowerCase();
  if (rawE2ee !== undefined && rawE2ee !== 'true' && rawE2ee !== 'false') throw badRequest('e2ee must be "true" or "false"');
  const e2ee = rawE2ee === 'true';
  if (e2ee && mediaMode !== 'routed') throw badRequest('End-to-end encryption (e2ee) requires a routed session');
  if (e2ee && archiveMode === 'always') throw badRequest('End-to-end encryption (e2ee) cannot be used with archiveMode "always"');

  const archiveName = field('archiveName');
  if (archiveName !== undefined) {
    if (archiveMode !== 'always') throw badRequest('archiveName can only be set with archiveMode "always"');
    if (archiveName.length < 1 || archiveName.length > 80) throw badRequest('archiveName must be 1 to 80 characters long');
  }
  const archiveResolution = field('archiveResolution');
  if (archiveResolution !== undefined) {
    if (archiveMode !== 'always') throw badRequest('archiveResolution can only be set with archiveMode "always"');
    if (!(RESOLUTIONS as readonly string[]).includes(archiveResolution)) {
      throw badRequest(`archiveResolution must be one of ${RESOLUTIONS.join(', ')}`);
    }
  }
  return {
    mediaMode,
    archiveMode,
    location,
    e2ee,
    // The service turns these characters into colons in automatic archive names.
    archiveName: archiveName?.replace(/[~_-]/g, ':'),
    archiveResolution,
  };
}

function createSession(ctx: RestContext): Reply {
  const type = (ctx.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (ctx.rawBody.trim() !== '' && type !== '' && type !== 'application/x-www-form-urlencoded') {
    throw badRequest('Session creation takes an application/x-www-form-urlencoded body');
  }
  const options = readOptions(new URLSearchParams(ctx.rawBody));
  const createdAt = Date.now();
  const session: Session = {
    id: createSessionId(ctx.project.key, options.location, createdAt),
    project: ctx.project,
    ...options,
    createdAt,
    connections: new Map(),
    streams: new Map(),
    forceMute: { active: false, excluded: new Set() },
    timers: new Map(),
  };
  ctx.state.sessions.set(session.id, session);

  const key = ctx.project.key;
  const dt = createDt(createdAt);
  if ((ctx.headers['accept'] ?? '').toLowerCase().includes('application/json')) {
    return jsonReply(200, [
      {
        session_id: session.id,
        project_id: key,
        partner_id: key,
        ...(ctx.project.kind === 'vonage' ? { application_id: key } : {}),
        create_dt: dt,
        session_status: null,
        media_server_url: '',
        media_server_hostname: null,
        messaging_server_url: null,
        messaging_url: null,
        symphony_address: null,
        properties: null,
        ice_server: null,
        ice_servers: null,
        session_segment_id: null,
        ice_credential_expiration: 86100,
      },
    ]);
  }
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<sessions><Session><session_id>${xmlEscape(session.id)}</session_id><partner_id>${xmlEscape(key)}</partner_id>` +
    `<create_dt>${dt}</create_dt></Session></sessions>`;
  return { status: 200, headers: { 'Content-Type': 'application/xml' }, body: xml };
}

export const routes: RestRoute[] = [{ method: 'POST', path: '/session/create', auth: 'token', handle: createSession }];
