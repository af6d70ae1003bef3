import { asObject, callOptions, pathSegment, projectPath, type CallOptions, type VideoClient } from '@video/core';
import { toArchive, type Archive } from './archive.js';

/**
 * Gets one archive, with its current status and, once `'available'`, its download URL.
 *
 * Errors: `NotFoundError` (404) for an unknown archive; `InvalidRequestError` (400) for an invalid ID.
 */
export async function getArchive(client: VideoClient, archiveId: string, options: CallOptions = {}): Promise<Archive> {
  const path = projectPath(client, 'archive', pathSegment(archiveId, 'archiveId'));
  const res = await client.request({ operation: 'getArchive', method: 'GET', path, ...callOptions(options) });
  return toArchive(asObject(res.body));
}
