import type { Video } from '@video/server-sdk';

export async function example(video: Video, sessionId: string, token: string) {
  // snippet:start
  const connector = await video.websocketConnect(sessionId, {
    token,
    uri: 'wss://transcriber.example.com/audio',
    audioRate: 16000,
    bidirectional: true,
    headers: { 'X-Call': 'abc' },
  });
  await video.websocketDisconnect(connector); // force-disconnects the connector's connection
  // snippet:end
  return connector;
}
