import { asObject, callOptions, pathSegment, projectPath, type CallOptions, type VideoClient } from '@video/core';
import { toArchive, type Archive } from './archive.js';

/** Stops a recording archive; it then becomes `'stopped'` and, once processed, `'available'`. */
export async function stopArchive(client: VideoClient, archiveId: string, options: CallOptions = {}): Promise<Archive> {
  const path = projectPath(client, 'archive', pathSegment(archiveId, 'archiveId'), 'stop');
  const res = await client.request({ operation: 'stopArchive', method: 'POST', path, idempotent: true, ...callOptions(options) });
  return toArchive(asObject(res.body));
}
