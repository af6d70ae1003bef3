import type { CallOptions, VideoClient } from '@video/core';
import { asObject, parseCallOptions, pathSegment, projectPath } from '@video/core/toolkit';
import { toArchive, type Archive } from './archive.js';

/**
 * Gets one archive, with its current status and, once `'available'`, its download URL.
 *
 * Errors: `NotFoundError` (404) for an unknown archive; `InvalidRequestError` (400) for an invalid ID.
 */
export async function getArchive(client: VideoClient, archiveId: string, options: CallOptions = {}): Promise<Archive> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'archive', pathSegment(archiveId, 'archiveId'));
  const res = await client.request({ operation: 'getArchive', method: 'GET', path, ...call });
  return toArchive(asObject(res.body), 'getArchive');
}
