import type { Video } from '@video/server-sdk';

export async function example(video: Video, sessionId: string, token: string) {
  // snippet:start
  // Keep a phone call through a migration (otherwise it is disconnected):
  const call = await video.dial(sessionId, { token, uri: 'sip:bob@sip.example.com', sessionMigration: true });

  // On a sessionNotification callback (a server rotation is coming), move the session first:
  await video.migrateSession(sessionId); // 202: the migration runs in the background
  // snippet:end
  return call;
}
