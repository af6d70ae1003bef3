import type { Video } from '@video/server-sdk';

export async function example(video: Video, sessionId: string, token: string) {
  // snippet:start
  const render = await video.startRender(sessionId, {
    token, // a publisher token: the render joins as a client
    url: 'https://example.com/whiteboard',
    resolution: '1280x720',
    maxDuration: 1800,
    properties: { name: 'Whiteboard' },
  });
  const current = await video.getRender(render.id);
  await video.stopRender(render.id);
  // snippet:end
  return current;
}
