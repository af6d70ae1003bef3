import type { Video } from '@video/server-sdk';

export async function example(video: Video) {
  // snippet:start
  // OpenTok project credentials only (applications set callbacks in the dashboard):
  const callback = await video.registerCallback({ group: 'connection', event: 'created', url: 'https://example.com/video/callbacks' });
  for (const c of await video.listCallbacks()) console.log(c.id, c.group, c.event, c.url);
  await video.unregisterCallback(callback.id);
  // snippet:end
  return callback;
}
