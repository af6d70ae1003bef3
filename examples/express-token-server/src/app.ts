// The token server a video app needs: one session per room, a fresh token per visitor, recording
// on request, and the archive callback that says when a recording can be downloaded. Sessions and
// recordings are kept in memory here; store them in your database.
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
const ROLES: TokenRole[] = ['subscriber', 'publisher', 'moderator'];
/** Archive statuses while the archive is still recording. */
const RECORDING = ['started', 'paused'];

export interface AppOptions {
  /**
   * The signature secret of the archive callback (Video dashboard). With it, the app receives
   * the API's archive callbacks on POST /callbacks/archive; without it, that route is absent.
   */
  archiveCallbackSecret?: string;
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
  const app = express();

  // The archive callback: when the status of a recording changes (available = ready to download).
  // Mounted before express.json(): the signature covers the raw body. Retries and reordering are
  // expected (`uploaded` can arrive before `stopped`), so the handler is idempotent: it records the
  // latest status it is told of per archive, and never moves an available archive back.
  if (options.archiveCallbackSecret) {
    app.post(
      '/callbacks/archive',
      callbackMiddleware({
        secret: { archive_status: options.archiveCallbackSecret },
        onEvent: (event) => {
          if (event.type === 'archive') archiveChanged(event);
        },
      }),
    );
  }

  function archiveChanged(event: ArchiveEvent): void {
    for (const [room, recording] of recordings) {
      if (recording.archiveId !== event.id) continue;
      if (recording.status === 'available' && event.status !== 'expired' && event.status !== 'failed') return;
      recordings.set(room, { archiveId: event.id, status: event.status, url: event.url ?? recording.url, updatedAt: new Date() });
    }
  }

  app.use(express.json({ limit: '10kb' }));

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

  // Join a room: { role?: 'subscriber' | 'publisher' | 'moderator', name?: string } → { sessionId, token }
  app.post('/rooms/:name', async (req, res) => {
    const role = (req.body?.role ?? 'publisher') as TokenRole;
    if (!ROLES.includes(role)) throw new VideoValidationError('role', `must be one of ${ROLES.join(', ')}`);
    const sessionId = await sessionFor(room(req));
    const name = typeof req.body?.name === 'string' ? req.body.name.slice(0, 100) : 'guest';
    const token = await video.generateToken(sessionId, { role, data: `name=${name}`, expiresIn: 2 * 60 * 60 });
    res.json({ sessionId, token });
  });

  // Start recording a room (someone must be connected).
  app.post('/rooms/:name/archive', async (req, res) => {
    const name = room(req);
    const sessionId = sessions.get(name);
    if (!sessionId) throw new NotFoundError(`no room named ${name}`);
    const archive = await video.startArchive(sessionId, { name: `Room ${name}` });
    recordings.set(name, { archiveId: archive.id, status: archive.status, updatedAt: new Date() });
    res.status(201).json({ archiveId: archive.id, status: archive.status });
  });

  // Stop recording a room.
  app.delete('/rooms/:name/archive', async (req, res) => {
    const name = room(req);
    const recording = recordings.get(name);
    if (!recording || !RECORDING.includes(recording.status)) throw new NotFoundError(`room ${name} is not being recorded`);
    const archive = await video.stopArchive(recording.archiveId);
    // Unless a callback already told of a later status.
    if (RECORDING.includes(recordings.get(name)?.status ?? '')) recordings.set(name, { ...recording, status: archive.status, updatedAt: new Date() });
    res.json({ archiveId: archive.id, status: archive.status });
  });

  // The room's latest recording: { archiveId, status, url } — url once the archive callback said
  // it is available.
  app.get('/rooms/:name/archive', (req, res) => {
    const name = room(req);
    const recording = recordings.get(name);
    if (!recording) throw new NotFoundError(`room ${name} has no recording`);
    res.json({ archiveId: recording.archiveId, status: recording.status, url: recording.url ?? null });
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof VideoValidationError) return void res.status(400).json({ error: error.message, field: error.field });
    if (error instanceof NotFoundError) return void res.status(404).json({ error: error.message });
    if (error instanceof ConflictError) return void res.status(409).json({ error: error.message });
    if (isVideoError(error)) return void res.status(502).json({ error: error.message, code: error.code });
    res.status(500).json({ error: 'internal error' });
  });
  return app;
}
