import type { CallOptions, VideoClient } from '@video/core';
import { asObject, parseCallOptions, pathSegment, projectPath } from '@video/core/toolkit';
import { toArchive, type Archive } from './archive.js';

/**
 * Stops a recording archive; it is then `'stopped'` and, once processed, `'available'`.
 * Stopping an automatic (`archiveMode: 'always'`) archive has no effect.
 *
 * Errors: `NotFoundError` (404) for an unknown archive; `ConflictError` (409) with
 * `reason: 'not_recording'` (code 15002) when it is no longer recording (already available,
 * uploaded, failed, expired or deleted); `InvalidRequestError` (400) for an invalid ID.
 */
export async function stopArchive(client: VideoClient, archiveId: string, options: CallOptions = {}): Promise<Archive> {
  const call = parseCallOptions(options);
  const path = projectPath(client, 'archive', pathSegment(archiveId, 'archiveId'), 'stop');
  // Repeating a stop cannot create anything, so it may be retried after an ambiguous failure.
  const res = await client.request({ operation: 'stopArchive', method: 'POST', path, idempotent: true, reasonCodes: [15002], ...call });
  return toArchive(asObject(res.body), 'stopArchive');
}
