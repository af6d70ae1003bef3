// The token server a video app needs: one session per room, a fresh token per visitor, and
// recording on request. Sessions are kept in memory here; store them in your database.
import express, { type NextFunction, type Request, type Response } from 'express';
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

export function createApp(video: Video): express.Express {
  const sessions = new Map<string, string>();
  const recordings = new Map<string, string>();
  const app = express();
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
    recordings.set(name, archive.id);
    res.status(201).json({ archiveId: archive.id, status: archive.status });
  });

  // Stop recording a room.
  app.delete('/rooms/:name/archive', async (req, res) => {
    const name = room(req);
    const archiveId = recordings.get(name);
    if (!archiveId) throw new NotFoundError(`room ${name} is not being recorded`);
    const archive = await video.stopArchive(archiveId);
    recordings.delete(name);
    res.json({ archiveId: archive.id, status: archive.status });
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
