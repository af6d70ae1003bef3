import type { Video } from '@video/server-sdk';

export async function example(video: Video, sessionId: string, connectionId: string, moderatorStreamId: string, streamId: string) {
  // snippet:start
  await video.forceMuteStream(sessionId, streamId);
  // Mute everyone but the moderator, including streams published later:
  await video.forceMuteAll(sessionId, { excludedStreamIds: [moderatorStreamId] });
  await video.disableForceMute(sessionId);

  await video.forceDisconnect(sessionId, connectionId);
  // snippet:end
}
