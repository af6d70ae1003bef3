import type { Video } from '@video/server-sdk';

export async function example(video: Video, sessionId: string, streamId: string) {
  // snippet:start
  const stream = await video.getStream(sessionId, streamId);
  console.log(stream.videoType, stream.name, stream.layoutClassList);

  const { items } = await video.listStreams(sessionId);
  await video.setStreamClassLists(sessionId, items.map((s) => ({ id: s.id, layoutClassList: ['small'] })));

  const connections = await video.listConnections(sessionId);
  console.log(connections.totalCount);
  // snippet:end
  return items;
}
