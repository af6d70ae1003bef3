import type { Video } from '@video/server-sdk';

export async function example(video: Video, sessionId: string) {
  // snippet:start
  const archive = await video.startArchive(sessionId, {
    name: 'Lesson 1',
    outputMode: 'composed', // or 'individual' (one file per stream)
    resolution: '1280x720',
    layout: { type: 'bestFit', screenshareType: 'verticalPresentation' },
  });

  await video.setArchiveLayout(archive.id, { type: 'custom', stylesheet: 'stream.main { width: 100%; }' });
  const stopped = await archive.stop();

  // Once processed, the archive is 'available' with a download URL:
  const ready = await video.getArchive(stopped.id);
  if (ready.status === 'available') console.log(ready.url);

  // One page, or every archive of the session:
  const { items, totalCount } = await video.listArchives({ sessionId, count: 50 });
  for await (const each of video.iterateArchives({ sessionId })) console.log(each.id, each.status);
  // snippet:end
  return { items, totalCount };
}
