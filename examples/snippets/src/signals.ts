import type { Video } from '@video/server-sdk';

export async function example(video: Video, sessionId: string, connectionId: string) {
  // snippet:start
  // To everyone in the session:
  await video.signal(sessionId, { type: 'chat', data: 'The meeting ends in 5 minutes' });
  // To one connection:
  await video.signal(sessionId, { type: 'chat', data: 'You are next', connectionId });
  // snippet:end
}
