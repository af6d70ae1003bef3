import type { Video } from '@video/server-sdk';

export async function example(video: Video, archiveId: string) {
  // snippet:start
  // Per call: a shorter timeout, no retries, and cancellation from the caller.
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 5_000);
  const archive = await video.getArchive(archiveId, { timeout: 2_000, retry: false, signal: controller.signal });
  // snippet:end
  return archive;
}
