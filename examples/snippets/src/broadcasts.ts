import type { Video } from '@video/server-sdk';

export async function example(video: Video, sessionId: string) {
  // snippet:start
  const broadcast = await video.startBroadcast(sessionId, {
    outputs: {
      hls: { lowLatency: true }, // or { dvr: true }, not both
      rtmp: [{ id: 'youtube', serverUrl: 'rtmps://a.rtmp.youtube.com/live2', streamName: 'xxxx-xxxx' }],
    },
    resolution: '1280x720',
    maxDuration: 2 * 60 * 60,
  });
  console.log(broadcast.broadcastUrls.hls);

  await video.setBroadcastLayout(broadcast.id, { type: 'pip' });
  await broadcast.stop();
  // snippet:end
  return broadcast;
}
