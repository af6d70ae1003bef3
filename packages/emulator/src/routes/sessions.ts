import { isIPv4 } from 'node:net';
import * as z from 'zod/mini';
import { badRequest } from '../errors.js';
import { createSessionId } from '../ids.js';
import type { RestContext, RestRoute } from '../rest-context.js';
import { jsonReply, type Reply } from '../router.js';
import type { Session } from '../state.js';
import { opt, parseBody, RESOLUTIONS, rule } from '../validation.js';

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

// @vonage/video sends the literal text "null" when no location was given.
const NO_LOCATION = ['', 'null'];
const NAME_LENGTH = 'must be 1 to 80 characters long';

/** Whether `p2p.preference` makes the session relayed. */
const relayed = (p2p: string | undefined): boolean => p2p === 'enabled' || p2p === 'always';

/** The form fields of POST /session/create (§5.1), as strings, with the service's rules. */
const sessionForm = z
  .object({
    'p2p.preference': opt(z.enum(['enabled', 'disabled', 'always'])),
    archiveMode: opt(z.enum(['manual', 'always'])),
    location: opt(
      z.string().check(z.refine((text: string) => NO_LOCATION.includes(text) || isIPv4(text), { error: 'must be an IPv4 address' })),
    ),
    e2ee: opt(z.string().check(z.refine((text: string) => /^(true|false)$/i.test(text), { error: 'must be "true" or "false"' }))),
    archiveName: opt(z.string().check(z.minLength(1, { error: NAME_LENGTH }), z.maxLength(80, { error: NAME_LENGTH }))),
    archiveResolution: opt(z.enum(RESOLUTIONS)),
  })
  .check(
    rule((form) => {
      const always = form.archiveMode === 'always';
      const e2ee = form.e2ee?.toLowerCase() === 'true';
      if (always && relayed(form['p2p.preference'])) {
        return 'A session with archiveMode "always" must be routed (p2p.preference=disabled)';
      }
      if (e2ee && relayed(form['p2p.preference'])) return 'End-to-end encryption (e2ee) requires a routed session';
      if (e2ee && always) return 'End-to-end encryption (e2ee) cannot be used with archiveMode "always"';
      if (form.archiveName !== undefined && !always) return 'archiveName can only be set with archiveMode "always"';
      if (form.archiveResolution !== undefined && !always) return 'archiveResolution can only be set with archiveMode "always"';
      return undefined;
    }),
  );

/** Reads and checks the form fields of §5.1 (the first value of each). */
function readOptions(params: URLSearchParams): SessionOptions {
  const form = parseBody(
    sessionForm,
    Object.fromEntries(Object.keys(sessionForm.def.shape).map((name) => [name, params.get(name)])),
  );
  const location = form.location !== undefined && !NO_LOCATION.includes(form.location) ? form.location : undefined;
  return {
    mediaMode: relayed(form['p2p.preference']) ? 'relayed' : 'routed',
    archiveMode: form.archiveMode ?? 'manual',
    location,
    e2ee: form.e2ee?.toLowerCase() === 'true',
    // The service turns these characters into colons in automatic archive names.
    archiveName: form.archiveName?.replace(/[~_-]/g, ':'),
    archiveResolution: form.archiveResolution,
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
    migration: { migrating: false, startedAt: undefined, migratedAt: undefined, count: 0 },
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
