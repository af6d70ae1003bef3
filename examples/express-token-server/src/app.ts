// The token server a video app needs: one session per room, a fresh token per visitor, recording
// on request, and the archive callback that says when a recording can be downloaded. Sessions and
// recordings are kept in memory here; store them in your database.
//
// It answers bad requests the way a service should: always JSON `{ error }`, 400 for a body that is
// not a JSON object, 413 for one over 10 KB, 415 for one that is not JSON, 403 for a moderator token
// without the admin secret, 404 for an unknown route, 405 (with `Allow`) for a known route with
// another method. Every refused request is logged, without its body.
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { ArchiveEvent } from '@video/webhooks';
import { callbackMiddleware } from '@video/webhooks/node';
import {
  ConflictError,
  isVideoError,
  NotFoundError,
  VideoValidationError,
  type TokenRole,
  type Video,
} from '@video/server-sdk';

const ROOM = /^[\w-]{1,64}$/;
/** The roles anyone may ask for. `moderator` (force-mute, force-disconnect) needs the admin secret. */
const OPEN_ROLES: TokenRole[] = ['subscriber', 'publisher'];
const ROLES: TokenRole[] = [...OPEN_ROLES, 'moderator'];
/** Archive statuses while the archive is still recording. */
const RECORDING = ['started', 'paused'];
/** The largest request body accepted. */
const BODY_LIMIT = '10kb';
/** The header that carries the admin secret. */
export const ADMIN_HEADER = 'x-admin-secret';

export interface AppOptions {
  /**
   * The signature secret of the archive callback (Video dashboard). With it, the app receives
   * the API's archive callbacks on POST /callbacks/archive; without it, that route is absent.
   */
  archiveCallbackSecret?: string;
  /**
   * A secret shared with your trusted back end. A request for a moderator token must carry it in
   * the `X-Admin-Secret` header (compared in constant time); without this option, no moderator
   * token is ever handed out. In a real app, replace this with your own user authentication.
   */
  adminSecret?: string;
  /** Where refused and failed requests are logged (default: console.warn). */
  log?: (line: string) => void;
}

/** An answer with a status: the error handler sends it as `{ error }`. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Equal strings, compared in constant time (hashes first, so the lengths are equal too). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** A handler for the methods a route does not serve: 405 with the ones it does. */
function methodNotAllowed(...allowed: string[]) {
  const allow = (allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed).join(', ');
  return (req: Request) => {
    throw new HttpError(405, `${req.method} is not allowed here; use ${allowed.join(' or ')}`, { Allow: allow });
  };
}

/** The JSON body as an object: absent means `{}`; `null`, arrays and other values are refused. */
function objectBody(req: Request): Record<string, unknown> {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) throw new HttpError(415, 'send the body as JSON (content-type: application/json)');
  const body: unknown = req.body;
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'the body must be a JSON object, e.g. {"role":"subscriber"}');
  return body as Record<string, unknown>;
}

/** What the app knows of a room's latest recording, from the API and from its callbacks. */
interface Recording {
  archiveId: string;
  status: string;
  url?: string;
  updatedAt: Date;
}

export function createApp(video: Video, options: AppOptions = {}): express.Express {
  const sessions = new Map<string, string>();
  const recordings = new Map<string, Recording>();
  const log = options.log ?? ((line: string) => console.warn(line));
  const app = express();
  app.disable('x-powered-by');

  // The archive callback: when the status of a recording changes (available = ready to download).
  // Mounted before express.json(): the signature covers the raw body. Retries and reordering are
  // expected (`uploaded` can arrive before `stopped`), so the handler is idempotent: it records the
  // latest status it is told of per archive, and never moves an available archive back.
  if (options.archiveCallbackSecret) {
    app
      .route('/callbacks/archive')
      .post(
        callbackMiddleware({
          secret: { archive_status: options.archiveCallbackSecret },
          onEvent: (event) => {
            if (event.type === 'archive') archiveChanged(event);
          },
          onError: (error) => log(`callback refused: ${error instanceof Error ? error.message : String(error)}`),
        }),
      )
      .all(methodNotAllowed('POST'));
  }

  function archiveChanged(event: ArchiveEvent): void {
    for (const [room, recording] of recordings) {
      if (recording.archiveId !== event.id) continue;
      if (recording.status === 'available' && event.status !== 'expired' && event.status !== 'failed') return;
      recordings.set(room, { archiveId: event.id, status: event.status, url: event.url ?? recording.url, updatedAt: new Date() });
    }
  }

  // strict: false lets `null` and other non-objects through the parser, so that objectBody()
  // can say what is wrong with them; a body that is not JSON at all fails here (400).
  app.use(express.json({ limit: BODY_LIMIT, strict: false }));

  async function sessionFor(room: string): Promise<string> {
    let sessionId = sessions.get(room);
    if (!sessionId) {
      sessionId = (await video.createSession({ mediaMode: 'routed' })).sessionId;
      sessions.set(room, sessionId);
    }
    return sessionId;
  }

  function room(req: Request): string {
    const name = String(req.params.name);
    if (!ROOM.test(name)) throw new VideoValidationError('room', 'must be 1–64 letters, digits, "-" or "_"');
    return name;
  }

  /** The role asked for; `moderator` only with the admin secret. */
  function role(req: Request, body: Record<string, unknown>): TokenRole {
    const asked = body.role ?? 'publisher';
    if (typeof asked !== 'string' || !ROLES.includes(asked as TokenRole)) {
      throw new VideoValidationError('role', `must be one of ${ROLES.join(', ')}`);
    }
    if (OPEN_ROLES.includes(asked as TokenRole)) return asked as TokenRole;
    const given = req.get(ADMIN_HEADER);
    if (!options.adminSecret || given === undefined || !sameSecret(given, options.adminSecret)) {
      throw new HttpError(403, `a ${asked} token needs the admin secret in the X-Admin-Secret header`);
    }
    return asked as TokenRole;
  }

  // Join a room: { role?: 'subscriber' | 'publisher' | 'moderator', name?: string } → { sessionId, token }
  app
    .route('/rooms/:name')
    .post(async (req, res) => {
      const body = objectBody(req);
      const name = room(req);
      const tokenRole = role(req, body);
      if (body.name !== undefined && typeof body.name !== 'string') throw new VideoValidationError('name', 'must be a string');
      const sessionId = await sessionFor(name);
      const label = typeof body.name === 'string' ? body.name.slice(0, 100) : 'guest';
      const token = await video.generateToken(sessionId, { role: tokenRole, data: `name=${label}`, expiresIn: 2 * 60 * 60 });
      res.json({ sessionId, token });
    })
    .all(methodNotAllowed('POST'));

  app
    .route('/rooms/:name/archive')
    // The room's latest recording: { archiveId, status, url } — url once the archive callback said
    // it is available.
    .get((req, res) => {
      const name = room(req);
      const recording = recordings.get(name);
      if (!recording) throw new NotFoundError(`room ${name} has no recording`);
      res.json({ archiveId: recording.archiveId, status: recording.status, url: recording.url ?? null });
    })
    // Start recording a room (someone must be connected).
    .post(async (req, res) => {
      const name = room(req);
      const sessionId = sessions.get(name);
      if (!sessionId) throw new NotFoundError(`no room named ${name}`);
      const archive = await video.startArchive(sessionId, { name: `Room ${name}` });
      recordings.set(name, { archiveId: archive.id, status: archive.status, updatedAt: new Date() });
      res.status(201).json({ archiveId: archive.id, status: archive.status });
    })
    // Stop recording a room.
    .delete(async (req, res) => {
      const name = room(req);
      const recording = recordings.get(name);
      if (!recording || !RECORDING.includes(recording.status)) throw new NotFoundError(`room ${name} is not being recorded`);
      const archive = await video.stopArchive(recording.archiveId);
      // Unless a callback already told of a later status.
      if (RECORDING.includes(recordings.get(name)?.status ?? '')) recordings.set(name, { ...recording, status: archive.status, updatedAt: new Date() });
      res.json({ archiveId: archive.id, status: archive.status });
    })
    .all(methodNotAllowed('GET', 'POST', 'DELETE'));

  app.use((req: Request) => {
    throw new HttpError(404, `no route for ${req.method} ${req.path}`);
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const answer = toAnswer(error);
    // Refusals are logged without the body (it may hold a secret); failures with the whole error.
    if (answer.status >= 500) log(`${answer.status} ${req.method} ${req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    else log(`${answer.status} ${req.method} ${req.path}: ${answer.body.error}`);
    res.status(answer.status).set(answer.headers).json(answer.body);
  });
  return app;
}

/** The HTTP answer for an error thrown by a route or by the body parser. */
function toAnswer(error: unknown): { status: number; body: { error: string; [key: string]: unknown }; headers: Record<string, string> } {
  if (error instanceof HttpError) return { status: error.status, body: { error: error.message }, headers: error.headers };
  if (error instanceof VideoValidationError) return { status: 400, body: { error: error.message, field: error.field }, headers: {} };
  if (error instanceof NotFoundError) return { status: 404, body: { error: error.message }, headers: {} };
  if (error instanceof ConflictError) return { status: 409, body: { error: error.message }, headers: {} };
  if (isVideoError(error)) return { status: 502, body: { error: error.message, code: error.code }, headers: {} };
  // The body parser's errors (body-parser sets `type` and a 4xx `status`).
  const parser = error as { type?: unknown; status?: unknown };
  if (parser.type === 'entity.parse.failed') return { status: 400, body: { error: 'the body is not valid JSON' }, headers: {} };
  if (parser.type === 'entity.too.large') return { status: 413, body: { error: `the body is larger than ${BODY_LIMIT}` }, headers: {} };
  if (typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500) {
    return { status: parser.status, body: { error: error instanceof Error ? error.message : 'bad request' }, headers: {} };
  }
  return { status: 500, body: { error: 'internal error' }, headers: {} };
}
