// Emulator scenes the suites act on: routed sessions with connected, publishing clients, and
// archives in a given state. Built through a plain client (no faults are active while they are).
import type { Emulator } from '@video/emulator';
import type { Video } from '@video/server-sdk';

export interface LiveSession {
  sessionId: string;
  connectionIds: string[];
  streamIds: string[];
  tokens: string[];
}

/** A routed session with `clients` joined clients, each publishing one stream. */
export async function liveSession(video: Video, emu: Emulator, clients = 1): Promise<LiveSession> {
  const { sessionId } = await video.createSession({ mediaMode: 'routed' });
  const scene: LiveSession = { sessionId, connectionIds: [], streamIds: [], tokens: [] };
  for (let i = 0; i < clients; i++) {
    const token = await video.generateToken(sessionId, { role: 'moderator', data: `client=${i}` });
    const { connectionId } = await emu.control.join(sessionId, token);
    const { streamId } = await emu.control.publish(sessionId, connectionId, { name: `stream ${i}` });
    scene.tokens.push(token);
    scene.connectionIds.push(connectionId);
    scene.streamIds.push(streamId);
  }
  return scene;
}

/** A recording (`started`) composed archive of the session, with a unique tag. */
export async function startedArchive(video: Video, sessionId: string, tag: string): Promise<string> {
  return (await video.startArchive(sessionId, { multiArchiveTag: tag, name: tag })).id;
}

/** An archive that has been recorded, stopped and processed (`available`), so it can be deleted. */
export async function availableArchive(video: Video, sessionId: string, tag: string): Promise<string> {
  const id = await startedArchive(video, sessionId, tag);
  await video.stopArchive(id);
  const deadline = Date.now() + 10_000;
  while ((await video.getArchive(id)).status !== 'available') {
    if (Date.now() > deadline) throw new Error(`archive ${id} never became available`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return id;
}


/** Polls `check` until it returns true, for at most `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
